"""The monthly annuity workbook that annuity_performance (规模明细) and annuity_income
(收入明细) read: its file names through the years, its decoy sheets, and its place in the
operators' layout (a versioned folder below 数据采集/)."""

from __future__ import annotations

import random
from typing import Any

from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import Role, SampleWorkbook
from work_data_hub.core.samples.universe import plan_universe

NAMINGS: tuple[str, ...] = ("终稿", "规模收入", "规模及收入")


def annuity_workbook_name(period: str, collected: str, naming: str = "终稿") -> str:
    """File name of the monthly workbook, e.g. ``【for年金分战区经营分析】24年11月年金终稿数据1209采集.xlsx``.

    ``collected`` is the ``MMDD`` collection date; ``naming`` one of :data:`NAMINGS`
    (older ``年金终稿数据``, current ``年金规模收入数据``, from 202511 ``年金规模及收入数据``).
    """
    year, month = vocab.parse_period(period)
    label = f"{year % 100:02d}年{month}月"
    if naming == "终稿":
        return f"【for年金分战区经营分析】{label}年金终稿数据{collected}采集.xlsx"
    if naming == "规模收入":
        return f"【for年金分战区经营分析】{label}年金规模收入数据{collected}采集.xlsx"
    if naming == "规模及收入":
        return f"{label}年金规模及收入数据{collected}.xlsx"
    raise ValueError(f"unknown naming {naming!r}; expected one of {NAMINGS}")


def naming_of(period: str) -> str:
    """The naming a period's delivery uses: 规模及收入 from 202511; before, the older 终稿
    and the current 规模收入 alternate by month so every pattern is exercised."""
    year, month = vocab.parse_period(period)
    if year * 100 + month >= 202511:
        return "规模及收入"
    return "终稿" if month % 2 else "规模收入"


def _collected(period: str, day: int) -> str:
    """``MMDD`` of ``day`` in the month after ``period`` (when the data is collected)."""
    _, month = vocab.parse_period(period)
    return f"{month % 12 + 1:02d}{day:02d}"


def _file_name(period: str, role: Role) -> str:
    # The chosen delivery was collected on the 16th; earlier ones on the 9th.
    day = 16 if role in ("chosen", "supplement") else 9
    return annuity_workbook_name(period, _collected(period, day), naming_of(period))


def decoy_sheets(period: str, *, seed: int) -> dict[str, list[list[Any]]]:
    """The other sheets of the real 202411 workbook (no domain reads them)."""
    year, month = vocab.parse_period(period)
    yymm = f"{year % 100:02d}{month:02d}"
    rng = random.Random(f"wdh-samples:{seed}:{period}:decoys")
    collective = [p for p in plan_universe(seed, 40) if p.plan_type == "集合计划"]
    layer: list[list[Any]] = [["计划代码", "组合代码", "组合名称", "期末资产规模"]]
    month_data: list[list[Any]] = [["计划代码", "计划名称", "期末资产规模", "投资收益"]]
    for plan in collective[:5]:
        pcode, pname, _ = plan.portfolios[0] if plan.portfolios else (None, None, None)
        layer.append([plan.code, pcode, pname, round(10 ** rng.uniform(7, 9), 2)])
        month_data.append([plan.code, plan.name, round(10 ** rng.uniform(7, 9), 2), round(rng.uniform(-1e6, 5e6), 2)])
    return {f"{yymm}企年投资集合计划组合层": layer, f"企年投资集合计划{yymm}当月数据": month_data}


ANNUITY_WORKBOOK = SampleWorkbook(
    key="annuity",
    folder="数据采集",
    file_name=_file_name,
    versioned=True,
    supplement_suffix="-补充企年投资收入",
    decoy_sheets=lambda period, seed: decoy_sheets(period, seed=seed),
)
