"""What the five other registers of the 台账登记 workbook share (other-kinds.md §0, kinds 7,
8, 13, 15, 16): the ``org`` column kind (name kept, 机构代码 = M4 with its G00 default), the
"at least one of two columns" requirement, the 上报月份 window of the cumulative registers,
and the summary lines for cells loaded as NULL. Each register declares itself in its own
folder; nothing here names one."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.rules import RuleResult, r_month, r_text
from work_data_hub.core.config.mappings import Mappings
from work_data_hub.core.domains.base import Column, TransformContext
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.domains.output_rules import Matches
from work_data_hub.core.read.workbook import ROW_NUMBER

BRANCH_CODE = Column("机构代码", "text", 10, nullable=False, default="G00")
BRANCH_RULE = Matches("机构代码", r"G\d{2}")
RATE = (18, 6)  # R-PCT values are stored as NUMERIC(18,6)


@dataclass
class Org:
    name: pd.Series
    code: pd.Series
    unmapped: dict[str, int] = field(default_factory=dict)


def org(raw: pd.Series, m: Mappings) -> Org:
    """The ``org`` kind: the branch name as keyed (placeholders blank), 机构代码 by M4."""
    name = cols.blank_placeholders(r_text(raw))
    code = name.map(m.branch_by_name).astype("str")
    return Org(name=name, code=code.fillna(m.branch_default), unmapped=cols.counts(name.where(code.isna())))


def report_month(raw: pd.Series, ctx: TransformContext, reasons: Reasons) -> pd.Series:
    """上报月份 of a cumulative register (R-MONTH, required): it must lie in January of the
    period's year … the period, otherwise the row is rejected."""
    month = r_month(raw)
    text = r_text(raw)
    reasons.add(text.isna(), "上报月份 missing")
    reasons.add(month.flagged, "上报月份 unparseable: " + quoted(text))
    start = pd.Timestamp(ctx.period.year, 1, 1)
    end = pd.Timestamp(ctx.period.first_day)
    outside = month.values.notna() & ((month.values < start) | (month.values > end))
    reasons.add(outside, "上报月份 outside the period window " + quoted(month.values.dt.strftime("%Y-%m")))
    return month.values


def one_of(reasons: Reasons, a: pd.Series, b: pd.Series, names: tuple[str, str]) -> None:
    reasons.add(a.isna() & b.isna(), f"{names[0]} and {names[1]} both missing")


class Flagged:
    """Non-required cells that were unreadable: loaded as NULL, one warning per column
    listing the Excel rows (counted on the rows that load)."""

    def __init__(self) -> None:
        self._masks: dict[str, pd.Series] = {}

    def add(self, column: str, result: RuleResult) -> pd.Series:
        self._masks[column] = result.flagged
        return result.stored

    def report(self, raw: pd.DataFrame, reasons: Reasons, label: str) -> tuple[list[str], dict[str, int]]:
        kept = reasons.series.isna()
        warnings: list[str] = []
        counts: dict[str, int] = {}
        for column, mask in self._masks.items():
            hit = pd.Series(mask, index=raw.index).fillna(False).astype(bool) & kept
            counts[column] = int(hit.sum())
            if hit.any():
                rows = ", ".join(str(int(n)) for n in raw.loc[hit, ROW_NUMBER].iloc[:10])
                warnings.append(f"{label}: {column} unparseable, loaded as NULL: rows {rows}")
        return warnings, counts


def branch_warning(label: str, branch: Org) -> list[str]:
    if not branch.unmapped:
        return []
    return [f"{label}: unmapped branch names (机构代码 G00): {cols.listing(branch.unmapped)}"]
