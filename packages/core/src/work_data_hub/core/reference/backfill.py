"""Foreign-key backfill (spec reference-data.md §3): the reference rows that a domain's
valid fact rows reference but the tables lack, inserted inside the fact load's
transaction; customer tags appended to existing rows. A dry run computes the same counts
through :func:`preview` and writes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from work_data_hub.core.config.mappings import Mappings
from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.errors import ConfigError
from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.reference.aggregate import Candidates, candidates
from work_data_hub.core.reference.rules import BackfillRule
from work_data_hub.core.reference.seeds import placeholders, seed_keys
from work_data_hub.core.reference.tables import table_for
from work_data_hub.core.summary import DomainRun

_CHUNK = 1000  # keys per IN (...) list, well below every backend's parameter limit
_LISTED = 10  # codes named in one warning


@dataclass
class BackfillResult:
    rows_added: dict[str, int] = field(default_factory=dict)  # reference table → rows
    tags_appended: int = 0
    temporary_ids_skipped: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def counters(self) -> dict[str, object]:
        return {
            "reference_rows_added": dict(self.rows_added),
            "reference_tags_appended": self.tags_appended,
            "reference_temporary_ids_skipped": self.temporary_ids_skipped,
        }

    def report(self, run: DomainRun) -> None:
        """Into the domain's summary; a domain without rules reports nothing."""
        if self.rows_added:
            run.counters.update(self.counters)
            run.warnings.extend(self.warnings)


@dataclass
class Simulated:
    """What the dry runs of earlier domains in the same batch would have written, so a
    later domain's preview counts as its executed load would."""

    keys: dict[str, set[str]] = field(default_factory=dict)  # reference table → added keys
    tags: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # table → key → tags

    def overlay(self, label: str, stored: pd.DataFrame, wanted: pd.Index) -> pd.DataFrame:
        added = sorted((self.keys.get(label, set()) & set(wanted)) - set(stored.index))
        tags = self.tags.get(label, {})
        out = pd.concat([stored, pd.DataFrame({"tags": [[] for _ in added]}, index=pd.Index(added, dtype=object))])
        out["tags"] = [tags.get(k, t) for k, t in zip(out.index, out["tags"], strict=True)]
        return out

    def remember(self, label: str, new: pd.Index, found: Candidates, appended: dict[str, list[str]]) -> None:
        self.keys.setdefault(label, set()).update(map(str, new))
        tags = self.tags.setdefault(label, {})
        tags.update({str(k): list(found.tags[k]) for k in new})
        tags.update(appended)


def ordered(rules: Sequence[BackfillRule]) -> list[BackfillRule]:
    """Dependency order (R3); an unknown dependency or a cycle is a configuration error."""
    by_name = {r.name: r for r in rules}
    done: list[BackfillRule] = []
    visiting: set[str] = set()

    def visit(rule: BackfillRule) -> None:
        if rule in done:
            return
        if rule.name in visiting:
            raise ConfigError(f"reference backfill rules: dependency cycle through {rule.name}")
        visiting.add(rule.name)
        for dep in rule.depends_on:
            if dep not in by_name:
                raise ConfigError(f"reference backfill rule {rule.name}: depends on unknown rule {dep}")
            visit(by_name[dep])
        visiting.discard(rule.name)
        done.append(rule)

    for rule in rules:
        visit(rule)
    return done


def backfill(
    conn: Connection,
    spec: DomainSpec,
    frame: pd.DataFrame,
    mappings: Mappings,
    targets: frozenset[str] | None = None,
) -> BackfillResult:
    """Insert the missing reference rows of ``frame`` (the valid rows) and append customer
    tags, in the caller's transaction. ``targets`` limits the rules to those reference
    tables (the company-id queue re-runs only the customer rule for a resolved id: R6)."""
    return _run(conn, spec, frame, mappings, write=True, targets=targets)


def preview(
    engine: Engine | None,
    spec: DomainSpec,
    frame: pd.DataFrame,
    mappings: Mappings,
    simulated: Simulated | None = None,
) -> BackfillResult:
    """What :func:`backfill` would do, read-only; without a warehouse, against the seed.
    ``simulated`` carries the earlier dry-run domains' writes of the same batch."""
    if engine is None:
        return _run(None, spec, frame, mappings, write=False, simulated=simulated)
    with engine.connect() as conn:
        return _run(conn, spec, frame, mappings, write=False, simulated=simulated)


