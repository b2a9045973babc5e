"""assessed_revenue, declared once: sheet 公司利润数据 of the 考核收入数据 workbook (kind 20,
other-kinds.md §2.14), a wide table unpivoted to one row per month → ``finance.考核收入明细``."""

from __future__ import annotations

from work_data_hub.core.domains import revenue_common as revenue
from work_data_hub.core.domains.base import DomainSpec

VALUE = "指标达成"

DOMAIN = DomainSpec(
    name="assessed_revenue",
    order=200,
    description="公司利润数据 (assessed revenue actuals) → finance.考核收入明细",
    schema="finance",
    table="考核收入明细",
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
