"""portfolio_performance's sample: sheet 组合业绩 of the 年金组合业绩 workbook
(`数据采集/组合业绩/`). Dirty: the headers as delivered (line breaks inside cells, a tab,
`(%)` suffixes), F-prefixed and number portfolio codes, a `%` text, a negative relative
performance, an amount with thousands separators and a fully blank row. Nothing rejected."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from work_data_hub.core.domains.finance_samples import label, portfolios
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest, SampleWorkbook
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts

SHEET = "组合业绩"
DIRTY_HEADER = [
    "序号", "计划\n类别", "投资风格", "组合编号", "年金计划号", "组合名称", "运作\n开始日", "受托人",
    "本月以来\n业绩(%)", "本月以来\n基准(%)", "本月以来\n相对表现(%)", "YTD\n业绩(%)", "YTD\n基准(%)",
    "YTD\n相对表现(%)", "成立以来\n业绩(%)", "成立以来\n基准(%)", "成立以来\n相对表现(%)", "权益仓位\n(%)",
    "YTD(剔除浮动\t管理费)(%)", "规模", "数据更新\n日期",
]  # fmt: skip
HEADER = [h.replace("\n", "").replace("\t", "") for h in DIRTY_HEADER]

WORKBOOK = SampleWorkbook(
    key="portfolio_performance",
    folder="数据采集/组合业绩",
    file_name=lambda period, _role: f"{label(period)}年金组合业绩.xlsx",
)


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    rng = random.Random(f"wdh-samples:{req.seed}:{req.period}:组合业绩")
    pool = portfolios(req.seed)
    updated = dt.date(req.year, req.month, vocab.last_day(req.year, req.month))
    data: list[list[Any]] = []
    for i in range(req.rows):
        code, name, plan = pool[i % len(pool)]
        month, bench = round(rng.uniform(-1, 1.5), 2), round(rng.uniform(-1, 1.5), 2)
        ytd, ytd_b = round(rng.uniform(-2, 6), 2), round(rng.uniform(-2, 6), 2)
        life, life_b = round(rng.uniform(5, 60), 2), round(rng.uniform(5, 60), 2)
        data.append(
            [i + 1, "单一计划" if plan.startswith("S") else "集合计划", rng.choice(("含权", "固收")),
             f"F{code}" if req.dirty and i % 3 == 1 else code, plan, name, dt.date(2015 + i % 8, 6, 1), "平安养老",
             month, bench, round(month - bench, 2), ytd, ytd_b, round(ytd - ytd_b, 2), life, life_b,
             round(life - life_b, 2), round(rng.uniform(0, 30), 1), round(ytd - 0.2, 2),
             round(rng.uniform(1e7, 5e8), 2), updated]
        )  # fmt: skip
    rows: list[list[Any]] = [list(DIRTY_HEADER if req.dirty else HEADER), *data]
    counts = SheetCounts(sheet=SHEET, header=rows[0], rows_read=req.rows)
    if req.dirty and len(data) >= 2:
        rows[1][11] = f"{rows[1][11]}%"  # a percentage keyed as text
        rows[2][19] = f"{rows[2][19]:,.2f}"  # thousands separators
        rows.insert(3, [None] * len(HEADER))  # a fully blank row: dropped and counted
        counts.rows_blank = 1
    return {SHEET: GeneratedSheet(rows=rows, counts=counts)}


SAMPLE = DomainSample(workbook=WORKBOOK, sheets=_sheets, example_rows=10, min_dirty_rows=3)
