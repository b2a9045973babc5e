"""历史浮费 rows → finance.历史浮费 rows (other-kinds.md §2.12). A portfolio's 组合代码,
组合名称 and 浮动金额 are merged vertically over its accrual rows (a reader sees them in the
first row only): those three, and only those, are filled down before anything else. The
小计 rows have no 计提月度: dropped and counted, never rejected. 计划代码 is filled after
validation from mapping.组合计划 (spec.after_enrich)."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import r_month, r_num, r_text
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.finance_common import branch, integers, strip_f
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.domains.run_period import run_month

MERGED = ("组合代码", "组合名称", "浮动金额")


def header_rule(header: str) -> str:
    """`浮动金额（元）` → 浮动金额 (NFKC has made the brackets ASCII)."""
    return header.replace("(元)", "")


def reshape(frame: pd.DataFrame, _ctx: TransformContext) -> pd.DataFrame:
    """Fill the merged columns down (the reshape sees the headers before the header rule)."""
    merged = [c for c in frame.columns if header_rule(c) in MERGED]
    return frame.assign(**{c: frame[c].ffill() for c in merged})


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    reasons = Reasons(raw.index)
    month = run_month(raw, ctx, reasons)
    warnings = list(month.warnings)

    accrual = r_month(raw["计提月度"])
    subtotal = accrual.values.isna() & ~accrual.flagged
    reasons.add(accrual.flagged, "计提月度 unparseable " + quoted(raw["计提月度"]))
    portfolio = strip_f(raw["组合代码"])
    reasons.add(portfolio.isna(), "组合代码 missing")
    amounts = {}
    for column in ("浮动金额", "已计提浮动金额"):
        parsed = r_num(raw[column])
        reasons.add(parsed.flagged, f"{column} not a number: " + quoted(raw[column]))
        amounts[column] = parsed.stored
    org = branch(raw["机构"], ctx.mappings)

    out = pd.DataFrame(index=raw.index)
    out["区域"] = r_text(raw["区域"])
    out["机构"] = org.name
    out["机构代码"] = org.code
    out["受托人"] = r_text(raw["受托人"])
    out["组合代码"] = portfolio
    out["计划代码"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # after_enrich: mapping.组合计划
    out["组合名称"] = r_text(raw["组合名称"])
    out["浮动金额"] = amounts["浮动金额"]
    out["浮费年度"] = integers(raw["浮费年度"].where(~subtotal), "浮费年度", warnings)
    out["已计提浮动金额"] = amounts["已计提浮动金额"]
    out["计提月度"] = accrual.values
    out["月度"] = month.values
    warnings.extend(cols.lookup_warnings({}, {}, org))
    if subtotal.any():
        warnings.append(f"{int(subtotal.sum())} rows without 计提月度 (小计) dropped")
    counters: dict[str, object] = {"subtotal_rows": int(subtotal.sum()), "unmapped_branch_names": org.unmapped_names}
    return TransformResult(
        frame=out,
        reasons=reasons.series,
        months=month.months,
        warnings=warnings,
        counters=counters,
        skipped=subtotal,
    )
