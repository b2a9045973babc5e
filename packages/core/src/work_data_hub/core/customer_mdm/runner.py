"""Running a customer-master command against the configured warehouse: a dry run reads
through a read-only connection and writes nothing; ``--execute`` holds the warehouse
lock and applies the command and its run-ledger row in one transaction."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from work_data_hub.core.customer_mdm.config import MdmConfig, load_config
from work_data_hub.core.customer_mdm.result import STEP, MdmResult
from work_data_hub.core.customer_mdm.tables import contracts
from work_data_hub.core.errors import LoadError, UsageError
from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.load.ledger import LedgerRow, record, record_failure
from work_data_hub.core.load.lock import warehouse_lock
from work_data_hub.core.settings import Settings
from work_data_hub.core.warehouse import Warehouse

Command = Callable[[Connection, MdmConfig, bool], MdmResult]


def ledger_row(result: MdmResult, run_id: str, started_at: dt.datetime, seconds: float) -> LedgerRow:
    return LedgerRow.of_step(
        run_id=run_id,
        period=result.period or started_at.strftime("%Y%m"),
        step=STEP,
        mode=result.command,
        counts=result.counts,
        status=result.status,
        error=result.error,
        started_at=started_at,
        seconds=seconds,
    )


def _require_tables(conn: Connection, url: str) -> None:
    if not has_table(conn, contracts):
        raise UsageError(f"database {url} has pending migrations: run `python -m work_data_hub.cli db upgrade` first")


def apply(engine: Engine, command: Command, cfg: MdmConfig, run_id: str, label: str, url: str) -> MdmResult:
    """Command + ledger row in one transaction; a refused write rolls back everything
    and leaves one failure row."""
    started_at, t0 = dt.datetime.now(), time.perf_counter()
    try:
        with engine.begin() as conn:
            _require_tables(conn, url)
            result = command(conn, cfg, True)
            result.seconds = time.perf_counter() - t0
            record(conn, ledger_row(result, run_id, started_at, result.seconds))
        return result
    except (sa.exc.SQLAlchemyError, engine.dialect.loaded_dbapi.Error) as exc:
        reason = " ".join(str(getattr(exc, "orig", exc)).split())[:500]
        message = f"customer-mdm {label}: the warehouse refused the write, nothing was changed ({reason})"
        failed = MdmResult(label, "", dry_run=False, status="failed", error=message)
        record_failure(engine, ledger_row(failed, run_id, started_at, time.perf_counter() - t0))
        raise LoadError(message) from None


def run(
    settings: Settings, command: Command, *, execute: bool, run_id: str, label: str, writes: bool = True
) -> MdmResult:
    cfg = load_config(settings.resolved_config_dir())
    warehouse = Warehouse(settings.resolved_database_url(), execute and writes)
    if warehouse.engine is None:
        raise UsageError(f"database {warehouse.masked_url} does not exist yet: load a month with `etl --execute` first")
    try:
        warehouse.prepare()
        if not (execute and writes):
            with warehouse.engine.connect() as conn:
                _require_tables(conn, warehouse.masked_url)
                t0 = time.perf_counter()
                result = command(conn, cfg, False)
                result.seconds = time.perf_counter() - t0
                return result
        with warehouse_lock(warehouse.engine, warehouse.url, settings.lock_timeout):
            return apply(warehouse.engine, command, cfg, run_id, label, warehouse.masked_url)
    finally:
        warehouse.engine.dispose()
