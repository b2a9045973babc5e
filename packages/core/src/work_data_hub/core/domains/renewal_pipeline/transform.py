"""续签客户清单 rows → customer.续签客户清单 rows (other-kinds.md §2.10), whole columns at a
time. A keyed company_id (R-ID) wins; otherwise the resolver by plan code, then name."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import num_out_of_range, r_code, r_date, r_flag, r_id, r_name, r_num, r_text
from work_data_hub.core.domains import ledger_registers as reg
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.outcomes import Reasons, quoted

TEXT = ("计划名称", "受托人", "续签状态", "证明材料")
AMOUNTS = ("计划规模", "年缴规模")


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    m = ctx.mappings
    label = f"sheet {ctx.sheet}"
    reasons = Reasons(raw.index)
    flagged = reg.Flagged()
    plan = r_code(raw["年金计划号"]).values
    name = r_name(raw["客户名称"])
    reg.one_of(reasons, name, plan, ("客户名称", "年金计划号"))
    plan_type, unknown_plan_types = cols.plan_types(raw["计划类型"], m)
    branch = reg.org(raw["机构"], m)

    out = pd.DataFrame(index=raw.index)
    out["计划类型"] = plan_type
    out["年金计划号"] = plan
    out["客户名称"] = name
    out["company_id"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # filled by enrich
    for column in TEXT:
        out[column] = r_text(raw[column])
    for amount in AMOUNTS:
        parsed = r_num(raw[amount])
        reasons.add(num_out_of_range(parsed.values), f"{amount} out of range: " + quoted(raw[amount]))
        out[amount] = flagged.add(amount, parsed)
    out["机构"] = branch.name
    out["机构代码"] = branch.code
    for column in ("合同截止日期", "数据更新日期"):
        out[column] = flagged.add(column, r_date(raw[column]))
    out["是否战客"] = flagged.add("是否战客", r_flag(raw["是否战客"]))
    # A snapshot list: every row belongs to the run's period; 数据更新日期 never decides it.
    out["月度"] = pd.Series(pd.Timestamp(ctx.period.first_day), index=raw.index, dtype="datetime64[s]")
    out["__plan_key"] = plan
    out["__source_id"] = r_id(raw["company_id"])

    warnings, flagged_counts = flagged.report(raw, reasons, label)
    warnings += reg.branch_warning(label, branch)
    if unknown_plan_types:
        warnings.append(f"{label}: unknown 计划类型 kept as keyed: {cols.listing(unknown_plan_types)}")
    counters: dict[str, object] = {
        "flagged_cells": flagged_counts,
        "unmapped_branch_names": branch.unmapped,
        "unknown_plan_types": unknown_plan_types,
    }
    months = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[s]")
    return TransformResult(frame=out, reasons=reasons.series, months=months, warnings=warnings, counters=counters)
