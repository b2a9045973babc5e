"""R-DATE and R-MONTH (rules.md), with annuity_performance.md §10 rows 1-3."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from work_data_hub.core.cleansing.rules import r_date, r_month

D = dt.date
OK = False  # not flagged
BAD = True  # flagged

R_DATE_CASES = [
    # rule 1: blank and placeholders -> NULL, not flagged (any case)
    ("", None, OK),
    ("   ", None, OK),
    ("-", None, OK),
    ("—", None, OK),
    ("无", None, OK),
    ("null", None, OK),
    ("NULL", None, OK),
    ("none", None, OK),
    ("None", None, OK),
    ("nan", None, OK),
    ("NaN", None, OK),
    ("待定", None, OK),
    (None, None, OK),
    # rule 2: a date cell (read as datetime text) -> its date, time dropped
    ("2024-11-30 00:00:00", D(2024, 11, 30), OK),
    ("2024-11-30 13:45:10", D(2024, 11, 30), OK),
    ("2024-11-30 13:45:10.250", D(2024, 11, 30), OK),
    ("2024-11-30T08:30", D(2024, 11, 30), OK),
    # rule 3: integral numbers are their digit text; 5 digits 20000..80000 are serials
    ("202411", D(2024, 11, 1), OK),
    ("202411.0", D(2024, 11, 1), OK),
    ("20241115", D(2024, 11, 15), OK),
    ("20241115.0", D(2024, 11, 15), OK),
    ("45597", D(2024, 11, 1), OK),
    ("45597.0", D(2024, 11, 1), OK),
    ("45607", D(2024, 11, 11), OK),
    ("32874", D(1990, 1, 1), OK),
    ("20000", None, BAD),  # a serial, but 1954 is outside 1990-2099
    ("19999", None, BAD),
    ("80001", None, BAD),
    ("45597.5", None, BAD),
    ("2024111", None, BAD),
    # rule 4 a-f, with NFKC and trimming
    ("20241115", D(2024, 11, 15), OK),
    ("202411", D(2024, 11, 1), OK),
    ("2024/11/15", D(2024, 11, 15), OK),
    ("2024-11-15 00:00:00", D(2024, 11, 15), OK),
    ("2024.11.15", D(2024, 11, 15), OK),
    ("2024-11-01", D(2024, 11, 1), OK),
    ("2024-11-01 00:00:00", D(2024, 11, 1), OK),
    ("2024-1-5", D(2024, 1, 5), OK),
    ("2024-11", D(2024, 11, 1), OK),
    ("2024/11", D(2024, 11, 1), OK),
    ("2024.11", D(2024, 11, 1), OK),
    ("2024年11月15日", D(2024, 11, 15), OK),
    ("2024年11月15", D(2024, 11, 15), OK),
    ("2024年11月", D(2024, 11, 1), OK),
    ("2024年11", D(2024, 11, 1), OK),
    ("24年11月", D(2024, 11, 1), OK),
    ("24年11月15日", D(2024, 11, 15), OK),
    ("49年1月", D(2049, 1, 1), OK),
    ("99年12月", D(1999, 12, 1), OK),
    ("50年1月", None, BAD),  # 1950
    ("24年11", None, BAD),  # the two-digit forms need 月
    ("２０２４年１１月", D(2024, 11, 1), OK),
    ("２０２４／１１／１５", D(2024, 11, 15), OK),
    ("2024－11－15", D(2024, 11, 15), OK),
    ("\u3000 2024-11 \t", D(2024, 11, 1), OK),
    # rule 5: month, day and year must be valid
    ("2024年13月", None, BAD),
    ("2024/11/31", None, BAD),
    ("2024-02-29", D(2024, 2, 29), OK),
    ("2023-02-29", None, BAD),
    ("2000-02-29", D(2000, 2, 29), OK),
    ("2024-00", None, BAD),
    ("202413", None, BAD),
    ("20241301", None, BAD),
    ("1985-11", None, BAD),
    ("1989-12-31", None, BAD),
    ("1990-01-01", D(1990, 1, 1), OK),
    ("2099-12-31", D(2099, 12, 31), OK),
    ("2100-01-01", None, BAD),
    # rule 6: anything else
    ("十一月", None, BAD),
    ("Nov 2024", None, BAD),
    ("2024-11-15 25:00", None, BAD),
    ("2024 年 11 月", None, BAD),
    ("abc", None, BAD),
]

R_MONTH_CASES = [
    # rules.md R-MONTH
    ("2024/11/15", D(2024, 11, 1), OK),
    ("2024-11-30", D(2024, 11, 1), OK),
    ("2024-11-30 00:00:00", D(2024, 11, 1), OK),
    # annuity_performance.md §10 row 1
    ("202411", D(2024, 11, 1), OK),
    ("202411.0", D(2024, 11, 1), OK),
    ("2024年11月", D(2024, 11, 1), OK),
    ("2024-11", D(2024, 11, 1), OK),
    ("24年11月", D(2024, 11, 1), OK),
    ("2024-11-01", D(2024, 11, 1), OK),
    ("2024/11", D(2024, 11, 1), OK),
    ("２０２４年１１月", D(2024, 11, 1), OK),
    ("2024-11-01 00:00:00", D(2024, 11, 1), OK),
    ("45607", D(2024, 11, 1), OK),
    # §10 row 3: unparseable -> NULL, flagged
    ("2024年13月", None, BAD),
    ("2024/11/31", None, BAD),
    ("1985-11", None, BAD),
    ("十一月", None, BAD),
    # NULL from R-DATE stays NULL
    ("", None, OK),
    ("待定", None, OK),
    (None, None, OK),
]


def _dates(values: pd.Series) -> list:
    return [None if pd.isna(v) else v.date() for v in values]


@pytest.mark.parametrize(("raw", "expected", "flagged"), R_DATE_CASES)
def test_r_date_examples(raw, expected, flagged):
    result = r_date(pd.Series([raw], dtype="str"))
    assert _dates(result.values) == [expected]
    assert result.flagged.tolist() == [flagged]


@pytest.mark.parametrize(("raw", "expected", "flagged"), R_MONTH_CASES)
def test_r_month_examples(raw, expected, flagged):
    result = r_month(pd.Series([raw], dtype="str"))
    assert _dates(result.values) == [expected]
    assert result.flagged.tolist() == [flagged]


@pytest.mark.parametrize("rule", [r_date, r_month])
def test_values_dtype_is_datetime64_seconds(rule):
    result = rule(pd.Series(["2024-11-15", None, "x"], dtype="str"))
    assert result.values.dtype == "datetime64[s]"
    assert result.values.isna().tolist() == [False, True, True]


def test_cells_are_parsed_one_by_one():
    cases = R_DATE_CASES
    column = pd.Series([raw for raw, _, _ in cases], dtype="str")
    result = r_date(column)
    assert _dates(result.values) == [exp for _, exp, _ in cases]
    assert result.flagged.tolist() == [flag for _, _, flag in cases]


def test_one_blank_cell_in_a_large_column_changes_nothing_else():
    # annuity_performance.md §10 row 2 and trap 1
    values = ["202411"] * 40_000
    values[812] = None
    values[900] = "202411.0"
    result = r_month(pd.Series(values, dtype="str"))
    assert result.values.isna().sum() == 1
    assert pd.isna(result.values.iloc[812])
    assert (result.values.dropna() == pd.Timestamp("2024-11-01")).all()
    assert not result.flagged.any()


def test_r_month_is_always_the_first_of_the_month():
    result = r_month(pd.Series(["2024-11-30", "20241231", "45620"], dtype="str"))
    assert (result.values.dt.day == 1).all()


# --- properties ------------------------------------------------------------------

_DIGITS = st.sampled_from(list("0123456789０１２"))
_DATEISH = st.lists(
    st.one_of(
        _DIGITS,
        st.sampled_from(["-", "/", ".", "年", "月", "日", " ", ":", "T", "／", "－"]),
        st.sampled_from(["2024", "1999", "24", "11", "02", "29", "31", "45597", ".0"]),
        st.sampled_from(["00:00:00", "null", "待定", "\u3000"]),
    ),
    max_size=8,
).map("".join)


def _render(values: pd.Series) -> pd.Series:
    return values.dt.strftime("%Y-%m-%d").astype("str")


@pytest.mark.slow
@settings(deadline=None, max_examples=300)
@given(st.lists(st.one_of(st.none(), st.text(), _DATEISH), max_size=20))
def test_r_month_never_raises_and_is_idempotent(values):
    once = r_month(pd.Series(values, dtype="str"))
    assert (once.values.dropna().dt.day == 1).all()
    again = r_month(_render(once.values))
    pd.testing.assert_series_equal(again.values, once.values)
    assert not again.flagged.any()
    # flagged only where a non-blank cell gave NULL
    assert not (once.flagged & once.values.notna()).any()


@pytest.mark.slow
@settings(deadline=None, max_examples=200)
@given(st.lists(st.one_of(st.none(), st.text(), _DATEISH), max_size=20))
def test_r_date_never_raises_and_round_trips(values):
    once = r_date(pd.Series(values, dtype="str"))
    again = r_date(_render(once.values))
    pd.testing.assert_series_equal(again.values, once.values)
    years = once.values.dropna().dt.year
    assert ((years >= 1990) & (years <= 2099)).all()
    assert not (once.flagged & once.values.notna()).any()
