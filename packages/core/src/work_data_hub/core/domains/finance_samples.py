"""The finance workbooks the samples of the finance kinds write (other-kinds.md §1): each
below ``{YYYYMM}/收集数据/财务数据/`` or a folder under it, found by the domains' recursive
keyword search. Domains sharing a workbook name the same object here."""

from __future__ import annotations

import random

from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import SampleWorkbook
from work_data_hub.core.samples.universe import plan_universe

FOLDER = "财务数据"


def label(period: str) -> str:
    """``24年11月`` for 202411: how the finance files are named."""
    year, month = vocab.parse_period(period)
    return f"{year % 100:02d}年{month}月"


def _unrelated(period: str) -> str:
    return f"{label(period)}财务数据说明.xlsx"


RISK_RESERVE_WORKBOOK = SampleWorkbook(
    key="risk_reserve_and_floating_fees",
    folder=FOLDER,
    file_name=lambda period, _role: f"{label(period)}风准金转回及历史浮费.xlsx",
    unrelated_file=_unrelated,
)

REVENUE_WORKBOOK = SampleWorkbook(
    key="assessed_revenue",
    folder=FOLDER,
    file_name=lambda period, _role: f"{label(period)}考核收入数据.xlsx",
)


def portfolios(seed: int) -> list[tuple[str, str, str]]:
    """(组合代码, 组合名称, 年金计划号) of the sample plan universe."""
    return [(code, name, plan.code) for plan in plan_universe(seed, 40) for code, name, _ in plan.portfolios]


def pick_branch(rng: random.Random) -> str:
    return rng.choice(vocab.BRANCH_POOL)
