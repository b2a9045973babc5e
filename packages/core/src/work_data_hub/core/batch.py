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

from work_data_hub.core.config.data_sources import load_data_sources
from work_data_hub.core.config.mappings import load_mappings
from work_data_hub.core.domain_run import RunContext, relative, run_domain
from work_data_hub.core.domains import registry
from work_data_hub.core.enrich.session import EnrichmentSession
from work_data_hub.core.errors import ConfigError, UsageError
from work_data_hub.core.load import run_record
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
        summary = run_batch(replace(request, period=period.key), settings, observe, run_id=run_id, earlier=summaries)
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
    warehouse = Warehouse(url, request.execute)
    ctx = RunContext(
        run_id=run_id or new_run_id(),
        period=period,
        request=request,
        settings=settings,
        mappings=load_mappings(config_dir),
        cache=WorkbookCache(),
        warehouse=warehouse,
    )
    warehouse.prepare()
    ctx.enrichment = EnrichmentSession.open(
        settings,
        warehouse.engine,
        execute=request.execute,
        budget=request.enrichment_budget,
        run_id=ctx.run_id,
        period_key=period.key,
    )
    summary = BatchSummary(
        run_id=ctx.run_id,
        period=period.key,
        dry_run=not request.execute,
        database=warehouse.masked_url,
        code_version=code_version(),
    )
    warming = _import_in_background("pandera.pandas")
    with ExitStack() as stack:
        if warehouse.engine is not None and request.execute:
            stack.enter_context(warehouse_lock(warehouse.engine, warehouse.url, settings.lock_timeout))
            options = {k: v for k, v in asdict(request).items() if k not in ("period", "domains", "execute")}
            run_record.begin(warehouse.engine, ctx.run_id, period.key, [s.name for s in specs], options, code_version())
        failed = False
        for spec in specs:
            run = DomainRun(domain=spec.name)
            summary.domains.append(run)
            if failed and request.fail_fast:
                run.error = "skipped after an earlier failure (--fail-fast)"
                continue
            notify(spec.name, "start")
            run_domain(run, spec, sources[spec.name], ctx)
            notify(spec.name, run.status)
            failed = failed or run.status == "failed"
        if request.post_load:
            summary.steps = run_post_load(summary, ctx)
        if warehouse.engine is not None and request.execute:
            previous = earlier[-1].status if earlier else None
            run_record.finish(warehouse.engine, ctx.run_id, summary.status, previous)
    if warming is not None:
        warming.join()  # never leave an import running into interpreter shutdown
    summary.workbooks = [
        WorkbookRead(relative(w.file, settings.data_root), w.reads, w.seconds) for w in ctx.cache.stats()
    ]
    _write_reports(summary, ctx, [*(earlier or []), summary])
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
