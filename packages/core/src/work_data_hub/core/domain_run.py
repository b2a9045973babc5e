"""One domain run inside a batch: discovery → read → transform → validate → enrich →
load, filling a DomainRun summary. Failures are recorded, never raised."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import sqlalchemy as sa
import structlog
from sqlalchemy.engine import Connection, Engine

from work_data_hub.core.cleansing.exact import as_float
from work_data_hub.core.config.data_sources import DomainSource
from work_data_hub.core.config.mappings import Mappings
from work_data_hub.core.discovery import discover
from work_data_hub.core.discovery.finder import is_supplement
from work_data_hub.core.domains.base import DomainSpec, TransformContext
from work_data_hub.core.domains.pipeline import Processed, check_output, process
from work_data_hub.core.enrich.session import EnrichmentSession
from work_data_hub.core.enrich.stage import enrich_frame
from work_data_hub.core.errors import LoadError, SourceError, UsageError, ValidationFailed, WdhError
from work_data_hub.core.load.database import redact
from work_data_hub.core.load.ledger import LedgerRow, record, record_failure
from work_data_hub.core.load.loader import pause_for_fault_tests
from work_data_hub.core.load.scopes import Scope, count_existing, replace_scope
from work_data_hub.core.period import Period
from work_data_hub.core.read.workbook import WorkbookCache
from work_data_hub.core.reconcile import reconcile
from work_data_hub.core.reference.backfill import Simulated, backfill, preview
from work_data_hub.core.reports import measure_total, rejected_path, unknown_companies, write_rejected
from work_data_hub.core.request import BatchRequest, RejectLimit
from work_data_hub.core.settings import Settings
from work_data_hub.core.summary import DomainRun
from work_data_hub.core.version import code_version
from work_data_hub.core.warehouse import Warehouse

log = structlog.get_logger("work_data_hub.batch")
SHRINK_RATIO = 0.5


@dataclass
class RunContext:
    """What every domain run of a batch shares."""

    run_id: str
    period: Period
    request: BatchRequest
    settings: Settings
    mappings: Mappings
    cache: WorkbookCache
    warehouse: Warehouse
    enrichment: EnrichmentSession | None = None
    reference_preview: Simulated = field(default_factory=Simulated)  # dry runs: earlier domains' backfill
    unknown_companies: list[pd.DataFrame] = field(default_factory=list)  # one frame per domain run
    planned: list[str] = field(default_factory=list)  # the batch's domains, in order
    current: str | None = None  # the domain being run (what a Ctrl-C interrupts)
    modes: dict[str, str] = field(default_factory=dict)  # domain → ledger mode
    # --atomic: the one connection whose transaction every domain loads in (a savepoint
    # each), and the failure rows written once that transaction has been rolled back.
    shared: Connection | None = None
    deferred_failures: list[LedgerRow] = field(default_factory=list)


def relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def scope_for(spec: DomainSpec, request: BatchRequest) -> Scope:
    if request.supplement is not None:
        if not spec.supplement_groups:
            raise UsageError(f"{spec.name} has no supplement workbooks: --supplement does not apply")
        if request.supplement == "append":
            return Scope("append")
        return Scope("groups", spec.supplement_groups, within_period=True)
    if spec.refresh == "groups":
        return Scope("groups", spec.refresh_groups, within_period=False)
    return Scope("period")


def ledger_mode(scope: Scope, request: BatchRequest) -> str:
    return f"supplement-{request.supplement}" if request.supplement else scope.kind


def run_domain(run: DomainRun, spec: DomainSpec, source: DomainSource, ctx: RunContext) -> None:
    started_at = dt.datetime.now()
    t0 = time.perf_counter()
    scope = scope_for(spec, ctx.request)
    try:
        path = _source_file(run, spec, source, ctx)
        run.sha256 = ctx.cache.sha256(path)
        stat = path.stat()
        run.file_size = stat.st_size
        run.file_mtime = dt.datetime.fromtimestamp(stat.st_mtime).isoformat(timespec="seconds")
        if ctx.request.supplement is None and _unchanged(run, ctx) and ctx.request.skip_unchanged:
            run.status = "skipped"
            run.warnings.append(f"unchanged since {run.unchanged_since}: skipped (--skip-unchanged)")
            _record_skip(run, ctx, scope, started_at, t0)
            run.seconds = time.perf_counter() - t0
            return
        if spec.sheet_optional and not _has_sheets(path, source, ctx):
            run.status = "skipped"
            run.warnings.append(
                f"no sheet {', '.join(source.sheet_names(ctx.period.year))} in this delivery: nothing loaded, "
                "nothing deleted"
            )
            run.seconds = time.perf_counter() - t0
            return
        processed = _process_sheets(path, spec, source, run, ctx)
        processed.valid, enrichment = enrich_frame(processed.valid, spec, ctx.mappings, ctx.enrichment, run.warnings)
        run.counters.update(enrichment)
        ctx.unknown_companies.append(unknown_companies(spec, processed.valid, ctx.period.key))
        if spec.after_enrich is not None:
            processed.valid, extra = spec.after_enrich(processed.valid, ctx.warehouse.view())
            # A lookup's summary line (e.g. portfolios not in mapping.组合计划) rides in "warnings".
            run.warnings.extend(str(w) for w in extra.pop("warnings", None) or ())  # type: ignore[attr-defined]
            run.counters.update(extra)
        check_output(spec, processed.valid, f"{run.file}: sheet {', '.join(run.sheets)}")
        _report(run, processed, spec, ctx)
        limit = RejectLimit.parse(ctx.request.max_rejected)
        if limit.exceeded(run.rows_rejected, run.rows_read):
            raise ValidationFailed(
                f"{run.rows_rejected} of {run.rows_read} rows rejected, over the limit {limit} "
                f"(--max-rejected); see {run.rejected_file}"
            )
        stored = ctx.warehouse.stored_rows(spec, scope, processed.valid, ctx.period)
        _shrink_guard(spec, scope, len(processed.valid), stored, ctx)
        _measure_guard(spec, scope, processed.valid, stored, ctx)
        _refuse_repeated_append(run, spec, scope, processed.valid, ctx)
        _warn_replaced_supplements(run, spec, scope, ctx)
        if spec.refresh == "groups":
            _warn_groups(run, spec, processed.valid, ctx)
        run.counters.update(measure_total(spec, processed.valid))
        if ctx.request.execute:
            _load(run, spec, scope, processed.valid, ctx, started_at, t0)
        else:
            run.rows_deleted, run.rows_inserted = stored, len(processed.valid)
            preview(ctx.warehouse.engine, spec, processed.valid, ctx.mappings, ctx.reference_preview).report(run)
        run.status = "ok"
    except WdhError as exc:
        _fail(run, exc.message, ctx, scope, started_at, t0)
    except Exception as exc:  # a bug must cost one domain, not the batch, and never a traceback
        log.debug("domain_crashed", domain=spec.name, exc_info=True)
        _fail(run, f"internal error: {type(exc).__name__}: {exc}", ctx, scope, started_at, t0)
    run.seconds = time.perf_counter() - t0


def _unchanged(run: DomainRun, ctx: RunContext) -> bool:
    """Same file digest and same code as the last full load of the period: loading it
    again would store the same rows."""
    last = ctx.warehouse.last_full_load(run.domain, ctx.period)
    if last is None or last["sha256"] != run.sha256 or last["code_version"] != code_version():
        return False
    run.unchanged_since = str(last["run_id"])
    return True


def _record_skip(run: DomainRun, ctx: RunContext, scope: Scope, started_at: dt.datetime, t0: float) -> None:
    engine = ctx.warehouse.engine
    if ctx.request.execute and engine is not None:
        record_failure(engine, ledger_row(run, ctx, ledger_mode(scope, ctx.request), "skipped", None, started_at, t0))


def _reconcile_after_load(conn: Connection, run: DomainRun, spec: DomainSpec, ctx: RunContext) -> None:
    """In the load's transaction, so that the run record holds the result. A month that
    does not reconcile is worth a warning, never a failed load: the previous month may be
    the one that is wrong."""
    if spec.reconciliation is None:
        return
    result = reconcile(conn, spec, ctx.period)
    run.counters["reconciliation"] = result.to_dict()
    if not result.ok:
        run.warnings.append(f"reconciliation: {result.headline} (see `reconcile --period {ctx.period.key}`)")


def _source_file(run: DomainRun, spec: DomainSpec, source: DomainSource, ctx: RunContext) -> Path:
    request, root = ctx.request, ctx.settings.data_root
    if request.file is not None:
        run.file = relative(request.file, root)
        if request.supplement is None and is_supplement(request.file, source):
            raise SourceError(f"{run.file} is a supplement workbook: pass --supplement groups or --supplement append")
        if not request.file.is_file():
            raise SourceError(f"{run.file}: file not found")
        return request.file
    found = discover(
        spec.name, source, root, ctx.period, request.file_selection, supplements=request.supplement is not None
    )
    if request.supplement is None:
        run.supplements = [found.rel(p) for p in found.supplements]
        for sup in run.supplements:
            run.warnings.append(f"{sup}: supplement — not loaded; load it with --supplement groups|append")
    path = found.require()
    run.file, run.version = found.rel(path), found.version
    for folder, why in found.newer_unused:
        run.warnings.append(f"folder {found.rel(folder)} looks like a newer version but {why}: {found.version} used")
    return path


def _process_sheets(path: Path, spec: DomainSpec, source: DomainSource, run: DomainRun, ctx: RunContext) -> Processed:
    parts: list[Processed] = []
    for sheet in source.sheet_names(ctx.period.year):
        raw = ctx.cache.sheet(path, sheet)
        tctx = TransformContext(
            period=ctx.period, mappings=ctx.mappings, source_file=run.file or str(path), sheet=raw.sheet
        )
        parts.append(process(raw, spec, tctx))
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


def _has_sheets(path: Path, source: DomainSource, ctx: RunContext) -> bool:
    return any(ctx.cache.has_sheet(path, sheet) for sheet in source.sheet_names(ctx.period.year))


def _merge_counter(a: object, b: object) -> object:
    if isinstance(a, int) and isinstance(b, int):
        return a + b
    if isinstance(a, dict) and isinstance(b, dict):
        return {k: a.get(k, 0) + b.get(k, 0) for k in a.keys() | b.keys()}
    return b


def _report(run: DomainRun, processed: Processed, spec: DomainSpec, ctx: RunContext) -> None:
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
        path = rejected_path(ctx.settings.var_dir, ctx.run_id, ctx.period.key, spec.name)
        run.rejected_file = write_rejected(path, processed.rejected).as_posix()


def _shrink_guard(spec: DomainSpec, scope: Scope, valid: int, stored: int, ctx: RunContext) -> None:
    """A truncated or partial workbook must not silently replace a full month."""
    if scope.kind != "period" or not spec.shrink_guard or ctx.request.allow_shrink:
        return
    if stored and valid < SHRINK_RATIO * stored:
        raise ValidationFailed(
            f"{valid} valid rows is fewer than {SHRINK_RATIO:.0%} of the {stored} rows stored for "
            f"{ctx.period.label}; pass --allow-shrink if the month really shrank"
        )


def _refuse_repeated_append(
    run: DomainRun, spec: DomainSpec, scope: Scope, valid: pd.DataFrame, ctx: RunContext
) -> None:
    """Appending the same workbook twice duplicates every row: refused unless --force,
    in the dry run too, so the operator sees it before executing."""
    if scope.kind != "append" or ctx.request.force or run.sha256 is None:
        return
    runs, duplicated = ctx.warehouse.earlier_appends(spec, ctx.period, run.sha256, valid)
    if runs:
        raise ValidationFailed(
            f"{run.file} was already appended to {ctx.period.label} (run {', '.join(runs)}, same SHA-256): "
            f"appending it again would duplicate {duplicated} rows; pass --force to append it anyway"
        )


MEASURE_NULL_SHARE = 0.05


def _measure_guard(spec: DomainSpec, scope: Scope, valid: pd.DataFrame, stored: int, ctx: RunContext) -> None:
    """The row count can hold while the money vanishes (amounts as formulas or blanks):
    a month whose measure sums to under half of what is stored, or is NULL in more than
    5% of its rows where the stored month had values, is refused like a shrink."""
    if scope.kind != "period" or not spec.shrink_guard or ctx.request.allow_shrink or not stored:
        return
    if spec.monitored_measure not in valid.columns:
        return
    old_sum, old_filled, old_rows = ctx.warehouse.stored_measure(spec, ctx.period)
    values = as_float(valid[spec.monitored_measure])
    new_sum = float(values.sum())
    measure, month = spec.monitored_measure, ctx.period.label
    if old_sum > 0 and new_sum < SHRINK_RATIO * old_sum:
        raise ValidationFailed(
            f"{measure} sums to {new_sum:,.2f}, under {SHRINK_RATIO:.0%} of the {old_sum:,.2f} stored for {month}; "
            "pass --allow-shrink if the month really shrank"
        )
    nulls = int(values.isna().sum())
    old_null_share = 1 - old_filled / old_rows if old_rows else 0.0
    if old_filled and len(values) and nulls / len(values) > max(MEASURE_NULL_SHARE, old_null_share):
        raise ValidationFailed(
            f"{measure} is empty in {nulls} of {len(values)} rows ({nulls / len(values):.0%}); the {old_rows} rows "
            f"stored for {month} have it in {old_filled}; pass --allow-shrink if that is right"
        )


def _warn_groups(run: DomainRun, spec: DomainSpec, valid: pd.DataFrame, ctx: RunContext) -> None:
    if valid.empty:
        run.warnings.append("no rows: nothing to load, nothing deleted")
    stale = ctx.warehouse.stale_groups(spec, valid, ctx.period)
    if stale:
        run.warnings.append(f"stored but not in this workbook (kept): {'; '.join(stale)}")
    run.counters["groups_replaced"] = int(valid[list(spec.refresh_groups)].drop_duplicates().shape[0])


def _warn_replaced_supplements(run: DomainRun, spec: DomainSpec, scope: Scope, ctx: RunContext) -> None:
    if scope.kind != "period" or not spec.supplement_groups:
        return
    runs = ctx.warehouse.supplement_runs(spec.name, ctx.period)
    if runs:
        run.warnings.append(
            f"period {ctx.period.key} had a supplement load (run {', '.join(runs)}); this run replaces it — "
            "reload the supplement if it still applies"
        )


def _load(
    run: DomainRun,
    spec: DomainSpec,
    scope: Scope,
    frame: pd.DataFrame,
    ctx: RunContext,
    started_at: dt.datetime,
    t0: float,
) -> None:
    engine = ctx.warehouse.engine
    assert engine is not None
    try:
        # --atomic: a savepoint, so a failing domain leaves the shared transaction usable
        # for the next domains' reports; the batch commits or rolls back the period.
        with _transaction(ctx, engine) as conn:
            if scope.kind == "append":
                run.counters["appended_rows_already_existing"] = count_existing(conn, spec, frame, ctx.period)
            backfill(conn, spec, frame, ctx.mappings).report(run)  # R1: before the facts, same transaction
            run.rows_deleted, run.rows_inserted = replace_scope(conn, spec, scope, frame, ctx.period)
            if ctx.enrichment is not None:
                ctx.enrichment.persist(conn, spec, run.counters)
            _reconcile_after_load(conn, run, spec, ctx)
            pause_for_fault_tests()
            record(conn, ledger_row(run, ctx, ledger_mode(scope, ctx.request), "ok", None, started_at, t0))
    # COPY on PostgreSQL runs on the raw driver connection: its errors are not wrapped.
    except (sa.exc.SQLAlchemyError, engine.dialect.loaded_dbapi.Error) as exc:
        run.rows_deleted = run.rows_inserted = 0
        reason = " ".join(str(getattr(exc, "orig", exc)).split())[:500]
        raise LoadError(f"{spec.name}: the warehouse refused the write, nothing was changed ({reason})") from None


@contextmanager
def _transaction(ctx: RunContext, engine: Engine) -> Iterator[Connection]:
    if ctx.shared is None:
        with engine.begin() as conn:
            yield conn
    else:
        with ctx.shared.begin_nested():
            yield ctx.shared


def ledger_row(
    run: DomainRun,
    ctx: RunContext,
    mode: str,
    status: str,
    error: str | None,
    started_at: dt.datetime | None = None,
    t0: float | None = None,
) -> LedgerRow:
    return LedgerRow(
        run_id=ctx.run_id,
        period=ctx.period.key,
        domain=run.domain,
        mode=mode,
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
        started_at=started_at or dt.datetime.now(),
        seconds=round(time.perf_counter() - t0, 3) if t0 is not None else run.seconds,
        salt_fingerprint=ctx.enrichment.salt_fingerprint if ctx.enrichment else None,
        file_size=run.file_size,
        file_mtime=dt.datetime.fromisoformat(run.file_mtime) if run.file_mtime else None,
        sheets=_json(run.sheets),
        warnings=_json(run.warnings),
        counters=_json(run.counters),
        rejected_file=run.rejected_file,
        code_version=code_version(),
        unchanged_since=run.unchanged_since,
    )


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def _fail(run: DomainRun, message: str, ctx: RunContext, scope: Scope, started_at: dt.datetime, t0: float) -> None:
    message = redact(message, ctx.warehouse.url)
    run.status = "failed"
    run.error = message
    run.rows_deleted = run.rows_inserted = 0
    log.info("domain_failed", domain=run.domain, error=message)
    engine = ctx.warehouse.engine
    if ctx.request.execute and engine is not None:
        row = ledger_row(run, ctx, ledger_mode(scope, ctx.request), "failed", message, started_at, t0)
        if ctx.shared is not None:
            ctx.deferred_failures.append(row)  # a second writer would wait for the shared transaction
        else:
            record_failure(engine, row)
