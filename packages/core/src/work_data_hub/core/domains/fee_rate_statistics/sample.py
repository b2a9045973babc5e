"""fee_rate_statistics' sample: the first sheet (费率统计) of the 年金费率统计 workbook in
`财务数据/费率/`, e.g. `2024年年金费率统计（截至11月）.xlsx`. The header names the previous
year-end (`2023年底/新签规模`) and, from 202412, 新签/续签 instead of 是否新签/续签. Dirty:
rates as `0.12%` text and as fractions, a 受托 单一计划 row with a blank code (AN002), a
blank row. Nothing rejected."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from work_data_hub.core.domains.finance_samples import FOLDER, pick_branch, portfolios
from work_data_hub.core.samples.declaration import DomainSample, Role, SampleRequest, SampleWorkbook
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts
from work_data_hub.core.samples.universe import plan_universe

SHEET = "费率统计"


def header(year: int, month: int) -> list[str]:
    signed = "新签/续签" if month in (12, 1) else "是否新签/续签"
    return ["序号", "机构", "投资/受托", "计划类型", "计划/组合名称", "计划/组合代码", "客户名称",
            f"{year - 1}年底/新签规模", "续签/新签合同费率", signed, "新签/续签时间", "备注"]  # fmt: skip


def _file_name(period: str, _role: Role) -> str:
    year, month = int(period[:4]), int(period[4:])
    return f"{year}年年金费率统计（截至{month}月）.xlsx"


WORKBOOK = SampleWorkbook(key="fee_rate_statistics", folder=f"{FOLDER}/费率", file_name=_file_name)


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    rng = random.Random(f"wdh-samples:{req.seed}:{req.period}:费率统计")
    plans = plan_universe(req.seed, 40)
    pool = portfolios(req.seed)
    data: list[list[Any]] = []
    for i in range(req.rows):
        signed = dt.date(req.year - 1, 1 + i % 12, 1 + i % 27)
        if i % 2 == 0:
            plan = plans[i % len(plans)]
            data.append(
                [
                    i + 1,
                    pick_branch(rng),
                    "受托",
                    plan.plan_type,
                    plan.name,
                    plan.code,
                    plan.sponsor,
                    round(rng.uniform(1e7, 5e8), 2),
                    f"{rng.choice((0.08, 0.1, 0.12))}%",
                    "续签",
                    signed,
                    None,
                ]
            )
        else:
            code, name, _plan = pool[i % len(pool)]
            data.append(
                [
                    i + 1,
                    pick_branch(rng),
                    "投资",
                    "集合计划",
                    name,
                    f"F{code}",
                    None,
                    round(rng.uniform(1e7, 5e8), 2),
                    rng.choice((0.0015, 0.002)),
                    "新签",
                    signed,
                    None,
                ]
            )
    head = header(req.year, req.month)
    rows: list[list[Any]] = [head, *data]
    counts = SheetCounts(sheet=SHEET, header=head, rows_read=req.rows)
    if req.dirty and len(data) >= 3:
        rows[3][3], rows[3][5] = "单一计划", None  # a 受托 单一计划 row without a code: AN002, QTAN002
        rows[1][7] = f"{rows[1][7]:,.2f}"
        rows.insert(2, [None] * len(head))
        counts.rows_blank = 1
    return {SHEET: GeneratedSheet(rows=rows, counts=counts)}


SAMPLE = DomainSample(workbook=WORKBOOK, sheets=_sheets, example_rows=8, min_dirty_rows=3)
