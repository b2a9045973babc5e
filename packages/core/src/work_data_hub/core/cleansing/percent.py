"""R-PCT (other-kinds.md §0): a rate, stored as a fraction NUMERIC(18,6) ROUND_HALF_UP.

Text ending in ``%`` is a percentage: R-NUM of the part before it, divided by 100
(``'0.3%'`` → 0.003). Any other number is already a fraction — Excel stores a
``%``-formatted cell as its fraction — unless the column keys percent units (the ``(%)``
columns of 组合业绩: ``3.25`` → 0.0325). Blank or a placeholder is NULL; unreadable text
is NULL and flagged."""

from __future__ import annotations

import pandas as pd

from .common import RuleResult, nfkc, trim
from .numbers import parse_decimal, quantize

PLACES = 6


def r_pct(s: pd.Series, *, numbers_in_percent: bool = False) -> RuleResult:
    text = trim(nfkc(s))
    marked = text.str.endswith("%").fillna(False).astype(bool)
    parsed = parse_decimal(text.mask(marked, text.str[:-1]))
    divide = marked | numbers_in_percent
    values = parsed.values.where(~divide, parsed.values / 100)
    return RuleResult(values=quantize(values, PLACES), flagged=parsed.flagged)
