"""The month spellings of the legacy tables and the reconciliation rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from work_data_hub.core.legacy.figures import TableMonth
from work_data_hub.core.legacy.months import period_key


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("2024-11", "202411"),
        ("202411", "202411"),
        ("2024-11-01", "202411"),
        ("2024-11-30 00:00:00", "202411"),
        ("20241130", "202411"),
        ("2024/11", "202411"),
        ("2024年11月", "202411"),
        (dt.date(2024, 11, 1), "202411"),
        (dt.datetime(2024, 11, 5, 8, 0), "202411"),
        ("24年2月", None),
        ("2024-13", None),
        ("", None),
        (None, None),
    ],
)
def test_period_key_reads_every_legacy_spelling(value: object, key: str | None) -> None:
    assert period_key(value) == key


def _month(**figures: object) -> TableMonth:
    base: dict[str, object] = {
        "domain": "d",
        "table": "business.t",
        "period": "202411",
        "legacy_rows": 3,
        "legacy_sum": Decimal("30.0000"),
    }
    return TableMonth(**(base | figures))  # type: ignore[arg-type]


def test_a_month_reconciles_when_rejected_rows_explain_the_difference() -> None:
    assert _month(rows_loaded=2, rows_rejected=1, loaded_sum=Decimal(20), rejected_sum=Decimal(10)).difference() is None


def test_a_lost_row_or_amount_does_not_reconcile() -> None:
    lost_row = _month(rows_loaded=2, loaded_sum=Decimal(30)).difference()
    lost_money = _month(rows_loaded=3, loaded_sum=Decimal("29.99")).difference()

    assert lost_row == "3 legacy rows, 2 loaded + 0 rejected"
    assert lost_money == "legacy sum 30.0000 against 29.99 loaded + 0 rejected"


def test_rounding_to_the_column_scale_is_within_the_tolerance() -> None:
    assert _month(rows_loaded=3, loaded_sum=Decimal("30.0002")).difference() is None
    assert _month(rows_loaded=3, loaded_sum=Decimal("30.0004")).difference() is not None
