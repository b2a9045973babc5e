"""Assembling a generated sheet: the clean rows, the domain's dirty kinds each on its own
data row, fully blank rows and a repeated header row between the data rows, and the exact
counts a reader must find (rows read, blank, repeated headers, kinds, rejections by reason
and by Excel row). Every domain's sample uses it; none of it knows a domain."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts


@dataclass(frozen=True)
class MonthOf:
    year: int
    month: int

    @property
    def number(self) -> int:
        return self.year * 100 + self.month

    @property
    def yy(self) -> str:
        return f"{self.year % 100:02d}"


Injection = tuple[str, dict[str, Any], str | None]  # (kind, cells to set, rejection reason)
Classifier = Callable[[dict[str, Any]], str | None]


def month_injections(p: MonthOf, *, serial: bool, plain_text: bool) -> list[Injection]:
    y, m = p.year, p.month
    out: list[Injection] = []
    if plain_text:
        out.append(("月度:text", {"月度": f"{y}{m:02d}"}, None))
    out += [
        ("月度:text_dash", {"月度": f"{y}-{m:02d}"}, None),
        ("月度:cn", {"月度": f"{y}年{m}月"}, None),
        ("月度:cn_short", {"月度": f"{p.yy}年{m}月"}, None),
        ("月度:date_cell", {"月度": dt.datetime(y, m, vocab.last_day(y, m))}, None),
    ]
    if serial:
        out.append(("月度:serial", {"月度": vocab.excel_serial(dt.date(y, m, 11))}, None))
    out += [
        ("月度:fullwidth", {"月度": vocab.full_width(f"{y}年{m}月")}, None),
        ("月度:blank", {"月度": None}, "月度 missing"),
        ("月度:invalid", {"月度": f"{y}年13月"}, f"月度 unparseable: '{y}年13月'"),
    ]
    return out


def assemble(
    *,
    sheet: str,
    columns: Sequence[str],
    header: list[Any],
    data: list[dict[str, Any]],
    injections: list[Injection],
    classifiers: dict[str, Classifier],
    dirty: bool,
    rng: random.Random,
) -> GeneratedSheet:
    """Apply the dirty kinds to ``data``, add blank and header rows, and count everything."""
    n = len(data)
    tags: list[dict[str, str]] = [{} for _ in range(n)]  # per row: column prefix → kind
    reasons: dict[int, str] = {}
    blank_rows = 0
    repeated = 0
    gaps: dict[int, list[Any]] = {}
    if dirty:
        slots = len(injections) + 1  # + the duplicate row
        minimum = slots + 1
        if n < minimum:
            raise ValueError(f"a dirty {sheet} needs at least {minimum} data rows, got {n}")
        positions = rng.sample(range(n), slots)
        for (kind, cells, reason), pos in zip(injections, positions[:-1], strict=True):
            data[pos].update(cells)
            tags[pos][kind.split(":")[0]] = kind
            if reason:
                reasons[pos] = reason
        # A double paste: the duplicate copies the nearest clean row before it (or after it).
        dup = positions[-1]
        taken = set(positions)
        source = next((j for j in range(dup - 1, -1, -1) if j not in taken), None)
        if source is None:
            source = next(j for j in range(dup + 1, n) if j not in taken)
        data[dup] = dict(data[source])
        tags[dup]["row"] = "row:duplicate"
        # Fully blank rows (the first one holds only whitespace) and one repeated header row,
        # always between two data rows (a blank row after the last data row is invisible).
        blank_rows = 3 + n // 1000
        where = rng.sample(range(1, n), blank_rows + 1)
        width = len(header)
        for k, gap in enumerate(where[:-1]):
            blank: list[Any] = [None] * width
            if k == 0:
                blank[0], blank[min(8, width - 1)] = " ", "\u3000"
            gaps[gap] = blank
        gaps[where[-1]] = list(header)
        repeated = 1

    counter: Counter[str] = Counter()
    for i, record in enumerate(data):
        row_tags = tags[i]
        for prefix, classify in classifiers.items():
            if prefix not in row_tags:
                found = classify(record)
                if found:
                    row_tags[prefix] = found
        counter.update(row_tags.values())

    extra = len(header) - len(columns)
    out: list[list[Any]] = [list(header)]
    rejected_rows: dict[int, str] = {}
    for i, record in enumerate(data):
        gap_row = gaps.get(i)
        if gap_row is not None:
            out.append(gap_row)
        values = [record.get(c) for c in columns]
        if extra:
            values.append(record.get("__extra__"))
        out.append(values)
        if i in reasons:
            rejected_rows[len(out)] = reasons[i]
    counts = SheetCounts(
        sheet=sheet,
        header=list(header),
        rows_read=n,
        rows_blank=blank_rows,
        rows_repeated_header=repeated,
        dirty_kinds=dict(sorted(counter.items())),
        rejected=in_order(Counter(rejected_rows.values()), [r for _, _, r in injections if r]),
        rejected_rows=rejected_rows,
    )
    return GeneratedSheet(rows=out, counts=counts)


def in_order(counts: Counter[str], order: list[str]) -> dict[str, int]:
    """``counts`` as a dict in the order the reasons were declared (the spec's order)."""
    return {reason: counts[reason] for reason in dict.fromkeys(order) if counts[reason]}


def branch_kind(name: Any) -> str | None:
    if name in vocab.BRANCH_ALIASES:
        return "机构:alias"
    if name in vocab.BRANCH_CODE:
        return "机构:name"
    return None


def is_negative(v: Any) -> bool:
    """A number cell below zero."""
    return (type(v) is int or type(v) is float) and v < 0
