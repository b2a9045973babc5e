"""The annuity workbook's own column rules (annuity_performance spec §4.3–§4.9), cited by
annuity_income: plan codes, portfolio codes, branches, customer numbers, business and
plan types, and the yield. Each works on whole columns."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from work_data_hub.core.cleansing.rules import parse_decimal, quantize, r_code, r_text
from work_data_hub.core.config.mappings import Mappings

# Placeholders that count as blank in branch and customer-number cells.
_BLANKISH = {"null", "none", "nan", "空白", "-", "无"}


def blank_placeholders(s: pd.Series) -> pd.Series:
    return s.mask(s.str.lower().isin(_BLANKISH))


def counts(s: pd.Series) -> dict[str, int]:
    """Distinct values with their row counts, for the run summary."""
    return {str(k): int(v) for k, v in s.dropna().value_counts().items()}


@dataclass
class PlanCodes:
    keyed: pd.Series  # after R-CODE and corrections: the plan key for company ids
    final: pd.Series  # keyed, or the placeholder default
    corrected: int
    defaulted: int
    flagged: int


def plan_codes(raw: pd.Series, plan_type: pd.Series, m: Mappings) -> PlanCodes:
    coded = r_code(raw)
    keyed = coded.values.replace(m.plan_code_corrections)
    corrected = int((keyed != coded.values).fillna(False).sum())
    default = plan_type.map(m.plan_code_defaults).astype("str")
    final = keyed.fillna(default)
    return PlanCodes(
        keyed=keyed,
        final=final,
        corrected=corrected,
        defaulted=int((keyed.isna() & final.notna()).sum()),
        flagged=int(coded.flagged.sum()),
    )


def portfolio_codes(
    raw: pd.Series, business_type: pd.Series, plan_type: pd.Series, m: Mappings
) -> tuple[pd.Series, int, dict[str, int]]:
    """One leading F/f is the source's marker, never part of the stored code."""
    text = r_text(raw)
    stripped = r_text(text.str.replace(r"^[Ff]", "", regex=True))
    f_stripped = int((text.notna() & text.str.match(r"^[Ff]").fillna(False)).sum())
    code = stripped.copy()
    missing = code.isna()
    for rule in m.portfolio_defaults:
        hit = missing.copy()
        if rule.business_types is not None:
            hit &= business_type.isin(rule.business_types)
        if rule.plan_types is not None:
            hit &= plan_type.isin(rule.plan_types)
        code = code.mask(hit, rule.code)
        missing &= ~hit
    defaulted = code.where(stripped.isna())
    return code, f_stripped, counts(defaulted)


@dataclass
class Branches:
    code: pd.Series
    name: pd.Series
    unmapped_names: dict[str, int] = field(default_factory=dict)
    unknown_codes: dict[str, int] = field(default_factory=dict)


def branches(name_raw: pd.Series, code_raw: pd.Series, m: Mappings) -> Branches:
    """A branch name wins; the source code is used only when the name is blank."""
    name = blank_placeholders(r_text(name_raw))
    code_cell = blank_placeholders(r_text(code_raw))
    by_name = m.branch_by_name
    code = name.map(by_name).astype("str")
    unmapped = name.notna() & code.isna()

    use_code = name.isna() & code_cell.notna()
    upper = code_cell.str.upper()
    is_code = use_code & upper.isin(list(m.branch_codes))
    is_name = use_code & ~is_code & code_cell.isin(list(by_name))
    unknown = use_code & ~is_code & ~is_name
    code = code.mask(is_code, upper).mask(is_name, code_cell.map(by_name))
    out_name = name.mask(is_name, code_cell)
    return Branches(
        code=code.fillna(m.branch_default),
        name=out_name,
        unmapped_names=counts(name.where(unmapped)),
        unknown_codes=counts(code_cell.where(unknown)),
    )


def customer_numbers(raw: pd.Series) -> pd.Series:
    """Exactly one leading C/c is the source's marker of a group customer number."""
    text = blank_placeholders(r_text(raw))
    return r_text(text.str.replace(r"^[Cc]", "", regex=True))


def plan_types(raw: pd.Series, m: Mappings) -> tuple[pd.Series, dict[str, int]]:
    text = r_text(raw)
    mapped = text.map(m.plan_type_aliases).astype("str")
    unknown = text.notna() & mapped.isna()
    return mapped.fillna(text), counts(text.where(unknown))


def product_lines(business_type: pd.Series, m: Mappings) -> tuple[pd.Series, dict[str, int]]:
    code = business_type.map(m.product_lines).astype("str")
    return code, counts(business_type.where(business_type.notna() & code.isna()))


@dataclass
class Yields:
    values: pd.Series
    read_as_percent: int
    out_of_range: int
    unparseable_rows: list[int]


def yields(raw: pd.Series, row_numbers: pd.Series) -> Yields:
    """Stored as a fraction; a percentage is divided by 100 exactly once."""
    text = r_text(raw.str.normalize("NFKC"))
    pct = text.str.endswith("%").fillna(False)
    parsed = parse_decimal(text.mask(pct, text.str[:-1]))
    v = parsed.values
    as_pct_number = ~pct & (v.abs() > 1)
    v = v.where(~(pct | as_pct_number), v / 100)
    v = quantize(v, 6)
    outside = v.abs() > 1
    return Yields(
        values=v,
        read_as_percent=int(as_pct_number.sum()),
        out_of_range=int(outside.sum()),
        unparseable_rows=[int(r) for r in row_numbers[parsed.flagged]],
    )


def listing(found: dict[str, int]) -> str:
    """`火星 (1 row), 月球 (3 rows)` for a summary line."""
    return ", ".join(f"{k} ({v} row{'s' if v != 1 else ''})" for k, v in found.items())
