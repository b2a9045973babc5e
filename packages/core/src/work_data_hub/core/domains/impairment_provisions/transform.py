"""减值计提 rows → finance.减值计提 rows (other-kinds.md §2.13). 业务类型 is a short form
(`投管`, `受托`): M2 makes it canonical, M1 gives its product line; an unknown one rejects the
row. 机构代码 is M4 of 分支机构 without its `分公司汇总` suffix; 分支机构 is kept as keyed."""

from __future__ import annotations

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import r_num, r_text
from work_data_hub.core.domains.base import TransformContext, TransformResult
from work_data_hub.core.domains.finance_common import branch
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.domains.run_period import run_month

_SUMMARY_SUFFIX = "分公司汇总"


def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
    m = ctx.mappings
    reasons = Reasons(raw.index)
    month = run_month(raw, ctx, reasons)
    warnings = list(month.warnings)

    keyed = r_text(raw["业务类型"])
    business_type = keyed.replace(m.business_type_aliases)
    product_line, unknown = cols.product_lines(business_type, m)
    reasons.add(keyed.isna(), "业务类型 missing")
    reasons.add(keyed.notna() & product_line.isna(), "unknown 业务类型 " + quoted(keyed))
    balance = r_num(raw["期末余额"])
    reasons.add(balance.values.isna() & ~balance.flagged, "期末余额 missing")
    reasons.add(balance.flagged, "期末余额 not a number: " + quoted(raw["期末余额"]))

    keyed_branch = r_text(raw["分支机构"])
    org = branch(r_text(keyed_branch.str.replace(f"{_SUMMARY_SUFFIX}$", "", regex=True)), m)
    out = pd.DataFrame(index=raw.index)
    out["月度"] = month.values
    out["业务类型"] = business_type
    out["产品线代码"] = product_line
    out["分支机构"] = keyed_branch
    out["机构代码"] = org.code
    out["期末余额"] = balance.stored
    warnings.extend(cols.lookup_warnings({}, {}, org))
    counters: dict[str, object] = {"unknown_business_types": unknown, "unmapped_branch_names": org.unmapped_names}
    return TransformResult(frame=out, reasons=reasons.series, months=month.months, warnings=warnings, counters=counters)
