"""Services behind ``runs``, ``runs show`` and ``reconcile``, and the writing of a run's
report files: read-only against the warehouse, except the files under ``<var>/reports/``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy.engine import Connection

from work_data_hub.core.domains import registry
from work_data_hub.core.errors import UsageError
from work_data_hub.core.load import database
from work_data_hub.core.load import run_record as records
from work_data_hub.core.load.ledger import INCOMPLETE, POST_LOAD_MODE, domain_runs
from work_data_hub.core.period import Period
from work_data_hub.core.reconcile import ReconciliationResult, reconcile
from work_data_hub.core.reports import report_path
from work_data_hub.core.run_report import html, view
from work_data_hub.core.settings import Settings
from work_data_hub.core.summary import BatchSummary
from work_data_hub.core.version import code_version

log = structlog.get_logger("work_data_hub.runs")


@contextmanager
def _read(settings: Settings) -> Iterator[Connection | None]:
    url = settings.resolved_database_url()
    if not database.warehouse_exists(url):
        yield None
        return
    engine = database.create_warehouse_engine(url, read_only=True)
    database.check_reachable(engine, url)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _iso(value: Any) -> Any:
    return value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value


def _status(record: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    # A run whose process died between domains never closed its record.
    if any(r["status"] == INCOMPLETE for r in rows):
        return INCOMPLETE
    if record.get("status"):
        return str(record["status"])
    return "failed" if any(r["status"] == "failed" for r in rows) else "ok"


def list_runs(settings: Settings, limit: int) -> list[dict[str, Any]]:
    """The latest runs, newest first, each with its status and its domain runs."""
    with _read(settings) as conn:
        if conn is None:
            return []
        found = records.recent(conn, limit)
        rows = domain_runs(conn, [r["run_id"] for r in found])
    by_run: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_run.setdefault(row["run_id"], []).append(view.decoded(row))
    out = []
    for record in found:
        mine, steps = _domains_and_steps(by_run.get(record["run_id"], []))
        out.append(
            {
                "run_id": record["run_id"],
                "status": _status(record, mine),
                "started_at": _iso(record.get("started_at")),
                "finished_at": _iso(record.get("finished_at")),
                "periods": record.get("periods") or sorted({r["period"] for r in mine}),
                "code_version": record.get("code_version"),
                "report_file": record.get("report_file"),
                "rows_read": sum(int(r["rows_read"] or 0) for r in mine),
                "rows_rejected": sum(int(r["rows_rejected"] or 0) for r in mine),
                "rows_inserted": sum(int(r["rows_inserted"] or 0) for r in mine),
                "domains": mine,
                "steps": steps,
            }
        )
    return out


def _domains_and_steps(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A post-load step (the customer master) has a ledger row of its own: listed as a
    step, never counted as a domain's rows."""
    steps = [r for r in rows if r.get("mode") == POST_LOAD_MODE]
    return [r for r in rows if r.get("mode") != POST_LOAD_MODE], steps


def _run_view(conn: Connection | None, settings: Settings, run_id: str) -> view.RunView:
    record = records.one(conn, run_id) if conn is not None else None
    every = domain_runs(conn, [run_id]) if conn is not None else []
    rows, _steps = _domains_and_steps(every)
    if record is None and not every:
        raise UsageError(f"no run {run_id} recorded in {database.mask_url(settings.resolved_database_url())}")
    record = record or {"run_id": run_id}
    record["status"] = _status(record, rows)
    shown = view.from_record(record, rows, database.mask_url(settings.resolved_database_url()))
    view.add_unknown_companies(shown, settings.var_dir)
    return shown


def show_run(settings: Settings, run_id: str) -> dict[str, Any]:
    """Everything recorded about one run: its row, its domain runs (files, digests, counts,
    warnings, counters, rejected-rows file), and its report files."""
    with _read(settings) as conn:
        shown = _run_view(conn, settings, run_id)
    data = {k: v for k, v in shown.__dict__.items() if k not in ("trends", "unknown_top")}
    data["report_file"] = report_path(settings.var_dir, run_id).as_posix()
    return data


def write_run_report(settings: Settings, run_id: str) -> Path:
    """The report of a recorded run, written again (``runs show RUN_ID --html``)."""
    with _read(settings) as conn:
        shown = _run_view(conn, settings, run_id)
        view.add_trends(shown, conn)
    return _write(settings, shown)


def write_batch_report(settings: Settings, summaries: list[BatchSummary]) -> Path:
    """The report a run writes at its end: from the run record when it was executed, from
    its summaries when it was a dry run (which records nothing)."""
    run_id = summaries[0].run_id
    with _read(settings) as conn:
        if summaries[0].dry_run or conn is None:
            shown = view.from_summaries(summaries, code_version())
            view.add_unknown_companies(shown, settings.var_dir)
        else:
            shown = _run_view(conn, settings, run_id)
        view.add_trends(shown, conn)
    return _write(settings, shown)


def _write(settings: Settings, shown: view.RunView) -> Path:
    path = report_path(settings.var_dir, shown.run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html.render(shown), encoding="utf-8")
    return path


def reconcile_period(settings: Settings, period_text: str, names: list[str] | None) -> list[ReconciliationResult]:
    """Every named domain (default: every domain that declares one) reconciled for the period."""
    period = Period.parse(period_text)
    specs = registry.resolve(names)
    declared = [s for s in specs if s.reconciliation is not None]
    if names is not None and len(declared) != len(specs):
        missing = ", ".join(s.name for s in specs if s.reconciliation is None)
        raise UsageError(f"{missing}: declares no reconciliation")
    if not declared:
        raise UsageError("no registered domain declares a reconciliation")
    with _read(settings) as conn:
        if conn is None:
            raise UsageError(
                f"database {database.mask_url(settings.resolved_database_url())} does not exist: nothing to reconcile"
            )
        return [reconcile(conn, spec, period) for spec in declared]
