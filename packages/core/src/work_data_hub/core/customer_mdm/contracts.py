"""Reading and writing the contract table: current rows, rows valid on a day, and the
bulk statements the sync, the cutover and the re-keying issue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.customer_mdm import bulk
from work_data_hub.core.customer_mdm.tables import contracts

OPEN_END = dt.date(9999, 12, 31)
COLUMNS = [c.name for c in contracts.columns]
VALUES = [c for c in COLUMNS if c != "contract_id"]
_CHUNK = 500


def as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _read(conn: Connection, where: sa.ColumnElement[bool]) -> pd.DataFrame:
    frame = bulk.frame(conn, sa.select(contracts).where(where).order_by(contracts.c.contract_id), COLUMNS)
    for column in ("valid_from", "valid_to"):
        frame[column] = frame[column].map(as_date) if len(frame) else frame[column]
    return frame


def current(conn: Connection) -> pd.DataFrame:
    return _read(conn, contracts.c.valid_to == OPEN_END)


def valid_on(conn: Connection, day: dt.date) -> pd.DataFrame:
    """Rows valid on ``day``: [valid_from, valid_to) holds it."""
    return _read(conn, (contracts.c.valid_from <= day) & (contracts.c.valid_to > day))


def close(conn: Connection, ids: Iterable[int], day: dt.date) -> int:
    ids = [int(i) for i in ids]
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        conn.execute(sa.update(contracts).where(contracts.c.contract_id.in_(chunk)).values(valid_to=day))
    return len(ids)


def update(conn: Connection, frame: pd.DataFrame, columns: list[str]) -> int:
    """One executemany UPDATE of ``columns`` by contract_id."""
    if frame.empty:
        return 0
    stmt = (
        sa.update(contracts)
        .where(contracts.c.contract_id == sa.bindparam("_id"))
        .values({c: sa.bindparam(f"_{c}") for c in columns})
    )
    params = frame[["contract_id", *columns]].rename(columns={"contract_id": "_id", **{c: f"_{c}" for c in columns}})
    conn.execute(stmt, records(params))
    return len(frame)


def insert(conn: Connection, frame: pd.DataFrame) -> int:
    if frame.empty:
        return 0
    bulk.insert(conn, contracts, frame[VALUES])
    return len(frame)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Bulk-statement parameters: NULL for missing values, Python objects (Decimal stays)."""
    out = frame.astype(object).where(frame.notna(), None)
    return [{str(k): v for k, v in row.items()} for row in out.to_dict("records")]
