"""historic_floating_fees' sample: sheet 历史浮费 of the 风准金转回及历史浮费 workbook, as a
real delivery lays it out: per portfolio a few accrual rows with 组合代码, 组合名称 and
浮动金额 merged vertically (a reader sees them in the group's first row only), then a 小计
row without 计提月度 (dropped and counted as skipped). Dirty: the headers with `（元）` and a
trailing space, 计提月度 in its text variants, a fully blank row. Nothing is rejected."""

from __future__ import annotations

import random
from typing import Any

from work_data_hub.core.domains.finance_samples import RISK_RESERVE_WORKBOOK, pick_branch, portfolios
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts

SHEET = "历史浮费"
HEADER = ["区域", "机构", "受托人", "组合代码", "组合名称", "浮动金额", "浮费年度", "已计提浮动金额", "计提月度"]
DIRTY_HEADER = [
    "区域",
    "机构",
    "受托人",
    "组合代码",
    "组合名称",
    "浮动金额（元）",
    "浮费年度",
    "已计提浮动金额（元） ",
    "计提月度",
]
_ZONES = ("北区", "南区", "东区", "西区")
GROUP = 3  # accrual rows per portfolio


def _month_cell(year: int, month: int, variant: int) -> Any:
    return (f"{year}/{month}", f"{year}年{month}月", year * 100 + month)[variant % 3]


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    """``req.rows`` accrual rows, in groups of three, each group followed by its 小计."""
    rng = random.Random(f"wdh-samples:{req.seed}:{req.period}:历史浮费")
    pool = portfolios(req.seed)
    rows: list[list[Any]] = [list(DIRTY_HEADER if req.dirty else HEADER)]
    subtotals = 0
    done = 0
    group = 0
    while done < req.rows:
        code, name, _plan = pool[group % len(pool)]
        size = min(GROUP, req.rows - done)
        total = round(rng.uniform(5e4, 9e5), 2)
        zone, org = rng.choice(_ZONES), pick_branch(rng)
        accrued = round(total / size, 2)
        for i in range(size):
            month = 1 + (i * 4 + group) % req.month if req.month > 1 else 1
            merged = [f"F{code}" if group % 2 else code, name, total] if i == 0 else [None, None, None]
            cell = _month_cell(req.year, month, i) if req.dirty else f"{req.year}-{month:02d}"
            rows.append([zone, org, "平安养老", *merged, req.year - 1, accrued, cell])
        rows.append(["小计", None, None, None, None, None, None, round(accrued * size, 2), None])
        subtotals += 1
        done += size
        group += 1
    counts = SheetCounts(sheet=SHEET, header=rows[0], rows_read=req.rows + subtotals, rows_skipped=subtotals)
    if req.dirty and req.rows:
        rows.insert(2, [None] * len(HEADER))  # a fully blank row inside a merged group: dropped and counted
        counts.rows_blank = 1
    return {SHEET: GeneratedSheet(rows=rows, counts=counts)}


SAMPLE = DomainSample(workbook=RISK_RESERVE_WORKBOOK, sheets=_sheets, example_rows=9, min_dirty_rows=3)
