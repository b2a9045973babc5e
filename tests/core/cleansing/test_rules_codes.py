"""R-CODE, R-ID and R-FLAG (rules.md; annuity_performance.md §10 rows 5 and 18)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from work_data_hub.core.cleansing.rules import r_code, r_flag, r_id

OK = False
BAD = True

R_CODE_CASES = [
    (" s-0123 ", "S0123", OK),
    # §10 row 5 (the M6 correction 1P0290 -> P0290 is the domain's, after R-CODE)
    ("1P0290", "1P0290", OK),
    ("1p0290", "1P0290", OK),
    (" p-02 90 ", "P0290", OK),
    ("P_0807", "P0807", OK),
    ("12345", "12345", OK),
    # step 1: an integral number gives its digits
    ("12345.0", "12345", OK),
    # step 2: NFKC, uppercase, no `-`, `_` or whitespace
    ("ｓ－０１２３", "S0123", OK),
    ("\u3000XNP596\xa0", "XNP596", OK),
    ("fp\t0001", "FP0001", OK),
    ("S-1002_", "S1002", OK),
    # step 3: placeholders, any case
    ("NULL", None, OK),
    ("null", None, OK),
    ("None", None, OK),
    ("NaN", None, OK),
    ("空白", None, OK),
    ("无", None, OK),
    ("0", None, OK),
    ("0.0", None, OK),
    ("-", None, OK),
    ("", None, OK),
    ("  ", None, OK),
    (None, None, OK),
    # step 4: off-shape values are kept and flagged
    ("P0290!", "P0290!", BAD),
    ("计划A", "计划A", BAD),
    ("P.0290", "P.0290", BAD),
    ("12.5", "12.5", BAD),
]

R_ID_CASES = [
    ("600123456", "600123456", None),
    ("600123456.0", "600123456", None),
    ("  in7abc ", "IN7ABC", None),
    ("INLHDM2XDMVY3K3VAO", "INLHDM2XDMVY3K3VAO", None),
    ("inlhdm2xdmvy3k3vao", "INLHDM2XDMVY3K3VAO", None),
    ("0", None, None),
    ("0.0", None, None),
    ("N", None, None),
    ("n", None, None),
    ("NA", None, None),
    ("Na", None, None),
    ("N/A", None, None),
    ("none", None, None),
    ("NULL", None, None),
    ("Null", None, None),
    ("NaN", None, None),
    ("空白", None, None),
    ("-", None, None),
    ("", None, None),
    ("\u3000", None, None),
    (None, None, None),
    ("00123", "00123", None),
]

R_FLAG_CASES = [
    ("1", 1, OK),
    ("1.0", 1, OK),
    ("是", 1, OK),
    ("Y", 1, OK),
    ("y", 1, OK),
    ("YES", 1, OK),
    ("yEs", 1, OK),
    ("TRUE", 1, OK),
    ("true", 1, OK),
    ("有效", 1, OK),
    (" 1 ", 1, OK),
    ("0", 0, OK),
    ("0.0", 0, OK),
    ("否", 0, OK),
    ("N", 0, OK),
    ("NO", 0, OK),
    ("No", 0, OK),
    ("FALSE", 0, OK),
    ("false", 0, OK),
    ("无效", 0, OK),
    ("", None, OK),
    ("  ", None, OK),
    (None, None, OK),
    ("2", None, BAD),
    ("-", None, BAD),
    ("maybe", None, BAD),
    ("有", None, BAD),
]


def _plain(values: pd.Series) -> list:
    return [None if pd.isna(v) else v for v in values.tolist()]


@pytest.mark.parametrize(("raw", "expected", "flagged"), R_CODE_CASES)
def test_r_code_examples(raw, expected, flagged):
    result = r_code(pd.Series([raw], dtype="str"))
    assert _plain(result.values) == [expected]
    assert result.flagged.tolist() == [flagged]


def test_r_code_whole_column():
    result = r_code(pd.Series([raw for raw, _, _ in R_CODE_CASES], dtype="str"))
    assert _plain(result.values) == [exp for _, exp, _ in R_CODE_CASES]
    assert result.flagged.tolist() == [flag for _, _, flag in R_CODE_CASES]
    assert result.values.dtype == "str"


@pytest.mark.parametrize(("raw", "expected", "_unused"), R_ID_CASES)
def test_r_id_examples(raw, expected, _unused):
    assert _plain(r_id(pd.Series([raw], dtype="str"))) == [expected]


def test_r_id_whole_column():
    out = r_id(pd.Series([raw for raw, _, _ in R_ID_CASES], dtype="str"))
    assert _plain(out) == [exp for _, exp, _ in R_ID_CASES]
    assert out.dtype == "str"


@pytest.mark.parametrize(("raw", "expected", "flagged"), R_FLAG_CASES)
def test_r_flag_examples(raw, expected, flagged):
    result = r_flag(pd.Series([raw], dtype="str"))
    assert _plain(result.values) == [expected]
    assert result.flagged.tolist() == [flagged]


def test_r_flag_whole_column():
    result = r_flag(pd.Series([raw for raw, _, _ in R_FLAG_CASES], dtype="str"))
    assert _plain(result.values) == [exp for _, exp, _ in R_FLAG_CASES]
    assert result.flagged.tolist() == [flag for _, _, flag in R_FLAG_CASES]
    assert result.values.dtype == "Int8"


_CODES = st.lists(
    st.sampled_from(["P", "p", "S", "0", "1", "-", "_", " ", ".0", "Ａ", "－", "!", "空白"]),
    max_size=8,
).map("".join)


@pytest.mark.slow
@settings(deadline=None, max_examples=200)
@given(st.lists(st.one_of(st.none(), st.text(max_size=8), _CODES), max_size=20))
def test_r_code_and_r_id_never_raise_and_are_idempotent(values):
    s = pd.Series(values, dtype="str")
    code = r_code(s)
    again = r_code(code.values)
    pd.testing.assert_series_equal(again.values, code.values)
    assert (code.flagged == code.values.notna() & ~code.values.str.fullmatch("[A-Z0-9]+")).all()
    ids = r_id(s)
    pd.testing.assert_series_equal(r_id(ids), ids)
