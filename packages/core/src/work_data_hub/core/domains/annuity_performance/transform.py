"""规模明细 rows → business.规模明细 rows (spec steps P2–P15), whole columns at a time."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import num_out_of_range, r_id, r_month, r_name, r_num, r_text
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.read.workbook import ROW_NUMBER

_TEXT_KEPT = ("计划名称", "组合类型", "组合名称", "子企业号", "子企业名称", "集团企业客户名称")
_AMOUNTS = {
    "期初资产规模": "期初资产规模",
    "期末资产规模": "期末资产规模",
    "供款": "供款",
    "流失(含待遇支付)": "流失_含待遇支付",
    "流失": "流失",
    "待遇支付": "待遇支付",
    "投资收益": "投资收益",
}


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    m = ctx.mappings
    out = pd.DataFrame(index=raw.index)
    reasons = Reasons(raw.index)
    warnings: list[str] = []

    account_name = r_text(raw["客户名称"])
    business_type = r_text(raw["业务类型"])
    plan_type, unknown_plan_types = cols.plan_types(raw["计划类型"], m)
    product_line, unknown_business = cols.product_lines(business_type, m)

    month = r_month(raw["月度"])
    month_text = r_text(raw["月度"])
    reasons.add(month_text.isna(), "月度 missing")
    reasons.add(month.flagged, "月度 unparseable: " + quoted(month_text))
    reasons.add(business_type.isna(), "业务类型 missing")

    plans = cols.plan_codes(raw["计划代码"], plan_type, m)
    no_plan = plans.final.isna()
    reasons.add(no_plan, "计划代码 missing and 计划类型 " + quoted(plan_type) + " has no default")

    portfolio, f_stripped, portfolio_defaults = cols.portfolio_codes(raw["组合代码"], business_type, plan_type, m)
    branch = cols.branches(raw["机构名称"], raw["机构代码"], m)
    customer_no = cols.customer_numbers(raw["集团企业客户号"])
    name = r_name(account_name)

    for source, target in _AMOUNTS.items():
        parsed = r_num(raw[source])
        reasons.add(parsed.flagged, f"{target} not a number: " + quoted(r_text(raw[source])))
        reasons.add(num_out_of_range(parsed.values), f"{target} out of range: " + quoted(raw[source]))
        out[target] = parsed.values
    rate = cols.yields(raw["当期收益率"], raw[ROW_NUMBER])

    out["计划代码"] = plans.final
    out["company_id"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # filled by enrich
    out["__plan_key"] = plans.keyed
    out["__source_id"] = r_id(raw["公司代码"])
    out["月度"] = month.values
    out["业务类型"] = business_type
    out["计划类型"] = plan_type
    out["计划名称"] = r_text(raw["计划名称"])
    out["组合代码"] = portfolio
    out["客户名称"] = name
    out["机构代码"] = branch.code
    out["机构名称"] = branch.name
    out["产品线代码"] = product_line
    out["年金账户号"] = customer_no
    out["年金账户名"] = account_name
    out["集团企业客户号"] = customer_no
    for column in _TEXT_KEPT:
        out[column] = r_text(raw[column])
    out["当期收益率"] = rate.values

    valid = reasons.series.isna()
    if rate.unparseable_rows:
        rows = ", ".join(str(r) for r in rate.unparseable_rows[:10])
        warnings.append(f"当期收益率 unparseable in {len(rate.unparseable_rows)} rows (rows {rows}): loaded as NULL")
    if rate.read_as_percent:
        warnings.append(f"当期收益率 read as a percentage in {rate.read_as_percent} rows")
    if rate.out_of_range:
        warnings.append(f"当期收益率 outside [-1, 1] in {rate.out_of_range} rows")
    blank_names = int((name.isna() & valid).sum())
    if blank_names:
        warnings.append(f"客户名称 blank or placeholder in {blank_names} rows")
    if unknown_plan_types:
        warnings.append(f"unknown 计划类型 kept as keyed: {unknown_plan_types}")
    if unknown_business:
        warnings.append(f"unknown 业务类型 (产品线代码 NULL): {unknown_business}")
    if branch.unmapped_names:
        warnings.append(f"unmapped branch names (机构代码 G00): {branch.unmapped_names}")
    if branch.unknown_codes:
        warnings.append(f"unknown branch codes (机构代码 G00): {branch.unknown_codes}")

    counters: dict[str, object] = {
        "plan_codes_corrected": plans.corrected,
        "plan_codes_defaulted": plans.defaulted,
        "plan_codes_flagged": plans.flagged,
        "portfolio_codes_f_stripped": f_stripped,
        "portfolio_codes_defaulted": portfolio_defaults,
        "unmapped_branch_names": branch.unmapped_names,
        "unknown_branch_codes": branch.unknown_codes,
        "unknown_business_types": unknown_business,
        "unknown_plan_types": unknown_plan_types,
        "yields_read_as_percent": rate.read_as_percent,
        "yields_out_of_range": rate.out_of_range,
        "blank_customer_names": blank_names,
    }
    return TransformResult(frame=out, reasons=reasons.series, months=month.values, warnings=warnings, counters=counters)
