"""Replacing a period: delete the period's rows and bulk insert the new ones inside the
caller's transaction (COPY on PostgreSQL, executemany on SQLite), so the facts and the
ledger row commit or roll back together."""

from __future__ import annotations

import io
import os
import time

import pandas as pd
from sqlalchemy.engine import Connection

from work_data_hub.core.cleansing.exact import to_text
from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.load.tables import fact_table

# Test-only: seconds to wait after the DELETE and before COMMIT, so a fault test can kill
# the process at exactly that point. The marker file tells the test the pause has begun
# (the uncommitted DELETE is invisible from outside).
PAUSE_ENV = "WDH_TEST_PAUSE_BEFORE_COMMIT"
PAUSE_MARKER_ENV = "WDH_TEST_PAUSE_MARKER"


def table_exists(conn: Connection, spec: DomainSpec) -> bool:
    return has_table(conn, spec.table, spec.schema)


# Test-only, like the pause before COMMIT: seconds the batch waits after one domain has
# finished and before the next starts ("killed between two domains").
PAUSE_BETWEEN_ENV = "WDH_TEST_PAUSE_BETWEEN_DOMAINS"


def pause_between_domains_for_fault_tests() -> None:
    pause_for_fault_tests(PAUSE_BETWEEN_ENV)


def pause_for_fault_tests(env: str = PAUSE_ENV) -> None:
    pause = os.environ.get(env)
    if pause:
        marker = os.environ.get(PAUSE_MARKER_ENV)
        if marker:
            with open(marker, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")
        time.sleep(float(pause))


def _prepared(spec: DomainSpec, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[spec.column_names].copy()
    for c in spec.columns:
        if c.is_date:
            out[c.name] = pd.to_datetime(out[c.name]).dt.strftime("%Y-%m-%d")
        elif c.type == "numeric":
            # Decimal text, never a float: both backends store exactly what it says.
            out[c.name] = to_text(out[c.name], c.numeric_size[1])
    return out


def insert_frame(conn: Connection, spec: DomainSpec, frame: pd.DataFrame) -> int:
    if frame.empty:
        return 0
    data = _prepared(spec, frame)
    table = fact_table(spec)
    prep = conn.dialect.identifier_preparer
    columns = ", ".join(prep.quote(c) for c in spec.column_names)
    if conn.dialect.name == "postgresql":
        buffer = io.StringIO()
        data.to_csv(buffer, index=False, header=False, na_rep="")
        target = f"{prep.quote_schema(spec.schema)}.{prep.quote(spec.table)}"
        raw = conn.connection.driver_connection
        copy_sql = f"COPY {target} ({columns}) FROM STDIN WITH (FORMAT csv)"
        with raw.cursor() as cur, cur.copy(copy_sql) as copy:  # type: ignore[union-attr]
            copy.write(buffer.getvalue())
        return len(data)
    # Column-wise conversion to Python values (NA → None) is about twice as fast as a
    # frame-wide astype(object).where() followed by itertuples. (pandas-stubs do not list
    # None as an na_value, which pandas accepts.)
    columns_as_lists = [
        data[c].to_numpy(dtype=object, na_value=None).tolist()  # type: ignore[call-overload]
        for c in spec.column_names
    ]
    rows = list(zip(*columns_as_lists, strict=True))
    marks = ", ".join("?" for _ in spec.column_names)
    conn.exec_driver_sql(f"INSERT INTO {prep.quote(table.name)} ({columns}) VALUES ({marks})", rows)
    return len(rows)
