"""年金费率统计 rows → finance.年金费率统计 rows (other-kinds.md §2.16). 业务类型 decides how
the plan/portfolio code is read: a 受托 row keys a plan (计划代码 = R-CODE, 组合代码 = M7 by
计划类型), an 投资 row keys a portfolio (组合代码 = the code without its `F`, 计划代码 = that
portfolio's plan, looked up after validation). A 单一计划 row with a blank code is AN002."""

from __future__ import annotations

import re

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import r_code, r_date, r_name, r_num, r_pct, r_text
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.finance_common import branch, strip_f
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.domains.run_period import run_month

TRUSTEE, INVESTMENT = "企年受托", "企年投资"
SINGLE_PLAN_DEFAULT = "AN002"
_SIZE = re.compile(r"^\d{4}年底/新签规模$")


def header_rule(header: str) -> str:
    """`2023年底/新签规模` (2024 periods), `2024年底/新签规模` (202501) → 资产规模."""
    return "资产规模" if _SIZE.match(header) else header


def investment_rows(frame: pd.DataFrame) -> pd.Series:
    return frame["业务类型"].eq(INVESTMENT) & frame["计划代码"].isna()


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    m = ctx.mappings
    reasons = Reasons(raw.index)
    month = run_month(raw, ctx, reasons)
    warnings = list(month.warnings)

    keyed_type = r_text(raw["业务类型"])
    business = keyed_type.replace(m.business_type_aliases)
    reasons.add(keyed_type.isna(), "业务类型 missing")
    known = business.isin([TRUSTEE, INVESTMENT])
    reasons.add(keyed_type.notna() & ~known, "业务类型 not 受托 or 投资: " + quoted(keyed_type))
    plan_type, unknown_plan_types = cols.plan_types(raw["计划类型"], m)

    code = r_text(raw["计划组合代码"])
    defaulted = code.isna() & plan_type.eq("单一计划").fillna(False)
    code = code.mask(defaulted, SINGLE_PLAN_DEFAULT)
    trustee, investment = business.eq(TRUSTEE).fillna(False), business.eq(INVESTMENT).fillna(False)
    placeholder = code.eq(SINGLE_PLAN_DEFAULT).fillna(False)

    plan = pd.Series(pd.NA, index=raw.index, dtype="str")
    plan = plan.mask(trustee, r_code(code).values).mask(investment & placeholder, SINGLE_PLAN_DEFAULT)
    m7, _, _ = cols.portfolio_codes(pd.Series(pd.NA, index=raw.index, dtype="str"), business, plan_type, m)
    portfolio = m7.where(trustee | placeholder, strip_f(code))

    size = r_num(raw["资产规模"])
    reasons.add(size.flagged, "资产规模 not a number: " + quoted(raw["资产规模"]))
    rate = r_pct(raw["合同费率"])
    if rate.flagged.any():
        warnings.append(f"{int(rate.flagged.sum())} unreadable 合同费率 loaded as NULL")
    signed = r_date(raw["签约时间"])
    if signed.flagged.any():
        warnings.append(f"{int(signed.flagged.sum())} unreadable 签约时间 loaded as NULL")
    org = branch(raw["机构名称"], m)

    out = pd.DataFrame(index=raw.index)
    out["业务类型"] = business
    out["计划类型"] = plan_type
    out["计划组合名称"] = r_text(raw["计划组合名称"])
    out["计划组合代码"] = code
    out["资产规模"] = size.stored
    out["合同费率"] = rate.values
    out["签约类型"] = r_text(raw["签约类型"])
    out["签约时间"] = signed.values
    out["计划代码"] = plan
    out["组合代码"] = portfolio
    out["机构名称"] = org.name
    out["机构代码"] = org.code
    out["客户名称"] = r_name(raw["客户名称"])
    out["备注"] = r_text(raw["备注"])
    out["月度"] = month.values
    warnings.extend(cols.lookup_warnings(unknown_plan_types, {}, org))
    counters: dict[str, object] = {
        "single_plan_codes_defaulted": int(defaulted.sum()),
        "unknown_plan_types": unknown_plan_types,
        "unmapped_branch_names": org.unmapped_names,
    }
    return TransformResult(frame=out, reasons=reasons.series, months=month.months, warnings=warnings, counters=counters)
