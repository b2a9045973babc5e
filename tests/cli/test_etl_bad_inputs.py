"""Bad input never corrupts data (issue 2 §9): each bad input, run with --execute against
a warehouse already holding 202410 and 202411, gives one clear error line, the documented
exit code, no traceback, and leaves every stored row as it was (a count and checksum of
the stored rows are compared)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from support import warehouse as wh
from support.etl import load
from support.workbooks import clean_rows, drop_column, set_cell, workbook_name, write_ap
from work_data_hub.core.samples.writer import write_workbook

AP = ("etl", "--domains", "annuity_performance")
UNREACHABLE = "postgresql://postgres@127.0.0.1:1/x"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def warehouse_url(backend: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """One warehouse per backend for the whole module, holding 202410 and 202411: every
    case must leave it exactly as it was, so the cases can share it."""
    folder = tmp_path_factory.mktemp(f"loaded-{backend}")
    if backend == "sqlite":
        url = f"sqlite:///{(folder / 'warehouse.sqlite').as_posix()}"
        name = None
    else:
        server = request.getfixturevalue("pg_server")
        name = server.create_database()
        url = server.url(name)
    books = {
        "202410": write_ap(folder / "oct.xlsx", clean_rows("202410", n=12, seed=3)),
        "202411": write_ap(folder / "nov.xlsx", clean_rows("202411", n=20, seed=1)),
    }
    for period, book in books.items():
        load(url, folder, folder / "var", period, book)
    yield url
    if name is not None:
        request.getfixturevalue("pg_server").drop_database(name)


@pytest.fixture(scope="module")
def loaded(warehouse_url: str) -> tuple[int, str]:
    fingerprint = wh.fingerprint(warehouse_url)
    assert fingerprint[0] == 32
    return fingerprint


@dataclass
class Case:
    prepare: Callable[[Path], None]  # writes the month's folder under the data root
    args: tuple[str, ...]
    code: int
    says: tuple[str, ...]  # fragments of the one error line


def _v2(root: Path) -> Path:
    folder = root / "202411" / "收集数据" / "数据采集" / "V2"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / workbook_name("202411", "0116")


def _bytes(content: bytes) -> Callable[[Path], None]:
    return lambda root: _v2(root).write_bytes(content) and None


def _sheets(sheets: dict[str, list[list[object]]]) -> Callable[[Path], None]:
    return lambda root: write_workbook(_v2(root), sheets) and None


def _rows(rows: list[list[object]]) -> Callable[[Path], None]:
    return lambda root: write_ap(_v2(root), rows) and None


def _nothing(_root: Path) -> None:
    return None


NOV = clean_rows("202411", n=20, seed=5)
CASES = {
    "corrupt": Case(_bytes(bytes(range(256)) * 40), (), 1, ("not a readable Excel workbook", "V2/")),
    "csv_renamed": Case(
        _bytes("月度,业务类型,计划类型\n202411,企年受托,单一计划\n".encode()),
        (),
        1,
        ("not a readable Excel workbook", "V2/"),
    ),
    "empty_workbook": Case(_sheets({}), (), 1, ("sheet 规模明细 not found", "sheets present: Sheet1")),
    "empty_sheet": Case(_sheets({"规模明细": []}), (), 1, ("sheet 规模明细 is empty",)),
    "header_only": Case(_rows(NOV[:1]), (), 1, ("sheet 规模明细 has no data rows",)),
    "missing_sheet": Case(
        _sheets({"收入明细": NOV, "Sheet9": [["x"]]}),
        (),
        1,
        ("sheet 规模明细 not found", "sheets present: 收入明细, Sheet9"),
    ),
    "missing_column": Case(
        _rows(drop_column(NOV, "业务类型")),
        (),
        1,
        ("V2/", "sheet 规模明细", "missing required column(s) 业务类型", "columns found: 月度, 计划类型, 计划代码"),
    ),
    "unparseable_months": Case(
        _rows(set_cell(set_cell(NOV, 4, "月度", "2024年13月"), 9, "月度", "十一月")),
        (),
        1,
        ("2 of 20 rows rejected, over the limit 1% (--max-rejected)", "annuity_performance.csv"),
    ),
    "another_month": Case(
        _rows(set_cell(NOV, 12, "月度", 202412)),
        (),
        1,
        ("sheet 规模明细", "月度 2024-12 in row 12 does not match period 2024-11"),
    ),
    "unknown_domain": Case(
        _nothing, ("etl", "--domains", "annuity_perf", "--period", "202411"), 2, ("unknown domain 'annuity_perf'",)
    ),
    "malformed_period": Case(_nothing, ("etl", *AP[1:], "--period", "2024-11"), 2, ("malformed period '2024-11'",)),
    "month_13": Case(_nothing, ("etl", *AP[1:], "--period", "202413"), 2, ("malformed period '202413'",)),
    "unreachable_database": Case(
        _nothing, ("etl", *AP[1:], "--period", "202411", "--database-url", UNREACHABLE), 2, ("database unreachable",)
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input(cli, warehouse_url: str, data_root: Path, loaded: tuple[int, str], name: str) -> None:
    case = CASES[name]
    case.prepare(data_root)
    args = case.args or (*AP, "--period", "202411")
    result = cli(*args, "--execute")
    assert result.code == case.code, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    both = result.stdout + result.stderr
    lines = [line for line in both.splitlines() if "error:" in line]
    assert len(lines) == 1, both
    for fragment in case.says:
        assert fragment in lines[0]
    message = lines[0].split("error: ", 1)[1]
    assert both.count(message) == 1, both
    if case.code == 1:
        assert "annuity_performance: failed" in result.stdout
        assert result.stdout.rstrip().splitlines()[-1].startswith("status: failed")
    else:
        assert lines[0].startswith("error: ") and result.stdout == ""
    assert wh.fingerprint(warehouse_url) == loaded


def test_unparseable_months_are_named_in_the_rejected_file(
    cli, warehouse_url: str, data_root: Path, loaded: tuple[int, str]
) -> None:
    CASES["unparseable_months"].prepare(data_root)
    result = cli(*AP, "--period", "202411", "--execute", "--json")
    assert result.code == 1
    run = result.json["domains"][0]
    with Path(run["rejected_file"]).open(encoding="utf-8-sig", newline="") as fh:
        rejected = {(r["row_number"], r["reason"]) for r in csv.DictReader(fh)}
    assert rejected == {("4", "月度 unparseable: '2024年13月'"), ("9", "月度 unparseable: '十一月'")}
    assert wh.fingerprint(warehouse_url) == loaded
