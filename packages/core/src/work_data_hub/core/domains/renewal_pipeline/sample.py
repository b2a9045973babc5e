"""renewal_pipeline's sample: sheet 续签客户清单 of the 台账登记 workbook, plans whose contracts
end within the coming year; company ids keyed as numbers, text or blank. When dirty: a blank
company_id with a （原） name, a plan row with a blank name, a short plan type, and a blank row."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

from work_data_hub.core.domains.ledger_samples import LEDGER_WORKBOOK, register_sheet
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet
from work_data_hub.core.samples.universe import company_name, plan_universe

SHEET = "续签客户清单"
HEADER = [
    "计划类型", "计划名称", "年金计划号", "客户名称", "company_id", "受托人", "计划规模", "年缴规模", "机构",
    "合同截止日期", "是否战客", "续签状态", "证明材料", "数据更新日期",
]  # fmt: skip


def _row(rng: random.Random, req: SampleRequest, i: int) -> dict[str, Any]:
    plans = [p for p in plan_universe(req.seed, 60) if p.plan_type in ("单一计划", "集合计划")]
    plan = rng.choice(plans)
    name = plan.sponsor or company_name(rng)
    cid = 600_000_000 + int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:12], 16) % 100_000_000
    return {
        "计划类型": plan.plan_type,
        "计划名称": plan.name,
        "年金计划号": plan.code,
        "客户名称": name,
        "company_id": (cid, str(cid), None)[i % 3],
        "受托人": "平安养老",
        "计划规模": round(10 ** rng.uniform(-2, 1), 4),
        "年缴规模": round(10 ** rng.uniform(-3, -1), 4),
        "机构": rng.choice(vocab.BRANCH_POOL),
        "合同截止日期": dt.datetime(req.year + 1, rng.randint(1, 12), rng.randint(1, 28)),
        "是否战客": rng.choice(("是", "否")),
        "续签状态": rng.choice(("洽谈中", "已续签", "待启动")),
        "证明材料": rng.choice(("续签意向函", None)),
        "数据更新日期": dt.datetime(req.year, req.month, rng.randint(1, 28)),
    }


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    dirty: list[tuple[str, dict[str, Any]]] = [
        ("company_id:blank_former_name", {"company_id": None, "客户名称": "（原）宁波金桥港务有限公司"}),
        ("客户名称:blank_plan_only", {"客户名称": None, "company_id": None}),
        ("计划类型:short", {"计划类型": "单一"}),
    ]
    return register_sheet(req, SHEET, HEADER, _row, dirty)


SAMPLE = DomainSample(workbook=LEDGER_WORKBOOK, sheets=_sheets, example_rows=5, min_dirty_rows=4)
