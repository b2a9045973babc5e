"""Rules the finance kinds (other-kinds.md §2.8, §2.11–§2.16) share: the one leading `F` of a
portfolio code, a branch name with its M4 code, and the lookups of codes only the operators
have (mapping.组合计划 for a portfolio's plan, mapping.产品明细 and mapping.利润指标), which
run after validation with a read-only view of the warehouse."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import sqlalchemy as sa

from work_data_hub.core.cleansing import annuity_columns as cols
from work_data_hub.core.cleansing.common import integral_digits
from work_data_hub.core.cleansing.rules import r_text
from work_data_hub.core.config.mappings import Mappings
from work_data_hub.core.load.view import WarehouseView

# A portfolio whose status is 虚拟 never names a plan (reference-data.md §1.4).
VIRTUAL = "虚拟"


def strip_f(raw: pd.Series) -> pd.Series:
    """One leading F/f is the source's marker, never part of the code; a number cell
    gives its digits (`5120.0` → `5120`)."""
    text = r_text(raw)
    return r_text(integral_digits(text.str.replace(r"^[Ff]", "", regex=True)))


def branch(raw: pd.Series, m: Mappings) -> cols.Branches:
    """An `org` column: the name kept, 机构代码 = M4 of it (G00 default, unmapped listed)."""
    return cols.branches(raw, pd.Series(pd.NA, index=raw.index, dtype="str"), m)


def _read(warehouse: WarehouseView, schema: str, table: str, columns: list[str]) -> pd.DataFrame:
    """The table's rows, or none while it does not exist yet (a dry run on a new warehouse)."""
    t = warehouse.table(table, schema)
    if t is None:
        return pd.DataFrame(columns=columns)
    return warehouse.read(sa.select(*(t.c[c] for c in columns)), columns).astype("str")


def portfolio_plans(warehouse: WarehouseView) -> pd.Series:
    """组合代码 → 年金计划号 of every portfolio in mapping.组合计划 that is not 虚拟."""
    rows = _read(warehouse, "mapping", "组合计划", ["组合代码", "年金计划号", "组合状态"])
    real = rows[rows["组合状态"].ne(VIRTUAL).fillna(True) & rows["年金计划号"].notna()]
    return pd.Series(real["年金计划号"].to_numpy(), index=real["组合代码"].to_numpy(), dtype="str")


def plans_of_portfolios(
    portfolio: str, plan: str, wanted: Callable[[pd.DataFrame], pd.Series] | None = None
) -> Callable[[pd.DataFrame, WarehouseView], tuple[pd.DataFrame, dict[str, object]]]:
    """An ``after_enrich`` filling ``plan`` from mapping.组合计划 by ``portfolio`` on the rows
    ``wanted`` selects (all by default); an unknown portfolio leaves it NULL and is counted
    in one warning."""

    def after_enrich(frame: pd.DataFrame, warehouse: WarehouseView) -> tuple[pd.DataFrame, dict[str, object]]:
        out = frame.copy()
        rows = wanted(out) if wanted is not None else pd.Series(True, index=out.index)
        rows &= out[portfolio].notna()
        found = out[portfolio].map(portfolio_plans(warehouse)).astype("str")
        out[plan] = out[plan].where(~rows, found)
        unknown = rows & found.isna()
        n = int(out.loc[unknown, portfolio].nunique())
        counters: dict[str, object] = {
            "portfolios_not_in_mapping": n,
            "plan_codes_from_portfolios": int((rows & found.notna()).sum()),
        }
        if n:
            counters["warnings"] = [
                f"{n} portfolio{'s' if n != 1 else ''} not in mapping.组合计划 "
                f"({int(unknown.sum())} row{'s' if int(unknown.sum()) != 1 else ''}, 计划代码 NULL)"
            ]
        return out, counters

    return after_enrich


def code_lookups(
    lookups: tuple[tuple[str, str, str, str, str], ...],
) -> Callable[[pd.DataFrame, WarehouseView], tuple[pd.DataFrame, dict[str, object]]]:
    """An ``after_enrich`` filling code columns from operator tables (M11): each lookup is
    (table, its name column, its code column, the frame's name column, the frame's code
    column). While a table is empty (or lacks a name) the code stays NULL, with one counted
    warning."""

    def after_enrich(frame: pd.DataFrame, warehouse: WarehouseView) -> tuple[pd.DataFrame, dict[str, object]]:
        out = frame.copy()
        warnings: list[str] = []
        counters: dict[str, object] = {}
        for table, name_col, code_col, key, target in lookups:
            rows = _read(warehouse, "mapping", table, [name_col, code_col]).dropna().drop_duplicates(name_col)
            codes = pd.Series(rows[code_col].to_numpy(), index=rows[name_col].to_numpy(), dtype="str")
            out[target] = out[key].map(codes).astype("str")
            missing = int((out[key].notna() & out[target].isna()).sum())
            counters[f"{target}_not_found"] = missing
            if missing:
                why = "the table is empty" if rows.empty else f"{key} not in it"
                warnings.append(f"{target} NULL on {missing} rows: mapping.{table} ({why})")
        if warnings:
            counters["warnings"] = warnings
        return out, counters

    return after_enrich


def integers(raw: pd.Series, column: str, warnings: list[str]) -> pd.Series:
    """An `int` column: R-NUM that must be integral; anything else is NULL with a warning."""
    from work_data_hub.core.cleansing.rules import r_num

    parsed = r_num(raw)
    whole = parsed.values.notna() & parsed.values.eq(parsed.values.round())
    bad = int((raw.notna() & ~whole).sum())
    if bad:
        warnings.append(f"{bad} rows with {column} not a whole number: loaded as NULL")
    return parsed.values.where(whole).astype("Int64")