def _run(
    conn: Connection | None,
    spec: DomainSpec,
    frame: pd.DataFrame,
    mappings: Mappings,
    *,
    write: bool,
    simulated: Simulated | None = None,
    targets: frozenset[str] | None = None,
) -> BackfillResult:
    declared = spec.references.backfill if spec.references is not None else ()
    rules = [r for r in ordered(declared) if targets is None or r.target.label in targets]
    result = BackfillResult(rows_added={r.target.label: 0 for r in rules})
    holders = placeholders(mappings)
    seeds = seed_keys(mappings)
    for rule in rules:
        found = candidates(frame, rule, holders)
        result.temporary_ids_skipped += found.temporary_ids
        table = table_for(rule.target.label)
        stored = _stored(conn, table, rule, list(found.rows.index), seeds.get(rule.target.label, frozenset()))
        if simulated is not None:
            stored = simulated.overlay(rule.target.label, stored, found.rows.index)
        new = found.rows.loc[~found.rows.index.isin(stored.index)]
        appended, extra_tags = _appended_tags(found, stored) if rule.tags is not None else ({}, 0)
        result.rows_added[rule.target.label] += len(new)
        result.tags_appended += int(found.tags.loc[new.index].map(len).sum()) + extra_tags
        if rule.seeded and len(new):
            codes = ", ".join(map(str, new.index[:_LISTED])) + (" …" if len(new) > _LISTED else "")
            result.warnings.append(
                f"{rule.target.label}: {len(new)} code(s) missing from the seed were added ({codes}); "
                "add them to the mapping file"
            )
        if simulated is not None:
            simulated.remember(rule.target.label, new.index, found, appended)
        if write and conn is not None:
            rows = _records(table, rule, new, found, result.warnings)
            _insert(conn, table, rows)
            _update_tags(conn, table, rule, appended)
    return result


def _exists(conn: Connection, table: sa.Table) -> bool:
    return has_table(conn, table)


def _stored(
    conn: Connection | None, table: sa.Table, rule: BackfillRule, keys: list[str], seeded: frozenset[str]
) -> pd.DataFrame:
    """The candidate keys already stored (index), with their tags for a tag rule. Without
    the table (a dry run before the first load) the seed stands in for it."""
    if conn is None or not _exists(conn, table):
        present = sorted(set(keys) & seeded)
        return pd.DataFrame({"tags": [[] for _ in present]}, index=pd.Index(present, dtype=object))
    key = table.c[rule.target.key]
    columns = [key, table.c.tags] if rule.tags is not None else [key]
    found: list[tuple[Any, ...]] = []
    for i in range(0, len(keys), _CHUNK):
        found += [tuple(r) for r in conn.execute(sa.select(*columns).where(key.in_(keys[i : i + _CHUNK])))]
    tags = [(r[1] if isinstance(r[1], list) else []) if len(r) > 1 else [] for r in found]
    return pd.DataFrame({"tags": tags}, index=pd.Index([str(r[0]) for r in found], dtype=object))


def _appended_tags(found: Candidates, stored: pd.DataFrame) -> tuple[dict[str, list[str]], int]:
    """Existing customers whose tags grow, with their whole new list (stored order kept,
    new tags after, ascending: R5), and the number of tags appended."""
    out: dict[str, list[str]] = {}
    count = 0
    have_by_key: dict[Any, list[str]] = stored["tags"].to_dict()
    for key in stored.index.intersection(found.tags.index):
        have = list(have_by_key[key])
        extra = [t for t in found.tags[key] if t not in have]
        if extra:
            out[str(key)] = have + extra
            count += len(extra)
    return out, count


def _records(
    table: sa.Table, rule: BackfillRule, new: pd.DataFrame, found: Candidates, warnings: list[str]
) -> list[dict[str, Any]]:
    if new.empty:
        return []
    data = new.reset_index()
    for column in new.columns:
        _fit(data, table, rule, column, warnings)
    if rule.tags is not None:
        data["tags"] = [found.tags[k] for k in new.index]
    return [
        {str(k): (None if not isinstance(v, list) and pd.isna(v) else v) for k, v in row.items()}
        for row in data.astype(object).to_dict("records")
    ]


def _fit(data: pd.DataFrame, table: sa.Table, rule: BackfillRule, column: str, warnings: list[str]) -> None:
    """A derived value longer than its reference column is never truncated: NULL (the code
    for a NOT NULL name) with a warning, so the fact load itself never fails on it."""
    length = getattr(table.c[column].type, "length", None)
    if length is None:
        return
    too_long = data[column].astype("str").str.len().gt(length).fillna(False).astype(bool)
    if not too_long.any():
        return
    fallback = data[rule.target.key] if not table.c[column].nullable else None
    data[column] = data[column].astype(object).mask(too_long, fallback)
    warnings.append(
        f"{rule.target.label}.{column}: {int(too_long.sum())} derived value(s) longer than {length} "
        f"characters written as {'the code' if fallback is not None else 'NULL'}"
    )


def _insert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if "id" in table.c and table.c.id.identity is not None and conn.dialect.name != "postgresql":
        # SQLite cannot generate a non-key identity: number the new rows after the last.
        start = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one())
        rows = [{**row, "id": start + i} for i, row in enumerate(rows, start=1)]
    conn.execute(sa.insert(table), rows)


def _update_tags(conn: Connection, table: sa.Table, rule: BackfillRule, tags: dict[str, list[str]]) -> None:
    if not tags:
        return
    key = table.c[rule.target.key]
    stmt = (
        sa.update(table)
        .where(key == sa.bindparam("_key"))
        .values(tags=sa.bindparam("_tags", type_=table.c.tags.type), updated_at=sa.func.now())
    )
    conn.execute(stmt, [{"_key": k, "_tags": t} for k, t in tags.items()])
