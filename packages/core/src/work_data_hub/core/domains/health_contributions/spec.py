"""health_contributions, declared once: the combined ("养健合并") sheet 企康缴费 of the
企康缴费 workbook → ``business.企康缴费`` (other-kinds.md §2.2). The sheet is the union of
the 养老险 and 健康险 rows, so its sums double-count against health_pension_part and
health_insurance_part; it is probably obsolete, hence optional: a workbook without the
sheet skips this domain with a warning instead of failing it."""

from __future__ import annotations

from work_data_hub.core.domains import cell_kinds
from work_data_hub.core.domains.base import DomainSpec, EnrichmentKeys
from work_data_hub.core.domains.cell_kinds import Cell, make_transform
from work_data_hub.core.domains.output_rules import Matches

CELLS = (
    Cell("机构", "org", "机构名称"),
    Cell("项目名称", "text", "项目简称"),
    # Despite its header the column holds the policy number.
    Cell("保单号/客户名称", "text", "保单号", required=True),
    Cell("险种", "text"),
    Cell("客户名称", "name"),
    Cell("保单状态", "text"),
    Cell("承保时间", "date"),
    Cell("生效时间", "date"),
    Cell("缴费确认时间", "date"),
    Cell("缴费类型", "text"),
    Cell("缴费金额", "num", required=True),
    Cell("最终业绩", "num", "考核业绩"),
    Cell("客户经理代码", "text"),
    Cell("um号", "text", "UM号"),
)
# Read by the legacy cleaner and dropped (listed in the run's one "dropped columns" warning).
DROPPED = ("所属渠道", "战区", "中心", "渠道", "缴费年", "缴费月", "新/续保", "折算后业绩")

ORDER = (
    "机构名称",
    "机构代码",
    "项目简称",
    "保单号",
    "险种",
    "客户名称",
    "company_id",
    "保单状态",
    "承保时间",
    "生效时间",
    "缴费确认时间",
    "缴费类型",
    "缴费金额",
    "考核业绩",
    "客户经理代码",
    "UM号",
    "月度",
)


DOMAIN = DomainSpec(
    name="health_contributions",
    order=51,
    description="企康缴费 (health contributions, 养老险 and 健康险 combined) → business.企康缴费",
    schema="business",
    table="企康缴费",
    columns=cell_kinds.output_columns(CELLS, ORDER),
    indexes=(("月度",), ("company_id",), ("保单号",)),
    inputs=cell_kinds.inputs(CELLS, aliases={"UM号": "um号"}),
    period_column="月度",
    refresh="period",
    monitored_measure="缴费金额",
    transform=make_transform(CELLS),
    enrichment=EnrichmentKeys(plan_key=cell_kinds.PLAN_KEY, name_key="客户名称"),
    sheet_optional=True,
    output_rules=(Matches("机构代码", r"G\d{2}"),),
)
