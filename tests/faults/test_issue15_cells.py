"""Issue 15, data never lost or faked: formula cells without saved values and Excel error
values are rejected rows naming column and cell (15.1)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from support.warehouse import AP_COLUMNS, ap_content, ap_counts
from support.workbooks import clean_rows, place, set_cell
from work_data_hub.core.samples.writer import Formula

ETL = ("etl", "--domains", "annuity_performance", "--period", "202411", "--execute")
AMOUNT = "期末资产规模"
ERRORS = ["#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"]


def _letter(rows: list[list[object]], column: str) -> str:
    return chr(65 + rows[0].index(column))


def test_15_1_formula_without_saved_value_and_error_values_are_rejected(
    cli, warehouse: str, data_root: Path, tmp_path: Path
) -> None:
    rows = clean_rows("202411", 20, seed=4)
    amount = rows[0].index(AMOUNT)
    all_formulas = [rows[0], *[[*r[:amount], Formula("=1+1"), *r[amount + 1 :]] for r in rows[1:]]]
    place(data_root, "202411", all_formulas)

    refused = cli(*ETL)

    assert refused.code == 1, refused.stdout + refused.stderr
    assert "20 of 20 rows rejected" in refused.stdout, refused.stdout
    assert ap_counts(warehouse) == {}
    shutil.rmtree(tmp_path / "var" / "rejected")

    letter = _letter(rows, AMOUNT)
    rows = set_cell(rows, 12, AMOUNT, Formula("=SUM(X1:X9)"))
    for i, error in enumerate(ERRORS):
        rows = set_cell(rows, 3 + i, AMOUNT, Formula("=1/0", error))
    rows = set_cell(rows, 14, "计划名称", Formula("=A1"))  # a text column the domain reads
    place(data_root, "202411", rows)

    loaded = cli(*ETL, "--max-rejected", "100%")

    assert loaded.code == 0, loaded.stdout + loaded.stderr
    assert ap_counts(warehouse) == {"2024-11-01": 20 - 9}
    [report] = (tmp_path / "var" / "rejected").rglob("annuity_performance.csv")
    with report.open(encoding="utf-8-sig") as fh:
        reasons = {int(r["row_number"]): r["reason"] for r in csv.DictReader(fh)}
    assert reasons[12] == f"{AMOUNT} {letter}12: formula without a saved value"
    for i, error in enumerate(ERRORS):
        assert reasons[3 + i] == f"{AMOUNT} {letter}{3 + i}: Excel error {error}", reasons
    assert reasons[14].endswith(f"{_letter(rows, '计划名称')}14: formula without a saved value"), reasons
    assert len(reasons) == 9


def test_15_4_control_characters_are_removed_and_counted_on_both_backends(cli, warehouse: str, data_root: Path) -> None:
    rows = clean_rows("202411", 10, seed=6)
    rows = set_cell(rows, 2, "客户名称", "甲\x00公司")
    rows = set_cell(rows, 3, "计划名称", "\x1b[31m计划\x7f")
    rows = set_cell(rows, 4, "客户名称", "乙\x07公司")
    place(data_root, "202411", rows)

    dry = cli(*ETL[:-1])
    assert dry.code == 0, dry.stdout + dry.stderr
    loaded = cli(*ETL)

    assert loaded.code == 0, loaded.stdout + loaded.stderr
    for result in (dry, loaded):
        warnings = [ln for ln in result.stdout.splitlines() if ln.startswith("annuity_performance: warning: ")]
        assert any("control characters removed from 3 cells (" in w for w in warnings), result.stdout
    names = {r[AP_COLUMNS.index("客户名称")] for r in ap_content(warehouse)}
    plans = {r[AP_COLUMNS.index("计划名称")] for r in ap_content(warehouse)}
    assert {"甲公司", "乙公司"} <= names and "[31m计划" in plans
    assert not any(ch in "".join(names | plans) for ch in "\x00\x07\x1b\x7f")
