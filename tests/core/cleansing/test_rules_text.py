"""R-TEXT (rules.md) plus the behaviour every rule shares: NA, index, purity."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from work_data_hub.core.cleansing.rules import (
    RuleResult,
    r_code,
    r_date,
    r_flag,
    r_id,
    r_month,
    r_name,
    r_num,
    r_text,
)

NA = None

R_TEXT_CASES = [
    # rule 1: a number cell gives its digits, never `.0` or scientific notation
    ("12345", "12345"),
    ("12345.0", "12345"),
    ("600123456.0", "600123456"),
    ("600123456", "600123456"),
    ("12.5", "12.5"),
    ("-3.0", "-3"),
    # rule 2: codes are never re-inferred as numbers
    ("00123", "00123"),
    ("00123.0", "00123"),
    # rule 3: outer whitespace of every kind
    ("  abc  ", "abc"),
    ("\u3000abc\u3000", "abc"),
    ("\tabc\t", "abc"),
    ("\r\nabc\n", "abc"),
    ("\xa0abc\xa0", "abc"),
    (" \u3000\t\xa0a b\u3000c\n ", "a b\u3000c"),
    # rule 4: empty -> NULL
    ("", NA),
    ("   ", NA),
    ("\u3000\xa0\t\n", NA),
    # rule 5: kept as keyed, no case or width change
    (" Ａbc ｘ ", "Ａbc ｘ"),
    ("None", "None"),
    # rule 6: NULL stays NULL
    (NA, NA),
]


def text_series(values: list, index: list | None = None) -> pd.Series:
    return pd.Series(values, dtype="str", index=index)


def as_list(s: pd.Series) -> list:
    return [None if pd.isna(v) else v for v in s.tolist()]


@pytest.mark.parametrize(("raw", "expected"), R_TEXT_CASES)
def test_r_text_examples(raw, expected):
    out = r_text(text_series([raw]))
    assert as_list(out) == [expected]


def test_r_text_whole_column_matches_cell_by_cell():
    raws = [raw for raw, _ in R_TEXT_CASES]
    assert as_list(r_text(text_series(raws))) == [exp for _, exp in R_TEXT_CASES]


def test_r_text_dtype_is_str():
    assert r_text(text_series(["a", None])).dtype == "str"


# --- shared behaviour of every rule -----------------------------------------------

DIRTY = [None, "", "  ", "None", "nan", "NaT", "null", "-", "0", "202411", "x", "中国平安"]


def _outputs(s: pd.Series) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {"r_text": r_text(s), "r_name": r_name(s), "r_id": r_id(s)}
    for name, rule in (
        ("r_date", r_date),
        ("r_month", r_month),
        ("r_num", r_num),
        ("r_flag", r_flag),
        ("r_code", r_code),
    ):
        result = rule(s)
        assert isinstance(result, RuleResult)
        out[name] = result.values
        out[name + ".flagged"] = result.flagged
    return out


@pytest.mark.parametrize("dtype", ["string", "string[pyarrow]", "string[python]", "object"])
def test_every_rule_gives_the_same_result_for_every_text_dtype(dtype):
    expected = _outputs(pd.Series(DIRTY, dtype="str"))
    actual = _outputs(pd.Series(DIRTY, dtype=dtype))
    for name, out in actual.items():
        pd.testing.assert_series_equal(out, expected[name], obj=name)


def test_nulls_never_become_the_strings_none_nan_nat():
    s = pd.Series([None, np.nan, pd.NA, "", " \u3000 "], dtype="object")
    for name, out in _outputs(s).items():
        if name.endswith(".flagged"):
            assert not out.any(), name
            continue
        assert out.isna().all(), name
        rendered = out.astype("str")
        assert rendered.isna().all(), name


def test_null_text_is_na_not_text_in_string_outputs():
    s = pd.Series(["a", None, "b"], dtype="str")
    for rule in (r_text, r_name, r_id):
        out = rule(s)
        assert out.dtype == "str"
        assert out.isna().tolist() == [False, True, False]
        assert "None" not in out.tolist() and "nan" not in out.tolist()


def test_index_is_preserved_including_duplicates_and_labels():
    index = ["r9", "r3", "r3", "x", "y", "z", "a", "b", "c", "d", "e", "f"]
    s = pd.Series(DIRTY, dtype="str", index=index)
    for name, out in _outputs(s).items():
        assert out.index.equals(s.index), name


def test_rules_never_mutate_their_input():
    s = pd.Series(DIRTY, dtype="str", index=range(100, 100 + len(DIRTY)))
    before = s.copy()
    _outputs(s)
    pd.testing.assert_series_equal(s, before)


def test_empty_and_all_null_columns():
    for s in (pd.Series([], dtype="str"), pd.Series([None, None], dtype="str")):
        for name, out in _outputs(s).items():
            assert len(out) == len(s), name
            if name.endswith(".flagged"):
                assert not out.any(), name
            else:
                assert out.isna().all(), name


def test_flags_are_bool_series():
    s = pd.Series(DIRTY, dtype="str")
    for name, out in _outputs(s).items():
        if name.endswith(".flagged"):
            assert out.dtype == bool, name


# --- properties ------------------------------------------------------------------

_TEXTS = st.one_of(
    st.text(),
    st.lists(
        st.sampled_from([" ", "\u3000", "\t", "\n", "\xa0", "12345", ".0", "0", "a", "Ａ"]),
        max_size=6,
    ).map("".join),
)


@pytest.mark.slow
@settings(deadline=None, max_examples=200)
@given(st.lists(st.one_of(st.none(), _TEXTS), max_size=15))
def test_r_text_never_raises_and_is_idempotent(values):
    once = r_text(text_series(values))
    twice = r_text(once)
    pd.testing.assert_series_equal(once, twice)
    assert not (once == "").any()
