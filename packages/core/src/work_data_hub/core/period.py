"""The period: a month written ``YYYYMM``, the key of every monthly run."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from work_data_hub.core.errors import UsageError

_PERIOD = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        m = _PERIOD.match(text.strip())
        if not m:
            raise UsageError(f"malformed period '{text}': expected YYYYMM, e.g. 202411")
        return cls(int(m.group(1)), int(m.group(2)))

    @property
    def key(self) -> str:
        return f"{self.year:04d}{self.month:02d}"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def __str__(self) -> str:
        return self.key


def previous(period: Period) -> Period:
    if period.month == 1:
        return Period(period.year - 1, 12)
    return Period(period.year, period.month - 1)


def _next(p: Period) -> Period:
    return Period(p.year + p.month // 12, p.month % 12 + 1)


def parse_periods(text: str) -> list[Period]:
    """``YYYYMM`` or an inclusive range ``YYYYMM..YYYYMM``, in calendar order."""
    if ".." not in text:
        return [Period.parse(text)]
    first_text, _, last_text = text.partition("..")
    first, last = Period.parse(first_text), Period.parse(last_text)
    if last < first:
        raise UsageError(f"malformed period range '{text}': the end is before the start")
    months = [first]
    while months[-1] < last:
        months.append(_next(months[-1]))
    return months


def periods_since(first: Period, data_root: Path) -> list[Period]:
    """From ``first`` to the latest month that has a period folder under the data root."""
    present = []
    if data_root.is_dir():
        present = [Period.parse(p.name) for p in data_root.iterdir() if p.is_dir() and _PERIOD.match(p.name)]
    latest = max(present, default=None)
    if latest is None or latest < first:
        raise UsageError(f"no period folder from {first.key} on under {data_root}")
    return parse_periods(f"{first.key}..{latest.key}")
