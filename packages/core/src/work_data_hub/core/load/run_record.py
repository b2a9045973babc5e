"""The run record ``wdh.run_record``: one row per run, beside the domain runs of
``wdh.etl_run``. A run is recorded only with ``--execute`` (a dry run writes nothing to
the warehouse)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.load.tables import etl_run, run_record

# A run's status is the worst of its periods': a later period never hides a failure.
_RANK = {"running": 0, "ok": 1, "failed": 2}


def has_run_record(conn: Connection) -> bool:
    return has_table(conn, run_record)


def begin(
    engine: Engine, run_id: str, period: str, domains: list[str], options: dict[str, Any], code_version: str
) -> None:
    """Insert the run's row as ``running`` (or, for the next period of a range, add the
    period to it and set it running again)."""
    with engine.begin() as conn:
        row = conn.execute(sa.select(run_record).where(run_record.c.run_id == run_id)).first()
        if row is None:
            conn.execute(
                sa.insert(run_record).values(
                    run_id=run_id,
                    status="running",
                    started_at=dt.datetime.now(),
                    periods=json.dumps([period]),
                    domains=json.dumps(domains, ensure_ascii=False),
                    options=json.dumps(options, ensure_ascii=False, default=str),
                    code_version=code_version,
                )
            )
            return
        periods = json.loads(row.periods)
        if period not in periods:
            periods.append(period)
        conn.execute(
            sa.update(run_record)
            .where(run_record.c.run_id == run_id)
            .values(periods=json.dumps(periods), finished_at=None, status="running")
        )


def finish(engine: Engine, run_id: str, status: str, previous: str | None = None) -> None:
    """Close the run with ``status`` (kept ``failed`` if an earlier period failed)."""
    final = status if previous is None or _RANK.get(status, 2) >= _RANK.get(previous, 0) else previous
    with engine.begin() as conn:
        conn.execute(
            sa.update(run_record)
            .where(run_record.c.run_id == run_id)
            .values(status=final, finished_at=dt.datetime.now())
        )


def set_report(engine: Engine, run_id: str, path: str) -> None:
    with engine.begin() as conn:
        conn.execute(sa.update(run_record).where(run_record.c.run_id == run_id).values(report_file=path))


def status_of(engine: Engine, run_id: str) -> str | None:
    with engine.connect() as conn:
        return conn.execute(sa.select(run_record.c.status).where(run_record.c.run_id == run_id)).scalar()


def _decoded(row: dict[str, Any]) -> dict[str, Any]:
    for key in ("periods", "domains", "options"):
        if isinstance(row.get(key), str):
            row[key] = json.loads(row[key])
    return row


def recent(conn: Connection, limit: int) -> list[dict[str, Any]]:
    """The latest runs, newest first. Domain runs recorded before the run record existed
    (no row in run_record) are listed as runs of their own, their status derived."""
    if not has_run_record(conn):
        return []
    recorded = sa.select(run_record).order_by(run_record.c.id.desc()).limit(limit)
    runs = [_decoded(dict(r._mapping)) for r in conn.execute(recorded)]
    known = sa.select(run_record.c.run_id)
    legacy = (
        sa.select(
            etl_run.c.run_id,
            sa.func.min(etl_run.c.started_at).label("started_at"),
            sa.func.max(etl_run.c.id).label("last_id"),
        )
        .where(etl_run.c.run_id.not_in(known))
        .group_by(etl_run.c.run_id)
        .order_by(sa.text("last_id DESC"))
        .limit(limit)
    )
    for r in conn.execute(legacy):
        runs.append({"run_id": r.run_id, "status": None, "started_at": r.started_at, "legacy": True})
    runs.sort(key=lambda r: r["started_at"], reverse=True)
    return runs[:limit]


def one(conn: Connection, run_id: str) -> dict[str, Any] | None:
    if not has_run_record(conn):
        return None
    row = conn.execute(sa.select(run_record).where(run_record.c.run_id == run_id)).first()
    return None if row is None else _decoded(dict(row._mapping))
