"""The 月度 column of the kinds that store one delivery per period (other-kinds.md §0):
every row carries the first day of the run's period P. A sheet with its own 月度 column has
it read with R-MONTH: a blank cell takes P (one warning), an unreadable one rejects its row,
and any other month is handed to the platform's period check, which fails the domain before
anything is written (like 规模明细: a wrong workbook must never replace a month)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from work_data_hub.core.cleansing.rules import r_month
from work_data_hub.core.domains.base import TransformContext
from work_data_hub.core.domains.outcomes import Reasons, quoted

COLUMN = "月度"


@dataclass
class RunMonth:
    values: pd.Series  # the month to store on every row: P where the sheet has none
    months: pd.Series  # the parsed months for the period check (NaT where none was keyed)
    warnings: list[str] = field(default_factory=list)


def run_month(raw: pd.DataFrame, ctx: TransformContext, reasons: Reasons, column: str = COLUMN) -> RunMonth:
    period = pd.Timestamp(ctx.period.first_day)
    every_row = pd.Series(period, index=raw.index, dtype="datetime64[s]")
    if column not in raw.columns:
        return RunMonth(values=every_row, months=pd.Series(pd.NaT, index=raw.index, dtype="datetime64[s]"))
    parsed = r_month(raw[column])
    reasons.add(parsed.flagged, f"{column} unparseable " + quoted(raw[column]))
    blank = parsed.values.isna() & ~parsed.flagged
    warnings = []
    if blank.any():
        warnings.append(f"{int(blank.sum())} rows with blank {column}: the run's period {ctx.period.label} used")
    values = parsed.values.astype("datetime64[s]").where(~blank, every_row)
    return RunMonth(values=values, months=parsed.values.astype("datetime64[s]"), warnings=warnings)
