"""收入明细 rows → business.收入明细 rows (spec steps I2–I13), whole columns at a time."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import num_out_of_range, r_id, r_month, r_name, r_num, r_text
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.outcomes import Reasons, quoted

FEES = ("固费", "浮费", "回补", "税")
_TEXT_KEPT = ("计划名称", "组合类型", "组合名称")
_PLAN_SUFFIX = "企业年金计划"


def account_names(keyed: pd.Series, plan_name: pd.Series, plan_type: pd.Series) -> tuple[pd.Series, pd.Series]:
    """A single plan's sponsor is named by its plan: `X企业年金计划` gives X when the row
    has no usable name. Collective and occupational plans serve many companies, so they
    are never filled, and the plan name itself never becomes a customer name."""
    wanted = plan_type.eq("单一计划").fillna(False) & r_name(keyed).isna() & plan_name.notna()
    derived = r_text(plan_name.str.extract(f"^(.*){_PLAN_SUFFIX}$", expand=False))
    fill = wanted & derived.notna()
    return keyed.mask(fill, derived), fill


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    m = ctx.mappings
    out = pd.DataFrame(index=raw.index)
    reasons = Reasons(raw.index)
    warnings: list[str] = []

    business_type = r_text(raw["业务类型"])
    plan_type, unknown_plan_types = cols.plan_types(raw["计划类型"], m)
    product_line, unknown_business = cols.product_lines(business_type, m)

    month = r_month(raw["月度"])
    month_text = r_text(raw["月度"])
    reasons.add(month_text.isna(), "月度 missing")
    reasons.add(month.flagged, "月度 unparseable: " + quoted(month_text))
    reasons.add(business_type.isna(), "业务类型 missing")

    plans = cols.plan_codes(raw["计划代码"], plan_type, m)
    reasons.add(plans.final.isna(), "计划代码 missing and 计划类型 " + quoted(plan_type) + " has no default")

    plan_name = r_text(raw["计划名称"])
    account_name, derived = account_names(r_text(raw["客户名称"]), plan_name, plan_type)
    name = r_name(account_name)
    portfolio, f_stripped, portfolio_defaults = cols.portfolio_codes(raw["组合代码"], business_type, plan_type, m)
    branch = cols.branches(raw["机构名称"], raw["机构代码"], m)

    fees_defaulted: dict[str, int] = {}
    for fee in FEES:
        parsed = r_num(raw[fee])
        reasons.add(parsed.flagged, f"{fee} not a number: " + quoted(r_text(raw[fee])))
        reasons.add(num_out_of_range(parsed.values), f"{fee} out of range: " + quoted(raw[fee]))
        blank = parsed.values.isna() & ~parsed.flagged
        fees_defaulted[fee] = int(blank.sum())
        out[fee] = parsed.stored.fillna(Decimal(0))  # type: ignore[arg-type]

    out["月度"] = month.values
    out["计划代码"] = plans.final
    out["company_id"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # filled by enrich
    out["客户名称"] = name
    out["产品线代码"] = product_line
    out["机构代码"] = branch.code
    out["业务类型"] = business_type
    out["计划类型"] = plan_type
    out["组合代码"] = portfolio
    for column in _TEXT_KEPT:
        out[column] = r_text(raw[column])
    out["机构名称"] = branch.name
    out["年金账户名"] = account_name
    out["__plan_key"] = plans.keyed
    out["__source_id"] = r_id(raw["公司代码"])

    valid = reasons.series.isna()
    null_names = cols.counts(plan_type.fillna("(blank)").where(name.isna() & valid))
    warnings.extend(cols.lookup_warnings(unknown_plan_types, unknown_business, branch))

    counters: dict[str, object] = {
        "fees_defaulted_to_0": fees_defaulted,
        "names_derived_from_plan_name": int((derived & valid).sum()),
        "null_customer_names_by_plan_type": null_names,
        "plan_codes_corrected": plans.corrected,
        "plan_codes_defaulted": plans.defaulted,
        "portfolio_codes_f_stripped": f_stripped,
        "portfolio_codes_defaulted": portfolio_defaults,
        "unmapped_branch_names": branch.unmapped_names,
        "unknown_branch_codes": branch.unknown_codes,
        "unknown_business_types": unknown_business,
        "unknown_plan_types": unknown_plan_types,
    }
    return TransformResult(frame=out, reasons=reasons.series, months=month.values, warnings=warnings, counters=counters)
