"""Platform: schemas, the run ledger wdh.etl_run and business.规模明细.

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMAS = ("business", "customer", "mapping", "enterprise", "wdh")


def _schema(name: str) -> str | None:
    return name if op.get_bind().dialect.name == "postgresql" else None


def _money(name: str) -> sa.Column:
    return sa.Column(name, sa.Numeric(18, 4))


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for schema in SCHEMAS:
            op.execute(sa.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))

    op.create_table(
        "etl_run",
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
        schema=_schema("wdh"),
    )
    op.create_index("ix_etl_run_period_domain", "etl_run", ["period", "domain"], schema=_schema("wdh"))
    op.create_index("ix_etl_run_run_id", "etl_run", ["run_id"], schema=_schema("wdh"))

    op.create_table(
        "规模明细",
        sa.Column("计划代码", sa.String(50), nullable=False),
        sa.Column("company_id", sa.String(50)),
        sa.Column("月度", sa.Date, nullable=False),
        sa.Column("业务类型", sa.String(50), nullable=False),
        sa.Column("计划类型", sa.String(50)),
        sa.Column("计划名称", sa.String(255)),
        sa.Column("组合代码", sa.String(50)),
        sa.Column("客户名称", sa.String(255)),
        _money("期初资产规模"),
        _money("期末资产规模"),
        _money("供款"),
        _money("流失_含待遇支付"),
        _money("流失"),
        _money("待遇支付"),
        sa.Column("机构代码", sa.String(10), nullable=False, server_default="G00"),
        sa.Column("机构名称", sa.String(100)),
        sa.Column("产品线代码", sa.String(20)),
        sa.Column("年金账户号", sa.String(50)),
        sa.Column("年金账户名", sa.String(255)),
        sa.Column("子企业号", sa.String(50)),
        sa.Column("子企业名称", sa.String(255)),
        sa.Column("集团企业客户号", sa.String(50)),
        sa.Column("集团企业客户名称", sa.String(255)),
        sa.Column("组合类型", sa.String(100)),
        sa.Column("组合名称", sa.String(255)),
        _money("投资收益"),
        sa.Column("当期收益率", sa.Numeric(10, 6)),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        schema=_schema("business"),
    )
    for i, columns in enumerate(
        (
            ["月度"],
            ["月度", "业务类型", "计划类型"],
            ["计划代码"],
            ["company_id"],
            ["机构代码"],
            ["产品线代码"],
            ["年金账户号"],
        )
    ):
        op.create_index(f"ix_规模明细_{i}", "规模明细", columns, schema=_schema("business"))


def downgrade() -> None:
    op.drop_table("规模明细", schema=_schema("business"))
    op.drop_table("etl_run", schema=_schema("wdh"))
