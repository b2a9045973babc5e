"""fee_expansion, declared once: the 提费扩面 register of the 台账登记 workbook (fee increases
and new contributions, other-kinds.md §2.5) → ``business.提费扩面``. One delivery is one
period: every row carries 月度 = the run's period."""

from __future__ import annotations

from work_data_hub.core.domains import ledger_registers as reg
from work_data_hub.core.domains.base import Column, DomainSpec, EnrichmentKeys, InputColumns
from work_data_hub.core.domains.fee_expansion.transform import transform

COLUMNS = (
    Column("月度", "month", nullable=False),
    Column("区域", "text", 50),
    Column("机构名称", "text", 100),
    reg.BRANCH_CODE,
    Column("计划类型", "text", 20),
    Column("年金计划号", "text", 50),
    Column("客户名称", "text", 255),
    Column("company_id", "text", 50),
    Column("已客提费扩面供款", "numeric", precision=(18, 4)),
    Column("新客供款", "numeric", precision=(18, 4)),
    Column("新客固费费率", "numeric", precision=reg.RATE),
    Column("备注", "text"),
)

INPUTS = InputColumns(
    # Each row needs one of the two; both columns belong to the layout.
    required=frozenset({"客户名称", "年金计划号"}),
    optional=frozenset({"月度", "区域", "机构", "计划类型", "已客提费扩面供款", "新客供款", "新客固费费率", "备注"}),
    aliases={"机构名称": "机构", "计划代码": "年金计划号", "客户全称": "客户名称"},
    left_absent=frozenset({"月度"}),
)

DOMAIN = DomainSpec(
    name="fee_expansion",
    order=21,
    description="提费扩面 register (fee increases, new contributions) → business.提费扩面",
    schema="business",
    table="提费扩面",
    columns=COLUMNS,
    indexes=(("月度",), ("company_id",), ("年金计划号",)),
    inputs=INPUTS,
    period_column="月度",
    refresh="period",
    monitored_measure="已客提费扩面供款",
    transform=transform,
    enrichment=EnrichmentKeys(plan_key="__plan_key", name_key="客户名称", plan_type="计划类型"),
    output_rules=(reg.BRANCH_RULE,),
)
