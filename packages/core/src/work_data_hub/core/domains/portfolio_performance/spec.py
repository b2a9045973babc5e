"""portfolio_performance, declared once: sheet 组合业绩 of the monthly 年金组合业绩 workbook
(kind 14, other-kinds.md §2.8) → ``business.组合业绩``. The `(%)` columns are stored as
fractions under their names without the suffix."""

from __future__ import annotations

from work_data_hub.core.domains.base import Column, DomainSpec, InputColumns
from work_data_hub.core.domains.portfolio_performance.transform import PERCENT, header_rule, transform

COLUMNS = (
    Column("序号", "integer"),
    Column("计划类别", "text", 50),
    Column("投资风格", "text", 50),
    Column("组合编号", "text", 50, nullable=False),
    Column("年金计划号", "text", 50),
    Column("组合名称", "text", 255),
    Column("运作开始日", "date"),
    Column("受托人", "text", 100),
    *(Column(p, "numeric", precision=(18, 6)) for p in PERCENT),
    Column("规模", "numeric", precision=(18, 4)),
    Column("数据更新日期", "date"),
    Column("月度", "month", nullable=False),
)

INPUTS = InputColumns(
    required=frozenset({"组合编号"}),
    optional=frozenset(
        {
            "序号",
            "计划类别",
            "投资风格",
            "年金计划号",
            "组合名称",
            "运作开始日",
            "受托人",
            *PERCENT,
            "规模",
            "数据更新日期",
        }
    ),
    aliases={},
    header_rule=header_rule,
)

DOMAIN = DomainSpec(
    name="portfolio_performance",
    order=140,
    description="组合业绩 (portfolio performance) → business.组合业绩",
    schema="business",
    table="组合业绩",
    columns=COLUMNS,
    indexes=(("月度",), ("组合编号",), ("年金计划号",)),
    inputs=INPUTS,
    period_column="月度",
    refresh="period",
    monitored_measure="规模",
    transform=transform,
)
