"""Bulk writes and reads for the customer-master tables, as the loader does for facts:
COPY on PostgreSQL, one executemany on SQLite; money travels as integer cents inside
pandas (exact, vectorised sums) and as decimal text into NUMERIC columns."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import numpy as np
import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection


def cents_text(cents: pd.Series) -> pd.Series:
    """Integer cents → '1234.50' (exact; never through float)."""
    c = cents.fillna(0).astype("int64")
    a = c.abs()
    text = np.char.add(np.where(c < 0, "-", ""), (a // 100).astype(str).to_numpy(dtype=str))
    text = np.char.add(np.char.add(text, "."), (a % 100).astype(str).str.zfill(2).to_numpy(dtype=str))
    return pd.Series(text, index=c.index, dtype=object)


def frame(conn: Connection, stmt: sa.Select[Any], columns: list[str]) -> pd.DataFrame:
    """A result as a frame. Row objects are slow for pandas to unpack; plain tuples of the
    same (processed) values build it in a third of the time."""
    rows = conn.execute(stmt).fetchall()
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame(list(map(tuple, rows)), columns=columns)


def _text(values: pd.Series) -> pd.Series:
    if len(values) and isinstance(values.dropna().iloc[0] if values.notna().any() else None, dt.date):
        return values.map(lambda d: None if d is None or pd.isna(d) else str(d)[:10])
    return values


def insert(conn: Connection, table: sa.Table, data: pd.DataFrame, money: tuple[str, ...] = ()) -> int:
    """Insert ``data`` (columns named as the table's) in one bulk statement."""
    if data.empty:
        return 0
    out = data.copy()
    for column in out.columns:
        out[column] = cents_text(out[column]) if column in money else _text(out[column])
    prep = conn.dialect.identifier_preparer
    names = ", ".join(prep.quote(c) for c in out.columns)
    if conn.dialect.name == "postgresql":
        buffer = io.StringIO()
        out.to_csv(buffer, index=False, header=False, na_rep="")
        # Empty text in a NOT NULL column is '' (an empty company_id), not NULL.
        keep = [prep.quote(c.name) for c in table.columns if not c.nullable and c.name in out.columns]
        force = f", FORCE_NOT_NULL ({', '.join(keep)})" if keep else ""
        target = f"{prep.quote_schema(str(table.schema))}.{prep.quote(table.name)}"
        raw = conn.connection.driver_connection
        with raw.cursor() as cur, cur.copy(f"COPY {target} ({names}) FROM STDIN WITH (FORMAT csv{force})") as copy:  # type: ignore[union-attr]
            copy.write(buffer.getvalue())
        return len(out)
    lists = [out[c].to_numpy(dtype=object, na_value=None).tolist() for c in out.columns]  # type: ignore[call-overload]
    marks = ", ".join("?" for _ in out.columns)
    statement = f"INSERT INTO {prep.quote(table.name)} ({names}) VALUES ({marks})"
    conn.exec_driver_sql(statement, list(zip(*lists, strict=True)))
    return len(out)
