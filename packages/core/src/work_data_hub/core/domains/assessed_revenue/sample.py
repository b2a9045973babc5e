"""assessed_revenue's sample: sheet 公司利润数据 with the groups 实际_{Y-1} (12 months) and
实际_{Y} (January … P). Dirty: a row with 是否导入 否 (skipped), a fully blank row,
thousands separators. Nothing rejected."""

from __future__ import annotations

from work_data_hub.core.domains.finance_samples import REVENUE_WORKBOOK
from work_data_hub.core.domains.revenue_samples import wide_sheet
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet

SHEET = "公司利润数据"


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    groups = [(f"实际_{req.year - 1}", 12), (f"实际_{req.year}", req.month)]
    return {SHEET: wide_sheet(req, SHEET, groups, "公司利润数据")}


SAMPLE = DomainSample(workbook=REVENUE_WORKBOOK, sheets=_sheets, example_rows=6, min_dirty_rows=3)
