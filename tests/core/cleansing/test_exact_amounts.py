"""Issue 15 point 3 at the rule: an amount's text becomes its exact decimal at four
places, rounded half away from zero, without passing through a double."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from work_data_hub.core.cleansing.exact import as_float, rounding, to_text
from work_data_hub.core.cleansing.rules import r_num

Q = Decimal("0.0001")


def _exact(*cells: str | None) -> list[object]:
    return [None if v is pd.NA else v for v in r_num(pd.Series(list(cells), dtype="str", name="金额")).exact]


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("9999999999999.9999", Decimal("9999999999999.9999")),
        ("1234567890123.4567", Decimal("1234567890123.4567")),
        ("-99999999999999.9999", Decimal("-99999999999999.9999")),
        ("1.00005", Decimal("1.0001")),  # a tie: half away from zero
        ("-1.00005", Decimal("-1.0001")),
        ("1.000049999", Decimal("1.0000")),
        ("1,234.5", Decimal("1234.5000")),
        ("￥2,000", Decimal("2000.0000")),
        ("1.5e3", Decimal("1500.0000")),
        ("1e-05", Decimal("0.0000")),
        ("-0.00004", Decimal("0.0000")),
        ("0.30000000000000004", Decimal("0.3000")),
        ("100000000000000", None),  # does not fit NUMERIC(18,4): rejected by the domain
        ("99999999999999.99995", None),  # rounds up out of range
        ("abc", None),
        ("-", None),
        (None, None),
    ],
)
def test_an_amount_text_is_stored_as_its_exact_decimal(cell: str | None, stored: Decimal | None) -> None:
    [got] = _exact(cell)
    assert got == stored and (stored is None or str(got) == str(stored))


def test_the_exact_column_is_a_decimal_column_whose_floats_serve_the_checks() -> None:
    result = r_num(pd.Series(["1234567890123.4567", None, "x"], dtype="str"))
    assert str(result.exact.dtype) == "decimal128(18, 4)[pyarrow]"
    assert as_float(result.exact).tolist()[0] == pytest.approx(1234567890123.4567)
    assert result.values.tolist()[0] == pytest.approx(1234567890123.4567)
    assert result.flagged.tolist() == [False, False, True]


def test_cells_with_more_decimals_are_counted_per_column_but_float_noise_is_not() -> None:
    cells = ["1.00005", "1234.5678901", "12.5", "0.30000000000000004", "1234.5600000000002", "1.00005"]
    with rounding() as rounded:
        r_num(pd.Series(cells, dtype="str", name="期末资产规模"))
        r_num(pd.Series(["2.5"], dtype="str", name="供款"))
    assert rounded == {"期末资产规模": 3}


def test_the_loader_writes_exact_text_at_the_columns_scale() -> None:
    exact = r_num(pd.Series(["9999999999999.9999", None, "-0.5"], dtype="str")).exact
    assert to_text(exact, 4).tolist() == ["9999999999999.9999", None, "-0.5000"]
    assert to_text(exact, 2).tolist() == ["10000000000000.00", None, "-0.50"]
    # Rates are computed by division (floats): printed at the scale, half away from zero.
    assert to_text(pd.Series([0.0508615, None, -0.0000005]), 6).tolist() == ["0.050862", None, "-0.000001"]


@settings(max_examples=300, deadline=None)
@given(
    whole=st.integers(min_value=0, max_value=10**14 - 1),
    fraction=st.text(alphabet="0123456789", min_size=0, max_size=9),
    negative=st.booleans(),
)
def test_any_text_that_fits_is_exact_and_rounded_half_up(whole: int, fraction: str, negative: bool) -> None:
    text = ("-" if negative else "") + str(whole) + ("." + fraction if fraction else "")
    expected = Decimal(text).quantize(Q, rounding=ROUND_HALF_UP)
    [got] = _exact(text)
    if abs(expected) >= Decimal(10) ** 14:
        assert got is None
    else:
        assert got == expected
