"""fee_rate_statistics, declared once: the first sheet of the 年金费率统计 workbook (kind 22,
other-kinds.md §2.16; its name varies, a 说明 sheet follows) → ``finance.年金费率统计``."""

from __future__ import annotations

from work_data_hub.core.domains.base import Column, DomainSpec, InputColumns
from work_data_hub.core.domains.fee_rate_statistics.transform import header_rule, investment_rows, transform
from work_data_hub.core.domains.finance_common import plans_of_portfolios
from work_data_hub.core.domains.output_rules import Matches, OneOf

COLUMNS = (
    Column("业务类型", "text", 50, nullable=False),
    Column("计划类型", "text", 50),
    Column("计划组合名称", "text", 255),
    Column("计划组合代码", "text", 50),
    Column("资产规模", "numeric", precision=(18, 4)),
    Column("合同费率", "numeric", precision=(18, 6)),
    Column("签约类型", "text", 50),
    Column("签约时间", "date"),
    Column("计划代码", "text", 50),
    Column("组合代码", "text", 50),
    Column("机构名称", "text", 100),
    Column("机构代码", "text", 10, nullable=False, default="G00"),
    Column("客户名称", "text", 255),
    Column("备注", "text"),
    Column("月度", "month", nullable=False),
)

INPUTS = InputColumns(
    required=frozenset({"业务类型"}),
    optional=frozenset(
        {
            "计划类型",
            "计划组合名称",
            "计划组合代码",
            "资产规模",
            "合同费率",
            "签约类型",
            "签约时间",
            "机构名称",
            "客户名称",
            "备注",
        }
    ),
    aliases={
        "投资/受托": "业务类型",
        "计划/组合名称": "计划组合名称",
        "计划/组合代码": "计划组合代码",
        "续签/新签合同费率": "合同费率",
        "是否新签/续签": "签约类型",  # 202410–202411
        "新签/续签": "签约类型",  # from 202412
        "新签/续签时间": "签约时间",
        "机构": "机构名称",
    },
    dropped_silently=frozenset({"序号"}),
    header_rule=header_rule,
)

DOMAIN = DomainSpec(
    name="fee_rate_statistics",
    order=46,
    description="年金费率统计 (contract fee rates) → finance.年金费率统计",
    schema="finance",
    table="年金费率统计",
    columns=COLUMNS,
    indexes=(("月度",), ("计划代码",), ("组合代码",)),
    inputs=INPUTS,
    period_column="月度",
    refresh="period",
    monitored_measure="资产规模",
    transform=transform,
    # 投资 rows: the portfolio's plan from mapping.组合计划 (as 风准金).
    after_enrich=plans_of_portfolios("组合代码", "计划代码", wanted=investment_rows),
    output_rules=(Matches("机构代码", r"G\d{2}"), OneOf("业务类型", ("企年受托", "企年投资"))),
)
