"""The batch runner: one period, a list of domains, each through discovery → read →
transform → validate → load. The CLI and Dagster both call ``run_batch``."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import structlog
from sqlalchemy.engine import Engine

from work_data_hub.core.config.data_sources import DomainSource, load_data_sources
from work_data_hub.core.config.mappings import Mappings, load_mappings
from work_data_hub.core.discovery import discover
from work_data_hub.core.discovery.finder import FileSelection
from work_data_hub.core.domains import registry
from work_data_hub.core.domains.base import DomainSpec, TransformContext
from work_data_hub.core.domains.pipeline import Processed, process
from work_data_hub.core.enrich.stage import enrich_frame
from work_data_hub.core.errors import (
    ConfigError,
    LoadError,
    PendingMigrations,
    UsageError,
    ValidationFailed,
    WdhError,
)
from work_data_hub.core.load import database, migrate
from work_data_hub.core.load.ledger import LedgerRow, record, record_failure
from work_data_hub.core.load.loader import count_period, replace_period, table_exists
from work_data_hub.core.load.lock import warehouse_lock
from work_data_hub.core.period import Period
from work_data_hub.core.read.workbook import WorkbookCache
from work_data_hub.core.reports import rejected_path, write_rejected
from work_data_hub.core.settings import Settings
from work_data_hub.core.summary import BatchSummary, DomainRun, WorkbookRead

log = structlog.get_logger("work_data_hub.batch")
Observer = Callable[[str, str], None]


@dataclass(frozen=True)
class BatchRequest:
    period: str
    domains: list[str] | None  # None: every registered domain, in registry order
    execute: bool = False
    file: Path | None = None
    file_selection: FileSelection | None = None
    fail_fast: bool = False
    max_rejected: str = "1%"


@dataclass(frozen=True)
class RejectLimit:
    count: int | None = None
    percent: float | None = None

    @classmethod
    def parse(cls, text: str) -> RejectLimit:
        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*%\s*", text)
        if m:
            return cls(percent=float(m.group(1)))
        if re.fullmatch(r"\s*\d+\s*", text):
            return cls(count=int(text))
        raise UsageError(f"malformed --max-rejected '{text}': expected N rows or P%")

    def exceeded(self, rejected: int, rows: int) -> bool:
        if self.count is not None:
            return rejected > self.count
        return rows > 0 and rejected * 100.0 / rows > (self.percent or 0.0)

    def __str__(self) -> str:
        return f"{self.percent:g}%" if self.percent is not None else f"{self.count} rows"


def new_run_id() -> str:
    return dt.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


class _Warehouse:
    """The engine a run uses, or none for a dry run against a warehouse not yet created."""

    def __init__(self, url: str, execute: bool) -> None:
        self.url = url
        self.execute = execute
        self.engine: Engine | None = None
        if execute:
            self.engine = database.create_warehouse_engine(url)
        elif database.warehouse_exists(url):
            self.engine = database.create_warehouse_engine(url, read_only=True)

    def prepare(self) -> None:
        if self.engine is None:
            return
        database.check_reachable(self.engine, self.url)
        if not self.execute:
            return
        if self.engine.dialect.name == "sqlite":
            migrate.upgrade(self.engine)
        elif not migrate.is_current(self.engine):
            raise PendingMigrations(
                f"database {database.mask_url(self.url)} has pending migrations: "
                "run `python -m work_data_hub.cli db upgrade` first"
            )

    def stored_rows(self, spec: DomainSpec, period: Period) -> int:
        if self.engine is None:
            return 0
        with self.engine.connect() as conn:
            if not table_exists(conn, spec):
                return 0
            return count_period(conn, spec, period)


def run_batch(request: BatchRequest, settings: Settings, observe: Observer | None = None) -> BatchSummary:
    """Run the batch. Raises WdhError (exit code 2) when the run cannot start; domain
    failures are recorded in the summary and never raised."""
    notify = observe or (lambda _domain, _stage: None)
    started = time.perf_counter()
    period = Period.parse(request.period)
    specs = registry.resolve(request.domains)
    if request.file is not None and len(specs) != 1:
        raise UsageError("--file bypasses discovery for exactly one domain: name it with --domains")
    RejectLimit.parse(request.max_rejected)
    config_dir = settings.resolved_config_dir()
    sources = load_data_sources(config_dir / "data_sources.yml")
    for spec in specs:
        if spec.name not in sources:
            raise ConfigError(f"{config_dir / 'data_sources.yml'}: domains.{spec.name}: missing")
    mappings = load_mappings(config_dir)
    url = settings.resolved_database_url()
    warehouse = _Warehouse(url, request.execute)
    warehouse.prepare()

    summary = BatchSummary(
        run_id=new_run_id(), period=period.key, dry_run=not request.execute, database=database.mask_url(url)
    )
    cache = WorkbookCache()
    with ExitStack() as stack:
        if warehouse.engine is not None and request.execute:
            stack.enter_context(warehouse_lock(warehouse.engine, url, settings.lock_timeout))
        failed = False
        for spec in specs:
            run = DomainRun(domain=spec.name)
            summary.domains.append(run)
            if failed and request.fail_fast:
                run.error = "skipped after an earlier failure (--fail-fast)"
                continue
            notify(spec.name, "start")
            _run_domain(run, spec, sources[spec.name], mappings, request, settings, period, summary, cache, warehouse)
            notify(spec.name, run.status)
            failed = failed or run.status == "failed"
    summary.workbooks = [WorkbookRead(_relative(w.file, settings.data_root), w.reads, w.seconds) for w in cache.stats()]
    summary.seconds = time.perf_counter() - started
    return summary


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _run_domain(
    run: DomainRun,
    spec: DomainSpec,
    source: DomainSource,
    mappings: Mappings,
    request: BatchRequest,
    settings: Settings,
    period: Period,
    summary: BatchSummary,
    cache: WorkbookCache,
    warehouse: _Warehouse,
) -> None:
    started_at = dt.datetime.now()
    t0 = time.perf_counter()
    try:
        path = _source_file(run, spec, source, request, settings, period)
        run.sha256 = cache.sha256(path)
        processed = _process_sheets(path, spec, source, mappings, period, run, cache)
        processed.valid, enrichment = enrich_frame(processed.valid, spec, mappings)
        run.counters.update(enrichment)
        _report(run, processed, settings, summary, period, spec)
        limit = RejectLimit.parse(request.max_rejected)
        if limit.exceeded(run.rows_rejected, run.rows_read):
            raise ValidationFailed(
                f"{run.rows_rejected} of {run.rows_read} rows rejected, over the limit {limit} "
                f"(--max-rejected); see {run.rejected_file}"
            )
        if request.execute:
            _load(run, spec, processed.valid, period, summary, warehouse, started_at, t0)
        else:
            run.rows_deleted = warehouse.stored_rows(spec, period)
            run.rows_inserted = len(processed.valid)
        run.status = "ok"
    except WdhError as exc:
        _fail(run, exc.message, spec, summary, warehouse, request, started_at, t0)
    except Exception as exc:  # a bug must cost one domain, not the batch, and never a traceback
        log.debug("domain_crashed", domain=spec.name, exc_info=True)
        _fail(run, f"internal error: {type(exc).__name__}: {exc}", spec, summary, warehouse, request, started_at, t0)
    run.seconds = time.perf_counter() - t0


def _source_file(
    run: DomainRun, spec: DomainSpec, source: DomainSource, request: BatchRequest, settings: Settings, period: Period
) -> Path:
    if request.file is not None:
        run.file = _relative(request.file, settings.data_root)
        return request.file
    found = discover(spec.name, source, settings.data_root, period, request.file_selection)
    run.supplements = [found.rel(p) for p in found.supplements]
    for sup in run.supplements:
        run.warnings.append(f"{sup}: supplement — not loaded; load it with --supplement groups|append")
    path = found.require()
    run.file, run.version = found.rel(path), found.version
    return path


def _process_sheets(
    path: Path,
    spec: DomainSpec,
    source: DomainSource,
    mappings: Mappings,
    period: Period,
    run: DomainRun,
    cache: WorkbookCache,
) -> Processed:
    parts: list[Processed] = []
    for sheet in source.sheets:
        raw = cache.sheet(path, sheet)
        ctx = TransformContext(period=period, mappings=mappings, source_file=run.file or str(path), sheet=raw.sheet)
        parts.append(process(raw, spec, ctx))
        run.sheets.append(raw.sheet)
    if len(parts) == 1:
        return parts[0]
    counters: dict[str, object] = {}
    for p in parts:
        for key, value in p.counters.items():
            counters[key] = value if key not in counters else _merge_counter(counters[key], value)
    return Processed(
        valid=pd.concat([p.valid for p in parts], ignore_index=True),
        rejected=pd.concat([p.rejected for p in parts], ignore_index=True),
        rows_read=sum(p.rows_read for p in parts),
        rows_blank=sum(p.rows_blank for p in parts),
        rows_repeated_header=sum(p.rows_repeated_header for p in parts),
        warnings=[w for p in parts for w in p.warnings],
        counters=counters,
    )


def _merge_counter(a: object, b: object) -> object:
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: a.get(k, 0) + b.get(k, 0) for k in a.keys() | b.keys()}
    return b


def _report(
    run: DomainRun, processed: Processed, settings: Settings, summary: BatchSummary, period: Period, spec: DomainSpec
) -> None:
    run.rows_read = processed.rows_read
    run.rows_blank = processed.rows_blank
    run.rows_repeated_header = processed.rows_repeated_header
    run.rows_rejected = len(processed.rejected)
    run.warnings.extend(processed.warnings)
    run.counters.update(processed.counters)
    run.counters["rejected_by_reason"] = (
        processed.rejected["reason"].value_counts().to_dict() if run.rows_rejected else {}
    )
    if run.rows_rejected:
        path = rejected_path(settings.var_dir, summary.run_id, period.key, spec.name)
        run.rejected_file = write_rejected(path, processed.rejected).as_posix()


def _load(
    run: DomainRun,
    spec: DomainSpec,
    frame: pd.DataFrame,
    period: Period,
    summary: BatchSummary,
    warehouse: _Warehouse,
    started_at: dt.datetime,
    t0: float,
) -> None:
    assert warehouse.engine is not None
    try:
        with warehouse.engine.begin() as conn:
            deleted, inserted = replace_period(conn, spec, frame, period)
            run.rows_deleted, run.rows_inserted = deleted, inserted
            record(conn, _ledger(run, summary, "ok", None, started_at, time.perf_counter() - t0))
    except sa.exc.SQLAlchemyError as exc:
        run.rows_deleted = run.rows_inserted = 0
        reason = " ".join(str(getattr(exc, "orig", exc)).split())[:500]
        raise LoadError(f"{spec.name}: the warehouse refused the write, nothing was changed ({reason})") from None


def _ledger(
    run: DomainRun, summary: BatchSummary, status: str, error: str | None, started_at: dt.datetime, seconds: float
) -> LedgerRow:
    return LedgerRow(
        run_id=summary.run_id,
        period=summary.period,
        domain=run.domain,
        mode="period",
        file=run.file,
        version=run.version,
        sha256=run.sha256,
        rows_read=run.rows_read,
        rows_blank=run.rows_blank,
        rows_rejected=run.rows_rejected,
        rows_deleted=run.rows_deleted,
        rows_inserted=run.rows_inserted,
        status=status,
        error=error,
        started_at=started_at,
        seconds=round(seconds, 3),
    )


def _fail(
    run: DomainRun,
    message: str,
    spec: DomainSpec,
    summary: BatchSummary,
    warehouse: _Warehouse,
    request: BatchRequest,
    started_at: dt.datetime,
    t0: float,
) -> None:
    run.status = "failed"
    run.error = message
    run.rows_deleted = run.rows_inserted = 0
    log.warning("domain_failed", domain=spec.name, error=message)
    if request.execute and warehouse.engine is not None:
        record_failure(warehouse.engine, _ledger(run, summary, "failed", message, started_at, time.perf_counter() - t0))
