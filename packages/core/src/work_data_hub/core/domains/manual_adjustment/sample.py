"""manual_adjustment's sample: sheet 灌入数据 of the 台账登记 workbook, corrections in the
规模明细 shape (negative amounts, `F`-prefixed and blank portfolio codes). When dirty: 月度
as text ``2024年11月``, a blank 组合代码 (M7 default), a blank plan code on a 单一计划 (AN002),
a name with a status suffix, an amount with thousands separators, and a blank row."""

from __future__ import annotations

import random
from typing import Any

from work_data_hub.core.domains.ledger_samples import LEDGER_WORKBOOK, register_sheet
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet
from work_data_hub.core.samples.universe import plan_universe

SHEET = "灌入数据"
HEADER = [
    "月度", "业务类型", "计划类型", "计划代码", "计划名称", "组合类型", "组合代码", "组合名称", "客户名称",
    "期初资产规模", "期末资产规模", "供款", "流失(含待遇支付)", "流失", "待遇支付", "投资收益", "当期收益率",
    "机构", "考核有效", "备注",
]  # fmt: skip


def _row(rng: random.Random, req: SampleRequest, i: int) -> dict[str, Any]:
    plans = [p for p in plan_universe(req.seed, 60) if p.plan_type in ("单一计划", "集合计划")]
    plan = rng.choice(plans)
    business_type = rng.choice(plan.business_types)
    row: dict[str, Any] = {
        "月度": req.year * 100 + req.month,
        "业务类型": business_type,
        "计划类型": plan.plan_type,
        "计划代码": plan.code,
        "计划名称": plan.name,
        "客户名称": plan.sponsor,
        "期初资产规模": 0,
        "期末资产规模": -round(10 ** rng.uniform(4, 7), 2) if i % 2 else round(10 ** rng.uniform(4, 7), 2),
        "供款": 0,
        "流失(含待遇支付)": 0,
        "流失": 0,
        "待遇支付": 0,
        "投资收益": round(rng.uniform(-1e5, 1e5), 2),
        "机构": rng.choice(vocab.BRANCH_POOL),
        "考核有效": rng.choice((1, 0)),
        "备注": rng.choice(("划转调整", "补录", None)),
    }
    if plan.portfolios and business_type.endswith("投资"):
        code, name, kind = rng.choice(plan.portfolios)
        row.update({"组合代码": f"F{code}" if i % 2 else code, "组合名称": name, "组合类型": kind})
    return row


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    dirty: list[tuple[str, dict[str, Any]]] = [
        ("月度:cn", {"月度": f"{req.year}年{req.month}月"}),
        ("组合代码:blank", {"组合代码": None, "组合名称": None, "组合类型": None}),
        ("计划代码:blank_单一计划", {"计划代码": None, "计划类型": "单一计划"}),
        ("客户名称:status_suffix", {"客户名称": "华润电子有限公司（已转出）"}),
        ("期末资产规模:thousands", {"期末资产规模": "-2,400,000.00"}),
    ]
    return register_sheet(req, SHEET, HEADER, _row, dirty)


SAMPLE = DomainSample(workbook=LEDGER_WORKBOOK, sheets=_sheets, example_rows=6, min_dirty_rows=6)
