"""fee_expansion's sample: sheet 提费扩面 of the 台账登记 workbook. 已客 rows carry 已客提费扩面供款
with the 新客 columns blank, 新客 rows the reverse; 月度 as a date cell or month text; rates
as text ``0.3%`` or a fraction. When dirty: a 月度 typed ``2024-11``, a blank 月度 (the run's
period, warned), a name with a status suffix, a row keyed by plan code only, an amount with
thousands separators, and a blank row."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from work_data_hub.core.domains.ledger_samples import LEDGER_WORKBOOK, register_sheet
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet
from work_data_hub.core.samples.universe import company_name, plan_universe

SHEET = "提费扩面"
HEADER = [
    "月度",
    "区域",
    "机构",
    "计划类型",
    "年金计划号",
    "客户名称",
    "已客提费扩面供款",
    "新客供款",
    "新客固费费率",
    "备注",
]
_REGIONS = ("东区", "南区", "西区", "北区")


def _row(rng: random.Random, req: SampleRequest, i: int) -> dict[str, Any]:
    plans = [p for p in plan_universe(req.seed, 60) if p.plan_type in ("单一计划", "集合计划")]
    plan = rng.choice(plans)
    existing = i % 2 == 0
    amount = round(10 ** rng.uniform(4, 7), 2)
    return {
        "月度": dt.datetime(req.year, req.month, 1) if i % 3 else f"{req.year}年{req.month}月",
        "区域": rng.choice(_REGIONS),
        "机构": rng.choice(vocab.BRANCH_POOL),
        "计划类型": rng.choice(("单一", "集合")) if plan.plan_type == "单一计划" and i % 4 == 1 else plan.plan_type,
        "年金计划号": plan.code,
        "客户名称": plan.sponsor or company_name(rng),
        "已客提费扩面供款": amount if existing else None,
        "新客供款": None if existing else amount,
        "新客固费费率": None if existing else rng.choice(("0.3%", "0.25%", 0.002)),
        "备注": rng.choice(("提费", "扩面", None)),
    }


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    dirty: list[tuple[str, dict[str, Any]]] = [
        ("月度:dash", {"月度": f"{req.year}-{req.month:02d}"}),
        ("月度:blank", {"月度": None}),
        ("客户名称:status_suffix", {"客户名称": "深圳盛达科技有限公司-已转出"}),
        ("客户名称:blank_plan_only", {"客户名称": None}),
        ("已客提费扩面供款:thousands", {"已客提费扩面供款": "1,350,000.00", "新客供款": None}),
    ]
    return register_sheet(req, SHEET, HEADER, _row, dirty)


SAMPLE = DomainSample(workbook=LEDGER_WORKBOOK, sheets=_sheets, example_rows=6, min_dirty_rows=6)
