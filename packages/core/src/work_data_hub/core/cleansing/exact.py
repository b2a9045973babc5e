"""Exact amounts: a decimal text becomes a decimal128 value without passing through a
double, rounded half away from zero (decimal ROUND_HALF_UP) to the column's scale.

A double carries about 16 significant digits and NUMERIC(18,4) holds 18, so a float on
the way would turn ``1234567890123.4567`` into ``…4568``. Plain texts are split into
their digits with Arrow's string kernels; only texts in exponent notation (rare: a
reader writes ``1e-05`` for tiny doubles) go through Python's ``decimal``, once per
distinct value.
"""

from __future__ import annotations

import contextlib
import contextvars
import decimal
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# NUMERIC(18, s): integer digits left for the value.
PRECISION = 18
_PLAIN = r"^(?P<sign>[+-]?)0*(?P<whole>[0-9]*)(?:\.(?P<fraction>[0-9]*))?$"

# Cells rounded to the scale, by input column, during one transform (see `rounding`).
_ROUNDED: contextvars.ContextVar[dict[str, int] | None] = contextvars.ContextVar("wdh_rounded", default=None)


@contextlib.contextmanager
def rounding() -> Iterator[dict[str, int]]:
    """Collect, per input column, how many cells had more decimals than their scale: a
    rule reports what it changed without every domain threading a collector through."""
    tally: dict[str, int] = {}
    token = _ROUNDED.set(tally)
    try:
        yield tally
    finally:
        _ROUNDED.reset(token)


def record_rounded(column: object, cells: int) -> None:
    tally = _ROUNDED.get()
    if tally is not None and cells:
        key = str(column)
        tally[key] = tally.get(key, 0) + cells


def exact_decimals(text: pd.Series, places: int) -> tuple[pd.Series, np.ndarray]:
    """Decimal texts (already cleaned of noise; NA where not a number) → decimal128
    values at ``places`` (NA where the text is NA or does not fit NUMERIC(18, places)),
    and which texts had non-zero digits beyond ``places`` (rounded)."""
    arrow = pa.array(text, type=pa.large_string(), from_pandas=True)
    parts = pc.extract_regex(arrow, _PLAIN)
    plain = _mask(pc.is_valid(parts))
    sign, whole, fraction = (pc.fill_null(pc.struct_field(parts, [i]), "") for i in range(3))
    whole = pc.if_else(pc.equal(whole, ""), "0", whole)
    padded = pc.utf8_rpad(fraction, width=places + 1, padding="0")
    kept = pc.utf8_slice_codeunits(padded, 0, places)
    up = pc.greater_equal(pc.utf8_slice_codeunits(padded, places, places + 1), "5")
    rounded = _mask(pc.match_substring_regex(pc.utf8_slice_codeunits(fraction, places), "[1-9]"))
    fits = pa.array(plain & _mask(pc.less_equal(pc.utf8_length(whole), PRECISION - places)))

    wide = pa.decimal128(PRECISION + 1, places)
    dot, nothing = pa.scalar(".", pa.large_string()), pa.scalar("", pa.large_string())
    literal = pc.binary_join_element_wise(sign, whole, dot, kept, nothing)
    base = pc.cast(pc.if_else(fits, literal, pa.scalar(None, pa.large_string())), wide)
    unit = str(decimal.Decimal(1).scaleb(-places))
    step = pc.if_else(pc.and_(up, fits), pc.if_else(pc.equal(sign, "-"), "-" + unit, unit), "0")
    value = pc.cast(pc.add(base, pc.cast(step, wide)), wide)
    limit = pa.scalar(decimal.Decimal(10) ** (PRECISION - places), type=pa.decimal128(PRECISION + 1, 0))
    value = pc.if_else(pc.less(pc.abs(value), limit), value, pa.scalar(None, wide))
    values = pc.cast(value, pa.decimal128(PRECISION, places))

    scientific = ~plain & text.notna().to_numpy(dtype=bool)
    if scientific.any():
        values, rounded = _scientific(text, scientific, values, rounded, places)
    return pd.Series(pd.arrays.ArrowExtensionArray(values), index=text.index), rounded


def _mask(flags: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(flags, False).to_numpy(zero_copy_only=False), dtype=bool)


def _scientific(
    text: pd.Series, which: np.ndarray, values: pa.Array, rounded: np.ndarray, places: int
) -> tuple[pa.Array, np.ndarray]:
    quantum = decimal.Decimal(1).scaleb(-places)
    limit = decimal.Decimal(10) ** (PRECISION - places)
    out = values.to_pylist()
    rounded = rounded.copy()
    context = decimal.Context(prec=100, traps=[decimal.InvalidOperation])
    for position in np.flatnonzero(which):
        try:
            exact = context.create_decimal(str(text.iloc[position]))
        except decimal.InvalidOperation:
            continue
        if not exact.is_finite() or abs(exact) >= limit:
            continue
        value = exact.quantize(quantum, rounding=decimal.ROUND_HALF_UP, context=context)
        out[position] = value
        rounded[position] = value != exact
    return pa.array(out, type=pa.decimal128(PRECISION, places)), rounded


def to_text(values: pd.Series, places: int) -> pd.Series:
    """A numeric column as the decimal text a NUMERIC(p, places) column stores (NA kept).

    Exact decimals print as they are; a float column (rates computed by division) is
    rounded half away from zero at the scale, which is exact for the 15 digits a double
    holds."""
    if is_exact(values):
        arrow = values.array.__arrow_array__()
        if arrow.type.scale > places:
            arrow = pc.round(arrow, ndigits=places, round_mode="half_towards_infinity")
        text = pc.cast(pc.cast(arrow, pa.decimal128(38, places)), pa.string())
        return (
            pd.Series(pd.arrays.ArrowExtensionArray(text), index=values.index)
            .astype(object)
            .where(values.notna(), None)
        )
    from work_data_hub.core.cleansing.numbers import quantize

    floats = quantize(pd.to_numeric(values, errors="coerce"), places).to_numpy(dtype="float64", na_value=np.nan)
    finite = np.isfinite(floats)
    text = np.full(len(floats), None, dtype=object)
    if finite.any():
        text[finite] = np.char.mod(f"%.{places}f", floats[finite])
    return pd.Series(text, index=values.index, dtype=object)


def is_exact(values: pd.Series) -> bool:
    return isinstance(values.dtype, pd.ArrowDtype) and pa.types.is_decimal(values.dtype.pyarrow_dtype)


def as_float(values: pd.Series) -> pd.Series:
    """A numeric column as float64 (NaN for what is not a number), for totals and checks;
    pd.to_numeric mis-sizes decimal columns that hold NA."""
    if is_exact(values):
        return values.astype("float64")
    return pd.to_numeric(values, errors="coerce").astype("float64")
