"""impairment_provisions' sample: sheet 减值计提 of the 减值计提 workbook: per branch summary
(`X分公司汇总`, and 总部) one row per business type. Dirty: 月度 in its text variants and one
blank (the run's period, a warning), a balance with thousands separators, a fully blank row.
Nothing is rejected."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from work_data_hub.core.domains.finance_samples import FOLDER, label
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest, SampleWorkbook
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts

SHEET = "减值计提"
HEADER = ["月度", "业务类型", "分支机构", "期末余额"]

WORKBOOK = SampleWorkbook(
    key="impairment_provisions", folder=FOLDER, file_name=lambda period, _role: f"{label(period)}减值计提.xlsx"
)


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    rng = random.Random(f"wdh-samples:{req.seed}:{req.period}:减值计提")
    branches = ["总部", *(f"{b}分公司汇总" for b in vocab.BRANCHES[1:])]
    first = dt.date(req.year, req.month, 1)
    data: list[list[Any]] = []
    for i in range(req.rows):
        data.append(
            [first, ("投管", "受托")[i % 2], branches[(i // 2) % len(branches)], round(rng.uniform(1e4, 6e6), 2)]
        )
    rows: list[list[Any]] = [list(HEADER), *data]
    counts = SheetCounts(sheet=SHEET, header=list(HEADER), rows_read=req.rows)
    if req.dirty and len(data) >= 3:
        rows[1][0] = f"{req.year}年{req.month}月"
        rows[2][0] = f"{req.year}/{req.month}/1"
        rows[3][0] = None  # blank: the run's period, with a warning
        rows[1][3] = f"{rows[1][3]:,.2f}"
        rows.insert(2, [None] * len(HEADER))
        counts.rows_blank = 1
    return {SHEET: GeneratedSheet(rows=rows, counts=counts)}


SAMPLE = DomainSample(workbook=WORKBOOK, sheets=_sheets, example_rows=8, min_dirty_rows=3)
