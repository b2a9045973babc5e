"""提费扩面 rows → business.提费扩面 rows (other-kinds.md §2.5), whole columns at a time."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import num_out_of_range, r_code, r_name, r_num, r_pct, r_text
from work_data_hub.core.domains import ledger_registers as reg
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.domains.run_period import run_month

AMOUNTS = ("已客提费扩面供款", "新客供款")


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    m = ctx.mappings
    label = f"sheet {ctx.sheet}"
    reasons = Reasons(raw.index)
    flagged = reg.Flagged()
    month = run_month(raw, ctx, reasons)
    plan = r_code(raw["年金计划号"]).values
    name = r_name(raw["客户名称"])
    reg.one_of(reasons, name, plan, ("客户名称", "年金计划号"))
    plan_type, unknown_plan_types = cols.plan_types(raw["计划类型"], m)
    branch = reg.org(raw["机构"], m)

    out = pd.DataFrame(index=raw.index)
    out["月度"] = month.values
    out["区域"] = r_text(raw["区域"])
    out["机构名称"] = branch.name
    out["机构代码"] = branch.code
    out["计划类型"] = plan_type
    out["年金计划号"] = plan
    out["客户名称"] = name
    out["company_id"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # filled by enrich
    for amount in AMOUNTS:
        parsed = r_num(raw[amount])
        reasons.add(num_out_of_range(parsed.values), f"{amount} out of range: " + quoted(raw[amount]))
        out[amount] = flagged.add(amount, parsed)
    out["新客固费费率"] = flagged.add("新客固费费率", r_pct(raw["新客固费费率"]))
    out["备注"] = r_text(raw["备注"])
    out["__plan_key"] = plan

    warnings, flagged_counts = flagged.report(raw, reasons, label)
    warnings = [*month.warnings, *warnings, *reg.branch_warning(label, branch)]
    if unknown_plan_types:
        warnings.append(f"{label}: unknown 计划类型 kept as keyed: {cols.listing(unknown_plan_types)}")
    counters: dict[str, object] = {
        "flagged_cells": flagged_counts,
        "unmapped_branch_names": branch.unmapped,
        "unknown_plan_types": unknown_plan_types,
    }
    return TransformResult(frame=out, reasons=reasons.series, months=month.months, warnings=warnings, counters=counters)
