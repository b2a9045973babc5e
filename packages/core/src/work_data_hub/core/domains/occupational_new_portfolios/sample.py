"""occupational_new_portfolios' sample: sheet 职年投资新增组合 of the 台账登记 workbook, report
months from January of the period's year up to the period (number, ``2024年3月`` text or a
date cell). When dirty: a blank 到账月份, a 到账月份 typed ``2024-04``, and a blank row."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from work_data_hub.core.domains.ledger_samples import LEDGER_WORKBOOK, register_sheet
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet

SHEET = "职年投资新增组合"
HEADER = [
    "区域",
    "中心",
    "机构",
    "组合名称",
    "组合类别",
    "上报月份",
    "到账月份",
    "上报人",
    "年金计划号",
    "组合代码",
    "备注",
]
_REGIONS = ("东区", "南区", "西区", "北区")
_KINDS = ("含权组合", "固收组合", "稳健组合")


def _row(rng: random.Random, req: SampleRequest, i: int) -> dict[str, Any]:
    month = rng.randint(1, req.month)
    branch = rng.choice(vocab.BRANCH_POOL)
    forms: tuple[Any, ...] = (req.year * 100 + month, f"{req.year}年{month}月", dt.datetime(req.year, month, 15))
    return {
        "区域": rng.choice(_REGIONS),
        "中心": f"{branch}年金中心",
        "机构": branch,
        "组合名称": f"{branch}职业年金计划平安组合{i + 1}",
        "组合类别": rng.choice(_KINDS),
        "上报月份": forms[i % 3],
        "到账月份": dt.datetime(req.year, month, 1),
        "上报人": rng.choice(("张伟", "王芳", "李强")),
        "年金计划号": f"Z{rng.randint(1, 40):04d}",
        "组合代码": f"I44Z{5100 + i}",
        "备注": rng.choice(("新增组合", None)),
    }


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    dirty: list[tuple[str, dict[str, Any]]] = [
        ("到账月份:blank", {"到账月份": None}),
        ("到账月份:dash", {"到账月份": f"{req.year}-{req.month:02d}"}),
    ]
    return register_sheet(req, SHEET, HEADER, _row, dirty)


SAMPLE = DomainSample(workbook=LEDGER_WORKBOOK, sheets=_sheets, example_rows=5, min_dirty_rows=3)
