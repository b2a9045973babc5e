"""risk_reserve's sample: sheet 风准金 of the 风准金转回及历史浮费 workbook. Dirty: the
headers as delivered (stray spaces, a line break, a tab), F-prefixed portfolio codes, an
amount with thousands separators and a fully blank row; nothing is rejected (the quick
start runs with the default reject limit; rejections are the worked-example tests' job)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from work_data_hub.core.domains.finance_samples import RISK_RESERVE_WORKBOOK, pick_branch, portfolios
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts

SHEET = "风准金"
HEADER = [
    "战区",
    "机构",
    "组合代码",
    "组合名称",
    "原受托",
    "风准金账户开户行",
    "风准金结转余额",
    "结转日期",
    "结转金额",
]
DIRTY_HEADER = [
    "战区",
    "机构 ",
    "组合代码",
    "组合名称",
    "原受托",
    "风准金账户\n开户行",
    " 风准金结转余额",
    "结转\t日期",
    "结转金额 ",
]
_ZONES = ("北区", "南区", "东区", "西区")


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    rng = random.Random(f"wdh-samples:{req.seed}:{req.period}:风准金")
    pool = portfolios(req.seed)
    last = dt.date(req.year, req.month, vocab.last_day(req.year, req.month))
    data: list[list[Any]] = []
    for i in range(req.rows):
        code, name, _plan = pool[i % len(pool)]
        balance = round(rng.uniform(1e5, 5e6), 2)
        data.append(
            [rng.choice(_ZONES), pick_branch(rng), f"F{code}" if i % 2 else code, name, "平安养老",
             f"工商银行{rng.choice(vocab.PROVINCES)}分行", balance, last, round(balance * 0.05, 2)]
        )  # fmt: skip
    rows: list[list[Any]] = [list(DIRTY_HEADER if req.dirty else HEADER), *data]
    counts = SheetCounts(sheet=SHEET, header=rows[0], rows_read=req.rows)
    if req.dirty and data:
        rows[1][6] = f"{rows[1][6]:,.2f}"  # thousands separators are read
        rows.insert(2, [None] * len(HEADER))  # a fully blank row: dropped and counted
        counts.rows_blank = 1
    return {SHEET: GeneratedSheet(rows=rows, counts=counts)}


SAMPLE = DomainSample(workbook=RISK_RESERVE_WORKBOOK, sheets=_sheets, example_rows=12, min_dirty_rows=2)
