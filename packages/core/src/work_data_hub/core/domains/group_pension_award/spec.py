"""group_pension_award, declared once: the cumulative 团养中标 register of the 台账登记 workbook
(group-pension awards, other-kinds.md §2.9) → ``customer.团养中标``. Each 上报月份 of the valid
rows is replaced, like the award ledger."""

from __future__ import annotations

from work_data_hub.core.domains import ledger_registers as reg
from work_data_hub.core.domains.base import Column, DomainSpec, EnrichmentKeys, InputColumns
from work_data_hub.core.domains.group_pension_award.transform import transform

COLUMNS = (
    Column("区域", "text", 50),
    Column("机构", "text", 100),
    reg.BRANCH_CODE,
    Column("客户名称", "text", 255, nullable=False),
    Column("预估中标规模", "numeric", precision=(18, 4)),  # 万元, as keyed
    Column("实际费率", "numeric", precision=reg.RATE),
    Column("中标签约时间", "date"),
    Column("是否烟草统外", "flag"),
    Column("到账情况", "text", 50),
    Column("到账金额", "numeric", precision=(18, 4)),  # 万元, as keyed
    Column("上报月份", "month", nullable=False),
    Column("company_id", "text", 50),
)

INPUTS = InputColumns(
    required=frozenset({"上报月份", "客户名称"}),
    optional=frozenset(
        {"区域", "机构", "预估中标规模", "实际费率", "中标签约时间", "是否烟草统外", "到账情况", "到账金额"}
    ),
    aliases={"中标/签约时间": "中标签约时间", "机构名称": "机构", "客户全称": "客户名称"},
)

DOMAIN = DomainSpec(
    name="group_pension_award",
    order=24,
    description="团养中标 register (group-pension awards, cumulative) → customer.团养中标",
    schema="customer",
    table="团养中标",
    columns=COLUMNS,
    indexes=(("上报月份",), ("company_id",)),
    inputs=INPUTS,
    period_column="上报月份",
    refresh="groups",
    refresh_groups=("上报月份",),
    monitored_measure="预估中标规模",
    transform=transform,
    enrichment=EnrichmentKeys(plan_key="__plan_key", name_key="客户名称"),
    period_check=False,
    empty_sheet_ok=True,
    output_rules=(reg.BRANCH_RULE,),
)
