"""R-CODE (plan codes) and R-ID (company ids)."""

from __future__ import annotations

import pandas as pd

from .common import (
    WHITESPACE,
    RuleResult,
    blank_to_na,
    distinct,
    integral_digits,
    is_one_of,
    nfkc,
    trim,
)

_CODE_PLACEHOLDERS = frozenset({"null", "none", "nan", "空白", "无", "0"})
_CODE_NOISE = "[-_" + WHITESPACE + "]"
_CODE_SHAPE = "[A-Z0-9]+"
_ID_PLACEHOLDERS = frozenset({"0", "n", "na", "n/a", "none", "null", "nan", "空白", "-"})


def r_code(s: pd.Series) -> RuleResult:
    """R-CODE: ` s-0123 ` -> `S0123`; a value off `^[A-Z0-9]+$` is kept but flagged."""
    d = distinct(s)
    v = nfkc(d.values).str.upper().str.replace(_CODE_NOISE, "", regex=True)
    # Removing a space can join a letter to a combining mark (`A ́`): normalise once more
    # so that a cleaned code cleans to itself.
    v = nfkc(v)
    # The `.0` tail goes last, so a cleaned code cleans to itself (`0.-0` -> `0`).
    v = integral_digits(v)
    v = blank_to_na(v).where(~is_one_of(v, _CODE_PLACEHOLDERS))
    flagged = v.notna() & ~v.str.fullmatch(_CODE_SHAPE, na=False)
    return RuleResult(
        values=d.text(v),
        flagged=pd.Series(d.array(flagged.to_numpy(dtype=bool), False), index=d.index),
    )


def r_id(s: pd.Series) -> pd.Series:
    """R-ID: trimmed, uppercased company id; placeholders -> NA.

    Temporary ids (`IN` + 16 base-32 characters) are already uppercase and pass as is.
    """
    d = distinct(s)
    v = integral_digits(trim(d.values)).str.upper()
    return d.text(blank_to_na(v).where(~is_one_of(v, _ID_PLACEHOLDERS)))
