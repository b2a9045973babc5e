"""annuity_income through the CLI and the batch runner, on SQLite and PostgreSQL: the
shared workbook read, a missing sheet, the period refresh, company ids, the shrink guard,
the absent fee columns, the report files and the dry run (spec annuity_income §1, §6–§11)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from support import warehouse as wh
from support.domain_rows import (
    batch,
    count,
    income_row,
    income_rows_of,
    only,
    place_workbook,
    stored,
)
from support.etl import upgrade
from support.samples import annuity_rows, income_sheet, write_workbook

INCOME = ("business", "收入明细")
AP = ("business", "规模明细")
KEY = ["月度", "计划代码", "客户名称", "业务类型", "计划类型", "固费", "浮费", "回补", "税", "机构代码"]


def month_book(n_income: int = 40, n_ap: int = 30, seed: int = 3) -> dict[str, list[list[Any]]]:
    """Clean 规模明细 and 收入明细 sheets of 202411 (nothing rejected)."""
    return {
        "规模明细": annuity_rows("202411", n_ap, seed=seed, dirty=False),
        "收入明细": income_sheet("202411", n_income, seed=seed, dirty=False).rows,
    }


def prepare(backend: str, url: str) -> None:
    if backend == "postgres":
        upgrade(url)


@pytest.mark.slow
def test_both_annuity_domains_share_one_read_of_the_workbook(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:  # type: ignore[no-untyped-def]
    prepare(backend, warehouse_url)
    path = place_workbook(data_root, "202411", month_book())
    args = ("etl", "--domains", "annuity_performance,annuity_income", "--period", "202411", "--execute", "--json")
    first = cli(*args)
    assert first.code == 0, first.stdout + first.stderr
    runs = {d["domain"]: d for d in first.json["domains"]}
    assert [runs[d]["status"] for d in ("annuity_performance", "annuity_income")] == ["ok", "ok"]
    assert runs["annuity_income"]["rows_inserted"] == 40 and runs["annuity_performance"]["rows_inserted"] == 30
    rel = path.relative_to(data_root).as_posix()
    reads = [w for w in first.json["workbooks"] if w["file"] == rel]
    assert len(reads) == 1 and reads[0]["reads"] == 1
    assert len(first.json["workbooks"]) == 1
    assert count(warehouse_url, *INCOME) == 40 and count(warehouse_url, *AP) == 30
    content = stored(warehouse_url, *INCOME, KEY)

    # Idempotent: the same workbook again replaces the month with identical content.
    second = cli(*args)
    assert second.code == 0, second.stdout + second.stderr
    income = next(d for d in second.json["domains"] if d["domain"] == "annuity_income")
    assert (income["rows_deleted"], income["rows_inserted"]) == (40, 40)
    assert stored(warehouse_url, *INCOME, KEY) == content


def test_example_21_missing_income_sheet_fails_only_annuity_income(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:  # type: ignore[no-untyped-def]
    prepare(backend, warehouse_url)
    path = place_workbook(data_root, "202411", {"规模明细": month_book()["规模明细"], "备注": [["说明"], ["无"]]})
    result = cli("etl", "--domains", "annuity_performance,annuity_income", "--period", "202411", "--execute", "--json")
    assert result.code == 1
    runs = {d["domain"]: d for d in result.json["domains"]}
    assert runs["annuity_performance"]["status"] == "ok" and runs["annuity_performance"]["rows_inserted"] == 30
    error = runs["annuity_income"]["error"]
    assert runs["annuity_income"]["status"] == "failed"
    assert path.name in error and "收入明细" in error and "规模明细, 备注" in error
    assert count(warehouse_url, *AP) == 30 and count(warehouse_url, *INCOME) == 0
    failed = [r for r in wh.ledger(warehouse_url) if r["domain"] == "annuity_income"]
    assert [r["status"] for r in failed] == ["failed"]


@pytest.mark.slow
def test_examples_4_and_6_blank_rows_and_one_bad_fee_among_12000(data_root: Path, tmp_path: Path) -> None:
    # A volume example, on SQLite only: the PostgreSQL path is the same code, tested smaller.
    url = f"sqlite:///{(tmp_path / 'var' / 'warehouse.sqlite').as_posix()}"
    rows = income_sheet("202411", 12_000, seed=5, dirty=False).rows
    header = rows[0]
    rows[5000][header.index("回补")] = "待定"
    body = rows[1:]
    for i in range(36):  # scattered fully blank rows, the last one whitespace only
        body.insert(300 * i + 17, [None] * len(header) if i < 35 else ["  "] * len(header))
    place_workbook(data_root, "202411", {"收入明细": [header, *body]})
    run = only(batch(url, data_root, tmp_path / "var", "202411", ["annuity_income"]))
    assert run.status == "ok", run.error
    assert (run.rows_read, run.rows_blank, run.rows_rejected, run.rows_inserted) == (12_000, 36, 1, 11_999)
    assert run.counters["rejected_by_reason"] == {"回补 not a number: '待定'": 1}
    assert count(url, *INCOME) == 11_999


def test_example_19_rows_of_another_month_fail_the_domain_and_change_nothing(
    backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    good = [income_row(i) for i in range(10)]
    place_workbook(data_root, "202411", {"收入明细": income_rows_of(*good)})
    assert only(batch(warehouse_url, data_root, tmp_path / "var", "202411", ["annuity_income"])).status == "ok"
    before = stored(warehouse_url, *INCOME, KEY)

    bad = [*good, *(income_row(20 + i, 月度="2024-12") for i in range(3))]
    place_workbook(data_root, "202411", {"收入明细": income_rows_of(*bad)}, version="V2")
    run = only(batch(warehouse_url, data_root, tmp_path / "var", "202411", ["annuity_income"]))
    assert run.status == "failed"
    assert (
        run.error is not None and "月度 2024-12 in row 12 does not match period 2024-11 (and 2 more rows)" in run.error
    )
    assert stored(warehouse_url, *INCOME, KEY) == before


def test_example_22_a_corrected_workbook_replaces_the_whole_period(
    backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    first = [income_row(i, 业务类型="企年投资" if i < 3 else "企年受托") for i in range(12)]
    other_month = [income_row(50, 月度=202410)]
    place_workbook(data_root, "202411", {"收入明细": income_rows_of(*first)})
    place_workbook(data_root, "202410", {"收入明细": income_rows_of(*other_month)})
    for period in ("202410", "202411"):
        assert only(batch(warehouse_url, data_root, tmp_path / "var", period, ["annuity_income"])).status == "ok"

    corrected = [income_row(i, 固费=999) for i in range(3, 12)]  # no (企年投资, 单一计划) row left
    place_workbook(data_root, "202411", {"收入明细": income_rows_of(*corrected)}, version="V2")
    run = only(batch(warehouse_url, data_root, tmp_path / "var", "202411", ["annuity_income"]))
    assert run.status == "ok" and (run.rows_deleted, run.rows_inserted) == (12, 9)
    month = stored(
        warehouse_url, *INCOME, ["业务类型", "固费"], where=f"WHERE {wh.month_key(warehouse_url)} = '2024-11-01'"
    )
    assert month == [("企年受托", 999.0)] * 9
    assert stored(warehouse_url, *INCOME, ["月度"], where=f"WHERE {wh.month_key(warehouse_url)} = '2024-10-01'") == [
        ("2024-10-01",)
    ]


def test_company_ids_examples_9_10_25_and_traps_7_10(
    backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    rows = [
        income_row(1, 计划类型="集合计划", 计划号="XNP596", 客户名称=None, 计划名称="某集合计划"),
        income_row(2, 计划类型="集合计划", 计划号="P0809", 客户名称=None, 计划名称="某集合计划"),
        income_row(3, 计划类型="集合计划", 计划号="P0456", 客户名称=None, 计划名称="某集合计划"),
        income_row(4, 计划类型="单一计划", 客户名称="0", 计划名称="企业年金计划"),
        income_row(5, 客户名称="保留账户管理"),
        income_row(6, 客户名称="宣城城建城市运营管理有限公司"),
        income_row(7, 计划类型="集合计划", 计划号="P0290", 客户名称=None, 计划名称="另一集合计划"),
    ]
    place_workbook(data_root, "202411", {"收入明细": income_rows_of(*rows)})
    assert only(batch(warehouse_url, data_root, tmp_path / "var", "202411", ["annuity_income"])).status == "ok"
    found = dict(stored(warehouse_url, *INCOME, ["计划代码", "company_id"]))
    assert found["XNP596"] == "601038164"  # M8 plan override
    assert found["P0809"] == "608349737"  # M8b blank-name plan default
    assert found["P0456"] is None and found["P0290"] is None  # trap 10: blank names share no id
    assert found["S3004"] is None  # example 9: no derivable name
    assert found["S3005"] is None  # example 25: M9 explicit "no company", no temporary id
    assert found["S3006"] == "1918884945"  # trap 7: the M9 name override applies here too
    names = dict(stored(warehouse_url, *INCOME, ["计划代码", "客户名称"]))
    assert names["XNP596"] is None and names["P0809"] is None and names["S3005"] == "保留账户管理"


def test_example_26_temporary_id_for_an_unresolved_name(warehouse_url: str, data_root: Path, tmp_path: Path) -> None:
    place_workbook(data_root, "202411", {"收入明细": income_rows_of(income_row(1, 客户名称="甲公司"))})
    assert only(batch(warehouse_url, data_root, tmp_path / "var", "202411", ["annuity_income"])).status == "ok"
    assert stored(warehouse_url, *INCOME, ["company_id"]) == [("INLHDM2XDMVY3K3VAO",)]


def test_absent_optional_fees_load_as_zero_with_one_warning_each(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:  # type: ignore[no-untyped-def]
    prepare(backend, warehouse_url)
    header = [h for h in income_rows_of()[0] if h not in ("浮费", "回补", "税")]
    place_workbook(data_root, "202411", {"收入明细": income_rows_of(income_row(1), income_row(2), header=header)})
    result = cli("etl", "--domains", "annuity_income", "--period", "202411", "--execute", "--json")
    assert result.code == 0, result.stdout + result.stderr
    warnings = result.json["domains"][0]["warnings"]
    for fee in ("浮费", "回补", "税"):
        assert warnings.count(f"收入明细: column {fee} absent; loaded as 0") == 1
    assert stored(warehouse_url, *INCOME, ["固费", "浮费", "回补", "税"]) == [
        (101.0, 0.0, 0.0, 0.0),
        (102.0, 0.0, 0.0, 0.0),
    ]


@pytest.mark.slow
def test_shrink_guard_refuses_a_much_smaller_month_unless_allowed(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:  # type: ignore[no-untyped-def]
    prepare(backend, warehouse_url)
    place_workbook(data_root, "202411", {"收入明细": income_rows_of(*(income_row(i) for i in range(10)))})
    args = ("etl", "--domains", "annuity_income", "--period", "202411", "--execute", "--json")
    assert cli(*args).code == 0
    place_workbook(data_root, "202411", {"收入明细": income_rows_of(*(income_row(i) for i in range(4)))}, version="V2")
    refused = cli(*args)
    assert refused.code == 1
    error = refused.json["domains"][0]["error"]
    assert "4 valid rows" in error and "10 rows stored" in error and "--allow-shrink" in error
    assert count(warehouse_url, *INCOME) == 10
    allowed = cli(*args, "--allow-shrink")
    assert allowed.code == 0, allowed.stdout
    assert count(warehouse_url, *INCOME) == 4


@pytest.mark.new_warehouse
def test_traps_12_and_14_dry_run_writes_only_the_report_files(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:  # type: ignore[no-untyped-def]
    prepare(backend, warehouse_url)
    rows = [income_row(i) for i in range(200)]
    rows[7] = income_row(7, 固费="约300")
    place_workbook(data_root, "202411", {"收入明细": income_rows_of(*rows)})
    result = cli("etl", "--domains", "annuity_income", "--period", "202411", "--json")
    assert result.code == 0, result.stdout + result.stderr
    run = result.json["domains"][0]
    assert run["rows_inserted"] == 199 and run["rows_rejected"] == 1
    run_id = result.json["run_id"]
    assert run["rejected_file"].endswith(f"rejected/{run_id}/202411/annuity_income.csv")
    with (cli.cwd / run["rejected_file"]).open(encoding="utf-8-sig", newline="") as fh:
        rejected = list(csv.DictReader(fh))
    assert [(r["row_number"], r["reason"], r["sheet"]) for r in rejected] == [
        ("9", "固费 not a number: '约300'", "收入明细")
    ]
    # Report files are named from the domain only, never from the source path.
    folder = (cli.cwd / run["rejected_file"]).parent
    assert {p.name for p in folder.iterdir()} <= {"annuity_income.csv", "annuity_income_unknown_names.csv"}
    if backend == "sqlite":
        assert wh.sqlite_file(warehouse_url) is not None and not wh.sqlite_file(warehouse_url).exists()  # type: ignore[union-attr]
    else:
        assert count(warehouse_url, *INCOME) == 0 and wh.ledger(warehouse_url) == []


def test_max_rejected_counts_income_rejections(cli, backend: str, warehouse_url: str, data_root: Path) -> None:  # type: ignore[no-untyped-def]
    prepare(backend, warehouse_url)
    rows = [income_row(i) for i in range(20)]
    rows[3] = income_row(3, 月度=None)
    place_workbook(data_root, "202411", {"收入明细": income_rows_of(*rows)})
    failed = cli("etl", "--domains", "annuity_income", "--period", "202411", "--execute", "--json")
    assert failed.code == 1 and "over the limit 1%" in failed.json["domains"][0]["error"]
    assert count(warehouse_url, *INCOME) == 0
    passed = cli(
        "etl", "--domains", "annuity_income", "--period", "202411", "--execute", "--json", "--max-rejected", "1"
    )
    assert passed.code == 0 and count(warehouse_url, *INCOME) == 19


def test_older_final_version_naming_is_found(cli, backend: str, warehouse_url: str, data_root: Path) -> None:  # type: ignore[no-untyped-def]
    prepare(backend, warehouse_url)
    name = "【for年金分战区经营分析】24年11月年金终稿数据1209采集.xlsx"
    write_workbook(data_root / "202411" / "收集数据" / "数据采集" / name, {"收入明细": income_rows_of(income_row(1))})
    result = cli("etl", "--domains", "annuity_income", "--period", "202411", "--execute", "--json")
    assert result.code == 0, result.stdout + result.stderr
    assert result.json["domains"][0]["file"].endswith(name)
