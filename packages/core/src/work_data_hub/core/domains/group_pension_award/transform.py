"""团养中标 rows → customer.团养中标 rows (other-kinds.md §2.9), whole columns at a time. The
amounts stay in 万元 as keyed; company ids come from the name alone (CID-N)."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.cleansing.rules import num_out_of_range, r_date, r_flag, r_name, r_num, r_pct, r_text
from work_data_hub.core.domains import ledger_registers as reg
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.outcomes import Reasons, quoted

AMOUNTS = ("预估中标规模", "到账金额")


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    label = f"sheet {ctx.sheet}"
    reasons = Reasons(raw.index)
    flagged = reg.Flagged()
    reported = reg.report_month(raw["上报月份"], ctx, reasons)
    keyed_name = r_text(raw["客户名称"])
    name = r_name(keyed_name)
    reasons.add(keyed_name.isna(), "客户名称 missing")
    reasons.add(keyed_name.notna() & name.isna(), "客户名称 is a placeholder " + quoted(keyed_name))
    branch = reg.org(raw["机构"], ctx.mappings)

    out = pd.DataFrame(index=raw.index)
    out["区域"] = r_text(raw["区域"])
    out["机构"] = branch.name
    out["机构代码"] = branch.code
    out["客户名称"] = name
    for amount in AMOUNTS:
        parsed = r_num(raw[amount])
        reasons.add(num_out_of_range(parsed.values), f"{amount} out of range: " + quoted(raw[amount]))
        out[amount] = flagged.add(amount, parsed)
    out["实际费率"] = flagged.add("实际费率", r_pct(raw["实际费率"]))
    out["中标签约时间"] = flagged.add("中标签约时间", r_date(raw["中标签约时间"]))
    out["是否烟草统外"] = flagged.add("是否烟草统外", r_flag(raw["是否烟草统外"]))
    out["到账情况"] = r_text(raw["到账情况"])
    out["上报月份"] = reported
    out["company_id"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # filled by enrich
    out["__plan_key"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # CID-N: no plan key
    out = out[[*(c for c in out.columns if c != "到账金额"), "到账金额"]]

    warnings, flagged_counts = flagged.report(raw, reasons, label)
    warnings += reg.branch_warning(label, branch)
    counters: dict[str, object] = {"flagged_cells": flagged_counts, "unmapped_branch_names": branch.unmapped}
    return TransformResult(frame=out, reasons=reasons.series, months=reported, warnings=warnings, counters=counters)
