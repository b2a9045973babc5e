"""规模明细 rows → business.规模明细 rows (spec steps P2–P12), whole columns at a time.

The platform (``domains/pipeline.py``) adds the length checks, the period check (P13),
the split into valid and rejected rows, and the output schema check (P16)."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import num_out_of_range, r_id, r_month, r_name, r_num, r_text
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.read.workbook import ROW_NUMBER

_TEXT_KEPT = ("计划名称", "组合类型", "组合名称", "子企业号", "子企业名称", "集团企业客户名称")
# Input column → output column (§7 stores 流失(含待遇支付) as 流失_含待遇支付).
_AMOUNTS = {
    "期初资产规模": "期初资产规模",
    "期末资产规模": "期末资产规模",
    "供款": "供款",
    "流失(含待遇支付)": "流失_含待遇支付",
    "流失": "流失",
    "待遇支付": "待遇支付",
    "投资收益": "投资收益",
}
_ROWS_NAMED = 10  # Excel rows named in one warning
_COMPANY_ID_LENGTH = 50  # §7: company_id VARCHAR(50)


def _reject(reasons: Reasons, mask: pd.Series, reason: str, cells: pd.Series | None = None) -> None:
    """Add ``reason`` to the masked rows, followed by ``: '<cell>'`` (the trimmed raw cell)
    when ``cells`` is given; the text is built for those rows only."""
    if not bool(mask.any()):
        return
    if cells is None:
        reasons.add(mask, reason)
        return
    text = (reason + ": " + quoted(r_text(cells[mask]))).reindex(mask.index)
    reasons.add(mask, text)


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    m = ctx.mappings
    rows = raw[ROW_NUMBER]

    # P3, P4: the keyed name is kept before any normalisation.
    account_name = r_text(raw["客户名称"])
    business_type = r_text(raw["业务类型"])
    product_line, unknown_business = cols.product_lines(business_type, m)
    plan_type, unknown_plan_types = cols.plan_types(raw["计划类型"], m)
    month = r_month(raw["月度"])  # P5
    plans = cols.plan_codes(raw["计划代码"], plan_type, m)  # P6
    portfolio, f_stripped, portfolio_defaults = cols.portfolio_codes(raw["组合代码"], business_type, plan_type, m)
    branch = cols.branches(raw["机构名称"], raw["机构代码"], m)  # P8
    name = r_name(account_name)  # P9
    customer_no = cols.customer_numbers(raw["集团企业客户号"])  # P10
    amounts = {target: r_num(raw[source]) for source, target in _AMOUNTS.items()}  # P11
    rate = cols.yields(raw["当期收益率"])

    # P12: every reason that applies, in the order of the table of §6.1.
    reasons = Reasons(raw.index)
    _reject(reasons, month.values.isna() & ~month.flagged, "月度 missing")  # blank or a placeholder
    _reject(reasons, month.flagged, "月度 unparseable", raw["月度"])
    _reject(reasons, business_type.isna(), "业务类型 missing")
    no_plan = plans.final.isna()
    if no_plan.any():
        no_default = "计划代码 missing and 计划类型 " + quoted(plan_type[no_plan]) + " has no default"
        reasons.add(no_plan, no_default.reindex(raw.index))
    for source, target in _AMOUNTS.items():
        _reject(reasons, amounts[target].flagged, f"{target} not a number", raw[source])
    for source, target in _AMOUNTS.items():
        _reject(reasons, num_out_of_range(amounts[target].values), f"{target} out of range", raw[source])
    _reject(reasons, rate.too_large, "当期收益率 out of range", raw["当期收益率"])
    # The source id may become company_id (tier 3), so it must fit that column; the
    # platform checks the lengths of the output columns themselves.
    source_id = r_id(raw["公司代码"])
    _reject(
        reasons,
        source_id.str.len().gt(_COMPANY_ID_LENGTH).fillna(False),
        f"company_id longer than {_COMPANY_ID_LENGTH} characters",
    )

    # P15 (projection) happens in the pipeline; the frame is already in the order of §7.
    text = {column: r_text(raw[column]) for column in _TEXT_KEPT}
    out = pd.DataFrame(
        {
            "计划代码": plans.final,
            "company_id": pd.Series(pd.NA, index=raw.index, dtype="str"),  # P14, filled by enrich
            "月度": month.values,
            "业务类型": business_type,
            "计划类型": plan_type,
            "计划名称": text["计划名称"],
            "组合代码": portfolio,
            "客户名称": name,
            **{target: amounts[target].stored for target in _AMOUNTS.values() if target != "投资收益"},
            "机构代码": branch.code,
            "机构名称": branch.name,
            "产品线代码": product_line,
            "年金账户号": customer_no,
            "年金账户名": account_name,
            "子企业号": text["子企业号"],
            "子企业名称": text["子企业名称"],
            "集团企业客户号": customer_no,
            "集团企业客户名称": text["集团企业客户名称"],
            "组合类型": text["组合类型"],
            "组合名称": text["组合名称"],
            "投资收益": amounts["投资收益"].stored,
            "当期收益率": rate.values,
            # The enrichment keys: the keyed plan code (never AN001/AN002) and the source's id.
            "__plan_key": plans.resolution_key,
            "__source_id": source_id,
        }
    )

    valid = reasons.series.isna()
    blank_names = int((name.isna() & valid).sum())
    warnings = _warnings(plans, rate, rows, blank_names, unknown_plan_types, unknown_business, branch)
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
        "yields_read_as_percent": int(rate.read_as_percent.sum()),
        "yields_out_of_range": int(rate.out_of_range.sum()),
        "yields_unparseable": int(rate.unparseable.sum()),
        "blank_customer_names": blank_names,
    }
    return TransformResult(frame=out, reasons=reasons.series, months=month.values, warnings=warnings, counters=counters)


def _warnings(
    plans: cols.PlanCodes,
    rate: cols.Yields,
    rows: pd.Series,
    blank_names: int,
    unknown_plan_types: dict[str, int],
    unknown_business: dict[str, int],
    branch: cols.Branches,
) -> list[str]:
    out: list[str] = []
    if plans.flagged_values:
        out.append(f"计划代码 not of the form [A-Z0-9]+, kept as keyed: {cols.listing(plans.flagged_values)}")
    unparseable = rows[rate.unparseable].tolist()
    if unparseable:
        named = ", ".join(str(r) for r in unparseable[:_ROWS_NAMED]) + (" …" if len(unparseable) > _ROWS_NAMED else "")
        out.append(f"当期收益率 unparseable in {len(unparseable)} rows (rows {named}): loaded as NULL")
    percent = int(rate.read_as_percent.sum())
    if percent:
        out.append(f"当期收益率 read as a percentage (divided by 100) in {percent} rows")
    outside = int(rate.out_of_range.sum())
    if outside:
        out.append(f"当期收益率 outside [-1, 1] in {outside} rows: kept")
    if blank_names:
        out.append(f"客户名称 blank or placeholder in {blank_names} rows: 客户名称 NULL")
    out.extend(cols.lookup_warnings(unknown_plan_types, unknown_business, branch))
    return out
