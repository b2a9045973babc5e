"""``import-legacy``: every legacy table a registered domain declares, month by month in
order, through the domain's own cleaning, company-id resolution and refresh scope; one
transaction per (domain, month), verified against the legacy counts and sums before it
commits. Called by the CLI; nothing here prints."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from work_data_hub.core.batch import new_run_id
from work_data_hub.core.config.mappings import Mappings, load_mappings
from work_data_hub.core.domain_run import scope_for
from work_data_hub.core.domains import registry
from work_data_hub.core.domains.base import DomainSpec, TransformContext
from work_data_hub.core.domains.pipeline import Processed, check_output, process
from work_data_hub.core.enrich.session import EnrichmentSession
from work_data_hub.core.enrich.stage import enrich_frame
from work_data_hub.core.errors import LoadError, UsageError, WdhError
from work_data_hub.core.legacy.declaration import IGNORED_TABLES, LegacyTable
from work_data_hub.core.legacy.figures import TableMonth, decimal_sum, readable_sum
from work_data_hub.core.legacy.frame import columns_read, legacy_sheet
from work_data_hub.core.legacy.source import LegacyDatabase, Totals
from work_data_hub.core.legacy.tables import legacy_import
from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.load.ledger import LedgerRow, record
from work_data_hub.core.load.loader import pause_for_fault_tests
from work_data_hub.core.load.lock import warehouse_lock
from work_data_hub.core.load.scopes import replace_scope, scope_totals
from work_data_hub.core.period import Period
from work_data_hub.core.reference.backfill import backfill
from work_data_hub.core.reports import rejected_path, write_rejected
from work_data_hub.core.request import BatchRequest
from work_data_hub.core.settings import Settings
from work_data_hub.core.summary import DomainRun
from work_data_hub.core.warehouse import Warehouse

Observer = Callable[[TableMonth], None]
MODE = "legacy-import"


@dataclass(frozen=True)
class ImportRequest:
    source_url: str
    kinds: tuple[str, ...] = ()  # domain names or legacy tables (规模明细, business.规模明细); empty: all
    since: str | None = None
    until: str | None = None
    execute: bool = False
    force: bool = False  # re-import months already imported with equal figures
    databases: Mapping[str, str] = field(default_factory=dict)  # legacy name → name on this server


@dataclass
class ImportSummary:
    run_id: str
    dry_run: bool
    source: str  # masked
    database: str  # masked
    months: list[TableMonth] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    ignored: dict[str, str] = field(default_factory=dict)  # legacy table → why it is not imported
    seconds: float = 0.0
    # A domain's warning once, with the months it came up in (a dropped legacy column
    # would otherwise repeat for every month of the history).
    _noted: dict[tuple[str, str], list[str]] = field(default_factory=dict, repr=False)

    def note(self, domain: str, period: str, warning: str) -> None:
        self._noted.setdefault((domain, warning), []).append(period)

    def all_warnings(self) -> list[str]:
        noted = [f"{d}: {w} ({_months_label(p)})" for (d, w), p in self._noted.items()]
        return self.warnings + noted

    @property
    def status(self) -> str:
        return "failed" if any(m.status == "failed" for m in self.months) else "ok"

    @property
    def rows_read(self) -> int:
        return sum(m.legacy_rows for m in self.months if m.status != "unchanged")

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "dry_run": self.dry_run,
            "status": self.status,
            "source": self.source,
            "database": self.database,
            "seconds": round(self.seconds, 3),
            "rows_read": self.rows_read,
            "months": [m.to_dict() for m in self.months],
            "warnings": self.all_warnings(),
            "ignored_tables": self.ignored,
        }


def _months_label(periods: list[str]) -> str:
    if len(periods) == 1:
        return periods[0]
    return f"{len(periods)} months, {periods[0]}–{periods[-1]}"


@dataclass
class _Source:
    legacy: LegacyTable
    table: sa.Table
    totals: Totals
    columns: list[str]  # the legacy columns the domain reads


@dataclass
class _Context:
    request: ImportRequest
    settings: Settings
    mappings: Mappings
    legacy: LegacyDatabase
    warehouse: Warehouse
    summary: ImportSummary
    observe: Observer


def import_legacy(request: ImportRequest, settings: Settings, observe: Observer | None = None) -> ImportSummary:
    """Raises WdhError when the import cannot start; a month that fails its verification
    is recorded as failed (its transaction rolled back) and the import goes on."""
    started = time.perf_counter()
    since, until = _bound(request.since, "--since"), _bound(request.until, "--until")
    if since and until and since.key > until.key:
        raise UsageError(f"--since {since.key} is after --until {until.key}")
    targets = _targets(request.kinds)
    legacy = LegacyDatabase(request.source_url, request.databases)
    legacy.check_reachable()
    warehouse = Warehouse(settings.resolved_database_url(), request.execute)
    summary = ImportSummary(
        run_id=new_run_id(), dry_run=not request.execute, source=legacy.masked, database=warehouse.masked_url
    )
    plans = _plan(targets, legacy, summary)
    warehouse.check_reachable()
    ctx = _Context(
        request,
        settings,
        load_mappings(settings.resolved_config_dir()),
        legacy,
        warehouse,
        summary,
        observe or (lambda _m: None),
    )
    try:
        with ExitStack() as stack:
            if request.execute and warehouse.engine is not None:
                # Before migrating: concurrent first runs wait for each other.
                stack.enter_context(warehouse_lock(warehouse.engine, warehouse.url, settings.lock_timeout))
            warehouse.migrate_if_needed()
            done = _imported(warehouse)
            for spec, sources in plans:
                for key in _months(sources, since, until):
                    _import_month(spec, sources, Period.parse(key), ctx, done)
    finally:
        warehouse.close()
        legacy.engine.dispose()
    summary.seconds = time.perf_counter() - started
    return summary


def _bound(value: str | None, flag: str) -> Period | None:
    if value is None:
        return None
    try:
        return Period.parse(value)
    except WdhError as exc:
        raise UsageError(f"{flag}: {exc.message}") from None


def _targets(kinds: tuple[str, ...]) -> list[tuple[DomainSpec, tuple[LegacyTable, ...]]]:
    declared = [(s, s.legacy) for s in registry.all_domains() if s.legacy]
    if not kinds:
        return declared
    chosen: list[tuple[DomainSpec, tuple[LegacyTable, ...]]] = []
    matched: set[str] = set()
    for spec, tables in declared:
        picked = tuple(t for t in tables if spec.name in kinds or t.table in kinds or t.qualified in kinds)
        matched |= {k for k in kinds if k == spec.name or any(k in (t.table, t.qualified) for t in picked)}
        if picked:
            chosen.append((spec, picked))
    unknown = [k for k in kinds if k not in matched]
    if unknown:
        known = ", ".join(f"{s.name} ({', '.join(t.qualified for t in ts)})" for s, ts in declared)
        raise UsageError(f"--kinds: unknown {', '.join(unknown)}; known: {known}")
    return chosen


def _plan(
    targets: list[tuple[DomainSpec, tuple[LegacyTable, ...]]], legacy: LegacyDatabase, summary: ImportSummary
) -> list[tuple[DomainSpec, list[_Source]]]:
    declared = {t.qualified for s in registry.all_domains() for t in s.legacy}
    present: dict[str, list[str]] = {}
    plans: list[tuple[DomainSpec, list[_Source]]] = []
    for spec, tables in targets:
        sources: list[_Source] = []
        for lt in tables:
            names = present.setdefault(lt.database, legacy.tables(lt.database))
            if lt.table not in names:
                summary.warnings.append(
                    f"{lt.qualified}: no such table in {legacy.actual(lt.database)}: nothing imported for {spec.name}"
                )
                continue
            table = legacy.reflect(lt)
            totals = legacy.totals(table, lt, _measure_column(spec, lt, table))
            read, unread = columns_read([c.name for c in table.c], lt, spec)
            if unread:
                summary.warnings.append(
                    f"{lt.qualified}: columns {spec.name} does not read, dropped: {', '.join(unread)}"
                )
            for raw, rows in totals.unplaced.items():
                summary.warnings.append(
                    f"{lt.qualified}: {rows} rows whose {lt.month_column} {raw!r} names no month: not imported"
                )
            sources.append(_Source(lt, table, totals, read))
        if sources:
            plans.append((spec, sources))
    for database, names in present.items():
        for name in names:
            if f"{database}.{name}" not in declared:
                summary.ignored[f"{database}.{name}"] = IGNORED_TABLES.get(name, "no registered domain reads it")
    return plans


def _measure_column(spec: DomainSpec, lt: LegacyTable, table: sa.Table) -> str | None:
    renamed = {new: old for old, new in lt.renames.items()}
    column = renamed.get(spec.monitored_measure, spec.monitored_measure)
    return column if column in table.c else None


def _months(sources: list[_Source], since: Period | None, until: Period | None) -> list[str]:
    keys = {k for s in sources for k in s.totals.months}
    return sorted(k for k in keys if (since is None or k >= since.key) and (until is None or k <= until.key))


def _imported(warehouse: Warehouse) -> dict[tuple[str, str], tuple[int, str | None]]:
    """What earlier imports verified, by (legacy table, month): the latest figures."""
    engine = warehouse.engine
    if engine is None:
        return {}
    with engine.connect() as conn:
        if not has_table(conn, legacy_import):
            return {}
        rows = conn.execute(
            sa.select(
                legacy_import.c.legacy_table,
                legacy_import.c.period,
                legacy_import.c.legacy_rows,
                legacy_import.c.legacy_sum,
            ).order_by(legacy_import.c.id)
        ).all()
    return {(t, p): (n, s) for t, p, n, s in rows}


def _import_month(
    spec: DomainSpec,
    sources: list[_Source],
    period: Period,
    ctx: _Context,
    done: dict[tuple[str, str], tuple[int, str | None]],
) -> None:
    scale = next((c.numeric_size[1] for c in spec.columns if c.name == spec.monitored_measure), 4)
    months = [
        TableMonth(spec.name, s.legacy.qualified, period.key, *_legacy_figures(s, period.key), scale=scale)
        for s in sources
    ]
    if ctx.request.execute and not ctx.request.force and all(_same(m, done) for m in months):
        for m in months:
            m.status = "unchanged"
            _finish(m, ctx)
        return
    started_at, t0 = dt.datetime.now(), time.perf_counter()
    run = DomainRun(domain=spec.name, file=", ".join(f"legacy {m.table}" for m in months))
    try:
        parts = [_process(s, m, spec, period, ctx) for s, m in zip(sources, months, strict=True) if m.legacy_rows]
        valid, session = _combine(spec, parts, period, ctx, run)
        for m in months:
            problem = m.difference()
            if problem:
                raise LoadError(f"{m.table} {period.key}: does not reconcile ({problem}); nothing loaded")
        if ctx.request.execute:
            _load(spec, valid, session, months, period, ctx, run, (started_at, t0))
            _write_rejected(spec, parts, months, period, ctx)
        for m in months:
            m.status = "imported" if ctx.request.execute else "would import"
    except WdhError as exc:
        for m in months:
            m.status, m.error = "failed", exc.message
    for warning in dict.fromkeys(run.warnings):
        ctx.summary.note(spec.name, period.key, warning)
    for m in months:
        _finish(m, ctx)


def _finish(month: TableMonth, ctx: _Context) -> None:
    ctx.summary.months.append(month)
    ctx.observe(month)


def _legacy_figures(source: _Source, key: str) -> tuple[int, Decimal | None]:
    total = source.totals.months.get(key)
    return (total.rows, total.measure_sum) if total else (0, None)


def _same(month: TableMonth, done: dict[tuple[str, str], tuple[int, str | None]]) -> bool:
    earlier = done.get((month.table, month.period))
    if earlier is None:
        return False
    stored_sum = Decimal(earlier[1]) if earlier[1] is not None else None
    return earlier[0] == month.legacy_rows and stored_sum == month.legacy_sum


def _process(source: _Source, month: TableMonth, spec: DomainSpec, period: Period, ctx: _Context) -> Processed:
    total = source.totals.months[period.key]
    frame = ctx.legacy.read_month(source.table, source.legacy, total.raw_values, source.columns)
    raw = legacy_sheet(frame, source.legacy, Path(f"legacy {month.table}"))
    tctx = TransformContext(period=period, mappings=ctx.mappings, source_file=f"legacy {month.table}", sheet=raw.sheet)
    processed = process(raw, spec, tctx)
    month.rows_rejected = len(processed.rejected)
    month.rows_loaded = len(processed.valid)
    month.loaded_sum = decimal_sum(processed.valid[spec.monitored_measure])
    measure_input = spec.monitored_measure if spec.monitored_measure in processed.rejected else None
    month.rejected_sum = readable_sum(processed.rejected[measure_input]) if measure_input else None
    if len(frame) != month.legacy_rows:  # rows written to the legacy table between the two reads
        raise LoadError(f"{month.table} {period.key}: {len(frame)} rows read but {month.legacy_rows} counted")
    return processed


def _write_rejected(
    spec: DomainSpec, parts: list[Processed], months: list[TableMonth], period: Period, ctx: _Context
) -> None:
    rejected = [p.rejected for p in parts if len(p.rejected)]
    if not rejected:
        return
    path = rejected_path(ctx.settings.var_dir, ctx.summary.run_id, period.key, spec.name)
    written = write_rejected(path, pd.concat(rejected, ignore_index=True)).as_posix()
    for m in months:
        m.rejected_file = written if m.rows_rejected else None


def _combine(
    spec: DomainSpec, parts: list[Processed], period: Period, ctx: _Context, run: DomainRun
) -> tuple[pd.DataFrame, EnrichmentSession]:
    engine = ctx.warehouse.engine
    # No run id on a dry run: the unknown-names file is not written either.
    run_id = ctx.summary.run_id if ctx.request.execute else ""
    session = EnrichmentSession.open(
        ctx.settings, engine, execute=ctx.request.execute, budget=0, run_id=run_id, period_key=period.key
    )
    if not parts:
        return pd.DataFrame(columns=spec.column_names), session
    valid = pd.concat([p.valid for p in parts], ignore_index=True)
    run.warnings.extend(w for p in parts for w in p.warnings)
    legacy_ids = valid[spec.enrichment.source_id] if spec.enrichment and spec.enrichment.source_id else None
    valid, counters = enrich_frame(valid, spec, ctx.mappings, session, run.warnings)
    if legacy_ids is not None:  # the legacy warehouse's company id is kept where it had one
        valid["company_id"] = legacy_ids.where(legacy_ids.notna(), valid["company_id"])
    run.counters.update(counters)
    if spec.after_enrich is not None:
        valid, extra = spec.after_enrich(valid, ctx.warehouse.view())
        run.warnings.extend(str(w) for w in extra.pop("warnings", None) or ())  # type: ignore[attr-defined]
        run.counters.update(extra)
    check_output(spec, valid, f"{run.file}: {period.key}")
    return valid, session


def _load(
    spec: DomainSpec,
    valid: pd.DataFrame,
    session: EnrichmentSession,
    months: list[TableMonth],
    period: Period,
    ctx: _Context,
    run: DomainRun,
    clock: tuple[dt.datetime, float],
) -> None:
    engine = ctx.warehouse.engine
    assert engine is not None
    scope = scope_for(spec, BatchRequest(period=period.key, domains=[spec.name]))
    try:
        with engine.begin() as conn:
            backfill(conn, spec, valid, ctx.mappings).report(run)
            run.rows_deleted, run.rows_inserted = replace_scope(conn, spec, scope, valid, period)
            stored, stored_sum = scope_totals(conn, spec, scope, valid, period, spec.monitored_measure)
            loaded_sum = sum((m.loaded_sum or Decimal(0) for m in months), Decimal(0))
            tolerance = sum((m.tolerance for m in months), Decimal(0))
            if stored != len(valid) or abs(Decimal(str(stored_sum or 0)) - loaded_sum) > tolerance:
                raise LoadError(
                    f"{spec.name} {period.key}: the warehouse holds {stored} rows summing to {stored_sum} "
                    f"after the load, not {len(valid)} summing to {loaded_sum}; nothing loaded"
                )
            session.persist(conn, spec, run.counters)
            pause_for_fault_tests()
            record(conn, _ledger(spec, months, period, ctx, run, clock))
            now = dt.datetime.now()
            conn.execute(
                sa.insert(legacy_import),
                [
                    {
                        "run_id": ctx.summary.run_id,
                        "domain": spec.name,
                        "legacy_table": m.table,
                        "period": m.period,
                        "legacy_rows": m.legacy_rows,
                        "legacy_sum": None if m.legacy_sum is None else str(m.legacy_sum),
                        "rows_rejected": m.rows_rejected,
                        "rows_loaded": m.rows_loaded,
                        "loaded_sum": None if m.loaded_sum is None else str(m.loaded_sum),
                        "rejected_sum": None if m.rejected_sum is None else str(m.rejected_sum),
                        "imported_at": now,
                    }
                    for m in months
                ],
            )
    except (sa.exc.SQLAlchemyError, engine.dialect.loaded_dbapi.Error) as exc:
        reason = " ".join(str(getattr(exc, "orig", exc)).split())[:300]
        raise LoadError(
            f"{spec.name} {period.key}: the warehouse refused the write, nothing was changed ({reason})"
        ) from None


def _ledger(
    spec: DomainSpec,
    months: list[TableMonth],
    period: Period,
    ctx: _Context,
    run: DomainRun,
    clock: tuple[dt.datetime, float],
) -> LedgerRow:
    started_at, t0 = clock
    return LedgerRow(
        run_id=ctx.summary.run_id,
        period=period.key,
        domain=spec.name,
        mode=MODE,
        file=run.file,
        version=None,
        sha256=None,
        rows_read=sum(m.legacy_rows for m in months),
        rows_blank=0,
        rows_rejected=sum(m.rows_rejected for m in months),
        rows_deleted=run.rows_deleted,
        rows_inserted=run.rows_inserted,
        status="ok",
        error=None,
        started_at=started_at,
        seconds=round(time.perf_counter() - t0, 3),
    )
