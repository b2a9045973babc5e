"""SQLAlchemy Core tables of the reference data (spec reference-data.md §1) for the
statements the backfill and the check run. Created and changed only by migration 0005;
SQLite drops the schemas through the engine's schema_translate_map."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

from work_data_hub.core.load.amount import Amount
from work_data_hub.core.load.tables import metadata


def _stamps() -> list[sa.Column]:  # type: ignore[type-arg]
    return [
        sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    ]


def _money(name: str) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, Amount(18, 4))


def tags_type() -> sa.types.TypeEngine:  # type: ignore[type-arg]
    return sa.JSON().with_variant(JSONB(), "postgresql")


product_lines = sa.Table(
    "产品线",
    metadata,
    sa.Column("产品线代码", sa.String(20), primary_key=True),
    sa.Column("产品线", sa.String(50), nullable=False),
    sa.Column("产品类别", sa.String(50)),
    sa.Column("业务大类", sa.String(50)),
    sa.Column("NO_产品线", sa.Integer),
    schema="mapping",
)

branches = sa.Table(
    "组织架构",
    metadata,
    sa.Column("机构代码", sa.String(10), primary_key=True),
    sa.Column("机构", sa.String(50), nullable=False),
    sa.Column("年金中心", sa.String(50)),
    sa.Column("战区", sa.String(50)),
    sa.Column("NO_机构", sa.Integer),
    sa.Column("新架构", sa.String(50)),
    sa.Column("行政域", sa.String(50)),
    schema="mapping",
)

plans = sa.Table(
    "年金计划",
    metadata,
    # Generated on PostgreSQL; SQLite cannot generate a non-key column, so the backfill
    # and the seed number new rows themselves there.
    sa.Column("id", sa.Integer, sa.Identity(), nullable=False, unique=True),
    sa.Column("年金计划号", sa.String(50), primary_key=True),
    sa.Column("计划简称", sa.String(100)),
    sa.Column("计划全称", sa.String(255)),
    sa.Column("主拓代码", sa.String(10)),
    sa.Column("计划类型", sa.String(20)),
    sa.Column("客户名称", sa.String(255)),
    sa.Column("company_id", sa.String(50)),
    sa.Column("管理资格", sa.String(100)),
    sa.Column("计划状态", sa.String(20)),
    sa.Column("主拓机构", sa.String(50)),
    sa.Column("组合数", sa.Integer),
    sa.Column("是否统括", sa.Integer),
    sa.Column("备注", sa.Text),
    *_stamps(),
    schema="mapping",
)

portfolios = sa.Table(
    "组合计划",
    metadata,
    sa.Column("组合代码", sa.String(50), primary_key=True),
    sa.Column("年金计划号", sa.String(50)),
    sa.Column("组合名称", sa.String(255)),
    sa.Column("组合简称", sa.String(100)),
    sa.Column("组合状态", sa.String(20)),
    sa.Column("运作开始日", sa.Date),
    sa.Column("组合类型", sa.String(50)),
    sa.Column("子分类", sa.String(50)),
    sa.Column("受托人", sa.String(100)),
    sa.Column("是否存款组合", sa.Integer),
    sa.Column("是否外部组合", sa.Integer),
    sa.Column("是否PK组合", sa.Integer),
    sa.Column("投资管理人", sa.String(100)),
    sa.Column("受托管理人", sa.String(100)),
    sa.Column("投资组合代码", sa.String(50)),
    sa.Column("投资组合名称", sa.String(255)),
    sa.Column("备注", sa.Text),
    *_stamps(),
    sa.Index("ix_组合计划_年金计划号", "年金计划号"),
    schema="mapping",
)

customers = sa.Table(
    "客户明细",
    metadata,
    sa.Column("company_id", sa.String(50), primary_key=True),
    sa.Column("客户名称", sa.String(255)),
    sa.Column("年金客户类型", sa.String(20)),
    sa.Column("年金计划类型", sa.String(50)),
    sa.Column("关键年金计划", sa.String(50)),
    sa.Column("主拓机构代码", sa.String(10)),
    sa.Column("主拓机构", sa.String(50)),
    sa.Column("其他年金计划", sa.Text),
    sa.Column("客户简称", sa.String(100)),
    _money("最新受托规模"),
    _money("最新投管规模"),
    sa.Column("管理资格", sa.String(100)),
    sa.Column("规模区间", sa.String(50)),
    sa.Column("计划层规模", sa.String(50)),
    _money("年缴费规模"),
    _money("外部受托规模"),
    _money("上报受托规模"),
    _money("上报投管规模"),
    sa.Column("关联机构数", sa.Integer),
    sa.Column("其他开拓机构", sa.Text),
    sa.Column("tags", tags_type(), nullable=False, server_default="[]"),
    sa.Column("计划状态", sa.String(20)),
    sa.Column("关联计划数", sa.Integer),
    sa.Column("备注", sa.Text),
    *_stamps(),
    # Tag searches; PostgreSQL only (SQLite has no index type for JSON arrays).
    sa.Index("ix_客户明细_tags", "tags", postgresql_using="gin", info={"postgresql_only": True}),
    schema="customer",
)

# The small code tables only the operators can fill (reference-data.md §1.7, mappings.md
# M11): created empty, loaded by `reference import`; the revenue kinds map names through them.
product_details = sa.Table(
    "产品明细",
    metadata,
    sa.Column("产品ID", sa.String(50), primary_key=True),
    sa.Column("父产品ID", sa.String(50)),
    sa.Column("产品明细", sa.String(100), nullable=False),
    *_stamps(),
    schema="mapping",
)

profit_indicators = sa.Table(
    "利润指标",
    metadata,
    sa.Column("指标编码", sa.String(50), primary_key=True),
    sa.Column("指标名称", sa.String(100), nullable=False),
    *_stamps(),
    schema="mapping",
)

# Only the key is known; the band's name and bounds are this table's guess.
plan_size_bands = sa.Table(
    "计划层规模",
    metadata,
    sa.Column("规模分类代码", sa.String(50), primary_key=True),
    sa.Column("规模分类", sa.String(50)),
    _money("下限"),
    _money("上限"),
    sa.Column("备注", sa.Text),
    *_stamps(),
    schema="mapping",
)

BY_LABEL: dict[str, sa.Table] = {
    f"{t.schema}.{t.name}": t for t in (product_lines, branches, plans, portfolios, customers)
}


def table_for(label: str) -> sa.Table:
    return BY_LABEL[label]
