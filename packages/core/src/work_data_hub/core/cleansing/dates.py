"""R-DATE and R-MONTH: a date (or a month, as its first day) from one cell.

Every cell is parsed on its own, so a blank or odd cell never changes how the others
of its column are read.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import RuleResult, distinct, integral_digits, is_one_of, nfkc, trim

_PLACEHOLDERS = frozenset({"-", "—", "无", "null", "none", "nan", "待定"})

# A date cell reaches us as datetime text; its time part is dropped, so it is only
# checked for shape.
_TIME = r"(?: +|T)(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9](?:\.[0-9]+)?)?"
_SEP = "[-/.]"

# (pattern, two-digit year) in the spec's order a-f; each must match the whole text.
_PATTERNS: tuple[tuple[str, bool], ...] = (
    (r"^(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})$", False),
    (r"^(?P<y>[0-9]{4})(?P<m>[0-9]{2})$", False),
    (
        rf"^(?P<y>[0-9]{{4}}){_SEP}(?P<m>[0-9]{{1,2}}){_SEP}(?P<d>[0-9]{{1,2}})"
        rf"(?:{_TIME})?$",
        False,
    ),
    (rf"^(?P<y>[0-9]{{4}}){_SEP}(?P<m>[0-9]{{1,2}})$", False),
    (r"^(?P<y>[0-9]{4})年(?P<m>[0-9]{1,2})(?:月(?:(?P<d>[0-9]{1,2})日?)?)?$", False),
    (r"^(?P<y>[0-9]{2})年(?P<m>[0-9]{1,2})月(?:(?P<d>[0-9]{1,2})日)?$", True),
)

_SERIAL_MIN, _SERIAL_MAX = 20000, 80000
_EXCEL_EPOCH = np.datetime64("1899-12-30", "D")
_YEAR_MIN, _YEAR_MAX = 1990, 2099
_DAYS_IN_MONTH = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])
_NAT = np.datetime64("NaT", "s")


def _numbers(part: pd.Series | None, size: int) -> np.ndarray:
    if part is None:
        return np.full(size, np.nan)
    return pd.to_numeric(part, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)


def _from_parts(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """datetime64[s] from float parts; out-of-range or impossible dates are NaT."""
    y = np.nan_to_num(year, nan=0).astype("int64")
    m = np.nan_to_num(month, nan=0).astype("int64")
    d = np.nan_to_num(day, nan=1).astype("int64")
    leap = (y % 4 == 0) & ((y % 100 != 0) | (y % 400 == 0))
    month_ok = (m >= 1) & (m <= 12)
    last_day = _DAYS_IN_MONTH[np.clip(m, 1, 12) - 1] + (leap & (m == 2))
    ok = ~np.isnan(year) & (y >= _YEAR_MIN) & (y <= _YEAR_MAX) & month_ok & (d >= 1) & (d <= last_day)
    first = ((np.where(ok, y, 1970) - 1970) * 12 + np.where(ok, m, 1) - 1).astype("datetime64[M]")
    dates = first.astype("datetime64[D]") + np.where(ok, d - 1, 0)
    return np.where(ok, dates.astype("datetime64[s]"), _NAT)


def _from_serial(text: pd.Series) -> np.ndarray:
    digits = text.where(text.str.fullmatch("[0-9]{5}", na=False))
    n = _numbers(digits, len(text))
    ok = (n >= _SERIAL_MIN) & (n <= _SERIAL_MAX)
    days = np.where(ok, n, 0).astype("int64").astype("timedelta64[D]")
    dates = (_EXCEL_EPOCH + days).astype("datetime64[s]")
    year = dates.astype("datetime64[Y]").astype("int64") + 1970
    ok &= (year >= _YEAR_MIN) & (year <= _YEAR_MAX)
    return np.where(ok, dates, _NAT)


def _parse(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Dates and flags for distinct non-NA texts."""
    text = integral_digits(trim(nfkc(values)))
    size = len(text)
    blank = ((text == "") | is_one_of(text, _PLACEHOLDERS)).to_numpy(dtype=bool)
    year = np.full(size, np.nan)
    month = np.full(size, np.nan)
    day = np.full(size, np.nan)
    for pattern, two_digit_year in _PATTERNS:
        parts = text.str.extract(pattern)
        y = _numbers(parts["y"], size)
        if two_digit_year:
            y = np.where(y < 50, 2000 + y, 1900 + y)
        # First match wins; the patterns are disjoint, so this is only a safeguard.
        hit = ~np.isnan(y) & np.isnan(year)
        year[hit] = y[hit]
        month[hit] = _numbers(parts["m"], size)[hit]
        day[hit] = _numbers(parts.get("d"), size)[hit]
    dates = np.where(np.isnan(year), _from_serial(text), _from_parts(year, month, day))
    flagged = ~blank & np.isnat(dates)
    return dates, flagged


def _rule_result(s: pd.Series, floor_to_month: bool) -> RuleResult:
    d = distinct(s)
    dates, flagged = _parse(d.values)
    if floor_to_month:
        dates = dates.astype("datetime64[M]").astype("datetime64[s]")
    return RuleResult(
        values=pd.Series(d.array(dates, _NAT), index=d.index, dtype="datetime64[s]"),
        flagged=pd.Series(d.array(flagged, False), index=d.index, dtype=bool),
    )


def r_date(s: pd.Series) -> RuleResult:
    """R-DATE: a calendar date per cell; blank and placeholders are NULL unflagged."""
    return _rule_result(s, floor_to_month=False)


def r_month(s: pd.Series) -> RuleResult:
    """R-MONTH: R-DATE floored to the first of its month."""
    return _rule_result(s, floor_to_month=True)
