"""Building blocks shared by the cell rules of `rules.md`.

Every rule works on the distinct values of a column and spreads the result back with
the factorize codes. A 40,000-row month holds far fewer distinct values than rows
(months, codes, flags: a few dozen; names: a few thousand), so the string work is done
once per value, never once per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# pandas 3's default string dtype; pyarrow storage lets `.str` run on RE2 kernels.
STR = pd.StringDtype("pyarrow", na_value=np.nan)

# Python's str.isspace() set: spaces, U+3000, tabs, line breaks, no-break spaces.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003"
    "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# Literal characters (not \u escapes): pandas routes patterns with \u escapes to `re`.
WHITESPACE_CLASS = "[" + WHITESPACE + "]"

_INTEGRAL = r"^([+-]?[0-9]+)\.0+$"


@dataclass(frozen=True, eq=False)
class RuleResult:
    """Cleaned values plus the cells that were non-blank but could not be read."""

    values: pd.Series
    flagged: pd.Series
    # Amounts only: the same values as exact decimals (NA where `values` is out of range),
    # the ones a domain stores; `values` (float) serves the checks.
    exact: pd.Series | None = None

    @property
    def stored(self) -> pd.Series:
        """What goes into the warehouse: the exact decimals where there are any."""
        return self.values if self.exact is None else self.exact


@dataclass(frozen=True)
class Distinct:
    """A column split into its distinct non-NA values and the codes to rebuild it."""

    codes: np.ndarray  # position in `values`, -1 for NA
    values: pd.Series  # STR, RangeIndex
    index: pd.Index  # the input's index, restored on output

    def text(self, per_value: pd.Series) -> pd.Series:
        """Spread a STR result computed on `values` back to the input's rows."""
        taken = per_value.astype(STR).array.take(self.codes, allow_fill=True)
        return pd.Series(taken, index=self.index, dtype=STR)

    def array(self, per_value: np.ndarray, fill: object) -> np.ndarray:
        """Spread a numpy result back; NA rows (code -1) pick the appended `fill`."""
        tail = np.array([fill], dtype=per_value.dtype)
        return np.concatenate([per_value, tail])[self.codes]


def as_text(s: pd.Series) -> pd.Series:
    """The input as STR; other dtypes are rendered as text first (defensive)."""
    if s.dtype == STR:
        return s
    return s.astype(STR)


def distinct(s: pd.Series) -> Distinct:
    codes, uniques = pd.factorize(as_text(s))
    return Distinct(codes=codes, values=pd.Series(uniques, dtype=STR), index=s.index)


def trim(t: pd.Series) -> pd.Series:
    return t.str.strip(WHITESPACE)


def nfkc(t: pd.Series) -> pd.Series:
    """NFKC, run only on non-ASCII values.

    ASCII is NFKC-invariant, and pandas' NFKC is element-wise Python (pyarrow's kernel
    skips composition), so most values skip it entirely.
    """
    non_ascii = t.str.contains(r"[^\x00-\x7f]", regex=True, na=False)
    if not non_ascii.any():
        return t
    out = t.copy()
    out[non_ascii] = t[non_ascii].str.normalize("NFKC")
    return out


def integral_digits(t: pd.Series) -> pd.Series:
    """`12345.0` -> `12345`: a whole-number cell may reach us with a `.0` tail."""
    return t.str.replace(_INTEGRAL, r"\1", regex=True)


def blank_to_na(t: pd.Series) -> pd.Series:
    return t.where(t != "")


def is_one_of(t: pd.Series, words: frozenset[str]) -> pd.Series:
    """Case-insensitive membership (placeholder lists); NA is never a member."""
    return t.str.lower().isin(words) & t.notna()
