"""``reference check`` (spec reference-data.md R9): fact rows whose plan, portfolio, branch
or product-line code is absent from the reference tables, counted per table and code.

A code that no load is meant to add is listed but not counted as a failure ("left out"):
its domain has no backfill rule for that table, the table is not one the seed fills
completely (R8), and the code is not a seeded placeholder (R7). The award and loss
ledgers' plan codes are such codes (spec §5.3: the ledgers create no plan rows)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.domains import registry
from work_data_hub.core.errors import PendingMigrations
from work_data_hub.core.load import database
from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.load.loader import table_exists
from work_data_hub.core.load.tables import fact_table
from work_data_hub.core.period import Period
from work_data_hub.core.reference.tables import BY_LABEL, table_for
from work_data_hub.core.settings import Settings


@dataclass
class MissingCode:
    table: str  # the reference table lacking the code
    code: str
    fact_table: str
    column: str
    rows: int
    counted: bool = True  # False: no load is meant to add it (listed, not a failure)


@dataclass
class CheckReport:
    database: str
    period: str | None
    warehouse_exists: bool = True
    missing: list[MissingCode] = field(default_factory=list)  # counted: the check fails
    left_out: list[MissingCode] = field(default_factory=list)  # by design: listed only

    @property
    def status(self) -> str:
        return "missing" if self.missing else "ok"

    @property
    def exit_code(self) -> int:
        return 1 if self.missing else 0

    def per_table(self) -> dict[str, dict[str, int]]:
        """Reference table → {"codes": distinct codes missing, "rows": fact rows}, for every table."""
        out = {label: {"codes": 0, "rows": 0} for label in BY_LABEL if not label.startswith("customer.")}
        codes: dict[str, set[str]] = {}
        for m in self.missing:
            codes.setdefault(m.table, set()).add(m.code)
            out[m.table]["rows"] += m.rows
        for label, found in codes.items():
            out[label]["codes"] = len(found)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "database": self.database,
            "period": self.period,
            "status": self.status,
            "tables": self.per_table(),
            "missing": [_row(m) for m in self.missing],
            "left_out": [_row(m) for m in self.left_out],
        }


def _row(m: MissingCode) -> dict[str, Any]:
    out = asdict(m)
    del out["counted"]
    return out


def check_references(settings: Settings, period_text: str | None) -> CheckReport:
    period = Period.parse(period_text) if period_text is not None else None
    url = settings.resolved_database_url()
    report = CheckReport(database=database.mask_url(url), period=period.key if period else None)
    if not database.warehouse_exists(url):
        report.warehouse_exists = False
        return report
    engine = database.create_warehouse_engine(url, read_only=True)
    try:
        database.check_reachable(engine, url)
        with engine.connect() as conn:
            found = _missing(conn, period, report.database, _seeded(settings))
            report.missing = [m for m in found if m.counted]
            report.left_out = [m for m in found if not m.counted]
    finally:
        engine.dispose()
    return report


def _seeded(settings: Settings) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """Tables the seed fills completely (a missing code there is always a failure) and the
    keys the seed inserts per table (placeholders)."""
    from work_data_hub.core.config.mappings import load_mappings
    from work_data_hub.core.reference.seeds import seed_keys

    complete = frozenset(
        rule.target.label
        for spec in registry.all_domains()
        if spec.references is not None
        for rule in spec.references.backfill
        if rule.seeded
    )
    return complete, seed_keys(load_mappings(settings.resolved_config_dir()))


def _missing(
    conn: Connection,
    period: Period | None,
    masked: str,
    seeded: tuple[frozenset[str], dict[str, frozenset[str]]],
) -> list[MissingCode]:
    complete, seed = seeded
    for ref in BY_LABEL.values():
        if not has_table(conn, ref.name, ref.schema):
            raise PendingMigrations(
                f"database {masked} lacks {ref.schema}.{ref.name}: run `python -m work_data_hub.cli db upgrade` first"
            )
    found: list[MissingCode] = []
    for spec in registry.all_domains():
        if spec.references is None or not spec.references.checks or not table_exists(conn, spec):
            continue
        fact = fact_table(spec)
        backfilled = {rule.target.label for rule in spec.references.backfill}
        for check in spec.references.checks:
            label = check.target.label
            expected = label in backfilled or label in complete
            ref = table_for(check.target.label)
            column = fact.c[check.column]
            known = sa.select(ref.c[check.target.key]).where(ref.c[check.target.key] == column)
            stmt = (
                sa.select(column, sa.func.count())
                .where(column.is_not(None), ~known.exists())
                .group_by(column)
                .order_by(column)
            )
            if period is not None:
                stmt = stmt.where(fact.c[spec.period_column] == period.first_day)
            found += [
                MissingCode(
                    label,
                    str(code),
                    f"{spec.schema}.{spec.table}",
                    check.column,
                    int(rows),
                    counted=expected or str(code) in seed.get(label, frozenset()),
                )
                for code, rows in conn.execute(stmt)
            ]
    return sorted(found, key=lambda m: (m.table, m.code, m.fact_table))
