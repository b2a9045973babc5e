"""group_pension_award's sample: sheet 团养中标 of the 台账登记 workbook, report months from
January of the period's year up to the period; amounts in 万元; rates as ``0.6%`` text or a
fraction. When dirty: a name with a status suffix, an amount with thousands separators, a
signing date typed as text, and a blank row."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from work_data_hub.core.domains.ledger_samples import LEDGER_WORKBOOK, register_sheet
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet
from work_data_hub.core.samples.universe import company_name

SHEET = "团养中标"
HEADER = [
    "区域",
    "机构",
    "客户名称",
    "预估中标规模",
    "实际费率",
    "中标/签约时间",
    "是否烟草统外",
    "到账情况",
    "到账金额",
    "上报月份",
]
_REGIONS = ("东区", "南区", "西区", "北区")


def _row(rng: random.Random, req: SampleRequest, i: int) -> dict[str, Any]:
    month = rng.randint(1, req.month)
    size = round(rng.uniform(50, 5000), 2)
    arrived = rng.choice(("未到账", "部分到账", "已到账"))
    return {
        "区域": rng.choice(_REGIONS),
        "机构": rng.choice(vocab.BRANCH_POOL),
        "客户名称": company_name(rng),
        "预估中标规模": size,
        "实际费率": rng.choice(("0.6%", "0.45%", 0.005)),
        "中标/签约时间": dt.datetime(req.year, month, rng.randint(1, 28)),
        "是否烟草统外": rng.choice(("是", "否")),
        "到账情况": arrived,
        "到账金额": None if arrived == "未到账" else round(size * rng.uniform(0.2, 1), 2),
        "上报月份": (f"{req.year}-{month:02d}", req.year * 100 + month, f"{req.year}年{month}月")[i % 3],
    }


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    dirty: list[tuple[str, dict[str, Any]]] = [
        ("客户名称:status_suffix", {"客户名称": "广东鸿运物流股份有限公司（已转出）"}),
        ("预估中标规模:thousands", {"预估中标规模": "1,250.00"}),
        ("中标签约时间:text", {"中标/签约时间": f"{req.year}/{req.month}/18"}),
    ]
    return register_sheet(req, SHEET, HEADER, _row, dirty)


SAMPLE = DomainSample(workbook=LEDGER_WORKBOOK, sheets=_sheets, example_rows=5, min_dirty_rows=4)
