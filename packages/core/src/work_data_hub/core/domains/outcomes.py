"""Accumulating rejection reasons column-wise: every reason that applies to a row is
listed, joined with '; ', in the order the rules were checked."""

from __future__ import annotations

import pandas as pd


class Reasons:
    def __init__(self, index: pd.Index) -> None:
        self._acc = pd.Series(pd.NA, index=index, dtype="str")

    def add(self, mask: pd.Series, reason: str | pd.Series) -> None:
        if not bool(mask.any()):
            return
        text = reason if isinstance(reason, pd.Series) else pd.Series(reason, index=self._acc.index)
        text = text.astype("str")
        joined = (self._acc + "; " + text).fillna(text)
        self._acc = self._acc.where(~mask, joined)

    @property
    def series(self) -> pd.Series:
        return self._acc


def quoted(raw: pd.Series) -> pd.Series:
    """``'<raw>'`` as the spec writes a bad cell in a reason."""
    return "'" + raw.fillna("").astype("str") + "'"
