"""Issue 15, the money must not vanish: the shrink guard watches the monitored measure
(15.2), and every amount is stored exactly (15.3)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from support.months import preload
from support.warehouse import ap_content, ap_table, is_sqlite, scalar
from support.warehouse import rows as rows_of
from support.workbooks import clean_rows, place, set_cell

ETL = ("etl", "--domains", "annuity_performance", "--period", "202411", "--execute")
AMOUNT = "期末资产规模"


def _error(stdout: str) -> str:
    [line] = [ln for ln in stdout.splitlines() if ln.startswith("annuity_performance: error: ")]
    return line


def _thousands() -> list[list[Any]]:
    """20 clean rows of 202411, each with 期末资产规模 1000 (Excel rows 2–21)."""
    rows = clean_rows("202411", 20, seed=5)
    for r in range(2, 22):
        rows = set_cell(rows, r, AMOUNT, 1000.0)
    return rows


def test_15_2_shrink_guard_on_the_measure_sum_and_its_nulls(
    cli, warehouse: str, data_root: Path, tmp_path: Path
) -> None:
    rows = _thousands()
    place(data_root, "202411", rows)
    preload(warehouse, data_root, tmp_path / "var", "202411", ["annuity_performance"])
    stored = ap_content(warehouse)

    small = rows
    for r in range(2, 22):
        small = set_cell(small, r, AMOUNT, 10.0)
    place(data_root, "202411", small)
    refused = cli(*ETL)
    assert refused.code == 1, refused.stdout + refused.stderr
    error = _error(refused.stdout)
    assert "期末资产规模 sums to 200.00" in error and "the 20,000.00 stored for 2024-11" in error, error
    assert "--allow-shrink" in error
    assert ap_content(warehouse) == stored

    blanks = rows
    for r in (3, 5, 7):
        blanks = set_cell(blanks, r, AMOUNT, None)
    blanks = set_cell(blanks, 2, AMOUNT, 4000.0)  # the sum holds: only the blanks count
    place(data_root, "202411", blanks)
    refused = cli(*ETL)
    assert refused.code == 1, refused.stdout + refused.stderr
    error = _error(refused.stdout)
    assert "期末资产规模 is empty in 3 of 20 rows (15%)" in error and "have it in 20" in error, error
    assert ap_content(warehouse) == stored

    allowed = cli(*ETL, "--allow-shrink")
    assert allowed.code == 0, allowed.stdout + allowed.stderr
    assert ap_content(warehouse) != stored


EXACT = {
    2: ("9999999999999.9999", "9999999999999.9999"),
    3: ("1234567890123.4567", "1234567890123.4567"),
    4: ("-1.00005", "-1.0001"),  # more decimals than the scale: half away from zero
    5: ("12.345678", "12.3457"),
    6: (1234.5, "1234.5000"),  # a number cell
}


def test_15_3_amounts_are_stored_exactly_and_extra_decimals_rounded_half_up(
    cli, warehouse: str, data_root: Path, tmp_path: Path
) -> None:
    rows = _thousands()
    for r in range(2, 22):
        rows = set_cell(rows, r, "计划代码", f"P{r:04d}")
    for r, (cell, _stored) in EXACT.items():
        rows = set_cell(rows, r, AMOUNT, cell)
    place(data_root, "202411", rows)
    run = cli(*ETL)
    assert run.code == 0, run.stdout + run.stderr
    assert "annuity_performance: warning: 期末资产规模: 2 cells with more than 4 decimals rounded half-up" in run.stdout

    table = ap_table(warehouse)
    stored = dict(rows_of(warehouse, f'SELECT "计划代码", CAST("{AMOUNT}" AS TEXT) FROM {table}'))
    assert {r: stored[f"P{r:04d}"] for r in EXACT} == {r: text for r, (_cell, text) in EXACT.items()}
    # The warehouse adds them up exactly too (PostgreSQL; SQLite's SUM() is a double).
    total = scalar(warehouse, f'SELECT SUM("{AMOUNT}") FROM {table}')
    expected = sum(Decimal(text) for _cell, text in EXACT.values()) + 15 * Decimal(1000)
    assert (
        Decimal(str(total)) == expected if not is_sqlite(warehouse) else float(total) == pytest.approx(float(expected))
    )
