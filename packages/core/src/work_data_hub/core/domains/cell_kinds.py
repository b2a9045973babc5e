"""The column kinds of other-kinds.md §0, declared per input column and applied by one
transform: the kinds that are "one delivery = one period" tables of typed columns
(团养缴费, 企康缴费 …) differ only in which column has which kind.

Row rules (§0 Rows): a required column that is NULL after its rule rejects the row (a
required date or amount that cannot be read says so); an unreadable date, number, percent
or flag in an optional column becomes NULL with one warning listing the rows. ``org``
keeps the branch name and adds 机构代码 = M4 of it (G00 for blank or unmapped names, the
unmapped ones listed in the summary). Every row carries the run's period as 月度."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.common import RuleResult
from work_data_hub.core.cleansing.rules import (
    num_out_of_range,
    r_code,
    r_date,
    r_flag,
    r_id,
    r_month,
    r_name,
    r_num,
    r_pct,
    r_text,
)
from work_data_hub.core.domains.base import Column, InputColumns, Transform, TransformContext, TransformResult
from work_data_hub.core.domains.outcomes import Reasons, quoted
from work_data_hub.core.domains.run_period import run_month
from work_data_hub.core.read.workbook import ROW_NUMBER

Kind = Literal["text", "name", "code", "id", "date", "month", "num", "int", "flag", "pct", "org"]
BRANCH_CODE = "机构代码"
PLAN_KEY = "__plan_key"  # these kinds resolve company ids by name only: no plan key
_NOT_READ = {"date": "not a date", "month": "not a month", "num": "not a number", "int": "not a whole number"}


@dataclass(frozen=True)
class Cell:
    """One input column: its kind, the output column it becomes (``target``, default its
    own name) and whether a row needs it."""

    source: str
    kind: Kind
    target: str | None = None
    required: bool = False

    @property
    def out(self) -> str:
        return self.target or self.source


def output_columns(
    cells: Sequence[Cell], order: Sequence[str], lengths: dict[str, int] | None = None
) -> tuple[Column, ...]:
    """The table's columns in ``order`` (the spec's output list): one per cell, 机构代码
    for the ``org`` cell, company_id and 月度. Text is VARCHAR(255) unless ``lengths``
    says otherwise (0: TEXT)."""
    lengths = lengths or {}
    out: list[Column] = []
    for cell in cells:
        nullable = not cell.required
        if cell.kind in ("num",):
            out.append(Column(cell.out, "numeric", precision=(18, 4), nullable=nullable))
        elif cell.kind == "pct":
            out.append(Column(cell.out, "numeric", precision=(18, 6), nullable=nullable))
        elif cell.kind == "int":
            out.append(Column(cell.out, "integer", nullable=nullable))
        elif cell.kind == "flag":
            out.append(Column(cell.out, "flag", nullable=nullable))
        elif cell.kind in ("date", "month"):
            out.append(Column(cell.out, cell.kind, nullable=nullable))
        else:
            out.append(Column(cell.out, "text", lengths.get(cell.out, 255) or None, nullable=nullable))
        if cell.kind == "org":
            out.append(Column(BRANCH_CODE, "text", 10, nullable=False, default="G00"))
    out.append(Column("company_id", "text", 50))
    out.append(Column("月度", "month", nullable=False))
    by_name = {c.name: c for c in out}
    if sorted(by_name) != sorted(order):
        raise ValueError(f"output order {list(order)} does not list the columns {sorted(by_name)}")
    return tuple(by_name[name] for name in order)


def inputs(cells: Sequence[Cell], **more: object) -> InputColumns:
    """The input columns the cells read: required and optional by their ``required``."""
    return InputColumns(
        required=frozenset(c.source for c in cells if c.required),
        optional=frozenset(c.source for c in cells if not c.required),
        aliases=more.pop("aliases", {}),  # type: ignore[arg-type]
        **more,  # type: ignore[arg-type]
    )


def _integral(parsed: RuleResult) -> RuleResult:
    """R-NUM that must be a whole number within INTEGER's range."""
    whole = parsed.values.isna() | (parsed.values.eq(parsed.values.round(0)) & parsed.values.abs().lt(2**31))
    return RuleResult(values=parsed.values.where(whole).astype("Int64"), flagged=parsed.flagged | ~whole.astype(bool))


