"""Alembic environment: always run programmatically with a connection from core.

Autogenerate (``db revision``) compares a scratch SQLite database at head with the
warehouse metadata (platform tables + one table per registered domain). SQLite has no
schemas, so the operations are compared unqualified and then given their table's schema;
the written file calls ``_schema(...)`` so it runs on both backends."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from work_data_hub.core.load.migrate import pause_in_migration_for_fault_tests

connection = context.config.attributes["connection"]
is_postgres = connection.dialect.name == "postgresql"
if is_postgres:
    # The version table lives in wdh, so that schema must exist before Alembic looks; and a
    # migration written by autogenerate creates tables, never schemas: every warehouse schema
    # exists before any migration runs.
    from work_data_hub.core.load.database import SCHEMAS

    for schema in SCHEMAS:
        connection.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    connection.commit()

options: dict[str, object] = {}
if context.config.attributes.get("autogenerate"):
    from work_data_hub.core.load import autogen

    options = autogen.environment_options(connection.dialect.name)

# Each migration and its revision stamp commit together (SQLite's DDL is transactional
# through the BEGIN the warehouse engine emits): a kill at any moment leaves the warehouse
# at one revision of the chain, never with a migration's tables and not its stamp.
context.configure(
    connection=connection,
    version_table_schema="wdh" if is_postgres else None,
    transactional_ddl=True,
    transaction_per_migration=True,
    on_version_apply=pause_in_migration_for_fault_tests,
    render_as_batch=not is_postgres,
    **options,  # type: ignore[arg-type]
)
with context.begin_transaction():
    context.run_migrations()
