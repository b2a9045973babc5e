"""The verification of one (legacy table, month): what the legacy table held against what
was loaded, a difference being allowed only where rejected rows explain it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

import pandas as pd

Status = Literal["imported", "would import", "unchanged", "failed"]


def decimal_sum(values: pd.Series) -> Decimal | None:
    """Exact sum of a column of amounts (floats are taken at their shortest repr, the
    value the cleaning rounded them to)."""
    present = values.dropna()
    if present.empty:
        return None
    return sum((Decimal(str(v)) for v in present.tolist()), Decimal(0))


def readable_sum(values: pd.Series) -> Decimal | None:
    """Sum of the raw text amounts that read as numbers (a rejected row's unreadable
    amount adds nothing: the legacy table could not have held it as a number either)."""
    total: Decimal | None = None
    for text in values.dropna().tolist():
        try:
            value = Decimal(str(text).replace(",", ""))
        except InvalidOperation:
            continue
        if value.is_finite():
            total = (total or Decimal(0)) + value
    return total


def _plus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    if a is None and b is None:
        return None
    return (a or Decimal(0)) + (b or Decimal(0))


@dataclass
class TableMonth:
    domain: str
    table: str  # database.table as the legacy system named it
    period: str
    legacy_rows: int
    legacy_sum: Decimal | None
    rows_rejected: int = 0
    rows_loaded: int = 0
    loaded_sum: Decimal | None = None
    rejected_sum: Decimal | None = None
    scale: int = 4
    status: Status = "would import"
    error: str | None = None
    rejected_file: str | None = None

    @property
    def tolerance(self) -> Decimal:
        # One unit of the column's last place per row: the cleaning rounds every amount to
        # the column's scale, and SQLite keeps NUMERIC as binary floating point.
        return Decimal(10) ** -self.scale * max(1, self.legacy_rows)

    def difference(self) -> str | None:
        """Why the month does not reconcile, or None when it does."""
        accounted = self.rows_loaded + self.rows_rejected
        if accounted != self.legacy_rows:
            return f"{self.legacy_rows} legacy rows, {self.rows_loaded} loaded + {self.rows_rejected} rejected"
        if self.legacy_sum is None:
            return None
        explained = _plus(self.loaded_sum, self.rejected_sum) or Decimal(0)
        if abs(self.legacy_sum - explained) > self.tolerance:
            return (
                f"legacy sum {self.legacy_sum} against {self.loaded_sum or 0} loaded "
                f"+ {self.rejected_sum or 0} rejected"
            )
        return None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("legacy_sum", "loaded_sum", "rejected_sum"):
            out[key] = None if out[key] is None else str(out[key])
        del out["scale"]
        return out
