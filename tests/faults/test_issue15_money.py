"""Issue 15, the money must not vanish: the shrink guard watches the monitored measure
(15.2)."""

from __future__ import annotations

from pathlib import Path

from support.months import preload
from support.warehouse import ap_content
from support.workbooks import clean_rows, place, set_cell

ETL = ("etl", "--domains", "annuity_performance", "--period", "202411", "--execute")
AMOUNT = "期末资产规模"


def _error(stdout: str) -> str:
    [line] = [ln for ln in stdout.splitlines() if ln.startswith("annuity_performance: error: ")]
    return line


def test_15_2_shrink_guard_on_the_measure_sum_and_its_nulls(
    cli, warehouse: str, data_root: Path, tmp_path: Path
) -> None:
    rows = clean_rows("202411", 20, seed=5)
    for r in range(2, 22):
        rows = set_cell(rows, r, AMOUNT, 1000.0)
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
