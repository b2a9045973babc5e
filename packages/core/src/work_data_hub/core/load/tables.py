"""SQLAlchemy Core tables for the statements the loader runs, built from the domain specs.
Tables are created and changed only by the Alembic migrations; a test compares the two."""

from __future__ import annotations

import sqlalchemy as sa

from work_data_hub.core.domains.base import Column, DomainSpec
from work_data_hub.core.load.amount import Amount

metadata = sa.MetaData()

etl_run = sa.Table(
    "etl_run",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.String(40), nullable=False),
    sa.Column("period", sa.String(6), nullable=False),
    sa.Column("domain", sa.String(64), nullable=False),
    sa.Column("mode", sa.String(20), nullable=False),
    sa.Column("file", sa.Text),
    sa.Column("version", sa.String(20)),
    sa.Column("sha256", sa.String(64)),
    sa.Column("rows_read", sa.Integer),
    sa.Column("rows_blank", sa.Integer),
    sa.Column("rows_rejected", sa.Integer),
    sa.Column("rows_deleted", sa.Integer),
    sa.Column("rows_inserted", sa.Integer),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("error", sa.Text),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("seconds", sa.Float),
    sa.Column("salt_fingerprint", sa.String(8)),
    # The run record (docs/run-record.md): where the rows came from and what the run saw.
    # JSON is kept as text so both backends store and return it the same way.
    sa.Column("file_size", sa.BigInteger),
    sa.Column("file_mtime", sa.DateTime),
    sa.Column("sheets", sa.Text),
    sa.Column("warnings", sa.Text),
    sa.Column("counters", sa.Text),
    sa.Column("rejected_file", sa.Text),
    sa.Column("code_version", sa.String(40)),
    sa.Column("unchanged_since", sa.String(40)),
    sa.Index("ix_etl_run_period_domain", "period", "domain"),
    sa.Index("ix_etl_run_run_id", "run_id"),
    schema="wdh",
)

# One row per run (one CLI invocation or one Dagster materialisation): written when the
# run takes the warehouse lock with status ``running`` and finished with ``ok`` or
# ``failed``. ``status`` is a plain column so that a later run can mark one that never
# finished (killed between domains) as ``incomplete``.
run_record = sa.Table(
    "run_record",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.String(40), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime),
    sa.Column("periods", sa.Text, nullable=False),
    sa.Column("domains", sa.Text, nullable=False),
    sa.Column("options", sa.Text),
    sa.Column("code_version", sa.String(40)),
    sa.Column("report_file", sa.Text),
    sa.Index("ix_run_record_run_id", "run_id", unique=True),
    schema="wdh",
)


def sql_type(column: Column) -> sa.types.TypeEngine:  # type: ignore[type-arg]
    if column.type == "text":
        return sa.String(column.length) if column.length else sa.Text()
    if column.is_integer:
        return sa.Integer()
    if column.is_date:
        return sa.Date()
    precision, scale = column.numeric_size
    return Amount(precision, scale)


def index_name(table: str, position: int) -> str:
    return f"ix_{table}_{position}"


def fact_table(spec: DomainSpec, target: sa.MetaData | None = None) -> sa.Table:
    """The domain's table, built from its declaration alone: its columns (type, length,
    precision, nullability, server default), the surrogate key and time stamps, and its
    ``indexes`` (named by position, ``ix_<table>_<n>``)."""
    md = metadata if target is None else target
    key = f"{spec.schema}.{spec.table}"
    if key in md.tables:
        return md.tables[key]
    return sa.Table(
        spec.table,
        md,
        *(sa.Column(c.name, sql_type(c), nullable=c.nullable, server_default=c.default) for c in spec.columns),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        *(sa.Index(index_name(spec.table, i), *columns) for i, columns in enumerate(spec.indexes)),
        schema=spec.schema,
    )
