"""Everything the warehouse holds, as SQLAlchemy metadata: the platform's tables and one
table per registered domain. Alembic's autogenerate (``db revision``) writes migrations
from it, and the migration check compares a migrated database against it."""

from __future__ import annotations

import importlib

import sqlalchemy as sa

# Modules that declare platform tables on ``load.tables.metadata``.
PLATFORM_TABLE_MODULES = (
    "work_data_hub.core.load.tables",
    "work_data_hub.core.enrich.tables",
    "work_data_hub.core.reference.tables",
    "work_data_hub.core.legacy.tables",
    "work_data_hub.core.customer_mdm.tables",
)
# Tables Alembic keeps for itself, never declared.
ALEMBIC_TABLES = frozenset({"alembic_version"})


def warehouse_metadata() -> sa.MetaData:
    from work_data_hub.core.domains import registry
    from work_data_hub.core.load.tables import fact_table, metadata

    for module in PLATFORM_TABLE_MODULES:
        importlib.import_module(module)
    for spec in registry.all_domains():
        fact_table(spec)
    return metadata


def for_backend(metadata: sa.MetaData, dialect: str) -> sa.MetaData:
    """The tables as Alembic compares and writes them: amount columns by their declared
    types; on SQLite every table in one file without schemas, unqualified."""
    if dialect == "postgresql":
        copied = sa.MetaData()
        for table in metadata.sorted_tables:
            _declared_amounts(table.to_metadata(copied))
        return copied
    flat = sa.MetaData()
    for table in metadata.sorted_tables:
        copy = table.to_metadata(
            flat,
            schema=None,  # type: ignore[arg-type]
            referred_schema_fn=lambda *_: sa.schema.BLANK_SCHEMA,  # type: ignore[arg-type,return-value]
        )
        pg_only = {i.name for i in table.indexes if i.info.get("postgresql_only")}
        for index in [i for i in copy.indexes if i.name in pg_only]:
            copy.indexes.discard(index)
        for column in copy.columns:
            # SQLite cannot generate a non-key column: the application numbers it there.
            if isinstance(column.server_default, sa.Identity):
                column.server_default = None
        _declared_amounts(copy)
    return flat


def _declared_amounts(table: sa.Table) -> None:
    from work_data_hub.core.load.amount import Amount

    for column in table.columns:
        if isinstance(column.type, Amount):
            column.type = column.type.declared()


def schemas(metadata: sa.MetaData) -> set[str]:
    return {t.schema for t in metadata.tables.values() if t.schema}
