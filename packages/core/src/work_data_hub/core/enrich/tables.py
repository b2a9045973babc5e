"""SQLAlchemy Core tables of schema ``enterprise`` (enrichment spec §6.1, §8.1, §9) for the
statements enrichment runs. Created and changed only by migration 0004; SQLite drops the
schema through the engine's schema_translate_map."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.load.tables import metadata

SCHEMA = "enterprise"
WAITING = ("pending", "processing")
_WAITING_SQL = "status IN ('pending', 'processing')"


def json_type() -> sa.types.TypeEngine:  # type: ignore[type-arg]
    # none_as_null: a missing payload is SQL NULL, never the JSON text 'null'.
    return sa.JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")


def _stamps() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    ]


enrichment_index = sa.Table(
    "enrichment_index",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("lookup_type", sa.String(20), nullable=False),
    sa.Column("lookup_key", sa.String(255), nullable=False),
    sa.Column("company_id", sa.String(50), nullable=False),
    sa.Column("confidence", sa.Numeric(3, 2), nullable=False, server_default="1.00"),
    sa.Column("source", sa.String(30), nullable=False),
    sa.Column("source_domain", sa.String(50)),
    sa.Column("hit_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_hit_at", sa.DateTime),
    *_stamps(),
    sa.UniqueConstraint("lookup_type", "lookup_key", name="uq_enrichment_index_type_key"),
    sa.Index("ix_enrichment_index_company_id", "company_id"),
    sa.Index("ix_enrichment_index_source", "source"),
    schema=SCHEMA,
)

enrichment_requests = sa.Table(
    "enrichment_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("raw_name", sa.String(255)),
    sa.Column("normalized_name", sa.String(255), nullable=False),
    sa.Column("temp_id", sa.String(20), nullable=False),
    sa.Column("source_domain", sa.String(50)),
    sa.Column("status", sa.String(12), nullable=False, server_default="pending"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_retry_at", sa.DateTime),
    sa.Column("last_error", sa.String(255)),
    sa.Column("resolved_company_id", sa.String(50)),
    *_stamps(),
    sa.Column("processed_at", sa.DateTime),
    # Enqueueing a name already waiting is a no-op; finished requests may repeat.
    sa.Index(
        "uq_enrichment_requests_waiting_name",
        "normalized_name",
        unique=True,
        postgresql_where=sa.text(_WAITING_SQL),
        sqlite_where=sa.text(_WAITING_SQL),
    ),
    sa.Index("ix_enrichment_requests_due", "status", "next_retry_at"),
    sa.Index("ix_enrichment_requests_temp_id", "temp_id"),
    schema=SCHEMA,
)

base_info = sa.Table(
    "base_info",
    metadata,
    sa.Column("company_id", sa.String(50), primary_key=True),
    sa.Column("search_key_word", sa.String(255)),
    sa.Column("company_full_name", sa.String(255)),
    sa.Column("unite_code", sa.String(50)),
    sa.Column("match_type", sa.String(20)),
    sa.Column("raw_search", json_type()),
    sa.Column("raw_business_info", json_type()),
    sa.Column("raw_biz_label", json_type()),
    sa.Column("api_fetched_at", sa.DateTime),
    *_stamps(),
    sa.Index("ix_base_info_unite_code", "unite_code"),
    sa.Index("ix_base_info_search_key_word", "search_key_word"),
    schema=SCHEMA,
)

BUSINESS_TEXT = (
    "company_name",
    "registered_capital",
    "actual_capital",
    "currency",
    "registered_status",
    "legal_person_name",
    "address",
    "credit_code",
    "company_type",
    "industry_name",
    "industry_code",
    "business_scope",
    "former_names",
    "province",
)

business_info = sa.Table(
    "business_info",
    metadata,
    sa.Column("company_id", sa.String(50), sa.ForeignKey("enterprise.base_info.company_id"), primary_key=True),
    sa.Column("registered_date", sa.Date),
    *(sa.Column(name, sa.Text) for name in BUSINESS_TEXT),
    sa.Column("source_fetched_at", sa.DateTime),
    sa.Column("cleansed_at", sa.DateTime, nullable=False),
    schema=SCHEMA,
)

biz_label = sa.Table(
    "biz_label",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("company_id", sa.String(50), sa.ForeignKey("enterprise.base_info.company_id"), nullable=False),
    sa.Column("type", sa.Text),
    sa.Column("lv1_name", sa.Text),
    sa.Column("lv2_name", sa.Text),
    sa.Column("lv3_name", sa.Text),
    sa.Column("lv4_name", sa.Text),
    sa.Column("source_fetched_at", sa.DateTime),
    sa.Index("ix_biz_label_company_id", "company_id"),
    schema=SCHEMA,
)

# eqc-refresh progress: one row per refresh run, committed with each batch it finished.
eqc_refresh_checkpoint = sa.Table(
    "eqc_refresh_checkpoint",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("mode", sa.String(20), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    sa.Column("last_company_id", sa.String(50)),
    sa.Column("processed", sa.Integer, nullable=False, server_default="0"),
    sa.Column("total", sa.Integer, nullable=False, server_default="0"),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime),
    schema=SCHEMA,
)


def table_present(conn: sa.Connection, table: sa.Table) -> bool:
    return has_table(conn, table)
