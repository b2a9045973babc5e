"""The batch runner: one period, a list of domains, each through discovery → read →
transform → validate → load. The CLI and Dagster both call ``run_batch``."""

from __future__ import annotations

import datetime as dt
import importlib
import secrets
import sys
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import asdict, replace

import structlog

from work_data_hub.core.config.data_sources import DomainSource, load_data_sources
from work_data_hub.core.config.mappings import load_mappings
from work_data_hub.core.domain_run import RunContext, ledger_mode, ledger_row, relative, run_domain, scope_for
from work_data_hub.core.domains import registry
from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.enrich.session import EnrichmentSession
from work_data_hub.core.errors import ConfigError, Interrupted, UsageError
from work_data_hub.core.load import run_record
from work_data_hub.core.load.ledger import announce, record_failure, withdraw
from work_data_hub.core.load.loader import pause_between_domains_for_fault_tests
from work_data_hub.core.load.lock import warehouse_lock
from work_data_hub.core.period import Period
from work_data_hub.core.post_load import run_post_load
from work_data_hub.core.read.workbook import WorkbookCache
from work_data_hub.core.reports import unknown_companies_path, write_unknown_companies
from work_data_hub.core.request import BatchRequest, RejectLimit
from work_data_hub.core.run_info import write_batch_report
from work_data_hub.core.settings import Settings
from work_data_hub.core.summary import BatchSummary, DomainRun, WorkbookRead
from work_data_hub.core.version import code_version
from work_data_hub.core.warehouse import Warehouse

__all__ = ["BatchRequest", "Observer", "new_run_id", "run_batch", "run_periods"]
Observer = Callable[[str, str], None]
log = structlog.get_logger("work_data_hub.batch")


def new_run_id() -> str:
    return dt.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)


def _import_in_background(module: str) -> threading.Thread | None:
    """The output schema check needs pandera, whose import costs about 0.2 s; fastexcel
    reads the workbook without holding the GIL, so the import overlaps with the read on a
    second core instead of adding to the run."""
    if module in sys.modules:
        return None
    thread = threading.Thread(target=importlib.import_module, args=(module,), daemon=True)
    thread.start()
    return thread


def _in_memory(url: str) -> bool:
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url)
    except Exception:  # a malformed URL is reported by the warehouse with its own message
        return False
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", ":memory:")


def run_periods(
    request: BatchRequest, periods: list[Period], settings: Settings, observe: Observer | None = None
) -> list[BatchSummary]:
    """Run the batch for each month in order under one run id (one ledger row per domain
    and month; rejected files per period). ``fail_fast`` stops at the first failed month."""
    run_id = new_run_id()
    summaries: list[BatchSummary] = []
    for period in periods:
        try:
            summary = run_batch(
                replace(request, period=period.key), settings, observe, run_id=run_id, earlier=summaries
            )
        except Interrupted as exc:
            if summaries and request.execute:
                done = ", ".join(s.period for s in summaries)
                raise Interrupted(f"{exc.message}; earlier months done: {done}") from None
            raise
        summaries.append(summary)
        if request.fail_fast and summary.status != "ok":
            break
    return summaries


def run_batch(
    request: BatchRequest,
    settings: Settings,
    observe: Observer | None = None,
    *,
    run_id: str | None = None,
    earlier: list[BatchSummary] | None = None,
) -> BatchSummary:
    """Run the batch. Raises WdhError (exit code 2) when the run cannot start; domain
    failures are recorded in the summary and never raised. ``earlier``: the summaries of
    the range's earlier months under the same run id, for the run's report."""
    notify = observe or (lambda _domain, _stage: None)
    started = time.perf_counter()
    period = Period.parse(request.period)
    specs = registry.resolve(request.domains)
    if request.file is not None and len(specs) != 1:
        raise UsageError("--file bypasses discovery for exactly one domain: name it with --domains")
    if request.supplement is not None and len(specs) != 1:
        raise UsageError("--supplement loads one domain's supplement: name exactly one domain with --domains")
    RejectLimit.parse(request.max_rejected)
    config_dir = settings.resolved_config_dir()
    sources = load_data_sources(config_dir / "data_sources.yml")
    for spec in specs:
        if spec.name not in sources:
            raise ConfigError(f"{config_dir / 'data_sources.yml'}: domains.{spec.name}: missing")
    url = settings.resolved_database_url()
    if request.execute and _in_memory(url):
        raise UsageError(
            "--execute into an in-memory SQLite database (sqlite://) would throw the load away: "
            "give a file, e.g. sqlite:///var/warehouse.sqlite"
        )
    modes = {spec.name: ledger_mode(scope_for(spec, request), request) for spec in specs}
    warehouse = Warehouse(url, request.execute)
    ctx = RunContext(
        run_id=run_id or new_run_id(),
        period=period,
        request=request,
        settings=settings,
        mappings=load_mappings(config_dir),
        cache=WorkbookCache(),
        warehouse=warehouse,
        planned=[s.name for s in specs],
        modes=modes,
    )
    summary = BatchSummary(
        run_id=ctx.run_id,
        period=period.key,
        dry_run=not request.execute,
        database=warehouse.masked_url,
        code_version=code_version(),
    )
    warehouse.check_reachable()
    warming = _import_in_background("pandera.pandas")
    try:
        with ExitStack() as stack:
            writing = warehouse.engine is not None and request.execute
            if warehouse.engine is not None and request.execute:
                # Taken before migrating: concurrent first runs (which migrate a new SQLite
                # file) wait for each other instead of creating the same tables.
                stack.enter_context(warehouse_lock(warehouse.engine, warehouse.url, settings.lock_timeout))
            warehouse.migrate_if_needed()
            ctx.enrichment = EnrichmentSession.open(
                settings,
                warehouse.engine,
                execute=request.execute,
                budget=request.enrichment_budget,
                run_id=ctx.run_id,
                period_key=period.key,
            )
            if writing:
                assert warehouse.engine is not None
                options = {k: v for k, v in asdict(request).items() if k not in ("period", "domains", "execute")}
                run_record.begin(
                    warehouse.engine, ctx.run_id, period.key, [s.name for s in specs], options, code_version()
                )
                announce(warehouse.engine, ctx.run_id, period.key, modes, dt.datetime.now())
                if request.atomic:
                    ctx.shared = stack.enter_context(warehouse.engine.connect())
                    ctx.shared.begin()
            _run_domains(specs, sources, ctx, summary, notify)
            if ctx.shared is not None:
                _finish_atomic(ctx, summary)
            if request.post_load:
                summary.steps = run_post_load(summary, ctx)
            if writing:
                assert warehouse.engine is not None
                previous = earlier[-1].status if earlier else None
                run_record.finish(warehouse.engine, ctx.run_id, summary.status, previous)
            summary.workbooks = [
                WorkbookRead(relative(w.file, settings.data_root), w.reads, w.seconds) for w in ctx.cache.stats()
            ]
            _write_reports(summary, ctx, [*(earlier or []), summary])
    except KeyboardInterrupt:
        raise Interrupted(_interrupted(summary, ctx)) from None
    finally:
        warehouse.close()
        if warming is not None:
            warming.join()  # never leave an import running into interpreter shutdown
    summary.seconds = time.perf_counter() - started
    return summary


