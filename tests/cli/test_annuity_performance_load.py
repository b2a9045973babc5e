"""annuity_performance end to end through ``etl`` (spec §10 examples 4, 24, 29–32 and the
traps about loading, discovery and the dry run), with real workbooks on SQLite and
PostgreSQL."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from support import warehouse as wh
from support.etl import upgrade
from support.workbooks import clean_rows, collect_folder, place, set_cell
from work_data_hub.core.samples.writer import write_workbook

AP = ("etl", "--domains", "annuity_performance")
HEADER = clean_rows("202411", n=1)[0]
OLD_NAME = "【for年金分战区经营分析】24年11月年金终稿数据1209采集.xlsx"


def ready(url: str, backend: str) -> None:
    if backend == "postgres":
        upgrade(url)


def row(period: str = "202411", **cells: Any) -> list[Any]:
    """One clean data row of ``period`` with ``cells`` replaced."""
    values = dict(zip(HEADER, clean_rows(period, n=1, seed=5)[1], strict=True)) | cells
    return [values.get(h) for h in HEADER]


def _run(cli, period: str = "202411", *extra: str):  # type: ignore[no-untyped-def]
    result = cli(*AP, "--period", period, *extra, "--json")
    assert result.code in (0, 1), result.stderr
    return result, result.json["domains"][0]


def test_ex4_another_month_fails_and_leaves_the_table_unchanged(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:
    ready(warehouse_url, backend)
    place(data_root, "202411", clean_rows("202411", n=10))
    assert cli(*AP, "--period", "202411", "--execute").code == 0
    before = wh.fingerprint(warehouse_url)

    rows = [HEADER, *(row(月度=202410) for _ in range(15)), *(row() for _ in range(5))]
    place(data_root, "202411", rows, version="V2")
    result, run = _run(cli, "202411", "--execute")
    assert result.code == 1
    assert run["status"] == "failed"
    assert "月度 2024-10 in row 2 does not match period 2024-11 (and 14 more rows)" in run["error"]
    assert (run["rows_deleted"], run["rows_inserted"]) == (0, 0)
    assert wh.fingerprint(warehouse_url) == before


def test_ex24_blank_and_repeated_header_rows_are_counted_not_rejected(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:
    blank: list[Any] = [None] * len(HEADER)
    spaces: list[Any] = [" ", None, "\u3000"]
    rows = [HEADER, row(), blank, row(计划代码="S0001"), spaces, list(HEADER), row(计划代码="S0002")]
    place(data_root, "202411", rows)
    result, run = _run(cli)
    assert result.code == 0, run["error"]
    counts = [run[k] for k in ("rows_read", "rows_blank", "rows_repeated_header", "rows_rejected", "rows_inserted")]
    assert counts == [3, 2, 1, 0, 3]
    assert run["rejected_file"] is None


@pytest.mark.slow
def test_ex29_a_corrected_workbook_replaces_the_whole_period(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:
    ready(warehouse_url, backend)
    place(data_root, "202410", [HEADER, *(row("202410", 计划代码=f"S10{i:02d}") for i in range(4))])
    assert cli(*AP, "--period", "202410", "--execute").code == 0
    october = wh.ap_content(warehouse_url, "2024-10-01")

    group = {"业务类型": "企年投资", "计划类型": "集合计划", "计划代码": "P0290"}
    v1 = [HEADER, *(row(**group, 客户名称=f"甲{i}有限公司") for i in range(3)), *(row() for _ in range(6))]
    place(data_root, "202411", v1, version="V1")
    assert cli(*AP, "--period", "202411", "--execute").code == 0
    assert wh.ap_counts(warehouse_url)["2024-11-01"] == 9

    other = {"业务类型": "企年受托", "计划类型": "单一计划"}
    v2 = [HEADER, *(row(**other, 计划代码=f"S20{i:02d}") for i in range(7))]
    place(data_root, "202411", v2, version="V2")
    result, run = _run(cli, "202411", "--execute")
    assert result.code == 0, run["error"]
    assert (run["version"], run["rows_deleted"], run["rows_inserted"]) == ("V2", 9, 7)
    assert wh.ap_counts(warehouse_url) == {"2024-10-01": 4, "2024-11-01": 7}
    stale = wh.scalar(
        warehouse_url,
        f"SELECT COUNT(*) FROM {wh.ap_table(warehouse_url)} WHERE {wh.month_key(warehouse_url)} = '2024-11-01' "
        "AND \"业务类型\" = '企年投资' AND \"计划类型\" = '集合计划'",
    )
    assert stale == 0
    assert wh.ap_content(warehouse_url, "2024-10-01") == october


def test_ex30_a_supplement_is_listed_not_loaded(cli, backend: str, warehouse_url: str, data_root: Path) -> None:
    ready(warehouse_url, backend)
    december = "【for年金分战区经营分析】24年12月年金终稿数据0109采集.xlsx"
    supplement = "【for年金分战区经营分析】24年12月年金终稿数据0109采集-补充企年投资收入.xlsx"
    place(data_root, "202412", clean_rows("202412", n=8), version="V1", name=december)
    only_investment = [HEADER, *(row("202412", 业务类型="企年投资") for _ in range(2))]
    place(data_root, "202412", only_investment, version="V2", name=supplement)
    result, run = _run(cli, "202412", "--execute")
    assert result.code == 0, run["error"]
    assert run["file"].endswith(f"V1/{december}")
    assert run["supplements"] == [f"202412/收集数据/数据采集/V2/{supplement}"]
    assert any("supplement — not loaded; load it with --supplement groups|append" in w for w in run["warnings"])
    assert wh.ap_counts(warehouse_url) == {"2024-12-01": 8}


def test_ex31_loading_the_same_workbook_twice(cli, backend: str, warehouse_url: str, data_root: Path) -> None:
    ready(warehouse_url, backend)
    place(data_root, "202411", clean_rows("202411", n=12, seed=3))
    first, run1 = _run(cli, "202411", "--execute")
    content = wh.ap_content(warehouse_url)
    second, run2 = _run(cli, "202411", "--execute")
    assert first.code == second.code == 0
    assert (run1["rows_deleted"], run1["rows_inserted"]) == (0, 12)
    assert (run2["rows_deleted"], run2["rows_inserted"]) == (12, 12)
    assert wh.ap_content(warehouse_url) == content


def test_ex32_identical_rows_both_load_and_are_counted(cli, backend: str, warehouse_url: str, data_root: Path) -> None:
    ready(warehouse_url, backend)
    place(data_root, "202411", [HEADER, row(), row(), row(计划代码="S0077")])
    result, run = _run(cli, "202411", "--execute")
    assert result.code == 0, run["error"]
    assert run["counters"]["duplicate_rows"] == 1
    assert wh.ap_counts(warehouse_url) == {"2024-11-01": 3}


def test_trap6_empty_customer_numbers_are_stored_as_null(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:
    ready(warehouse_url, backend)
    rows = [
        HEADER,
        row(计划代码="S0001", 集团企业客户号=None, 子企业号=None),
        row(计划代码="S0002", 集团企业客户号=12345, 子企业号=67890),
        row(计划代码="S0003", 集团企业客户号="C"),
        row(计划代码="S0004", 集团企业客户号="CC001"),
    ]
    place(data_root, "202411", rows)
    assert cli(*AP, "--period", "202411", "--execute").code == 0
    stored = wh.rows(
        warehouse_url,
        f'SELECT "计划代码", "集团企业客户号", "年金账户号", "子企业号" FROM {wh.ap_table(warehouse_url)} ORDER BY 1',
    )
    assert stored == [
        ("S0001", None, None, None),
        ("S0002", "12345", "12345", "67890"),
        ("S0003", None, None, None),
        ("S0004", "C001", "C001", None),
    ]


def test_trap19_older_naming_found_replies_and_loaded_marker_excluded(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:
    place(data_root, "202411", clean_rows("202411", n=6), version="V1", name=OLD_NAME)
    newer = clean_rows("202411", n=9)
    place(data_root, "202411", newer, version="V2", name=OLD_NAME.replace(".xlsx", "-深圳分公司回复.xlsx"))
    place(data_root, "202411", newer, version="V2", name=OLD_NAME.replace(".xlsx", "-已写入.xlsx"))
    result, run = _run(cli)
    assert result.code == 0, run["error"]
    assert run["file"] == f"202411/收集数据/数据采集/V1/{OLD_NAME}"
    assert (run["rows_read"], run["rows_inserted"]) == (6, 6)


@pytest.mark.new_warehouse
def test_trap22_a_dry_run_writes_only_the_report_files(
    cli, backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    rows = set_cell(clean_rows("202411", n=5), 3, "供款", "约3万")
    place(data_root, "202411", rows)
    if backend == "postgres":
        upgrade(warehouse_url)
    result, run = _run(cli, "202411", "--max-rejected", "100%")
    assert result.code == 0, run["error"]
    assert result.json["dry_run"] is True
    assert (run["rows_inserted"], run["rows_rejected"]) == (4, 1)
    if backend == "sqlite":
        path = wh.sqlite_file(warehouse_url)
        assert path is not None and not path.exists()
    else:
        assert wh.ap_counts(warehouse_url) == {}
        assert wh.ledger(warehouse_url) == []
    written = sorted(p.relative_to(tmp_path / "var").as_posix() for p in (tmp_path / "var").rglob("*") if p.is_file())
    folder = f"rejected/{result.json['run_id']}/202411"
    assert f"{folder}/annuity_performance.csv" in written
    run_id = result.json["run_id"]
    reports = {f"reports/{run_id}.html", f"reports/{run_id}-unknown-companies.csv"}  # issue 20: report files
    assert f"reports/{run_id}.html" in written
    assert set(written) <= {
        f"{folder}/annuity_performance.csv",
        f"{folder}/annuity_performance_unknown_names.csv",
        *reports,
    }


def test_trap23_every_run_backfills_the_reference_tables(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:
    ready(warehouse_url, backend)
    place(data_root, "202411", [HEADER, row(计划代码="S0042", 计划名称="某某企业年金计划")])
    assert cli(*AP, "--period", "202411", "--execute").code == 0
    plans = wh.rows(warehouse_url, f'SELECT "年金计划号" FROM {wh.qualified(warehouse_url, "mapping", "年金计划")}')
    assert ("S0042",) in plans


def test_rejected_file_lists_every_reason_in_order(cli, backend: str, warehouse_url: str, data_root: Path) -> None:
    header = ["计划号" if h == "计划代码" else h for h in HEADER]
    bad = row(月度="2024年13月", 业务类型=None, 计划代码=None, 计划类型="职业年金", 供款="abc", 待遇支付="1e15")
    folder = collect_folder(data_root, "202411") / "V1"
    write_workbook(folder / OLD_NAME, {"规模明细": [header, row(), bad, row(计划代码="S0009")]})
    result, run = _run(cli, "202411", "--max-rejected", "100%")
    assert result.code == 0, run["error"]
    with Path(run["rejected_file"]).open(encoding="utf-8-sig", newline="") as fh:
        (rejected,) = list(csv.DictReader(fh))
    assert rejected["row_number"] == "3"
    assert rejected["reason"] == (
        "月度 unparseable: '2024年13月'; 业务类型 missing; 计划代码 missing and 计划类型 '职业年金' has no default; "
        "供款 not a number: 'abc'; 待遇支付 out of range: '1e15'"
    )
    assert (rejected["计划代码"], rejected["月度"], rejected["供款"]) == ("", "2024年13月", "abc")
    assert "计划号" not in rejected
    assert run["counters"]["rejected_by_reason"] == {rejected["reason"]: 1}
