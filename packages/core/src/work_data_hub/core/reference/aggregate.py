"""Candidate rows of one backfill rule (spec reference-data.md R4, §4), whole columns at a
time: the distinct usable keys of the fact rows, each with its target columns computed by
the rule's aggregations and its tags. Source order (sheet, then Excel row) is the frame's
row order and breaks every tie."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from work_data_hub.core.cleansing.exact import as_float
from work_data_hub.core.enrich.temp_ids import TEMP_ID_PATTERN
from work_data_hub.core.reference.rules import Agg, BackfillRule

PLACEHOLDER_TEXT = frozenset({"null", "none", "nan", "空白", "-"})
BUSINESS_TYPE_ORDER = ("企年受托", "企年投资", "职年受托", "职年投资")
_KEY, _VALUE, _ORDER, _WEIGHT = "__key", "__value", "__order", "__weight"


@dataclass
class Candidates:
    rows: pd.DataFrame  # index: the key; columns: the rule's target columns
    tags: pd.Series  # key → sorted list of tags (empty without a tag rule)
    temporary_ids: int  # distinct temporary ids skipped (R6)


def clean_text(values: pd.Series) -> pd.Series:
    """Trimmed text, NA for blank and placeholder values (R4)."""
    text = values.astype("str").str.strip()
    return text.mask(text.eq("") | text.str.lower().isin(PLACEHOLDER_TEXT))


def is_temporary(values: pd.Series) -> pd.Series:
    return values.str.fullmatch(TEMP_ID_PATTERN).fillna(False).astype(bool)


def candidates(frame: pd.DataFrame, rule: BackfillRule, placeholders: frozenset[str]) -> Candidates:
    keys = clean_text(frame[rule.key]) if rule.key in frame else pd.Series(pd.NA, index=frame.index, dtype="str")
    temporary = is_temporary(keys) if not rule.allow_temporary_ids else pd.Series(False, index=keys.index)
    temporary_ids = int(keys[temporary].nunique())
    usable = keys.notna() & ~keys.isin(placeholders) & ~temporary
    rows = frame.loc[usable.to_numpy()].reset_index(drop=True)
    rows[_KEY] = keys[usable].to_numpy()
    rows[_ORDER] = range(len(rows))
    index = pd.Index(rows[_KEY].drop_duplicates().sort_values(), name=rule.target.key)
    out = pd.DataFrame(index=index)
    cleaned: dict[str, pd.Series] = {}  # several aggregations read the same column
    for column, agg in rule.columns:
        out[column] = _aggregate(rows, agg, placeholders, index, cleaned)
    tags: pd.Series = pd.Series([[] for _ in range(len(index))], index=index, dtype=object)
    if rule.tags is not None and len(index):
        tags = _tags(rows, rule, index)
    return Candidates(out, tags, temporary_ids)


def _values(rows: pd.DataFrame, agg: Agg, placeholders: frozenset[str], cleaned: dict[str, pd.Series]) -> pd.DataFrame:
    """Key, value and order of the rows that have a usable value for ``agg``, in source order."""
    assert agg.source is not None
    if agg.source not in cleaned:
        source = rows[agg.source] if agg.source in rows else pd.Series(pd.NA, index=rows.index, dtype="str")
        cleaned[agg.source] = clean_text(source)
    value = cleaned[agg.source]
    if agg.skip_placeholders:
        value = value.mask(value.isin(placeholders))
    if agg.real_ids_only:
        value = value.mask(is_temporary(value))
    out = pd.DataFrame({_KEY: rows[_KEY], _VALUE: value, _ORDER: rows[_ORDER]})
    if agg.weight is not None:
        out[_WEIGHT] = as_float(rows[agg.weight]) if agg.weight in rows else float("nan")
    return out[out[_VALUE].notna()]


def _first(values: pd.DataFrame) -> pd.Series:
    """Per key, the value of its first row (``values`` is in source order)."""
    return values.drop_duplicates(_KEY).set_index(_KEY)[_VALUE]


def _aggregate(
    rows: pd.DataFrame, agg: Agg, placeholders: frozenset[str], index: pd.Index, cleaned: dict[str, pd.Series]
) -> pd.Series:
    if agg.kind == "constant":
        return pd.Series(agg.value, index=index, dtype=object)
    if agg.kind == "month_note":
        return _month_note(rows, agg, index)
    values = _values(rows, agg, placeholders, cleaned)
    if agg.kind == "first":
        out = _first(values).reindex(index)
        return out.fillna(pd.Series(index, index=index)) if agg.key_if_blank else out
    if agg.kind == "max_by":
        weighed = values[values[_WEIGHT].notna()].sort_values([_WEIGHT, _ORDER], ascending=[False, True])
        best = weighed.drop_duplicates(_KEY).set_index(_KEY)[_VALUE]
        return best.reindex(index).fillna(_first(values).reindex(index))
    if agg.kind == "count_distinct":
        counts = values.groupby(_KEY)[_VALUE].nunique()
        return counts.reindex(index, fill_value=0).astype("int64")
    if agg.kind == "concat_distinct":
        distinct = values.drop_duplicates([_KEY, _VALUE])
        rank = distinct[_VALUE].map({v: i for i, v in enumerate(BUSINESS_TYPE_ORDER)}) if agg.business_type_order else 0
        distinct = distinct.assign(__rank=pd.Series(rank, index=distinct.index).fillna(len(BUSINESS_TYPE_ORDER)))
        lists = _group_lists(distinct.sort_values([_KEY, "__rank", _VALUE]))
        return lists.map(agg.sep.join).reindex(index)
    if agg.kind == "contains_any":
        named = _first(values).reindex(index)
        pattern = "|".join(agg.words)
        return named.str.contains(pattern, regex=True).fillna(False).astype("int64")
    raise ValueError(f"unknown aggregation {agg.kind}")


def _group_lists(frame: pd.DataFrame) -> pd.Series:
    """Key → the list of its values in the frame's order (the frame sorted by key): one
    slice per key instead of a pandas group object per key."""
    keys = frame[_KEY].to_numpy(dtype=object)
    values = frame[_VALUE].tolist()
    if not len(keys):
        return pd.Series([], dtype=object)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    return pd.Series([values[a:b] for a, b in zip(starts, ends, strict=True)], index=keys[starts], dtype=object)


def _yymm(rows: pd.DataFrame, column: str) -> pd.Series:
    """YYMM as a number (2411), NA where the month is missing; formatted per distinct value."""
    source = rows[column] if column in rows else pd.Series(pd.NaT, index=rows.index)
    months = pd.to_datetime(source, errors="coerce")
    return ((months.dt.year % 100) * 100 + months.dt.month).astype("Int64")


def _month_note(rows: pd.DataFrame, agg: Agg, index: pd.Index) -> pd.Series:
    assert agg.source is not None
    yymm = _yymm(rows, agg.source)
    frame = pd.DataFrame({_KEY: rows[_KEY], _VALUE: yymm, _ORDER: rows[_ORDER]})[yymm.notna()]
    first_month = _first(frame).reindex(index)
    notes = {c: f"{c // 100:02d}年{c % 100:02d}月创建" for c in first_month.dropna().unique()}
    return first_month.map(notes).astype(object).where(first_month.notna(), None)


def _tags(rows: pd.DataFrame, rule: BackfillRule, index: pd.Index) -> pd.Series:
    assert rule.tags is not None
    yymm = _yymm(rows, rule.tags.month)
    frame = pd.DataFrame({_KEY: rows[_KEY], _VALUE: yymm})[yymm.notna()].drop_duplicates()
    rendered = {c: rule.tags.render(f"{c:04d}") for c in frame[_VALUE].unique()}
    frame = frame.sort_values([_KEY, _VALUE]).assign(**{_VALUE: lambda f: f[_VALUE].map(rendered).astype(object)})
    grouped = _group_lists(frame).reindex(index)
    return pd.Series([g if isinstance(g, list) else [] for g in grouped], index=index, dtype=object)
