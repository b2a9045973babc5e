"""annuity_income: business.收入明细.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _schema() -> str | None:
    return "business" if op.get_bind().dialect.name == "postgresql" else None


def _fee(name: str) -> sa.Column:
    return sa.Column(name, sa.Numeric(18, 4), nullable=False, server_default="0")


def upgrade() -> None:
    op.create_table(
        "收入明细",
        sa.Column("月度", sa.Date, nullable=False),
        sa.Column("计划代码", sa.String(50), nullable=False),
        sa.Column("company_id", sa.String(50)),
        sa.Column("客户名称", sa.String(255)),
        sa.Column("产品线代码", sa.String(20)),
        sa.Column("机构代码", sa.String(10), nullable=False, server_default="G00"),
        _fee("固费"),
        _fee("浮费"),
        _fee("回补"),
        _fee("税"),
        sa.Column("业务类型", sa.String(50), nullable=False),
        sa.Column("计划类型", sa.String(50)),
        sa.Column("组合代码", sa.String(50)),
        sa.Column("计划名称", sa.String(255)),
        sa.Column("组合类型", sa.String(100)),
        sa.Column("组合名称", sa.String(255)),
        sa.Column("机构名称", sa.String(100)),
        sa.Column("年金账户名", sa.String(255)),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        schema=_schema(),
    )
    for i, columns in enumerate(
        (["月度"], ["月度", "业务类型", "计划类型"], ["计划代码"], ["company_id"], ["机构代码"])
    ):
        op.create_index(f"ix_收入明细_{i}", "收入明细", columns, schema=_schema())


def downgrade() -> None:
    op.drop_table("收入明细", schema=_schema())
