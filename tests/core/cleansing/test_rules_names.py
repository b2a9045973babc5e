"""R-NAME (rules.md) and annuity_performance.md §10 rows 13-16 (客户名称)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from work_data_hub.core.cleansing.rules import r_name

R_NAME_CASES = [
    # step 1: NULL or blank
    (None, None),
    ("", None),
    (" \u3000\t\n", None),
    # step 2: the protected name
    ("保留账户管理", "保留账户管理"),
    ("  保留账户管理 ", "保留账户管理"),
    # step 3: placeholders, case-insensitive after trimming
    ("null", None),
    ("NULL", None),
    ("Null", None),
    ("none", None),
    ("NoNe", None),
    ("nan", None),
    ("NaN", None),
    ("n/a", None),
    ("N/A", None),
    ("空白", None),
    ("无", None),
    ("0", None),
    ("-", None),
    ("--", None),
    ("—", None),
    ("——", None),
    (" null ", None),
    ("Ｎｕｌｌ", None),
    # step 4: all whitespace
    ("中国 平安\u3000集团\t有限\n公司\xa0", "中国平安集团有限公司"),
    # step 5: quotes
    ('「中国」『平安』"“公司”', "中国平安公司"),
    # step 6: full-width ASCII
    ("ＡＢＣ有限公司", "ABC有限公司"),
    # step 7: one leading bracket group
    ("(原)中国平安", "中国平安"),
    ("（原）中国平安", "中国平安"),
    # step 8
    ("甲公司及下属子企业", "甲公司"),
    ("甲及下属子企业公司", "甲公司"),
    # step 9: the pass repeats to a fixed point; placeholders it produces -> NULL
    ("(A)(B)公司", "公司"),
    ("甲公司-原-", "甲公司"),
    ("0-", None),
    ("X(已转出)(集团)", "X"),
    # step 10: one trailing suffix per pass
    ("甲公司(团托)", "甲公司"),
    ("乙公司-BSU280", "乙公司"),
    ("乙公司-2", "乙公司"),
    ("甲公司-养老", "甲公司"),
    ("甲公司-福利", "甲公司"),
    ("甲公司-养老-2", "甲公司"),
    # step 11: status markers
    ("中国平安-已转出", "中国平安"),
    ("中国平安(已转出)", "中国平安"),
    ("中国平安—已转出", "中国平安"),
    ("中国平安_终止", "中国平安"),
    ("中国平安-已转移终止", "中国平安"),
    ("中国平安-企业年金计划", "中国平安"),
    ("中国平安-原", "中国平安"),
    ("已转出-中国平安", "中国平安"),
    ("已转出_中国平安", "中国平安"),
    ("已转出:中国平安", "中国平安"),
    ("已转出：中国平安", "中国平安"),
    ("已转出、中国平安", "中国平安"),
    ("保留账户-中国平安", "中国平安"),
    ("原平市某某有限公司", "原平市某某有限公司"),
    ("托管中心有限公司", "托管中心有限公司"),
    ("集合计划客户", "集合计划客户"),
    ("XX公司本部", "XX公司本部"),
    ("中国平安已转出", "中国平安已转出"),
    ("已转出", "已转出"),
    # step 12: one trailing bracket group unless an enterprise type
    ("中国平安(集团)", "中国平安"),
    ("ABC有限公司(北京分公司)", "ABC有限公司"),
    ("某某商行(普通合伙)", "某某商行（普通合伙）"),
    ("某某所(特殊普通合伙)", "某某所（特殊普通合伙）"),
    ("某某(有限合伙)", "某某（有限合伙）"),
    ("某某店(个体工商户)", "某某店（个体工商户）"),
    ("中国平安(集团)股份有限公司", "中国平安（集团）股份有限公司"),
    # step 13
    ("甲公司-", "甲公司"),
    ("甲公司—_.。", "甲公司"),
    ("甲公司()", "甲公司"),
    # step 14: full-width brackets, ASCII uppercase only
    ("abc(中国)有限公司", "ABC（中国）有限公司"),
    ("straße公司", "STRAßE公司"),
    # step 15
    ("(集团)", None),
    ("-已转出", None),
    # annuity_performance.md §10 row 13
    ("  中国平安（集团）股份有限公司-已转出 ", "中国平安（集团）股份有限公司"),
    # row 14
    ("（原）abc科技有限公司", "ABC科技有限公司"),
    ("ＸＹ有限公司(已转出)", "XY有限公司"),
    ("甲有限公司及下属子企业-养老", "甲有限公司"),
    ("乙公司-BSU280", "乙公司"),
    ("China Life", "CHINALIFE"),
    # row 15
    ("中国平安(集团)", "中国平安"),
    ("某某商行（普通合伙）", "某某商行（普通合伙）"),
    ("原平市某某有限公司", "原平市某某有限公司"),
    ("丙有限公司（已转出）（集团）", "丙有限公司"),
    ("湖北省（肆号）职业年金计划", "湖北省（肆号）职业年金计划"),
    # row 16
    ("空白", None),
    ("Null", None),
    ("0", None),
    ("-", None),
    # annuity_performance.md §10 row 27 (the name part)
    ("宣城城建城市运营管理有限公司-已转出", "宣城城建城市运营管理有限公司"),
]


def _names(values: pd.Series) -> list:
    return [None if pd.isna(v) else v for v in values.tolist()]


@pytest.mark.parametrize(("raw", "expected"), R_NAME_CASES)
def test_r_name_examples(raw, expected):
    assert _names(r_name(pd.Series([raw], dtype="str"))) == [expected]


def test_r_name_whole_column_matches_cell_by_cell():
    column = pd.Series([raw for raw, _ in R_NAME_CASES], dtype="str")
    assert _names(r_name(column)) == [expected for _, expected in R_NAME_CASES]


def test_r_name_outputs_are_fixed_points():
    column = r_name(pd.Series([raw for raw, _ in R_NAME_CASES], dtype="str"))
    pd.testing.assert_series_equal(r_name(column), column)


def test_there_are_43_markers_and_each_is_stripped_when_separated():
    from work_data_hub.core.cleansing import names

    assert len(names._MARKERS) == 43 == len(set(names._MARKERS))
    column = pd.Series([f"甲公司-{m}" for m in names._MARKERS], dtype="str")
    assert set(r_name(column)) == {"甲公司"}
    column = pd.Series([f"({m})甲公司({m})" for m in names._MARKERS], dtype="str")
    assert set(r_name(column)) == {"甲公司"}


# --- properties ------------------------------------------------------------------

# fmt: off
_PIECES = [
    # markers (a selection incl. the overlapping ones) and enterprise types
    "企业年金计划", "已转移终止", "转移终止", "保留账户", "已转出", "转出", "转移", "保留",
    "终止", "本部", "集合", "原", "托管", "作废", "已作废",
    "有限公司", "普通合伙", "特殊普通合伙", "个体工商户",
    # brackets, separators and trailing punctuation, half- and full-width
    "(", ")", "（", "）", "()", "（）", "-", "—", "_", ":", "、", "：", "－", "＿",
    ".", "。", "——", "--",
    # quotes and whitespace
    "「", "」", "『", "』", '"', "“", "”", "＂", " ", "\u3000", "\t", "\n", "\xa0",
    # suffixes and fixed words
    "及下属子企业", "(团托)", "-养老", "-福利", "-BSU280", "-2", "-a", "-Z9", "-",
    "保留账户管理",
    # placeholders in mixed case and width
    "null", "NULL", "Null", "none", "nan", "NaN", "n/a", "N/A", "空白", "无", "0",
    "Ｎｕｌｌ", "ｎ／ａ",
    # ordinary text
    "中国平安", "公司", "甲", "abc", "Ab", "ß", "ı", "Ｘ", "9",
]
# fmt: on
_NAMES = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=10).map("".join)


@pytest.mark.slow
@settings(deadline=None, max_examples=500)
@given(st.lists(st.one_of(st.none(), _NAMES, st.text()), min_size=1, max_size=25))
@example(["Ａ＂Ｂ", "0-", "(0)", "-(已转出)", "（（集团））", "nan-2", "—终止"])
@example(["保留账户管理-已转出", "(保留账户管理)", "n\u3000/a", "x()()", "(团托)(团托)"])
def test_r_name_is_a_fixed_point_for_any_string(values):
    once = r_name(pd.Series(values, dtype="str"))
    twice = r_name(once)
    pd.testing.assert_series_equal(twice, once)
    produced = once.dropna()
    assert not (produced == "").any()
    assert not produced.str.contains(r"[()\s]", regex=True).any()
