"""组合业绩 rows → business.组合业绩 rows (other-kinds.md §2.8). The `(%)` columns key
percent units: a number is divided by 100 (`3.25` → 0.0325), a `3.12%` text too (R-PCT)."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.cleansing.rules import r_code, r_date, r_num, r_pct, r_text
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.finance_common import integers, strip_f
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.domains.run_period import run_month

PERCENT = (
    "本月以来业绩", "本月以来基准", "本月以来相对表现", "YTD业绩", "YTD基准", "YTD相对表现",
    "成立以来业绩", "成立以来基准", "成立以来相对表现", "权益仓位", "YTD剔除浮动管理费",
)  # fmt: skip
_TEXT = ("计划类别", "投资风格", "组合名称", "受托人")


def header_rule(header: str) -> str:
    """`YTD(剔除浮动管理费)(%)` → YTD剔除浮动管理费: the `(%)` suffix and inner brackets go
    (line breaks and tabs are gone already)."""
    if "(%)" not in header:
        return header
    return header.replace("(%)", "").replace("(", "").replace(")", "")


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    reasons = Reasons(raw.index)
    month = run_month(raw, ctx, reasons)
    warnings = list(month.warnings)
    out = pd.DataFrame(index=raw.index)

    out["序号"] = integers(raw["序号"], "序号", warnings)
    for column in _TEXT[:2]:
        out[column] = r_text(raw[column])
    portfolio = strip_f(raw["组合编号"])
    reasons.add(portfolio.isna(), "组合编号 missing")
    out["组合编号"] = portfolio
    out["年金计划号"] = r_code(raw["年金计划号"]).values
    for column in _TEXT[2:3]:
        out[column] = r_text(raw[column])
    out["运作开始日"] = _date(raw, "运作开始日", warnings)
    out["受托人"] = r_text(raw["受托人"])
    flagged: dict[str, int] = {}
    for column in PERCENT:
        parsed = r_pct(raw[column], numbers_in_percent=True)
        if parsed.flagged.any():
            flagged[column] = int(parsed.flagged.sum())
        out[column] = parsed.values
    if flagged:
        warnings.append("unreadable percentages loaded as NULL: " + ", ".join(f"{k} ({v})" for k, v in flagged.items()))
    size = r_num(raw["规模"])
    reasons.add(size.flagged, "规模 not a number: " + quoted(raw["规模"]))
    out["规模"] = size.stored
    out["数据更新日期"] = _date(raw, "数据更新日期", warnings)
    out["月度"] = month.values
    counters: dict[str, object] = {"unreadable_percentages": flagged}
    return TransformResult(frame=out, reasons=reasons.series, months=month.months, warnings=warnings, counters=counters)


def _date(raw: pd.DataFrame, column: str, warnings: list[str]) -> pd.Series:
    parsed = r_date(raw[column])
    if parsed.flagged.any():
        warnings.append(f"{int(parsed.flagged.sum())} unreadable {column} loaded as NULL")
    return parsed.values
