"""assessed_revenue_budget's sample: sheet 预算_{P's year} with one group, all 12 months
filled. Dirty as 公司利润数据's sample."""

from __future__ import annotations

from work_data_hub.core.domains.finance_samples import REVENUE_WORKBOOK
from work_data_hub.core.domains.revenue_samples import wide_sheet
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    sheet = f"预算_{req.year}"
    return {sheet: wide_sheet(req, sheet, [(sheet, 12)], "预算")}


SAMPLE = DomainSample(workbook=REVENUE_WORKBOOK, sheets=_sheets, example_rows=6, min_dirty_rows=3)
