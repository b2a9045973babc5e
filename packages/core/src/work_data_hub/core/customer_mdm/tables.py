"""The customer-master tables (spec customer-mdm.md §2, §3) on the warehouse metadata.
Created by migration; the BI views over them are written into that migration by hand
(autogenerate does not know views)."""

from __future__ import annotations

import sqlalchemy as sa

from work_data_hub.core.load.amount import Amount
from work_data_hub.core.load.tables import metadata

CURRENT = "9999-12-31"  # valid_to of the current row of a contract


def _flag(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.Integer, nullable=False, server_default="0")


def _aum() -> sa.Column:  # type: ignore[type-arg]
    # DECIMAL(20,2) read back as Decimal: balances are money and never pass through float.
    return sa.Column("aum_balance", Amount(20, 2, asdecimal=True), nullable=False, server_default="0")


# One row per company × plan × product line and validity interval [valid_from, valid_to);
# the ledgers' plan-code lookup reads the row valid at a ledger row's 上报月份.
contracts = sa.Table(
    "客户年金计划",
    metadata,
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
    sa.Column("valid_to", sa.Date, nullable=False, server_default=CURRENT),
    sa.UniqueConstraint("company_id", "plan_code", "product_line_code", "valid_from", name="uq_客户年金计划_key"),
    sa.Index("ix_客户年金计划_lookup", "company_id", "product_line_code"),
    schema="customer",
)

product_line_snapshots = sa.Table(
    "客户业务月度快照",
    metadata,
    sa.Column("snapshot_month", sa.Date, primary_key=True),
    sa.Column("company_id", sa.String(50), primary_key=True),
    sa.Column("product_line_code", sa.String(20), primary_key=True),
    sa.Column("customer_name", sa.String(255)),
    sa.Column("product_line_name", sa.String(50)),
    _flag("is_strategic"),
    _flag("is_existing"),
    _flag("is_winning_this_year"),
    _flag("is_loss_reported"),
    _flag("is_churned_this_year"),
    _flag("is_new"),
    _aum(),
    sa.Column("plan_count", sa.Integer, nullable=False, server_default="0"),
    schema="customer",
)

plan_snapshots = sa.Table(
    "客户计划月度快照",
    metadata,
    sa.Column("snapshot_month", sa.Date, primary_key=True),
    sa.Column("company_id", sa.String(50), primary_key=True),
    sa.Column("plan_code", sa.String(50), primary_key=True),
    sa.Column("product_line_code", sa.String(20), primary_key=True),
    sa.Column("customer_name", sa.String(255)),
    sa.Column("plan_name", sa.String(255)),
    sa.Column("product_line_name", sa.String(50)),
    _flag("is_churned_this_year"),
    sa.Column("contract_status", sa.String(20)),
    _aum(),
    schema="customer",
)
