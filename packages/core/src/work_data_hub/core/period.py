"""The period: a month written ``YYYYMM``, the key of every monthly run."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

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
