"""The one place that asks the warehouse which tables it holds. Tables are declared with
their PostgreSQL schema; the engine's ``schema_translate_map`` says where that schema
lives on this backend (SQLite maps every schema to none), and these helpers apply it, so
no caller spells out the SQLite/PostgreSQL difference."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection


def actual_schema(conn: Connection, schema: str | None) -> str | None:
    """Where ``schema`` lives on this connection's backend."""
    mapping = conn.get_execution_options().get("schema_translate_map") or {}
    if schema in mapping:
        return mapping[schema]
    return None if conn.dialect.name == "sqlite" else schema  # a bare engine: SQLite has no schemas


def has_table(conn: Connection, table: sa.Table | str, schema: str | None = None) -> bool:
    """Does the warehouse hold ``table`` (a declared Table, or a name with its schema)?"""
    name, declared = (table.name, table.schema) if isinstance(table, sa.Table) else (table, schema)
    return sa.inspect(conn).has_table(name, schema=actual_schema(conn, declared))


def reflect(conn: Connection, name: str, schema: str | None = None) -> sa.Table | None:
    """The table as the warehouse holds it, or None when it is absent. The returned Table
    is bound to the schema where the warehouse keeps it."""
    if not has_table(conn, name, schema):
        return None
    return sa.Table(name, sa.MetaData(), autoload_with=conn, schema=actual_schema(conn, schema))
