"""Any warehouse table's content seen from a test, by (schema, table) as the spec names
them, on SQLite (no schema) and PostgreSQL alike."""

from __future__ import annotations

import sqlalchemy as sa

from support.warehouse import connect, is_sqlite, qualified, table_exists
from work_data_hub.core.domains.registry import all_domains

# Output tables per registered domain: (schema, table).
TABLES = {d.name: (d.schema, d.table) for d in all_domains()}
TECHNICAL = {"id", "created_at", "updated_at"}


def count(url: str, domain: str) -> int:
    schema, table = TABLES[domain]
    if not table_exists(url, schema, table):
        return 0
    with connect(url) as conn:
        return int(conn.execute(sa.text(f"SELECT COUNT(*) FROM {qualified(url, schema, table)}")).scalar_one())


def content(url: str, domain: str) -> list[tuple[str, ...]]:
    """Every stored row's business columns as sorted text tuples (technical columns left
    out): equal lists mean identical content."""
    schema, table = TABLES[domain]
    if not table_exists(url, schema, table):
        return []
    with connect(url) as conn:
        columns = [
            c["name"]
            for c in sa.inspect(conn).get_columns(table, schema=None if is_sqlite(url) else schema)
            if c["name"] not in TECHNICAL
        ]
        listed = ", ".join(f'"{c}"' for c in columns)
        found = conn.execute(sa.text(f"SELECT {listed} FROM {qualified(url, schema, table)}"))
        return sorted(tuple("" if v is None else str(v) for v in r) for r in found)


def all_tables(url: str) -> set[tuple[str | None, str]]:
    """(schema, table) of every table in the warehouse (schema None on SQLite)."""
    with connect(url) as conn:
        inspector = sa.inspect(conn)
        if is_sqlite(url):
            return {(None, t) for t in inspector.get_table_names()}
        schemas = [s for s in inspector.get_schema_names() if s not in ("information_schema", "pg_catalog")]
        return {(s, t) for s in schemas for t in inspector.get_table_names(schema=s)}


def write_in_progress(url: str, domain: str) -> bool:
    """Whether another connection holds an open write on the domain's table: on SQLite the
    database's write lock, on PostgreSQL row locks (what an uncommitted DELETE holds)."""
    schema, table = TABLES[domain]
    try:
        with connect(url) as conn:
            if is_sqlite(url):
                conn.exec_driver_sql("PRAGMA busy_timeout = 0")
                conn.exec_driver_sql("BEGIN IMMEDIATE")
                conn.exec_driver_sql("ROLLBACK")
            else:
                conn.execute(sa.text(f"SELECT 1 FROM {qualified(url, schema, table)} FOR UPDATE NOWAIT"))
                conn.rollback()
    except sa.exc.OperationalError:
        return True
    return False
