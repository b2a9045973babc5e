"""The samples of the two assessed-revenue kinds: sheets 公司利润数据 and 预算_YYYY of the
考核收入数据 workbook, in the wide two-header-row layout (group labels over 12 `N月累计`
columns). Counts are of the unpivoted rows (one per non-blank cell); a row with 是否导入
filled is skipped cell by cell."""

from __future__ import annotations

import random
from typing import Any

from work_data_hub.core.samples.declaration import SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts

IDS = ["序号", "口径", "产品线", "产品明细", "利润指标", "是否导入"]
_LINES = (("企年受托", "单一计划受托"), ("企年受托", "集合计划受托"), ("企年投资", "单一计划投资"),
          ("企年投资", "集合计划投资"), ("职年受托", "职业年金受托"), ("职年投资", "职业年金投资"))  # fmt: skip
_INDICATORS = ("管理费收入", "投资收益", "收支轧差", "营业收入")


def wide_sheet(req: SampleRequest, sheet: str, groups: list[tuple[str, int]], key: str) -> GeneratedSheet:
    """``groups``: (label, months filled). Row 1 the ids and labels, row 2 the month names."""
    rng = random.Random(f"wdh-samples:{req.seed}:{req.period}:{key}")
    top: list[Any] = list(IDS)
    sub: list[Any] = [None] * len(IDS)
    for label, _ in groups:
        top += [label] + [None] * 11
        sub += [f"{m}月累计" for m in range(1, 13)]
    rows: list[list[Any]] = [top, sub]
    cells = skipped = 0
    for i in range(req.rows):
        line, detail = _LINES[i % len(_LINES)]
        indicator = _INDICATORS[(i // len(_LINES)) % len(_INDICATORS)]
        flag = "否" if req.dirty and i == 1 else None
        row: list[Any] = [i + 1, "管理口径", line, detail, indicator, flag]
        for _, filled in groups:
            total = 0.0
            for m in range(1, 13):
                total += round(rng.uniform(10, 300), 2)
                row.append(round(total, 2) if m <= filled else None)
            cells += filled
            skipped += filled if flag else 0
        rows.append(row)
    counts = SheetCounts(sheet=sheet, header=top, rows_read=cells, rows_skipped=skipped)
    if req.dirty and req.rows >= 3:
        rows[4][len(IDS)] = f"{rows[4][len(IDS)]:,.2f}"  # thousands separators
        rows.insert(4, [None] * len(top))  # a fully blank row: dropped and counted
        counts.rows_blank = 1
    return GeneratedSheet(rows=rows, counts=counts)
