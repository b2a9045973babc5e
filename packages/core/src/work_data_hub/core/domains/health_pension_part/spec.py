"""health_pension_part, declared once: the pension-insurance part (sheet 养老险) of the
企康缴费 workbook → ``business.企康缴费_养`` (other-kinds.md §2.3). 退保时间, which the
legacy cleaner left as keyed, is a date here."""

from __future__ import annotations

from work_data_hub.core.domains import cell_kinds
from work_data_hub.core.domains.base import DomainSpec, EnrichmentKeys
from work_data_hub.core.domains.cell_kinds import Cell, make_transform
from work_data_hub.core.domains.output_rules import Matches

CELLS = (
    Cell("机构", "org", "机构名称"),
    Cell("保单号", "text", required=True),
    Cell("险种", "text"),
    Cell("客户名称", "name"),
    Cell("保单状态", "text"),
    Cell("承保时间", "date"),
    Cell("生效时间", "date"),
    Cell("退保时间", "date"),
    Cell("缴费确认时间", "date"),
    Cell("缴费类型", "text"),
    Cell("缴费金额", "num", required=True),
    Cell("初始管理费", "num"),
    Cell("经办服务费", "num"),
    Cell("员工人数", "int"),
    Cell("客户经理代码", "text"),
    Cell("UM号", "text"),
)
# Dropped by the spec (listed in the run's one "dropped columns" warning).
DROPPED = ("所属渠道", "战区", "中心", "渠道", "项目简称", "缴费年", "缴费月", "新/续保")

ORDER = (
    "机构名称",
    "机构代码",
    "保单号",
    "险种",
    "客户名称",
    "company_id",
    "保单状态",
    "承保时间",
    "生效时间",
    "退保时间",
    "缴费确认时间",
    "缴费类型",
    "缴费金额",
    "初始管理费",
    "经办服务费",
    "员工人数",
    "客户经理代码",
    "UM号",
    "月度",
)


DOMAIN = DomainSpec(
    name="health_pension_part",
    order=52,
    description="养老险 (health contributions, pension part) → business.企康缴费_养",
    schema="business",
    table="企康缴费_养",
    columns=cell_kinds.output_columns(CELLS, ORDER),
    indexes=(("月度",), ("company_id",), ("保单号",)),
    inputs=cell_kinds.inputs(CELLS, aliases={"um号": "UM号"}),
    period_column="月度",
    refresh="period",
    monitored_measure="缴费金额",
    transform=make_transform(CELLS),
    enrichment=EnrichmentKeys(plan_key=cell_kinds.PLAN_KEY, name_key="客户名称"),
    output_rules=(Matches("机构代码", r"G\d{2}"),),
)
