"""manual_adjustment, declared once: the 灌入数据 register of the 台账登记 workbook (manual
corrections in the 规模明细 shape, other-kinds.md §2.6) → ``business.手工调整``, a table of
its own (never merged into 规模明细). One delivery is one period (月度 = P)."""

from __future__ import annotations

from work_data_hub.core.domains import ledger_registers as reg
from work_data_hub.core.domains.base import Column, DomainSpec, EnrichmentKeys, InputColumns
from work_data_hub.core.domains.manual_adjustment.transform import AMOUNTS, TEXT, transform
from work_data_hub.core.domains.output_rules import Matches

COLUMNS = (
    Column("月度", "month", nullable=False),
    Column("业务类型", "text", 20, nullable=False),
    Column("计划类型", "text", 20),
    Column("计划代码", "text", 50, nullable=False),
    *(Column(c, "text", 255) for c in TEXT[:4]),
    Column("客户名称", "text", 255),
    *(Column(c, "numeric", precision=(18, 4)) for c in AMOUNTS),
    Column("当期收益率", "numeric", precision=reg.RATE),
    reg.BRANCH_CODE,
    Column("机构名称", "text", 100),
    Column("产品线代码", "text", 20, nullable=False),
    Column("company_id", "text", 50),
    Column("考核有效", "flag"),
    Column("备注", "text"),
)

INPUTS = InputColumns(
    required=frozenset({"业务类型", "计划代码"}),
    optional=frozenset({"月度", "计划类型", *TEXT[:4], "客户名称", *AMOUNTS, "当期收益率", "机构", "考核有效", "备注"}),
    aliases={"流失(含待遇支付)": "流失_含待遇支付", "机构名称": "机构", "计划号": "计划代码", "客户全称": "客户名称"},
    left_absent=frozenset({"月度"}),
)

DOMAIN = DomainSpec(
    name="manual_adjustment",
    order=22,
    description="灌入数据 register (manual adjustments) → business.手工调整",
    schema="business",
    table="手工调整",
    columns=COLUMNS,
    indexes=(("月度",), ("计划代码",), ("company_id",)),
    inputs=INPUTS,
    period_column="月度",
    refresh="period",
    monitored_measure="期末资产规模",
    transform=transform,
    enrichment=EnrichmentKeys(plan_key="__plan_key", name_key="客户名称", plan_type="计划类型"),
    output_rules=(reg.BRANCH_RULE, Matches("产品线代码", r"PL\d{3}")),
)
