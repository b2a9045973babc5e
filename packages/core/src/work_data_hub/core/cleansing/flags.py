"""R-FLAG: a 0/1 flag."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .common import RuleResult, distinct, integral_digits, nfkc, trim

# Compared lowercased; `1.0` / `0.0` arrive as `1` / `0` after integral_digits.
_ONE = frozenset({"1", "是", "y", "yes", "true", "有效"})
_ZERO = frozenset({"0", "否", "n", "no", "false", "无效"})
_NONE = np.int8(-1)


def r_flag(s: pd.Series) -> RuleResult:
    """R-FLAG: 1 / 0 from the listed words (any case); blank -> NA; else NA flagged."""
    d = distinct(s)
    v = integral_digits(trim(nfkc(d.values))).str.lower()
    flag = np.select(
        [v.isin(_ONE).to_numpy(dtype=bool), v.isin(_ZERO).to_numpy(dtype=bool)],
        [np.int8(1), np.int8(0)],
        _NONE,
    ).astype("int8")
    flagged = (flag == _NONE) & (v != "").to_numpy(dtype=bool)
    spread = d.array(flag, _NONE)
    values = pd.arrays.IntegerArray(np.where(spread == _NONE, 0, spread), spread == _NONE)
    return RuleResult(
        values=pd.Series(values, index=d.index, dtype="Int8"),
        flagged=pd.Series(d.array(flagged, False), index=d.index, dtype=bool),
    )
