"""group_pension_contributions' sample: the 团养缴费 table written as the UTF-16 text
export the legacy downloads are (``…团养缴费明细.xls``), with the spec's traps when dirty:
an amount with thousands separators, a company marked （已转出）, an unpaid short-term
row with blank 到账日期 / 到账金额, and a blank row (a line of tabs)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, Role, SampleRequest, SampleWorkbook
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts
from work_data_hub.core.samples.universe import company_name

SHEET = "团养缴费"
HEADER = [
    "缴费批次号",
    "企业计划号",
    "企业名称",
    "机构",
    "产品名称",
    "缴费期间(起)",
    "缴费期间(止)",
    "企业应缴金额",
    "个人应缴金额",
    "应缴金额合计",
    "到账日期",
    "到账金额",
    "状态",
    "是否是超短缴",
    "交易日期",
    "申请日期",
    "申请来源",
]
PRODUCTS = ("平安如意团体养老保障管理产品", "平安颐享团体养老保障管理产品", "平安安盈团体养老保障管理产品")
SOURCES = ("线上平台", "柜面", "批量导入")


def _file_name(period: str, _role: Role) -> str:
    return f"{period[2:4]}年{int(period[4:])}月团养缴费明细.xls"


WORKBOOK = SampleWorkbook(
    key="group_pension_contributions", folder="业务收集/团养", file_name=_file_name, text_export=True
)


def contribution_row(rng: random.Random, req: SampleRequest, i: int) -> list[Any]:
    first = dt.date(req.year, req.month, 1)
    last = dt.date(req.year, req.month, vocab.last_day(req.year, req.month))
    company = Decimal(rng.randint(100_000, 50_000_000)) / 100
    person = Decimal(rng.randint(0, 5_000_000)) / 100
    arrived = first + dt.timedelta(days=rng.randint(5, 20))
    applied = first + dt.timedelta(days=rng.randint(0, 4))
    total = company + person
    return [
        f"JF{req.period}{i:05d}",
        f"TY{rng.randint(10_000, 99_999)}",
        company_name(rng),
        rng.choice(vocab.BRANCH_POOL),
        rng.choice(PRODUCTS),
        first,
        last,
        company,
        person,
        total,
        arrived,
        total,
        "已到账",
        "否",
        arrived,
        applied,
        rng.choice(SOURCES),
    ]


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    rng = random.Random(f"wdh-samples:{req.seed}:{req.period}:group_pension_contributions")
    rows: list[list[Any]] = [list(HEADER)]
    rows += [contribution_row(rng, req, i + 1) for i in range(req.rows)]
    counts = SheetCounts(sheet=SHEET, header=list(HEADER), rows_read=req.rows)
    if req.dirty:
        rows[1][7] = f"{rows[1][7]:,}"  # thousands separators are read
        rows[2][2] = f"{rows[2][2]}（已转出）"  # R-NAME removes the status marker
        unpaid = rows[3]
        unpaid[10], unpaid[11], unpaid[12], unpaid[13] = None, None, "未到账", "是"
        rows.insert(3, [None] * len(HEADER))  # a blank row: dropped and counted
        counts.rows_blank = 1
    return {SHEET: GeneratedSheet(rows=rows, counts=counts)}


SAMPLE = DomainSample(workbook=WORKBOOK, sheets=_sheets, example_rows=6, min_dirty_rows=3)
