"""health_pension_part's sample: sheet 养老险 of the 企康缴费 workbook; when dirty, an
amount with thousands separators, a company marked (原), a 承保时间 keyed as Chinese text,
an active policy without 退保时间 and a blank row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from work_data_hub.core.domains import health_workbook as hw
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts
from work_data_hub.core.samples.universe import company_name

SHEET = "养老险"
HEADER = [
    "所属渠道",
    "战区",
    "中心",
    "渠道",
    "机构",
    "项目简称",
    "保单号",
    "险种",
    "客户名称",
    "保单状态",
    "承保时间",
    "生效时间",
    "退保时间",
    "缴费确认时间",
    "缴费类型",
    "缴费金额",
    "初始管理费",
    "经办服务费",
    "员工人数",
    "缴费年",
    "缴费月",
    "新/续保",
    "客户经理代码",
    "UM号",
]


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    rng = hw.rng_for(req, "health_pension_part")
    rows: list[list[Any]] = [list(HEADER)]
    for _ in range(req.rows):
        zone, centre = rng.choice(hw.ZONES)
        company = company_name(rng)
        confirmed = hw.day_in(req, rng)
        signed = hw.earlier_day(rng, confirmed)
        status = rng.choice(hw.STATUSES)
        surrendered = confirmed - dt.timedelta(days=rng.randint(1, 20)) if status == "退保" else None
        paid = hw.amount(rng, 10_000, 5_000_000)
        code, um = hw.manager(rng)
        rows.append(
            [
                rng.choice(hw.CHANNELS),
                zone,
                centre,
                "直销",
                rng.choice(vocab.BRANCH_POOL),
                f"{company[:-4]}养老项目",
                hw.policy_number(rng, "GP"),
                "企业补充养老保险",
                company,
                status,
                signed,
                signed + dt.timedelta(days=8),
                surrendered,
                confirmed,
                rng.choice(hw.PAYMENT_TYPES),
                paid,
                (paid * 15 / 1000).quantize(paid),
                (paid * 2 / 1000).quantize(paid),
                rng.randint(10, 3000),
                req.year,
                req.month,
                rng.choice(("新保", "续保")),
                code,
                um,
            ]
        )
    counts = SheetCounts(sheet=SHEET, header=list(HEADER), rows_read=req.rows)
    if req.dirty:
        rows[1][15] = f"{rows[1][15]:,}"  # thousands separators are read
        rows[2][8] = f"(原){rows[2][8]}"  # R-NAME removes the former-name marker
        signed = rows[3][10]
        rows[3][10] = f"{signed.year}年{signed.month}月{signed.day}日"  # R-DATE reads Chinese dates
        rows[3][9], rows[3][12] = "有效", None  # an active policy: no 退保时间
        rows.insert(3, [None] * len(HEADER))
        counts.rows_blank = 1
    return {SHEET: GeneratedSheet(rows=rows, counts=counts)}


SAMPLE = DomainSample(workbook=hw.HEALTH_WORKBOOK, sheets=_sheets, example_rows=6, min_dirty_rows=3)
