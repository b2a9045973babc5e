"""The run ledger ``wdh.etl_run``: one row per domain run with ``--execute``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.load.tables import etl_run

# The ledger mode of a post-load step's row (derived data, not a domain run).
POST_LOAD_MODE = "post-load"


@dataclass
class LedgerRow:
    run_id: str
    period: str
    domain: str
    mode: str
    file: str | None
    version: str | None
    sha256: str | None
    rows_read: int
    rows_blank: int
    rows_rejected: int
    rows_deleted: int
    rows_inserted: int
    status: str
    error: str | None
    started_at: dt.datetime
    seconds: float
    salt_fingerprint: str | None = None  # of WDH_TEMP_ID_SALT, never the salt itself
    file_size: int | None = None
    file_mtime: dt.datetime | None = None
    sheets: str | None = None  # JSON text, as every JSON column of the ledger
    warnings: str | None = None
    counters: str | None = None
    rejected_file: str | None = None
    code_version: str | None = None
    unchanged_since: str | None = None

    @classmethod
    def of_step(
        cls,
        *,
        run_id: str,
        period: str,
        step: str,
        mode: str,
        counts: dict[str, int],
        status: str,
        error: str | None,
        started_at: dt.datetime,
        seconds: float,
    ) -> LedgerRow:
        """A step that reads no file (the customer master): contracts closed and opened
        stand in the deleted and inserted counts."""
        return cls(
            run_id=run_id,
            period=period,
            domain=step,
            mode=mode,
            file=None,
            version=None,
            sha256=None,
            rows_read=0,
            rows_blank=0,
            rows_rejected=0,
            rows_deleted=counts.get("contracts_closed", 0),
            rows_inserted=counts.get("contracts_opened", 0),
            status=status,
            error=error,
            started_at=started_at,
            seconds=round(seconds, 3),
        )


# A domain a batch has announced and not yet finished. The batch writes one per domain
# before the first load and each domain's own transaction turns its row into the outcome,
# so a run killed between domains leaves its unfinished domains ``pending`` (``runs`` shows
# them as ``incomplete``).
PENDING = "pending"
INCOMPLETE = "incomplete"


def announce(engine: Engine, run_id: str, period: str, modes: dict[str, str], started_at: dt.datetime) -> None:
    """One pending row per domain the batch will run (``modes``: domain → ledger mode)."""
    rows = [
        {"run_id": run_id, "period": period, "domain": d, "mode": m, "status": PENDING, "started_at": started_at}
        for d, m in modes.items()
    ]
    if rows:
        with engine.begin() as conn:
            conn.execute(sa.insert(etl_run), rows)


def _is_pending(row: LedgerRow) -> sa.ColumnElement[bool]:
    return (
        (etl_run.c.run_id == row.run_id)
        & (etl_run.c.period == row.period)
        & (etl_run.c.domain == row.domain)
        & (etl_run.c.status == PENDING)
    )


def record(conn: Connection, row: LedgerRow) -> None:
    """The domain's outcome: its pending row becomes it (or a new row if none)."""
    if conn.execute(sa.update(etl_run).where(_is_pending(row)).values(**row.__dict__)).rowcount == 0:
        conn.execute(sa.insert(etl_run).values(**row.__dict__))


def withdraw(engine: Engine, run_id: str, period: str, domain: str) -> None:
    """A domain that ended without a ledger row (skipped) leaves no pending row either."""
    stub = LedgerRow(run_id, period, domain, "", None, None, None, 0, 0, 0, 0, 0, PENDING, None, dt.datetime.now(), 0)
    try:
        with engine.begin() as conn:
            conn.execute(sa.delete(etl_run).where(_is_pending(stub)))
    except sa.exc.SQLAlchemyError:
        pass


def record_failure(engine: Engine, row: LedgerRow) -> None:
    """After a rollback; a ledger that cannot be written must not hide the real error."""
    try:
        with engine.begin() as conn:
            record(conn, row)
    except sa.exc.SQLAlchemyError:
        pass


def recent_runs(engine: Engine, limit: int) -> list[dict[str, Any]]:
    """The newest ``limit`` runs; none on a warehouse that has no run ledger yet."""
    stmt = sa.select(etl_run).order_by(etl_run.c.id.desc()).limit(limit)
    with engine.connect() as conn:
        if not has_table(conn, etl_run):
            return []
        rows = [dict(r._mapping) for r in conn.execute(stmt)]
    return _marked(rows)


def _marked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A pending row is a domain that never committed its outcome: killed, or still running."""
    for r in rows:
        if r["status"] == PENDING:
            r["status"] = INCOMPLETE
            r["error"] = r["error"] or "the run stopped before this domain committed (killed, or still running)"
    return rows


def appends_of_file_since_full(conn: Connection, domain: str, period: str, sha256: str) -> list[str]:
    """Run ids that appended this very file (by SHA-256) to the period after its last full
    load: appending it again would insert its rows twice."""
    if not has_table(conn, etl_run):
        return []
    ok = (etl_run.c.domain == domain) & (etl_run.c.period == period) & (etl_run.c.status == "ok")
    last_full = sa.select(sa.func.coalesce(sa.func.max(etl_run.c.id), 0)).where(ok & (etl_run.c.mode == "period"))
    stmt = (
        sa.select(etl_run.c.run_id)
        .where(
            ok
            & (etl_run.c.mode == "supplement-append")
            & (etl_run.c.sha256 == sha256)
            & (etl_run.c.id > last_full.scalar_subquery())
        )
        .order_by(etl_run.c.id)
    )
    return [r for (r,) in conn.execute(stmt)]


def _has_ledger(conn: Connection) -> bool:
    return has_table(conn, etl_run)


def last_full_load(conn: Connection, domain: str, period: str) -> dict[str, Any] | None:
    """The latest successful full load of the domain's period (run id, file digest, code
    version): what the warehouse holds now, to tell an unchanged delivery."""
    if not _has_ledger(conn):
        return None
    stmt = (
        sa.select(etl_run.c.run_id, etl_run.c.sha256, etl_run.c.code_version)
        .where(
            (etl_run.c.domain == domain)
            & (etl_run.c.period == period)
            & (etl_run.c.status == "ok")
            & (etl_run.c.mode.in_(("period", "groups")))
        )
        .order_by(etl_run.c.id.desc())
        .limit(1)
    )
    row = conn.execute(stmt).first()
    return None if row is None else dict(row._mapping)


def domain_runs(conn: Connection, run_ids: list[str]) -> list[dict[str, Any]]:
    """Every domain run of these runs, in the order they ran."""
    if not run_ids or not _has_ledger(conn):
        return []
    stmt = sa.select(etl_run).where(etl_run.c.run_id.in_(run_ids)).order_by(etl_run.c.id)
    return _marked([dict(r._mapping) for r in conn.execute(stmt)])


def supplement_loads_since_full(conn: Connection, domain: str, period: str) -> list[str]:
    """Run ids of supplement loads of the period after its last full load: a full reload
    replaces their rows, which the operator must hear about."""
    if not has_table(conn, etl_run):
        return []
    ok = (etl_run.c.domain == domain) & (etl_run.c.period == period) & (etl_run.c.status == "ok")
    last_full = sa.select(sa.func.coalesce(sa.func.max(etl_run.c.id), 0)).where(ok & (etl_run.c.mode == "period"))
    stmt = (
        sa.select(etl_run.c.run_id)
        .where(ok & etl_run.c.mode.like("supplement%") & (etl_run.c.id > last_full.scalar_subquery()))
        .order_by(etl_run.c.id)
    )
    return [r for (r,) in conn.execute(stmt)]
