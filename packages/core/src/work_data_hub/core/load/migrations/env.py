"""Alembic environment: always run programmatically with a connection from core."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

connection = context.config.attributes["connection"]
is_postgres = connection.dialect.name == "postgresql"
if is_postgres:
    # The version table lives in wdh, so that schema must exist before Alembic looks.
    connection.execute(sa.text("CREATE SCHEMA IF NOT EXISTS wdh"))
    connection.commit()

context.configure(
    connection=connection,
    target_metadata=None,
    version_table_schema="wdh" if is_postgres else None,
    transactional_ddl=True,
    render_as_batch=not is_postgres,
)
with context.begin_transaction():
    context.run_migrations()
