"""risk_reserve, declared once: sheet 风准金 of the 风准金转回及历史浮费 workbook (kind 17,
other-kinds.md §2.11) → ``finance.风准金余额表``."""

from __future__ import annotations

from work_data_hub.core.domains.base import Column, DomainSpec, InputColumns
from work_data_hub.core.domains.finance_common import plans_of_portfolios
from work_data_hub.core.domains.output_rules import Matches
from work_data_hub.core.domains.risk_reserve.transform import transform

COLUMNS = (
    Column("战区", "text", 50),
    Column("属地", "text", 50),
    Column("机构代码", "text", 10, nullable=False, default="G00"),
    Column("组合代码", "text", 50, nullable=False),
    Column("计划代码", "text", 50),
    Column("组合名称", "text", 255),
    Column("原受托", "text", 100),
    Column("风准金账户开户行", "text", 255),
    Column("风准金结转余额", "numeric", precision=(18, 4), nullable=False),
    Column("结转日期", "date"),
    Column("结转金额", "numeric", precision=(18, 4)),
    Column("月度", "month", nullable=False),
)

INPUTS = InputColumns(
    required=frozenset({"组合代码", "风准金结转余额"}),
    optional=frozenset({"战区", "属地", "组合名称", "原受托", "风准金账户开户行", "结转日期", "结转金额"}),
    # The platform's header normalisation already removed the stray spaces, line breaks and tabs.
    aliases={"机构": "属地"},
)

DOMAIN = DomainSpec(
    name="risk_reserve",
    order=42,
    description="风准金 (risk-reserve balances) → finance.风准金余额表",
    schema="finance",
    table="风准金余额表",
    columns=COLUMNS,
    indexes=(("月度",), ("组合代码",), ("计划代码",)),
    inputs=INPUTS,
    period_column="月度",
    refresh="period",
    monitored_measure="风准金结转余额",
    transform=transform,
    after_enrich=plans_of_portfolios("组合代码", "计划代码"),
    output_rules=(Matches("机构代码", r"G\d{2}"),),
)
