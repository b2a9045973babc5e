"""annual_award, declared once: the cumulative award ledger (sheets 企年受托中标(空白) and
企年投资中标(空白) of the 台账登记 workbook) → ``customer.中标客户明细``."""

from __future__ import annotations

from work_data_hub.core.domains import ledger_common as ledger
from work_data_hub.core.domains.annual_award.references import REFERENCES
from work_data_hub.core.domains.base import DomainSpec

DATE_COLUMN = "中标日期"

DOMAIN = DomainSpec(
    name="annual_award",
    order=10,
    description="当年中标 award ledger → customer.中标客户明细",
    schema="customer",
    table="中标客户明细",
    columns=ledger.columns(DATE_COLUMN),
    indexes=(("上报月份", "业务类型"), ("company_id",), ("年金计划号",)),
    inputs=ledger.inputs(
        DATE_COLUMN,
        frozenset({"区域", "年金中心", "上报人", "战区前五大", "中心前十大", "机构前十大", "五亿以上", "insert_sql"}),
    ),
    period_column="上报月份",
    refresh="groups",
    refresh_groups=("上报月份", "业务类型"),
    monitored_measure="计划规模",
    transform=ledger.make_transform(DATE_COLUMN),
    enrichment=ledger.ENRICHMENT,
    period_check=False,
    empty_sheet_ok=True,
    after_enrich=ledger.plan_codes_after_enrich,
    references=REFERENCES,
    output_rules=ledger.CODE_RULES,
    legacy=ledger.legacy_tables("企年受托中标", "企年投资中标"),
)
