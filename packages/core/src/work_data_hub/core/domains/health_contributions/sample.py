"""health_contributions' sample: sheet 企康缴费 of the 企康缴费 workbook, pension and
health rows in one layout; when dirty, an amount with thousands separators, a health row
without 客户经理代码 / um号, a name with a trailing space and a blank row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from work_data_hub.core.domains import health_workbook as hw
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts
from work_data_hub.core.samples.universe import company_name

SHEET = "企康缴费"
HEADER = [
    "所属渠道",
    "战区",
    "中心",
    "渠道",
    "机构",
    "项目名称",
    "保单号/客户名称",
    "险种",
    "客户名称",
    "保单状态",
    "承保时间",
    "生效时间",
    "缴费确认时间",
    "缴费类型",
    "缴费金额",
    "缴费年",
    "缴费月",
    "新/续保",
    "折算后业绩",
    "最终业绩",
    "客户经理代码",
    "um号",
]
LINES = (("团体年金保险", "GP"), ("企业补充养老保险", "GP"), ("团体健康险", "JK"), ("团体医疗保险", "JK"))


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    rng = hw.rng_for(req, "health_contributions")
    rows: list[list[Any]] = [list(HEADER)]
    for _ in range(req.rows):
        zone, centre = rng.choice(hw.ZONES)
        line, prefix = rng.choice(LINES)
        company = company_name(rng)
        confirmed = hw.day_in(req, rng)
        signed = hw.earlier_day(rng, confirmed)
        paid = hw.amount(rng, 1_000, 2_000_000)
        credited = (paid * 6 / 10).quantize(paid)
        code, um = hw.manager(rng)
        rows.append(
            [
                rng.choice(hw.CHANNELS),
                zone,
                centre,
                "直销",
                rng.choice(vocab.BRANCH_POOL),
                f"{company[:-4]}保障项目",
                hw.policy_number(rng, prefix),
                line,
                company,
                rng.choice(hw.STATUSES),
                signed,
                signed + dt.timedelta(days=2),
                confirmed,
                rng.choice(hw.PAYMENT_TYPES),
                paid,
                req.year,
                req.month,
                rng.choice(("新保", "续保")),
                credited,
                credited,
                code,
                um,
            ]
        )
    counts = SheetCounts(sheet=SHEET, header=list(HEADER), rows_read=req.rows)
    if req.dirty:
        rows[1][14] = f"{rows[1][14]:,}"  # thousands separators are read
        rows[2][7], rows[2][20], rows[2][21] = "团体健康险", None, None  # blank codes: NULL, the row is valid
        rows[3][8] = f"{rows[3][8]} "  # trimmed by R-NAME
        rows.insert(3, [None] * len(HEADER))
        counts.rows_blank = 1
    return {SHEET: GeneratedSheet(rows=rows, counts=counts)}


SAMPLE = DomainSample(workbook=hw.HEALTH_WORKBOOK, sheets=_sheets, example_rows=6, min_dirty_rows=3)
