"""R-NAME: customer-name normalisation (客户名称), the key of every company-id tier.

The removal steps 7-13 form one pass that is repeated until nothing changes, so
R-NAME(R-NAME(x)) == R-NAME(x) for every input. Each removal only deletes
characters, so the loop always ends.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .common import STR, WHITESPACE_CLASS, distinct, is_one_of, trim

_PROTECTED = "保留账户管理"
_PLACEHOLDERS = frozenset({"null", "none", "nan", "n/a", "空白", "无", "0", "-", "--", "—", "——"})

# U+FF01-U+FF5E sit exactly 0xFEE0 above their ASCII counterparts.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH_CLASS = "[\uff01-\uff5e]"
_QUOTES = '[「」『』"“”]'

# fmt: off
_MARKERS = (
    "企业年金计划", "已转移终止", "转移终止", "保留账户", "已转出", "待转出", "待转移", "已作废",
    "已终止", "未使用", "终止", "转出", "转移", "保留", "暂停", "注销", "清算", "解散", "吊销",
    "撤销", "停业", "歇业", "关闭", "迁出", "迁入", "变更", "合并", "分立", "破产", "重整", "托管",
    "接管", "整顿", "清盘", "退出", "终结", "结束", "完结", "作废", "存量", "本部", "集合", "原",
)
_ENTERPRISE_TYPES = (
    "特殊普通合伙", "普通合伙", "有限合伙", "有限公司", "个人独资", "全民所有制", "集体所有制",
    "股份合作", "个体工商户",
)
# fmt: on
_MARKER = "(?:" + "|".join(sorted(_MARKERS, key=len, reverse=True)) + ")"

# Each pattern is anchored, so one replace removes at most one occurrence per pass.
_LEADING_GROUP = r"^\([^()]*\)"
_SUBSIDIARIES = "及下属子企业"
_TRAILING_SUFFIX = r"(?:\(团托\)|-[A-Za-z][A-Za-z0-9]*|-[0-9]+|-养老|-福利)$"
_END_MARKER = rf"(?:[-—_]{_MARKER}|\({_MARKER}\))$"
_START_MARKER = rf"^{_MARKER}[-—_:、]"
_TRAILING_GROUP = r"\([^()]*\)$"
_ENTERPRISE_GROUP = r"\([^()]*(?:" + "|".join(_ENTERPRISE_TYPES) + r")[^()]*\)$"
_TRAILING_PUNCTUATION = r"(?:[-—_.。]|\(\))+$"
# A value that none of the pass's patterns finds goes through the pass unchanged.
_ANY_STEP = "|".join(
    f"(?:{p})"
    for p in (
        _LEADING_GROUP,
        _SUBSIDIARIES,
        _TRAILING_SUFFIX,
        _END_MARKER,
        _START_MARKER,
        _TRAILING_GROUP,
        _TRAILING_PUNCTUATION,
    )
)


def _one_pass(v: pd.Series) -> pd.Series:
    """Steps 7, 8 and 10-13 once."""
    v = v.str.replace(_LEADING_GROUP, "", regex=True)
    v = v.str.replace(_SUBSIDIARIES, "", regex=False)
    v = v.str.replace(_TRAILING_SUFFIX, "", regex=True)
    v = v.str.replace(_END_MARKER, "", regex=True)
    v = v.str.replace(_START_MARKER, "", regex=True)
    enterprise = v.str.contains(_ENTERPRISE_GROUP, regex=True, na=False)
    v = v.str.replace(_TRAILING_GROUP, "", regex=True).where(~enterprise, v)
    return v.str.replace(_TRAILING_PUNCTUATION, "", regex=True)


def _fixed_point(v: pd.Series) -> pd.Series:
    """Repeat the pass, each time only over the values it can still change: one search
    for any step's pattern is far cheaper than the pass's seven replaces, and most names
    (`…有限公司`) carry no marker at all."""
    done = v.copy()
    current = v
    while True:
        current = current[current.str.contains(_ANY_STEP, regex=True, na=False).to_numpy(dtype=bool)]
        if not len(current):
            return done
        after = _one_pass(current)
        changed = (after != current).to_numpy(dtype=bool)
        done.loc[current.index[changed]] = after[changed]
        current = after[changed]


def _half_width(v: pd.Series) -> pd.Series:
    # Full-width brackets are in most names: swap them in bulk, translate the rest.
    v = v.str.replace("（", "(", regex=False).str.replace("）", ")", regex=False)
    full = v.str.contains(_FULL_WIDTH_CLASS, regex=True, na=False)
    if not full.any():
        return v
    out = v.copy()
    out[full] = v[full].str.translate(_HALF_WIDTH)
    return out


def _ascii_upper(v: pd.Series) -> pd.Series:
    # pandas' .str.upper() is full Unicode; the rule uppercases ASCII letters only.
    upper = pc.ascii_upper(pa.array(v, type=pa.large_string()))
    return pd.Series(upper, index=v.index, dtype=STR)


def _normalise(values: pd.Series) -> pd.Series:
    """R-NAME over distinct non-NA texts."""
    keyed = trim(values)
    protected = (keyed == _PROTECTED).to_numpy(dtype=bool)
    v = keyed.str.replace(WHITESPACE_CLASS, "", regex=True)
    # Width before quotes (the spec lists quotes first): a full-width ＂ only becomes
    # a quote at the width step, and must still be removed for the fixed point.
    v = _half_width(v).str.replace(_QUOTES, "", regex=True)
    v = _fixed_point(v)
    # Steps 3 and 9: a placeholder at the start, or one the pass produced (`0-` -> `0`).
    gone = (v == "") | is_one_of(v, _PLACEHOLDERS)
    v = v.str.replace("(", "（", regex=False).str.replace(")", "）", regex=False)
    v = _ascii_upper(v).where(~gone.to_numpy(dtype=bool))
    return v.where(~protected, keyed)


# R-NAME is pure and idempotent, and one run normalises the same names several times
# (the row's name in the transform, then the name and account-name keys of company-id
# resolution), so results are remembered per process: each input maps to its result and
# each result to itself.
_MEMO: dict[str, str] = {}
_MEMO_LIMIT = 2_000_000
_NULL = "\x00"  # a remembered NULL result; never a normalised name (whitespace is removed)


def r_name(s: pd.Series) -> pd.Series:
    """R-NAME: the normalised customer name, NA for blank or placeholder names."""
    d = distinct(s)
    known = d.values.map(_MEMO)
    todo = known.isna().to_numpy(dtype=bool)
    if todo.any():
        raw = d.values[todo].tolist()
        fresh = _normalise(pd.Series(raw, dtype=STR)).fillna(_NULL).tolist()
        if len(_MEMO) > _MEMO_LIMIT:
            _MEMO.clear()
        _MEMO.update(zip(raw, fresh, strict=True))
        _MEMO.update((v, v) for v in fresh if v != _NULL)
        known = d.values.map(_MEMO)
    return d.text(known.astype(STR).mask(known.eq(_NULL)))
