"""group_pension_contributions, declared once: group pension contributions (sheet 团养缴费,
often delivered as a UTF-16 text export named ``.xls``) → ``business.团养缴费``
(other-kinds.md §2.1). One delivery is one period: 月度 is the run's period."""

from __future__ import annotations

from work_data_hub.core.domains import cell_kinds
from work_data_hub.core.domains.base import DomainSpec, EnrichmentKeys
from work_data_hub.core.domains.cell_kinds import Cell, make_transform
from work_data_hub.core.domains.output_rules import Matches

CELLS = (
    Cell("缴费批次号", "text", required=True),
    Cell("企业计划号", "text"),
    Cell("企业名称", "name", required=True),
    Cell("机构", "org", "机构名称"),
    Cell("产品名称", "text"),
    Cell("缴费期间(起)", "date", "缴费期间_起"),
    Cell("缴费期间(止)", "date", "缴费期间_止"),
    Cell("企业应缴金额", "num"),
    Cell("个人应缴金额", "num"),
    Cell("应缴金额合计", "num", required=True),
    Cell("到账日期", "date"),
    Cell("到账金额", "num"),
    Cell("状态", "text"),
    Cell("是否是超短缴", "flag"),
    Cell("交易日期", "date"),
    Cell("申请日期", "date"),
    Cell("申请来源", "text"),
)

# The legacy output list, then the run's period.
ORDER = (
    "缴费批次号",
    "企业计划号",
    "企业名称",
    "company_id",
    "机构名称",
    "机构代码",
    "产品名称",
    "缴费期间_起",
    "缴费期间_止",
    "企业应缴金额",
    "个人应缴金额",
    "应缴金额合计",
    "到账日期",
    "到账金额",
    "状态",
    "是否是超短缴",
    "交易日期",
    "申请日期",
    "申请来源",
    "月度",
)


DOMAIN = DomainSpec(
    name="group_pension_contributions",
    order=50,
    description="团养缴费 (group pension contributions) → business.团养缴费",
    schema="business",
    table="团养缴费",
    columns=cell_kinds.output_columns(CELLS, ORDER),
    indexes=(("月度",), ("company_id",), ("机构代码",)),
    inputs=cell_kinds.inputs(CELLS),
    period_column="月度",
    refresh="period",
    monitored_measure="应缴金额合计",
    transform=make_transform(CELLS),
    enrichment=EnrichmentKeys(plan_key=cell_kinds.PLAN_KEY, name_key="企业名称"),
    output_rules=(Matches("机构代码", r"G\d{2}"),),
)
