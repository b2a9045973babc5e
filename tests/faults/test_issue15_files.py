"""Issue 15, files: corrupt files say what they are (15.15) and rows keep the workbook's
own numbers when the sheet starts with blank rows (15.6)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from support.months import preload
from support.warehouse import ap_content
from support.workbooks import clean_rows, place, set_cell
from work_data_hub.core.samples.writer import write_workbook

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CORRUPT = {
    "202401": (b"", "empty file (0 bytes)"),
    "202402": ("期末资产规模,计划代码\n1,P0001\n".encode(), "a CSV text file, not an Excel workbook"),
    "202403": (OLE2 + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 1000, "old binary Excel file (.xls"),
    "202404": (
        OLE2 + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 1000,
        "encrypted (password-protected) workbook",
    ),
}


@pytest.mark.slow
def test_15_15_corrupt_files_say_what_the_file_is(cli, warehouse: str, data_root: Path, tmp_path: Path) -> None:
    for period in CORRUPT:
        place(data_root, period, clean_rows(period, 30, seed=1))
    preload(warehouse, data_root, tmp_path / "var", list(CORRUPT), ["annuity_performance"])
    before = ap_content(warehouse)
    for period, (data, _) in CORRUPT.items():
        place(data_root, period, clean_rows(period, 30, seed=1)).write_bytes(data)

    result = cli("etl", "--domains", "annuity_performance", "--period", "202401..202404", "--execute")

    assert result.code == 1, result.stdout + result.stderr
    errors = [line for line in result.stdout.splitlines() if line.startswith("annuity_performance: error: ")]
    assert len(errors) == 4, result.stdout
    for line, (_, expected) in zip(errors, CORRUPT.values(), strict=True):
        assert expected in line and ".xlsx" in line, line
        assert "(" not in line.split(expected, 1)[0].split(".xlsx", 1)[1], line  # no reader error chain
    assert "internal error" not in result.stdout + result.stderr
    assert ap_content(warehouse) == before


def test_15_6_row_numbers_are_the_workbooks_own_after_leading_blank_rows(
    cli, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    rows = set_cell(clean_rows("202411", 10, seed=3), 5, "期末资产规模", "abc")
    target = place(data_root, "202411", rows)
    # Three blank rows above the header: the bad cell sits in Excel row 8.
    write_workbook(target, {"规模明细": [[], [], [], *rows]})

    result = cli("etl", "--domains", "annuity_performance", "--period", "202411", "--max-rejected", "100%", "-v")

    assert result.code == 0, result.stdout + result.stderr
    rejected = sorted((tmp_path / "var" / "rejected").rglob("annuity_performance.csv"))
    assert len(rejected) == 1
    with rejected[0].open(encoding="utf-8-sig") as fh:
        found = [(r["row_number"], r["reason"]) for r in csv.DictReader(fh)]
    assert [n for n, _ in found] == ["8"], found


def test_15_18_rejected_csv_defuses_formulas_and_terminal_escapes_controls(
    cli, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    rows = set_cell(clean_rows("202411", 10, seed=3), 4, "期末资产规模", "abc")
    rows = set_cell(rows, 4, "客户名称", '=HYPERLINK("http://x","y")')
    rows = set_cell(rows, 4, "计划名称", "@SUM(A1)")
    rows = set_cell(rows, 4, "组合代码", "-1+2")
    name = "【for年金分战区经营分析】24年11月年金规模收入数据\x1b[2J\x07采集.xlsx"
    place(data_root, "202411", rows, name=name)

    result = cli("etl", "--domains", "annuity_performance", "--period", "202411", "--max-rejected", "100%")

    assert result.code == 0, result.stdout + result.stderr
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "\\x1b[2J\\x07采集.xlsx" in result.stdout, result.stdout
    [rejected] = (tmp_path / "var" / "rejected").rglob("annuity_performance.csv")
    with rejected.open(encoding="utf-8-sig") as fh:
        [row] = list(csv.DictReader(fh))
    assert row["客户名称"] == '\'=HYPERLINK("http://x","y")'
    assert row["计划名称"] == "'@SUM(A1)"
    assert row["组合代码"] == "'-1+2"
    assert row["期末资产规模"] == "abc"
