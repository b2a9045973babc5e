"""enrichment tables in schema enterprise: the company-id cache, the lookup queue, company
records and their parsed forms, the eqc-refresh checkpoint; the ledger's salt fingerprint.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

WAITING = "status IN ('pending', 'processing')"


def _pg() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _schema(name: str = "enterprise") -> str | None:
    return name if _pg() else None


def _json() -> sa.types.TypeEngine:
    return JSONB() if _pg() else sa.JSON()


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    ]


def upgrade() -> None:
    s = _schema()
    op.create_table(
        "enrichment_index",
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
        schema=s,
    )
    op.create_index("ix_enrichment_index_company_id", "enrichment_index", ["company_id"], schema=s)
    op.create_index("ix_enrichment_index_source", "enrichment_index", ["source"], schema=s)

    op.create_table(
        "enrichment_requests",
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
        schema=s,
    )
    # Enqueueing a name already waiting is a no-op; finished requests may repeat.
    op.create_index(
        "uq_enrichment_requests_waiting_name",
        "enrichment_requests",
        ["normalized_name"],
        unique=True,
        schema=s,
        postgresql_where=sa.text(WAITING),
        sqlite_where=sa.text(WAITING),
    )
    op.create_index("ix_enrichment_requests_due", "enrichment_requests", ["status", "next_retry_at"], schema=s)
    op.create_index("ix_enrichment_requests_temp_id", "enrichment_requests", ["temp_id"], schema=s)

    op.create_table(
        "base_info",
        sa.Column("company_id", sa.String(50), primary_key=True),
        sa.Column("search_key_word", sa.String(255)),
        sa.Column("company_full_name", sa.String(255)),
        sa.Column("unite_code", sa.String(50)),
        sa.Column("match_type", sa.String(20)),
        sa.Column("raw_search", _json()),
        sa.Column("raw_business_info", _json()),
        sa.Column("raw_biz_label", _json()),
        sa.Column("api_fetched_at", sa.DateTime),
        *_stamps(),
        schema=s,
    )
    op.create_index("ix_base_info_unite_code", "base_info", ["unite_code"], schema=s)
    op.create_index("ix_base_info_search_key_word", "base_info", ["search_key_word"], schema=s)

    base_fk = f"{s}.base_info.company_id" if s else "base_info.company_id"
    op.create_table(
        "business_info",
        sa.Column("company_id", sa.String(50), sa.ForeignKey(base_fk), primary_key=True),
        sa.Column("company_name", sa.Text),
        sa.Column("registered_date", sa.Date),
        sa.Column("registered_capital", sa.Text),
        sa.Column("actual_capital", sa.Text),
        sa.Column("currency", sa.Text),
        sa.Column("registered_status", sa.Text),
        sa.Column("legal_person_name", sa.Text),
        sa.Column("address", sa.Text),
        sa.Column("credit_code", sa.Text),
        sa.Column("company_type", sa.Text),
        sa.Column("industry_name", sa.Text),
        sa.Column("industry_code", sa.Text),
        sa.Column("business_scope", sa.Text),
        sa.Column("former_names", sa.Text),
        sa.Column("province", sa.Text),
        sa.Column("source_fetched_at", sa.DateTime),
        sa.Column("cleansed_at", sa.DateTime, nullable=False),
        schema=s,
    )

    op.create_table(
        "biz_label",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("company_id", sa.String(50), sa.ForeignKey(base_fk), nullable=False),
        sa.Column("type", sa.Text),
        sa.Column("lv1_name", sa.Text),
        sa.Column("lv2_name", sa.Text),
        sa.Column("lv3_name", sa.Text),
        sa.Column("lv4_name", sa.Text),
        sa.Column("source_fetched_at", sa.DateTime),
        schema=s,
    )
    op.create_index("ix_biz_label_company_id", "biz_label", ["company_id"], schema=s)

    op.create_table(
        "eqc_refresh_checkpoint",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("mode", sa.String(20), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("last_company_id", sa.String(50)),
        sa.Column("processed", sa.Integer, nullable=False, server_default="0"),
        sa.Column("total", sa.Integer, nullable=False, server_default="0"),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
        schema=s,
    )

    # Changing WDH_TEMP_ID_SALT changes every temporary id: the ledger keeps a fingerprint.
    with op.batch_alter_table("etl_run", schema=_schema("wdh")) as batch:
        batch.add_column(sa.Column("salt_fingerprint", sa.String(8)))


def downgrade() -> None:
    s = _schema()
    with op.batch_alter_table("etl_run", schema=_schema("wdh")) as batch:
        batch.drop_column("salt_fingerprint")
    for table in ("eqc_refresh_checkpoint", "biz_label", "business_info", "base_info", "enrichment_requests"):
        op.drop_table(table, schema=s)
    op.drop_table("enrichment_index", schema=s)
