"""风准金 rows → finance.风准金余额表 rows (other-kinds.md §2.11), whole columns at a time.
计划代码 is filled after validation from mapping.组合计划 (spec.after_enrich)."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import r_date, r_num, r_text
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.finance_common import branch, strip_f
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.domains.run_period import run_month

_TEXT = ("战区", "组合名称", "原受托", "风准金账户开户行")


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    reasons = Reasons(raw.index)
    month = run_month(raw, ctx, reasons)
    out = pd.DataFrame(index=raw.index)
    warnings = list(month.warnings)

    org = branch(raw["属地"], ctx.mappings)
    portfolio = strip_f(raw["组合代码"])
    reasons.add(portfolio.isna(), "组合代码 missing")
    balance = r_num(raw["风准金结转余额"])
    reasons.add(balance.values.isna() & ~balance.flagged, "风准金结转余额 missing")
    reasons.add(balance.flagged, "风准金结转余额 not a number: " + quoted(raw["风准金结转余额"]))
    amount = r_num(raw["结转金额"])
    reasons.add(amount.flagged, "结转金额 not a number: " + quoted(raw["结转金额"]))
    date = r_date(raw["结转日期"])
    if date.flagged.any():
        warnings.append(f"{int(date.flagged.sum())} unreadable 结转日期 loaded as NULL")

    out["战区"] = r_text(raw["战区"])
    out["属地"] = org.name
    out["机构代码"] = org.code
    out["组合代码"] = portfolio
    out["计划代码"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # after_enrich: mapping.组合计划
    for column in _TEXT[1:]:
        out[column] = r_text(raw[column])
    out["风准金结转余额"] = balance.stored
    out["结转日期"] = date.values
    out["结转金额"] = amount.stored
    out["月度"] = month.values
    out = out[
        [
            "战区",
            "属地",
            "机构代码",
            "组合代码",
            "计划代码",
            *_TEXT[1:],
            "风准金结转余额",
            "结转日期",
            "结转金额",
            "月度",
        ]
    ]
    warnings.extend(cols.lookup_warnings({}, {}, org))
    counters: dict[str, object] = {"unmapped_branch_names": org.unmapped_names}
    return TransformResult(frame=out, reasons=reasons.series, months=month.months, warnings=warnings, counters=counters)
