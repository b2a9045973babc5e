"""R-NUM, quantize and num_out_of_range (rules.md; annuity_performance.md §10 19-20)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from work_data_hub.core.cleansing.rules import num_out_of_range, parse_decimal, quantize, r_num

OK = False
BAD = True

R_NUM_CASES = [
    # number cells arrive as their shortest text
    ("12345", 12345.0, OK),
    ("0.1", 0.1, OK),
    ("-3.2", -3.2, OK),
    # steps 1-2: NFKC, trim, thousands separators, spaces, currency signs
    ("3,414.26", 3414.26, OK),
    ("1,234.5", 1234.5, OK),
    ("￥2,000", 2000.0, OK),
    ("¥2,000", 2000.0, OK),
    ("$1,000.50", 1000.5, OK),
    (" 1 000 ", 1000.0, OK),
    ("\u3000１２３．５\xa0", 123.5, OK),
    ("１，２３４", 1234.0, OK),
    # step 3: placeholders -> NULL, not flagged (any case)
    ("-", None, OK),
    ("—", None, OK),
    ("无", None, OK),
    ("暂无", None, OK),
    ("N/A", None, OK),
    ("n/a", None, OK),
    ("null", None, OK),
    ("NULL", None, OK),
    ("none", None, OK),
    ("None", None, OK),
    ("nan", None, OK),
    ("NaN", None, OK),
    ("", None, OK),
    ("  ", None, OK),
    (None, None, OK),
    # step 4: plain decimals in ordinary or scientific notation
    ("1.2e3", 1200.0, OK),
    ("1e9", 1_000_000_000.0, OK),
    ("1E-2", 0.01, OK),
    ("+5", 5.0, OK),
    (".5", 0.5, OK),
    ("5.", 5.0, OK),
    ("12345.0", 12345.0, OK),
    # step 5: anything else
    ("约3万", None, BAD),
    ("abc", None, BAD),
    ("1.2.3", None, BAD),
    ("12%", None, BAD),
    ("3万", None, BAD),
    ("inf", None, BAD),
    ("(100)", None, BAD),
    ("1e", None, BAD),
    # quantised to 4 places, ROUND_HALF_UP
    ("1.00005", 1.0001, OK),
    ("-1.00005", -1.0001, OK),
    ("0.00005", 0.0001, OK),
    ("0.000049", 0.0, OK),
    ("-0.00001", 0.0, OK),
    ("2.5e-5", 0.0, OK),
    ("123.456789", 123.4568, OK),
    # out of range is kept (the domain rejects the row with the raw text)
    ("100000000000000", 1e14, OK),
    ("-1e15", -1e15, OK),
]


def _value(x):
    return None if pd.isna(x) else x


@pytest.mark.parametrize(("raw", "expected", "flagged"), R_NUM_CASES)
def test_r_num_examples(raw, expected, flagged):
    result = r_num(pd.Series([raw], dtype="str"))
    assert [_value(v) for v in result.values] == [expected]
    assert result.flagged.tolist() == [flagged]


def test_r_num_domain_examples():
    # annuity_performance.md §10 row 19
    raws = ["1,234.5", "￥2,000", "-", "-3.2", "1e9", None]
    result = r_num(pd.Series(raws, dtype="str", index=[10, 11, 12, 13, 14, 15]))
    assert [_value(v) for v in result.values] == [1234.5, 2000.0, None, -3.2, 1e9, None]
    assert not result.flagged.any()
    assert result.values.dtype == "float64"
    assert list(result.values.index) == [10, 11, 12, 13, 14, 15]


def test_one_bad_amount_flags_only_its_own_row():
    # annuity_performance.md §10 row 20
    raws = ["1,000.5"] * 33_000
    raws[1234] = "约3万"
    result = r_num(pd.Series(raws, dtype="str"))
    assert result.flagged.sum() == 1 and result.flagged.iloc[1234]
    assert result.values.isna().sum() == 1
    assert (result.values.dropna() == 1000.5).all()


def test_r_num_whole_column_matches_cell_by_cell():
    column = pd.Series([raw for raw, _, _ in R_NUM_CASES], dtype="str")
    result = r_num(column)
    assert [_value(v) for v in result.values] == [exp for _, exp, _ in R_NUM_CASES]
    assert result.flagged.tolist() == [flag for _, _, flag in R_NUM_CASES]


def test_r_num_never_gives_negative_zero():
    values = r_num(pd.Series(["-0", "-0.00001", "-0.0"], dtype="str")).values
    assert all(math.copysign(1.0, v) == 1.0 for v in values)


# --- num_out_of_range ------------------------------------------------------------


def test_num_out_of_range():
    values = pd.Series(
        [1e14, -1e14, 99_999_999_999_999.99, -99_999_999_999_999.99, np.nan, 0.0, np.inf],
        index=list("abcdefg"),
    )
    out = num_out_of_range(values)
    assert out.tolist() == [True, True, False, False, False, False, True]
    assert out.dtype == bool and list(out.index) == list("abcdefg")


def test_out_of_range_is_read_from_r_num_values():
    result = r_num(pd.Series(["1e14", "1e400", "99999999999999.98", "x"], dtype="str"))
    assert num_out_of_range(result.values).tolist() == [True, True, False, False]
    assert result.flagged.tolist() == [False, False, False, True]


# --- quantize --------------------------------------------------------------------

QUANTIZE_CASES = [
    (1.00005, 4, 1.0001),
    (-1.00005, 4, -1.0001),
    (0.00005, 4, 0.0001),
    (-0.00005, 4, -0.0001),
    (2.5e-5, 4, 0.0),  # 0.000025: the fifth decimal is 2
    (2.5e-5, 5, 0.00003),
    (0.000049999, 4, 0.0),
    (2.675, 2, 2.68),  # the double is 2.67499999999999982...
    (1.005, 2, 1.01),
    (0.5, 0, 1.0),
    (-0.5, 0, -1.0),
    (1.5, 0, 2.0),
    (2.5, 0, 3.0),
    (0.0000005, 6, 0.000001),
    (0.0000004999, 6, 0.0),
    (0.0550005, 6, 0.055001),
    (1.23456789, 6, 1.234568),
    (0.1, 4, 0.1),
    (12345678901.2345, 4, 12345678901.2345),
    (99999999999999.99, 4, 99999999999999.99),
    (4427695875.1, 6, 4427695875.1),
    (1e20, 4, 1e20),
    (-1e300, 4, -1e300),
    (0.0, 4, 0.0),
]


@pytest.mark.parametrize(("value", "places", "expected"), QUANTIZE_CASES)
def test_quantize_examples(value, places, expected):
    out = quantize(pd.Series([value]), places)
    assert out.tolist() == [expected]


def test_quantize_keeps_nan_inf_and_index():
    out = quantize(pd.Series([np.nan, np.inf, -np.inf, 1.23456], index=[7, 8, 9, 7]), 4)
    assert out.index.tolist() == [7, 8, 9, 7]
    assert np.isnan(out.iloc[0]) and out.iloc[1] == np.inf and out.iloc[2] == -np.inf
    assert out.iloc[3] == 1.2346
    assert out.dtype == "float64"


def test_quantize_does_not_mutate_its_input():
    values = pd.Series([1.00005, 2.5])
    quantize(values, 0)
    assert values.tolist() == [1.00005, 2.5]


# Decimals with up to 15 significant digits survive the round trip through a double,
# so quantize on the double must agree with decimal ROUND_HALF_UP on the text.
_DECIMALS = st.builds(
    lambda digits, shift, negative: Decimal(-digits if negative else digits).scaleb(-shift),
    st.integers(min_value=0, max_value=10**15 - 1),
    st.integers(min_value=0, max_value=15),
    st.booleans(),
)
_NEAR_TIES = st.builds(
    lambda whole, places, tail, negative: Decimal(("-" if negative else "") + f"{whole}." + "0" * (places - 1) + tail),
    st.integers(min_value=0, max_value=99_999),
    st.integers(min_value=1, max_value=6),
    st.sampled_from(["5", "50", "49", "499", "4999999", "51", "5000001"]),
    st.booleans(),
)


@pytest.mark.slow
@settings(deadline=None, max_examples=300)
@given(st.lists(st.one_of(_DECIMALS, _NEAR_TIES), min_size=1, max_size=30), st.sampled_from([2, 4, 6]))
def test_quantize_agrees_with_decimal_round_half_up(decimals, places):
    decimals = [d for d in decimals if len(d.as_tuple().digits) <= 15]
    got = quantize(pd.Series([float(d) for d in decimals], dtype="float64"), places)
    quantum = Decimal(1).scaleb(-places)
    expected = [float(d.quantize(quantum, rounding=ROUND_HALF_UP)) for d in decimals]
    assert got.tolist() == expected


@pytest.mark.slow
@settings(deadline=None, max_examples=200)
@given(st.lists(st.one_of(st.none(), st.text(max_size=12)), max_size=20))
def test_r_num_never_raises(values):
    result = r_num(pd.Series(values, dtype="str"))
    assert not (result.flagged & result.values.notna()).any()
    quantized = quantize(result.values, 4)
    pd.testing.assert_series_equal(quantized, result.values)


# --- parse_decimal (R-NUM without the quantisation, for the yield rule) ----------


def test_parse_decimal_keeps_full_precision_and_flags_like_r_num():
    raws = ["0.0508615", "5.5", "1,234.56789", "-", "abc", None, "1e-7"]
    s = pd.Series(raws, dtype="str", index=list("abcdefg"))
    parsed = parse_decimal(s)
    assert [_value(v) for v in parsed.values] == [0.0508615, 5.5, 1234.56789, None, None, None, 1e-7]
    assert parsed.flagged.tolist() == [False, False, False, False, True, False, False]
    assert list(parsed.values.index) == list("abcdefg")
    num = r_num(s)
    pd.testing.assert_series_equal(num.flagged, parsed.flagged)
    pd.testing.assert_series_equal(num.values, quantize(parsed.values, 4))
