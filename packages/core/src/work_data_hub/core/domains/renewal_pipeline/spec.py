"""renewal_pipeline, declared once: the 续签客户清单 register of the 台账登记 workbook (contracts
up for renewal, other-kinds.md §2.10) → ``customer.续签客户清单``. A snapshot list: one delivery
is one period (月度 = P); 数据更新日期 is data only."""

from __future__ import annotations

from work_data_hub.core.domains import ledger_registers as reg
from work_data_hub.core.domains.base import Column, DomainSpec, EnrichmentKeys, InputColumns
from work_data_hub.core.domains.renewal_pipeline.transform import TEXT, transform

COLUMNS = (
    Column("计划类型", "text", 20),
    Column("计划名称", "text", 255),
    Column("年金计划号", "text", 50),
    Column("客户名称", "text", 255),
    Column("company_id", "text", 50),
    Column("受托人", "text", 100),
    Column("计划规模", "numeric", precision=(18, 4)),  # 亿元
    Column("年缴规模", "numeric", precision=(18, 4)),  # 亿元
    Column("机构", "text", 100),
    Column("合同截止日期", "date"),
    Column("是否战客", "flag"),
    Column("续签状态", "text", 50),
    Column("证明材料", "text"),
    Column("数据更新日期", "date"),
    reg.BRANCH_CODE,
    Column("月度", "month", nullable=False),
)

INPUTS = InputColumns(
    # Each row needs one of the two; both columns belong to the layout.
    required=frozenset({"年金计划号", "客户名称"}),
    optional=frozenset(
        {*TEXT, "计划类型", "company_id", "计划规模", "年缴规模", "机构", "合同截止日期", "是否战客", "数据更新日期"}
    ),
    aliases={
        "机构名称": "机构",
        "计划代码": "年金计划号",
        "客户全称": "客户名称",
        "计划规模(亿元)": "计划规模",
        "年缴规模(亿元)": "年缴规模",
    },
)

DOMAIN = DomainSpec(
    name="renewal_pipeline",
    order=25,
    description="续签客户清单 register (renewal pipeline snapshot) → customer.续签客户清单",
    schema="customer",
    table="续签客户清单",
    columns=COLUMNS,
    indexes=(("月度",), ("company_id",), ("年金计划号",)),
    inputs=INPUTS,
    period_column="月度",
    refresh="period",
    monitored_measure="计划规模",
    transform=transform,
    enrichment=EnrichmentKeys(
        plan_key="__plan_key", name_key="客户名称", plan_type="计划类型", source_id="__source_id"
    ),
    period_check=False,
    output_rules=(reg.BRANCH_RULE,),
)
