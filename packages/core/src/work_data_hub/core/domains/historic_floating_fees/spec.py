"""historic_floating_fees, declared once: sheet 历史浮费 of the 风准金转回及历史浮费 workbook
(kind 18, other-kinds.md §2.12) → ``finance.历史浮费``."""

from __future__ import annotations

from work_data_hub.core.domains.base import Column, DomainSpec, InputColumns
from work_data_hub.core.domains.finance_common import plans_of_portfolios
from work_data_hub.core.domains.historic_floating_fees.transform import header_rule, reshape, transform
from work_data_hub.core.domains.output_rules import Matches

COLUMNS = (
    Column("区域", "text", 50),
    Column("机构", "text", 50),
    Column("机构代码", "text", 10, nullable=False, default="G00"),
    Column("受托人", "text", 100),
    Column("组合代码", "text", 50, nullable=False),
    Column("计划代码", "text", 50),
    Column("组合名称", "text", 255),
    Column("浮动金额", "numeric", precision=(18, 4)),
    Column("浮费年度", "integer"),
    Column("已计提浮动金额", "numeric", precision=(18, 4)),
    Column("计提月度", "month", nullable=False),
    Column("月度", "month", nullable=False),
)

INPUTS = InputColumns(
    required=frozenset({"组合代码", "计提月度"}),
    optional=frozenset({"区域", "机构", "受托人", "组合名称", "浮动金额", "浮费年度", "已计提浮动金额"}),
    aliases={},
    header_rule=header_rule,
)

DOMAIN = DomainSpec(
    name="historic_floating_fees",
    order=44,
    description="历史浮费 (historic floating fees) → finance.历史浮费",
    schema="finance",
    table="历史浮费",
    columns=COLUMNS,
    indexes=(("月度",), ("组合代码",), ("计提月度",)),
    inputs=INPUTS,
    period_column="月度",
    refresh="period",
    monitored_measure="已计提浮动金额",
    transform=transform,
    reshape=reshape,
    after_enrich=plans_of_portfolios("组合代码", "计划代码"),
    output_rules=(Matches("机构代码", r"G\d{2}"),),
)
