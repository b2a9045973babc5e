"""annual_loss, declared once: the cumulative loss ledger (sheets 企年受托流失(解约) and
企年投资流失(解约) of the 台账登记 workbook) → ``customer.流失客户明细``."""

from __future__ import annotations

from work_data_hub.core.domains import ledger_common as ledger
from work_data_hub.core.domains.annual_loss.references import REFERENCES
from work_data_hub.core.domains.base import DomainSpec

DATE_COLUMN = "流失日期"

DOMAIN = DomainSpec(
    name="annual_loss",
    order=20,
    description="当年流失 loss ledger → customer.流失客户明细",
    schema="customer",
    table="流失客户明细",
    columns=ledger.columns(DATE_COLUMN),
    indexes=(("上报月份", "业务类型"), ("业务类型",), ("company_id",), ("年金计划号",)),
    inputs=ledger.inputs(
        DATE_COLUMN,
        frozenset(
            {
                "区域",
                "年金中心",
                "上报人",
                "考核标签",
                "战区前五大",
                "中心前十大",
                "机构前十大",
                "五亿以上",
                "insert_sql",
            }
        ),
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
    legacy=ledger.legacy_tables("企年受托流失", "企年投资流失"),
)
