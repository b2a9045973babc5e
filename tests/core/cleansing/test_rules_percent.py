"""R-PCT (other-kinds.md §0): percentages keyed as text, fractions as numbers, the (%)
columns' percent units, rounding half-up to 6 places."""

from __future__ import annotations

import pandas as pd
import pytest

from work_data_hub.core.cleansing.rules import r_pct


def one(cell: object, **kw: bool) -> tuple[float | None, bool]:
    result = r_pct(pd.Series([cell], dtype="str"), **kw)
    value = result.values.iloc[0]
    return (None if pd.isna(value) else float(value)), bool(result.flagged.iloc[0])


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("0.3%", 0.003),
        (" ０.３％ ", 0.003),  # NFKC and trimming first
        ("1.5%", 0.015),
        ("0.12%", 0.0012),
        ("-0.4%", -0.004),
        ("0.003", 0.003),  # a number cell is already a fraction
        ("0.02", 0.02),
        ("0.0000005", 0.000001),  # half-up to 6 places
        ("0.0000004", 0.0),
    ],
)
def test_rates(cell: str, expected: float) -> None:
    assert one(cell) == (pytest.approx(expected), False)


@pytest.mark.parametrize(("cell", "expected"), [("3.25", 0.0325), ("-0.4", -0.004), ("3.12%", 0.0312)])
def test_percent_unit_columns_divide_numbers_too(cell: str, expected: float) -> None:
    assert one(cell, numbers_in_percent=True) == (pytest.approx(expected), False)


@pytest.mark.parametrize(("cell", "flagged"), [(None, False), ("", False), ("-", False), ("无", False), ("约3%", True)])
def test_blank_placeholder_and_unreadable(cell: object, flagged: bool) -> None:
    assert one(cell) == (None, flagged)
