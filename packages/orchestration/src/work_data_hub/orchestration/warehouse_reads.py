"""Read-only queries the checks and the sensor make against the warehouse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.load import database
from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.load.tables import etl_run, fact_table
from work_data_hub.core.period import Period


@dataclass(frozen=True)
class MonthFigures:
    rows: int
    measure: float | None  # None: the domain declares no numeric monitored measure


@dataclass(frozen=True)
class LedgerLoad:
    run_id: str
    rows_read: int
    rows_rejected: int


@contextmanager
def read_only(url: str) -> Iterator[Connection | None]:
    """A read-only connection, or None when the warehouse does not exist yet (a check or a
    sensor tick must never create it)."""
    if not database.warehouse_exists(url):
        yield None
        return
    engine = database.create_warehouse_engine(url, read_only=True)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def measure_column(spec: DomainSpec) -> str | None:
    numeric = {c.name for c in spec.columns if c.type == "numeric" or c.is_integer}
    return spec.monitored_measure if spec.monitored_measure in numeric else None


def month_figures(conn: Connection, spec: DomainSpec, periods: list[Period]) -> dict[Period, MonthFigures]:
    """Rows and measure sum per month, keyed by the period column (a cumulative ledger's
    rows reported in that month). Months without rows are absent."""
    table = fact_table(spec)
    if not has_table(conn, table):
        return {}
    month = table.c[spec.period_column]
    measure = measure_column(spec)
    total = sa.func.sum(table.c[measure]) if measure else sa.null()
    stmt = sa.select(month, sa.func.count(), total).where(month.in_([p.first_day for p in periods])).group_by(month)
    out: dict[Period, MonthFigures] = {}
    for day, rows, amount in conn.execute(stmt):
        key = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10])
        out[Period(key.year, key.month)] = MonthFigures(int(rows), None if amount is None else float(amount))
    return out


def _full_load() -> sa.ColumnElement[bool]:
    """A successful load of the month's workbook (a supplement load is partial)."""
    return (etl_run.c.status == "ok") & ~etl_run.c.mode.like("supplement%")


def last_load(conn: Connection, domain: str, period: Period) -> LedgerLoad | None:
    if not has_table(conn, etl_run):
        return None
    stmt = (
        sa.select(etl_run.c.run_id, etl_run.c.rows_read, etl_run.c.rows_rejected)
        .where(etl_run.c.domain == domain, etl_run.c.period == period.key, _full_load())
        .order_by(etl_run.c.id.desc())
        .limit(1)
    )
    row = conn.execute(stmt).first()
    return None if row is None else LedgerLoad(row[0], int(row[1] or 0), int(row[2] or 0))


def current_files(conn: Connection, periods: list[str]) -> dict[tuple[str, str], str]:
    """(domain, period) → SHA-256 of the file of the latest successful full load (not a
    supplement): what the warehouse holds now."""
    if not has_table(conn, etl_run):
        return {}
    full = _full_load() & etl_run.c.period.in_(periods)
    latest = sa.select(sa.func.max(etl_run.c.id)).where(full).group_by(etl_run.c.domain, etl_run.c.period)
    stmt = sa.select(etl_run.c.domain, etl_run.c.period, etl_run.c.sha256).where(etl_run.c.id.in_(latest))
    return {(d, p): s for d, p, s in conn.execute(stmt) if s}
