"""health_insurance_part, declared once: the health-insurance part (sheet 健康险) of the
企康缴费 workbook → ``business.企康缴费_健`` (other-kinds.md §2.4). Its headers carry line
breaks and brackets of both widths; after the platform's normalisation (line breaks gone,
NFKC: ``（）`` → ``()``) a bracketed part is joined with ``_``, never dropped."""

from __future__ import annotations

import re

from work_data_hub.core.domains import cell_kinds
from work_data_hub.core.domains.base import DomainSpec, EnrichmentKeys
from work_data_hub.core.domains.cell_kinds import Cell, make_transform
from work_data_hub.core.domains.output_rules import Matches

_BRACKETED = re.compile(r"^(.+)\((.+)\)$")


def header_rule(header: str) -> str:
    """``X(Y)`` → ``X_Y`` (净管理费金额(不含中介费) → 净管理费金额_不含中介费)."""
    return _BRACKETED.sub(r"\1_\2", header)


CELLS = (
    Cell("二级机构", "org"),
    Cell("统括名称", "text"),
    Cell("业绩拆分", "text"),
    Cell("投保人", "name", required=True),
    Cell("保单号", "text", required=True),
    Cell("资金变动日期", "date"),
    Cell("满期日", "date"),
    Cell("投保单状态", "text"),
    Cell("新老客户标签", "text"),
    Cell("保单人数", "int"),
    Cell("主招揽业务员姓名", "text"),
    Cell("初始委托资金金额", "num"),
    Cell("初始管理费金额", "num"),
    Cell("合计金额", "num", required=True),
    Cell("管理费支付方式", "text"),
    Cell("管理费率", "pct"),
    Cell("中介费率", "pct"),
    Cell("净管理费金额_不含中介费", "num"),
    Cell("净管理费率", "pct"),
    Cell("企业性质_E企查", "text"),
    Cell("企业性质_终", "text"),
    Cell("行业分类", "text"),
    Cell("企业所在城市", "text"),
    Cell("备注", "text"),
)
# Dropped by the spec: every column whose name contains 渠道 (销售渠道, 渠道大类) and these;
# none is an input column, so all are listed in the run's one "dropped columns" warning.
DROPPED = ("销售渠道", "渠道大类", "拆分比例", "币种", "战区", "中心", "缴费年", "缴费月", "项目起保日期", "G代码")

# The legacy output list (机构代码 last), then the run's period.
ORDER = (
    "二级机构",
    "统括名称",
    "业绩拆分",
    "投保人",
    "company_id",
    "保单号",
    "资金变动日期",
    "满期日",
    "投保单状态",
    "新老客户标签",
    "保单人数",
    "主招揽业务员姓名",
    "初始委托资金金额",
    "初始管理费金额",
    "合计金额",
    "管理费支付方式",
    "管理费率",
    "中介费率",
    "净管理费金额_不含中介费",
    "净管理费率",
    "企业性质_E企查",
    "企业性质_终",
    "行业分类",
    "企业所在城市",
    "备注",
    "机构代码",
    "月度",
)


DOMAIN = DomainSpec(
    name="health_insurance_part",
    order=53,
    description="健康险 (health contributions, health-insurance part) → business.企康缴费_健",
    schema="business",
    table="企康缴费_健",
    columns=cell_kinds.output_columns(CELLS, ORDER, lengths={"备注": 0}),
    indexes=(("月度",), ("company_id",), ("保单号",)),
    inputs=cell_kinds.inputs(CELLS, aliases={"缴费任务": "投保单状态"}, header_rule=header_rule),
    period_column="月度",
    refresh="period",
    monitored_measure="合计金额",
    transform=make_transform(CELLS),
    enrichment=EnrichmentKeys(plan_key=cell_kinds.PLAN_KEY, name_key="投保人"),
    output_rules=(Matches("机构代码", r"G\d{2}"),),
)
