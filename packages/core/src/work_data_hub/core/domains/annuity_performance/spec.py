"""annuity_performance, declared once: sheet 规模明细 of the monthly annuity workbook
(AUM detail per plan, portfolio and customer) → ``business.规模明细``."""

from __future__ import annotations

from work_data_hub.core.domains.annuity_performance.references import REFERENCES
from work_data_hub.core.domains.annuity_performance.transform import transform
from work_data_hub.core.domains.base import Column, DomainSpec, EnrichmentKeys, InputColumns, Reconciliation
from work_data_hub.core.domains.output_rules import Matches
from work_data_hub.core.legacy.declaration import LegacyTable

AMOUNTS = ("期初资产规模", "期末资产规模", "供款", "流失_含待遇支付", "流失", "待遇支付", "投资收益")


def _money(name: str) -> Column:
    return Column(name, "numeric", precision=(18, 4))


COLUMNS = (
    Column("计划代码", "text", 50, nullable=False),
    Column("company_id", "text", 50),
    Column("月度", "month", nullable=False),
    Column("业务类型", "text", 50, nullable=False),
    Column("计划类型", "text", 50),
    Column("计划名称", "text", 255),
    Column("组合代码", "text", 50),
    Column("客户名称", "text", 255),
    _money("期初资产规模"),
    _money("期末资产规模"),
    _money("供款"),
    _money("流失_含待遇支付"),
    _money("流失"),
    _money("待遇支付"),
    Column("机构代码", "text", 10, nullable=False, default="G00"),
    Column("机构名称", "text", 100),
    Column("产品线代码", "text", 20),
    Column("年金账户号", "text", 50),
    Column("年金账户名", "text", 255),
    Column("子企业号", "text", 50),
    Column("子企业名称", "text", 255),
    Column("集团企业客户号", "text", 50),
    Column("集团企业客户名称", "text", 255),
    Column("组合类型", "text", 100),
    Column("组合名称", "text", 255),
    _money("投资收益"),
    Column("当期收益率", "numeric", precision=(10, 6)),
)

INPUTS = InputColumns(
    required=frozenset({"月度", "业务类型", "计划类型", "计划代码", "客户名称", "期末资产规模"}),
    optional=frozenset(
        {
            "计划名称",
            "组合类型",
            "组合代码",
            "组合名称",
            "期初资产规模",
            "供款",
            "流失(含待遇支付)",
            "流失",
            "待遇支付",
            "投资收益",
            "当期收益率",
            "机构代码",
            "机构名称",
            "子企业号",
            "子企业名称",
            "集团企业客户号",
            "集团企业客户名称",
            "公司代码",
        }
    ),
    # Keys are headers after normalisation (NFKC already turned （） into ()).
    aliases={
        "计划号": "计划代码",
        "机构": "机构名称",
        "流失_含待遇支付": "流失(含待遇支付)",
        "客户全称": "客户名称",
        "company_id": "公司代码",
    },
    dropped_silently=frozenset({"id", "备注"}),
    absent_silently=frozenset({"公司代码"}),  # the source's own company id: most months lack it
)

DOMAIN = DomainSpec(
    name="annuity_performance",
    order=30,
    description="规模明细 (AUM detail) → business.规模明细",
    schema="business",
    table="规模明细",
    columns=COLUMNS,
    indexes=(
        ("月度",),
        ("月度", "业务类型", "计划类型"),
        ("计划代码",),
        ("company_id",),
        ("机构代码",),
        ("产品线代码",),
        ("年金账户号",),
    ),
    inputs=INPUTS,
    period_column="月度",
    refresh="period",
    monitored_measure="期末资产规模",
    transform=transform,
    supplement_groups=("业务类型", "计划类型"),
    shrink_guard=True,
    enrichment=EnrichmentKeys(
        plan_key="__plan_key",
        name_key="客户名称",
        plan_type="计划类型",
        account_number="年金账户号",
        account_name="年金账户名",
        source_id="__source_id",
    ),
    references=REFERENCES,
    # M4 and M1 give every row a code of these shapes.
    output_rules=(Matches("机构代码", r"G\d{2}"), Matches("产品线代码", r"PL\d{3}")),
    # The legacy cleaner overwrote 客户名称 and kept the delivered name in 年金账户名.
    legacy=(LegacyTable("business", "规模明细", "月度", prefer={"客户名称": ("年金账户名", "客户名称")}),),
    # A portfolio's stock at the start of a month is its stock at the end of the last one.
    reconciliation=Reconciliation(
        opening="期初资产规模",
        closing="期末资产规模",
        keys=("计划代码", "组合代码", "company_id"),
        totals_by="业务类型",
    ),
    trend_by=("业务类型", "机构名称"),
)