def _rows(numbers: pd.Series, shown: int = 10) -> str:
    listed = [str(int(n)) for n in numbers.iloc[:shown]]
    more = len(numbers) - len(listed)
    return f"row{'s' if len(numbers) != 1 else ''} {', '.join(listed)}" + (f" and {more} more" if more else "")


def make_transform(cells: Sequence[Cell]) -> Transform:
    """The domain's transform: its cells' rules, vectorised, on the canonical frame."""

    def transform(raw: pd.DataFrame, ctx: TransformContext) -> TransformResult:
        return apply(raw, ctx, cells)

    return transform


def apply(raw: pd.DataFrame, ctx: TransformContext, cells: Sequence[Cell]) -> TransformResult:
    m = ctx.mappings
    reasons = Reasons(raw.index)
    month = run_month(raw, ctx, reasons)
    out = pd.DataFrame(index=raw.index)
    flagged: dict[str, pd.Series] = {}
    counters: dict[str, object] = {}
    warnings = list(month.warnings)

    for cell in cells:
        column = raw[cell.source]
        unreadable = pd.Series(False, index=raw.index)
        stored: pd.Series | None = None  # exact decimals of an amount, where they differ from `values`
        if cell.kind in ("text", "name", "org"):
            values = r_name(column) if cell.kind == "name" else r_text(column)
            if cell.kind == "org":
                values = cols.blank_placeholders(values)
                code = values.map(m.branch_by_name).astype("str")
                counters["unmapped_branch_names"] = cols.counts(values.where(code.isna()))
                out[cell.out] = values
                out[BRANCH_CODE] = code.fillna(m.branch_default)
                if cell.required:
                    reasons.add(values.isna(), f"{cell.source} missing")
                continue
        elif cell.kind in ("code", "id"):
            values = (r_code(column).values) if cell.kind == "code" else r_id(column)
        else:
            parsed = {
                "date": r_date,
                "month": r_month,
                "num": r_num,
                "int": lambda s: _integral(r_num(s)),
                "flag": r_flag,
                "pct": r_pct,
            }[cell.kind](column)
            values = parsed.values
            stored = parsed.stored
            bad = unreadable = parsed.flagged.astype(bool)
            if cell.kind in ("num", "pct"):
                reasons.add(num_out_of_range(values), f"{cell.source} out of range: " + quoted(column))
            if cell.required:
                reasons.add(bad, f"{cell.source} {_NOT_READ.get(cell.kind, 'unreadable')}: " + quoted(column))
            else:
                flagged[cell.source] = bad
                values = values.where(~bad)
                stored = stored.where(~bad)  # type: ignore[union-attr]
        if cell.required:
            reasons.add(values.isna() & ~unreadable, f"{cell.source} missing")
        out[cell.out] = values if stored is None else stored

    out["company_id"] = pd.Series(pd.NA, index=raw.index, dtype="str")  # filled by enrich
    out["月度"] = month.values
    out[PLAN_KEY] = pd.Series(pd.NA, index=raw.index, dtype="str")

    # Counted on the rows that load: a rejected row's cells are moot.
    kept = reasons.series.isna()
    counts: dict[str, int] = {}
    for source, mask in flagged.items():
        hit = mask & kept
        counts[source] = int(hit.sum())
        if hit.any():
            warnings.append(f"sheet {ctx.sheet}: {source} unreadable, loaded as NULL: {_rows(raw[ROW_NUMBER][hit])}")
    counters["flagged_cells"] = counts
    unmapped = counters.get("unmapped_branch_names")
    if unmapped:
        warnings.append(f"sheet {ctx.sheet}: unmapped branch names ({BRANCH_CODE} G00): {cols.listing(unmapped)}")  # type: ignore[arg-type]
    return TransformResult(frame=out, reasons=reasons.series, months=month.months, warnings=warnings, counters=counters)
