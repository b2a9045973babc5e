"""Ledgers: customer.中标客户明细 (annual_award), customer.流失客户明细 (annual_loss), and the
contract history customer.客户年金计划 their plan-code lookup reads (empty until the
customer-master process fills it).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = {"中标客户明细": "中标日期", "流失客户明细": "流失日期"}
INDEXES = {
    "中标客户明细": (["上报月份", "业务类型"], ["company_id"], ["年金计划号"]),
    "流失客户明细": (["上报月份", "业务类型"], ["业务类型"], ["company_id"], ["年金计划号"]),
}


def _schema() -> str | None:
    return "customer" if op.get_bind().dialect.name == "postgresql" else None


def upgrade() -> None:
    for table, date_column in TABLES.items():
        op.create_table(
            table,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("上报月份", sa.Date, nullable=False),
            sa.Column("业务类型", sa.String(20), nullable=False),
            sa.Column("产品线代码", sa.String(20), nullable=False),
            sa.Column("上报客户名称", sa.String(255), nullable=False),
            sa.Column("客户名称", sa.String(255)),
            sa.Column("年金计划号", sa.String(50)),
            sa.Column("company_id", sa.String(50)),
            sa.Column("机构名称", sa.String(100)),
            sa.Column("机构代码", sa.String(10), nullable=False, server_default="G00"),
            sa.Column(date_column, sa.Date),
            sa.Column("计划规模", sa.Numeric(18, 4)),
            sa.Column("年缴规模", sa.Numeric(18, 4)),
            sa.Column("客户类型", sa.String(50)),
            sa.Column("原受托人", sa.String(100)),
            sa.Column("计划类型", sa.String(20)),
            sa.Column("证明材料", sa.Text),
            sa.Column("考核有效", sa.Integer, server_default="0"),
            sa.Column("备注", sa.Text),
            sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
            sa.Column("updated_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
            schema=_schema(),
        )
        for i, columns in enumerate(INDEXES[table]):
            op.create_index(f"ix_{table}_{i}", table, columns, schema=_schema())

    op.create_table(
        "客户年金计划",
        sa.Column("contract_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("company_id", sa.String(50), nullable=False),
        sa.Column("plan_code", sa.String(50), nullable=False),
        sa.Column("product_line_code", sa.String(20), nullable=False),
        sa.Column("product_line_name", sa.String(50)),
        sa.Column("customer_name", sa.String(255)),
        sa.Column("plan_name", sa.String(255)),
        sa.Column("is_strategic", sa.Integer),
        sa.Column("is_existing", sa.Integer),
        sa.Column("status_year", sa.Integer),
        sa.Column("contract_status", sa.String(20)),
        sa.Column("valid_from", sa.Date, nullable=False),
        sa.Column("valid_to", sa.Date, nullable=False, server_default="9999-12-31"),
        sa.UniqueConstraint("company_id", "plan_code", "product_line_code", "valid_from", name="uq_客户年金计划_key"),
        schema=_schema(),
    )
    op.create_index("ix_客户年金计划_lookup", "客户年金计划", ["company_id", "product_line_code"], schema=_schema())


def downgrade() -> None:
    op.drop_table("客户年金计划", schema=_schema())
    for table in TABLES:
        op.drop_table(table, schema=_schema())
