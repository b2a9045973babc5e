"""R-NUM: a decimal amount, quantised to 4 places ROUND_HALF_UP."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .common import WHITESPACE, Distinct, RuleResult, distinct, is_one_of, nfkc, trim
from .exact import exact_decimals, record_rounded

_PLACES = 4
# NUMERIC(18,4) holds |value| < 10**14.
_LIMIT = 10.0**14
_PLACEHOLDERS = frozenset({"-", "—", "无", "暂无", "n/a", "null", "none", "nan"})
# Thousands separators, spaces and currency signs (NFKC has already made ￥ into ¥).
_NOISE = "[,¥￥$" + WHITESPACE + "]"
_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"

# A decimal text is parsed to the nearest double, which may sit just below a true tie
# (1.00005 is 1.0000499999999999...). The double is within half an ulp of its text, so
# a tie is accepted from one ulp (in quanta) below .5. Where that ulp is coarse the
# double cannot carry the deciding digit any more; the nudge is then dropped so values
# that are not ties are never promoted.
_COARSE = 2.0**-4
# From 2**52 quanta up every double is a whole number of quanta: nothing to round.
_EXACT = 2.0**52
_VELTKAMP = 2.0**27 + 1
# Relative size of the noise a double carries past its significant digits (8 ulps).
_NOISE_SHARE = 8 * 2.0**-52


def _split(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    t = _VELTKAMP * a
    high = t - (t - a)
    return high, a - high


def _exact_product(a: np.ndarray, b: float) -> tuple[np.ndarray, np.ndarray]:
    """a * b as an unevaluated sum high + low (Dekker), so rounding the product
    cannot move a value onto or off a tie."""
    product = a * b
    a_high, a_low = _split(a)
    b_high, b_low = _split(np.array(b))
    low = ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low
    return product, low


def quantize(values: pd.Series, places: int) -> pd.Series:
    """Round half away from zero (decimal ROUND_HALF_UP) to `places` decimals."""
    x = pd.to_numeric(values, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    scale = 10.0**places
    with np.errstate(invalid="ignore", over="ignore"):
        magnitude = np.abs(x)
        high, low = _exact_product(magnitude, scale)
        whole = np.floor(high)
        # high - whole is exact below 2**52; adding `low` gives the exact fraction.
        fraction = (high - whole) + low
        nudge = np.spacing(magnitude) * scale
        nudge = np.where(nudge < _COARSE, nudge, 0.0)
        rounded = (whole + (fraction >= 0.5 - nudge)) / scale
        keep = ~np.isfinite(high) | (high >= _EXACT)
    out = np.where(keep, x, np.copysign(rounded, x))
    # + 0.0 turns the -0.0 of a tiny negative into 0.0.
    return pd.Series(out + 0.0, index=values.index, dtype="float64")


def num_out_of_range(values: pd.Series) -> pd.Series:
    """True where a value does not fit NUMERIC(18,4); NaN is in range."""
    x = values.to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(invalid="ignore"):
        out = np.abs(x) >= _LIMIT
    return pd.Series(out, index=values.index, dtype=bool)


def _to_float(text: pd.Series) -> np.ndarray:
    """Nearest doubles of decimal texts (NA -> NaN). pyarrow's cast rounds correctly, as
    pd.to_numeric does, at a tenth of its cost; pd.to_numeric stays for anything the cast
    refuses."""
    try:
        floats = pc.cast(pa.array(text, type=pa.large_string()), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return np.asarray(floats.to_numpy(zero_copy_only=False), dtype="float64")


def _numbers(s: pd.Series) -> tuple[Distinct, pd.Series, np.ndarray]:
    """The distinct cells' number texts (NA where not a number) and which are unreadable."""
    d = distinct(s)
    text = trim(nfkc(d.values)).str.replace(_NOISE, "", regex=True)
    placeholder = (text == "") | is_one_of(text, _PLACEHOLDERS)
    plain = text.str.fullmatch(_DECIMAL, na=False)
    return d, text.where(plain), ~placeholder.to_numpy(dtype=bool) & ~plain.to_numpy(dtype=bool)


def _parsed(s: pd.Series) -> tuple[Distinct, pd.Series, np.ndarray, np.ndarray]:
    """Per distinct cell: its number text, its double and whether it is unreadable."""
    d, numbers, unreadable = _numbers(s)
    parsed = _to_float(numbers)
    return d, numbers, parsed, unreadable | (numbers.notna().to_numpy(dtype=bool) & np.isnan(parsed))


def parse_decimal(s: pd.Series) -> RuleResult:
    """R-NUM steps 1-5 without the quantisation: the yield rule divides first."""
    d, _, parsed, flagged = _parsed(s)
    return RuleResult(
        values=pd.Series(d.array(parsed, np.nan), index=d.index, dtype="float64"),
        flagged=pd.Series(d.array(flagged, False), index=d.index, dtype=bool),
    )


def r_num(s: pd.Series) -> RuleResult:
    """R-NUM: placeholders are NULL unflagged; unreadable text is NULL flagged.

    Huge values are kept (not flagged): the domain rejects them with the raw text
    through `num_out_of_range`. ``exact`` holds the decimals the domain stores; cells
    with more than four decimals are counted per column (`exact.rounding`).
    """
    d, numbers, parsed, flagged = _parsed(s)
    exact, rounded = exact_decimals(numbers, _PLACES)
    # A number cell reaches us as the shortest text of its double, whose digits past
    # Excel's 15 significant ones are binary noise (0.30000000000000004): not a rounding
    # worth a warning. Digits the analyst typed differ from the rounded value by far more.
    quantized = quantize(pd.Series(parsed), _PLACES).to_numpy()
    with np.errstate(invalid="ignore"):
        rounded = rounded & (np.abs(parsed - quantized) > np.abs(parsed) * _NOISE_SHARE)
    record_rounded(s.name, int(d.array(rounded, False).sum()))
    taken = exact.array.take(d.codes, allow_fill=True)
    return RuleResult(
        values=pd.Series(d.array(quantized, np.nan), index=d.index, dtype="float64"),
        flagged=pd.Series(d.array(flagged, False), index=d.index, dtype=bool),
        exact=pd.Series(taken, index=d.index),
    )
