"""The annuity workbook's own column rules (annuity_performance spec §4.3–§4.9), cited by
annuity_income: plan codes, portfolio codes, branches, customer numbers, business and
plan types, and the yield. Each works on whole columns."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from work_data_hub.core.cleansing.common import distinct, is_one_of, nfkc, trim
from work_data_hub.core.cleansing.rules import parse_decimal, quantize, r_code, r_text
from work_data_hub.core.config.mappings import Mappings

# §4.5 and mappings.md M4: what counts as a blank branch name or code. `无` is not in
# that list: a branch named 无 is an unmapped name, listed like any other.
_BRANCH_PLACEHOLDERS = frozenset({"null", "none", "nan", "空白", "-"})
# §4.6: placeholders of a customer number (this list does include `无`).
_CUSTOMER_NO_PLACEHOLDERS = frozenset({"null", "none", "nan", "空白", "无", "-"})
# 当期收益率 is NUMERIC(10,6): it holds |value| < 10**4.
_YIELD_LIMIT = 10.0**4


def blank_placeholders(s: pd.Series) -> pd.Series:
    """A trimmed branch name or code with the M4 placeholders turned into NA."""
    return s.mask(is_one_of(s, _BRANCH_PLACEHOLDERS))


def counts(s: pd.Series) -> dict[str, int]:
    """Distinct values with their row counts, for the run summary."""
    return {str(k): int(v) for k, v in s.dropna().value_counts().items()}


def listing(found: dict[str, int]) -> str:
    """`火星 (1 row), 月球 (3 rows)` for a summary line."""
    return ", ".join(f"{k} ({v} row{'s' if v != 1 else ''})" for k, v in found.items())


@dataclass
class PlanCodes:
    keyed: pd.Series  # after R-CODE and corrections: the plan key for company ids
    final: pd.Series  # keyed, or the placeholder default
    corrected: int
    defaulted: dict[str, int]  # placeholder code → rows
    flagged: int
    flagged_values: dict[str, int] = field(default_factory=dict)  # off `^[A-Z0-9]+$`, kept as keyed
    placeholders: frozenset[str] = frozenset()  # the M5 codes

    @property
    def resolution_key(self) -> pd.Series:
        """The keyed code, except the M5 placeholders even when the source keyed one:
        AN001/AN002 name no plan, so they never resolve a company."""
        return self.keyed.mask(self.keyed.isin(self.placeholders))


def plan_codes(raw: pd.Series, plan_type: pd.Series, m: Mappings) -> PlanCodes:
    """§4.3: R-CODE, then M6 on the uppercased code, then M5 for a NULL code. The M5
    placeholders go to ``final`` only, never to ``keyed``: they are not a plan."""
    coded = r_code(raw)
    keyed = coded.values.replace(m.plan_code_corrections)
    # NaN != NaN is True for the str dtype: only codes present on both sides can differ.
    corrected = int((coded.values.notna() & (keyed != coded.values)).sum())
    default = plan_type.map(m.plan_code_defaults).astype("str")
    final = keyed.fillna(default)
    return PlanCodes(
        keyed=keyed,
        final=final,
        corrected=corrected,
        defaulted=counts(final.where(keyed.isna())),
        flagged=int(coded.flagged.sum()),
        flagged_values=counts(keyed.where(coded.flagged)),
        placeholders=frozenset(m.plan_code_defaults.values()),
    )


def portfolio_codes(
    raw: pd.Series, business_type: pd.Series, plan_type: pd.Series, m: Mappings
) -> tuple[pd.Series, int, dict[str, int]]:
    """§4.8: one leading F/f is the source's marker, never part of the stored code; an
    empty code takes the first matching M7 rule. Returns the codes, the rows F-stripped
    and the rows defaulted per placeholder code."""
    text = r_text(raw)
    has_f = text.str.match(r"^[Ff]", na=False)
    stripped = r_text(text.str.replace(r"^[Ff]", "", regex=True))
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
    return code, int(has_f.sum()), counts(defaulted)


@dataclass
class Branches:
    code: pd.Series
    name: pd.Series
    unmapped_names: dict[str, int] = field(default_factory=dict)
    unknown_codes: dict[str, int] = field(default_factory=dict)


def branches(name_raw: pd.Series, code_raw: pd.Series, m: Mappings) -> Branches:
    """§4.5: a branch name wins; the source code is used only when the name is blank."""
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
    """§4.6: exactly one leading C/c is the source's marker of a group customer number."""
    text = r_text(raw)
    text = text.mask(is_one_of(text, _CUSTOMER_NO_PLACEHOLDERS))
    return r_text(text.str.replace(r"^[Cc]", "", regex=True))


def plan_types(raw: pd.Series, m: Mappings) -> tuple[pd.Series, dict[str, int]]:
    """M3: the short forms become canonical; any other value is kept verbatim and listed."""
    text = r_text(raw)
    mapped = text.map(m.plan_type_aliases).astype("str")
    unknown = text.notna() & mapped.isna()
    return mapped.fillna(text), counts(text.where(unknown))


def product_lines(business_type: pd.Series, m: Mappings) -> tuple[pd.Series, dict[str, int]]:
    """M1, exact match; an unknown 业务类型 has no product line and is listed."""
    code = business_type.map(m.product_lines).astype("str")
    return code, counts(business_type.where(business_type.notna() & code.isna()))


@dataclass
class Yields:
    values: pd.Series
    read_as_percent: pd.Series  # a bare number above 1 that was divided by 100 (warning)
    out_of_range: pd.Series  # |fraction| > 1, kept (warning)
    unparseable: pd.Series  # non-blank and unreadable: NULL (warning, row kept)
    too_large: pd.Series  # does not fit NUMERIC(10,6): the row is rejected


def yields(raw: pd.Series) -> Yields:
    """§4.7: 当期收益率 as a fraction with 6 decimals. A `%` text is divided by 100 and
    nothing more; a bare number above 1 is read as a percentage and divided once."""
    d = distinct(raw)
    text = trim(nfkc(d.values))
    pct = text.str.endswith("%").fillna(False)
    parsed = parse_decimal(text.mask(pct, text.str[:-1]))
    v = parsed.values
    guessed = ~pct & (v.abs() > 1)
    v = quantize(v.where(~(pct | guessed), v / 100), 6)
    values = v.to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        outside = np.abs(values) > 1
        too_large = np.abs(values) >= _YIELD_LIMIT

    def spread(per_value: np.ndarray) -> pd.Series:
        return pd.Series(d.array(per_value.astype(bool), False), index=d.index, dtype=bool)

    return Yields(
        values=pd.Series(d.array(values, np.nan), index=d.index, dtype="float64"),
        read_as_percent=spread(guessed.to_numpy(dtype=bool)),
        out_of_range=spread(outside & ~too_large),
        unparseable=spread(parsed.flagged.to_numpy(dtype=bool)),
        too_large=spread(too_large),
    )


def lookup_warnings(
    unknown_plan_types: dict[str, int], unknown_business: dict[str, int], branch: Branches
) -> list[str]:
    """The summary lines both annuity sheets give for values their lookups did not know."""
    out: list[str] = []
    if unknown_plan_types:
        out.append(f"unknown 计划类型 kept as keyed: {listing(unknown_plan_types)}")
    if unknown_business:
        out.append(f"unknown 业务类型 (产品线代码 NULL): {listing(unknown_business)}")
    if branch.unmapped_names:
        out.append(f"unmapped branch names (机构代码 G00): {listing(branch.unmapped_names)}")
    if branch.unknown_codes:
        out.append(f"unknown branch codes (机构代码 G00): {listing(branch.unknown_codes)}")
    return out