def _write_reports(summary: BatchSummary, ctx: RunContext, summaries: list[BatchSummary]) -> None:
    """The unknown-companies list and the HTML report. A report that cannot be written
    costs the report, never the run (the warehouse has the run record)."""
    var_dir = ctx.settings.var_dir
    written = write_unknown_companies(unknown_companies_path(var_dir, ctx.run_id), ctx.unknown_companies)
    summary.unknown_companies_file = written.as_posix() if written else None
    try:
        report = write_batch_report(ctx.settings, summaries)
    except Exception:  # the run's outcome is already decided and recorded
        log.warning("report_failed", run_id=ctx.run_id, exc_info=True)
        return
    summary.report_file = report.as_posix()
    if ctx.warehouse.engine is not None and ctx.request.execute:
        run_record.set_report(ctx.warehouse.engine, ctx.run_id, summary.report_file)


def _run_domains(
    specs: list[DomainSpec], sources: dict[str, DomainSource], ctx: RunContext, summary: BatchSummary, notify: Observer
) -> None:
    failed = False
    engine = ctx.warehouse.engine if ctx.request.execute else None
    for i, spec in enumerate(specs):
        if i:
            pause_between_domains_for_fault_tests()
        run = DomainRun(domain=spec.name)
        summary.domains.append(run)
        if failed and ctx.request.fail_fast:
            run.error = "skipped after an earlier failure (--fail-fast)"
        else:
            notify(spec.name, "start")
            ctx.current = spec.name
            run_domain(run, spec, sources[spec.name], ctx)
            ctx.current = None
            notify(spec.name, run.status)
            failed = failed or run.status == "failed"
        if engine is not None and run.status == "skipped":
            withdraw(engine, ctx.run_id, ctx.period.key, spec.name)


def _finish_atomic(ctx: RunContext, summary: BatchSummary) -> None:
    """Commit the period's domains together, or none of them: one failed domain rolls back
    every other domain's load, and each is recorded as failed (``runs`` says why)."""
    assert ctx.shared is not None and ctx.warehouse.engine is not None
    failed = [d.domain for d in summary.domains if d.status == "failed"]
    if not failed:
        ctx.shared.commit()
        return
    ctx.shared.rollback()
    reason = f"rolled back with the period: {', '.join(failed)} failed (--atomic)"
    for run in summary.domains:
        if run.status == "ok":
            run.status, run.error = "failed", reason
            run.rows_deleted = run.rows_inserted = 0
    for row in ctx.deferred_failures:
        record_failure(ctx.warehouse.engine, row)
    for run in summary.domains:
        if run.error == reason:
            record_failure(ctx.warehouse.engine, ledger_row(run, ctx, ctx.modes[run.domain], "failed", reason))


def _interrupted(summary: BatchSummary, ctx: RunContext) -> str:
    """What Ctrl-C cost: the domain that was running (or next) was not written; the
    domains committed before it are named (with --atomic nothing was committed)."""
    done = [d.domain for d in summary.domains if d.status == "ok" and d.domain != ctx.current]
    current = ctx.current
    if current is None and len(summary.domains) < len(ctx.planned):
        current = ctx.planned[len(summary.domains)]
    head = f"interrupted: {current or 'the run'} of {ctx.period.key} was not written"
    if not ctx.request.execute:
        return head + " (dry run: nothing is ever written)"
    if ctx.request.atomic:
        return head + "; nothing of the period was committed (--atomic)"
    if done:
        return head + f"; committed: {', '.join(done)}"
    return head + "; nothing was committed"
