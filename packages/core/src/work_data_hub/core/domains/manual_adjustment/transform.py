"""灌入数据 rows → business.手工调整 rows (other-kinds.md §2.6): the annuity workbook's column
rules (计划代码 R-CODE/M6/M5, 组合代码 F-strip/M7, 业务类型 M1, 计划类型 M3), amounts that may
be negative (these are corrections), whole columns at a time."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import num_out_of_range, r_flag, r_name, r_num, r_text
from work_data_hub.core.domains import ledger_registers as reg
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.domains.run_period import run_month

TEXT = ("计划名称", "组合类型", "组合名称", "组合代码")  # 组合代码 is built below
AMOUNTS = ("期初资产规模", "期末资产规模", "供款", "流失_含待遇支付", "流失", "待遇支付", "投资收益")


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    m = ctx.mappings
    label = f"sheet {ctx.sheet}"
    reasons = Reasons(raw.index)
    flagged = reg.Flagged()
    month = run_month(raw, ctx, reasons)

    business_type = r_text(raw["业务类型"])
    product_line, unknown_business = cols.product_lines(business_type, m)
    reasons.add(business_type.isna(), "业务类型 missing")
    reasons.add(business_type.notna() & product_line.isna(), "unknown 业务类型 " + quoted(business_type))
    plan_type, unknown_plan_types = cols.plan_types(raw["计划类型"], m)
    plans = cols.plan_codes(raw["计划代码"], plan_type, m)
    reasons.add(plans.final.isna(), "计划代码 missing and 计划类型 " + quoted(plan_type) + " has no default")
    portfolio, f_stripped, portfolio_defaults = cols.portfolio_codes(raw["组合代码"], business_type, plan_type, m)
    branch = reg.org(raw["机构"], m)

    out = pd.DataFrame(index=raw.index)
    out["月度"] = month.values
    out["业务类型"] = business_type
    out["计划类型"] = plan_type
    out["计划代码"] = plans.final
    for column in TEXT[:3]:
        out[column] = r_text(raw[column])
    out["组合代码"] = portfolio
    out["客户名称"] = r_name(raw["客户名称"])
    for amount in AMOUNTS:
        parsed = r_num(raw[amount])
        reasons.add(num_out_of_range(parsed.values), f"{amount} out of range: " + quoted(raw[amount]))
        out[amount] = flagged.add(amount, parsed)
    out["当期收益率"] = flagged.add("当期收益率", r_num(raw["当期收益率"]))
    out["机构代码"] = branch.code
    out["机构名称"] = branch.name
    out["产品线代码"] = product_line
    out["company_id"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # filled by enrich
    out["考核有效"] = flagged.add("考核有效", r_flag(raw["考核有效"]))
    out["备注"] = r_text(raw["备注"])
    out["__plan_key"] = plans.resolution_key

    warnings, flagged_counts = flagged.report(raw, reasons, label)
    warnings = [*month.warnings, *warnings, *reg.branch_warning(label, branch)]
    if unknown_plan_types:
        warnings.append(f"{label}: unknown 计划类型 kept as keyed: {cols.listing(unknown_plan_types)}")
    counters: dict[str, object] = {
        "flagged_cells": flagged_counts,
        "plan_codes_corrected": plans.corrected,
        "plan_codes_defaulted": plans.defaulted,
        "portfolio_codes_f_stripped": f_stripped,
        "portfolio_codes_defaulted": portfolio_defaults,
        "unmapped_branch_names": branch.unmapped,
        "unknown_business_types": unknown_business,
        "unknown_plan_types": unknown_plan_types,
    }
    return TransformResult(frame=out, reasons=reasons.series, months=month.months, warnings=warnings, counters=counters)
