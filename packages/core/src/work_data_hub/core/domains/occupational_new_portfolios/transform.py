"""职年投资新增组合 rows → customer.职年投资新增组合 rows (other-kinds.md §2.7). 组合代码 is kept
as keyed (no `F` strip: these are occupational codes); 到账月份 is stored, unlike the legacy."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.cleansing.rules import r_code, r_month, r_text
from work_data_hub.core.domains import ledger_registers as reg
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.outcomes import Reasons

TEXT = ("区域", "中心", "组合名称", "组合类别", "上报人", "备注")


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    label = f"sheet {ctx.sheet}"
    reasons = Reasons(raw.index)
    flagged = reg.Flagged()
    reported = reg.report_month(raw["上报月份"], ctx, reasons)
    portfolio = r_text(raw["组合代码"])
    reasons.add(portfolio.isna(), "组合代码 missing")
    branch = reg.org(raw["机构"], m=ctx.mappings)

    out = pd.DataFrame(index=raw.index)
    for column in TEXT:
        out[column] = r_text(raw[column])
    out["机构"] = branch.name
    out["机构代码"] = branch.code
    out["上报月份"] = reported
    out["到账月份"] = flagged.add("到账月份", r_month(raw["到账月份"]))
    out["年金计划号"] = r_code(raw["年金计划号"]).values
    out["组合代码"] = portfolio

    warnings, flagged_counts = flagged.report(raw, reasons, label)
    warnings += reg.branch_warning(label, branch)
    counters: dict[str, object] = {"flagged_cells": flagged_counts, "unmapped_branch_names": branch.unmapped}
    return TransformResult(frame=out, reasons=reasons.series, months=reported, warnings=warnings, counters=counters)
