"""The period: a month written ``YYYYMM``, the key of every monthly run."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from work_data_hub.core.errors import UsageError

_PERIOD = re.compile(r"^(\d{4})(0[1-9]|1[0-2])$")
# The warehouse's months: a year outside is a typo (20241 → 2024?), never a real delivery.
FIRST_YEAR, LAST_YEAR = 2000, 2099
# Ten years: a longer range is a typo in one of its ends.
MAX_RANGE_MONTHS = 120


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        m = _PERIOD.match(text.strip())
        if not m:
            raise UsageError(f"malformed period '{text}': expected YYYYMM, e.g. 202411")
        year = int(m.group(1))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise UsageError(f"period '{text}': year {year} is outside {FIRST_YEAR}–{LAST_YEAR}")
        return cls(year, int(m.group(2)))

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
    span = (last.year - first.year) * 12 + last.month - first.month + 1
    if span > MAX_RANGE_MONTHS:
        raise UsageError(f"period range '{text}' spans {span} months, more than {MAX_RANGE_MONTHS}")
    months = [first]
    while months[-1] < last:
        months.append(_next(months[-1]))
    return months


def split_by_folder(months: list[Period], data_root: Path) -> tuple[list[Period], list[Period]]:
    """The months of a range that have a period folder under the data root, and the others."""
    present = [p for p in months if (data_root / p.key).is_dir()]
    return present, [p for p in months if p not in present]


def periods_since(first: Period, data_root: Path) -> list[Period]:
    """From ``first`` to the latest month that has a period folder under the data root."""
    present = []
    if data_root.is_dir():
        present = [
            Period.parse(p.name)
            for p in data_root.iterdir()
            if p.is_dir() and _PERIOD.match(p.name) and FIRST_YEAR <= int(p.name[:4]) <= LAST_YEAR
        ]
    latest = max(present, default=None)
    if latest is None or latest < first:
        raise UsageError(f"no period folder from {first.key} on under {data_root}")
    return parse_periods(f"{first.key}..{latest.key}")
