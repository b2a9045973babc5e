"""annuity_income, declared once: sheet 收入明细 (fee income per plan, portfolio and
customer) of the same workbook as annuity_performance → ``business.收入明细``."""

from __future__ import annotations

from work_data_hub.core.domains.annuity_income.references import REFERENCES
from work_data_hub.core.domains.annuity_income.transform import FEES, transform
from work_data_hub.core.domains.base import Column, DomainSpec, EnrichmentKeys, InputColumns
from work_data_hub.core.domains.output_rules import Matches
from work_data_hub.core.legacy.declaration import LegacyTable


def _fee(name: str) -> Column:
    return Column(name, "numeric", precision=(18, 4), nullable=False, default="0")


COLUMNS = (
    Column("月度", "month", nullable=False),
    Column("计划代码", "text", 50, nullable=False),
    Column("company_id", "text", 50),
    Column("客户名称", "text", 255),
    Column("产品线代码", "text", 20),
    Column("机构代码", "text", 10, nullable=False, default="G00"),
    *(_fee(f) for f in FEES),
    Column("业务类型", "text", 50, nullable=False),
    Column("计划类型", "text", 50),
    Column("组合代码", "text", 50),
    Column("计划名称", "text", 255),
    Column("组合类型", "text", 100),
    Column("组合名称", "text", 255),
    Column("机构名称", "text", 100),
    Column("年金账户名", "text", 255),
)

INPUTS = InputColumns(
    required=frozenset({"月度", "业务类型", "计划类型", "计划代码", "客户名称", "固费"}),
    optional=frozenset(
        {"计划名称", "组合类型", "组合代码", "组合名称", "浮费", "回补", "税", "机构代码", "机构名称", "公司代码"}
    ),
    # In this sheet 机构 holds the branch code (in 规模明细 it is the name).
    aliases={"计划号": "计划代码", "机构": "机构代码", "客户全称": "客户名称", "company_id": "公司代码"},
    dropped_silently=frozenset({"id", "备注"}),
    absent_silently=frozenset({"公司代码"}),  # the source's own company id: most months lack it
    # Current workbooks carry only 固费; the other fees appear in some months.
    absent_warnings={f: f"收入明细: column {f} absent; loaded as 0" for f in FEES[1:]},
)

DOMAIN = DomainSpec(
    name="annuity_income",
    order=40,
    description="收入明细 (income detail) → business.收入明细",
    schema="business",
    table="收入明细",
    columns=COLUMNS,
    indexes=(("月度",), ("月度", "业务类型", "计划类型"), ("计划代码",), ("company_id",), ("机构代码",)),
    inputs=INPUTS,
    period_column="月度",
    refresh="period",
    monitored_measure="固费",
    transform=transform,
    enrichment=EnrichmentKeys(
        plan_key="__plan_key",
        name_key="客户名称",
        plan_type="计划类型",
        account_name="年金账户名",
        source_id="__source_id",
    ),
    supplement_groups=("业务类型", "计划类型"),
    shrink_guard=True,
    references=REFERENCES,
    # M4 and M1 give every row a code of these shapes.
    output_rules=(Matches("机构代码", r"G\d{2}"), Matches("产品线代码", r"PL\d{3}")),
    legacy=(LegacyTable("business", "收入明细", "月度", prefer={"客户名称": ("年金账户名", "客户名称")}),),
)
