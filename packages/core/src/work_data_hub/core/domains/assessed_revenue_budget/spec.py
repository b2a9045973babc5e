"""assessed_revenue_budget, declared once: sheet 预算_{P's year} of the 考核收入数据 workbook
(kind 21, other-kinds.md §2.15), the layout of 公司利润数据 with one group → ``finance.考核收入预算``.
The legacy cleaner always produced nothing (a wrong column name); this one loads."""

from __future__ import annotations

from work_data_hub.core.domains import revenue_common as revenue
from work_data_hub.core.domains.base import DomainSpec

VALUE = "指标预算"

DOMAIN = DomainSpec(
    name="assessed_revenue_budget",
    order=210,
    description="预算_YYYY (assessed revenue budget) → finance.考核收入预算",
    schema="finance",
    table="考核收入预算",
    columns=revenue.columns(VALUE),
    indexes=(("月度",), ("月份",), ("利润指标",)),
    inputs=revenue.inputs(VALUE),
    period_column="月度",
    refresh="period",
    monitored_measure=VALUE,
    transform=revenue.transform(VALUE),
    reshape=revenue.unpivot(VALUE),
    after_enrich=revenue.LOOKUPS,
)
