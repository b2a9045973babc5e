"""Every flag of ``etl`` changes the outcome (issue 2 §7, §9). These flags behave the same
on both backends, so they run on SQLite; --max-rejected, --lock-timeout and the load
itself are exercised on both backends in test_etl_load.py."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from support import warehouse as wh
from support.samples import income_rows, write_annuity_workbook, write_workbook
from support.workbooks import clean_rows, collect_folder, drop_column, place, workbook_name, write_ap

AP = ("etl", "--domains", "annuity_performance")


@pytest.fixture
def backend() -> str:
    return "sqlite"


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("books")
    nov = clean_rows("202411", n=20, seed=1)
    extra = [[*r, "备注x" if i else "备用"] for i, r in enumerate(clean_rows("202411", n=20, seed=1))]
    return {
        "nov": write_ap(folder / "nov.xlsx", nov),
        "nov_b": write_ap(folder / "nov_b.xlsx", clean_rows("202411", n=24, seed=2)),
        "extra_column": write_ap(folder / "extra.xlsx", extra),
        "income_only": write_workbook(
            folder / "income.xlsx", {"收入明细": income_rows("202411", 15, seed=4, dirty=False)}
        ),
    }


@pytest.mark.slow
@pytest.mark.new_warehouse
def test_execute_writes_and_its_absence_does_not(cli, warehouse_url: str, data_root: Path, books) -> None:  # type: ignore[no-untyped-def]
    place(data_root, "202411", books["nov"])
    dry = cli(*AP, "--period", "202411")
    assert dry.code == 0 and "would insert 20" in dry.stdout
    assert not wh.sqlite_file(warehouse_url).exists()  # type: ignore[union-attr]
    done = cli(*AP, "--period", "202411", "--execute")
    assert done.code == 0 and "inserted 20" in done.stdout and "executed" in done.stdout
    assert wh.ap_counts(warehouse_url) == {"2024-11-01": 20}


def test_data_root_overrides_the_setting(cli, data_root: Path, tmp_path: Path, books) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "elsewhere"
    place(other, "202411", books["nov"])
    without = cli(*AP, "--period", "202411")
    assert without.code == 1 and "folder not found: 202411/收集数据/数据采集" in without.stdout
    given = cli(*AP, "--period", "202411", "--data-root", str(other), "--json")
    assert given.code == 0
    assert given.json["domains"][0]["file"] == f"202411/收集数据/数据采集/V1/{workbook_name('202411')}"


@pytest.mark.new_warehouse
def test_database_url_overrides_the_setting(cli, warehouse_url: str, data_root: Path, tmp_path: Path, books) -> None:  # type: ignore[no-untyped-def]
    place(data_root, "202411", books["nov"])
    other = f"sqlite:///{(tmp_path / 'other' / 'wh.sqlite').as_posix()}"
    result = cli(*AP, "--period", "202411", "--execute", "--database-url", other, "--json")
    assert result.code == 0 and result.json["database"] == other
    assert wh.ap_counts(other) == {"2024-11-01": 20}
    assert not wh.sqlite_file(warehouse_url).exists()  # type: ignore[union-attr]


def test_file_bypasses_discovery(cli, data_root: Path, books) -> None:  # type: ignore[no-untyped-def]
    place(data_root, "202411", books["nov"])
    result = cli(*AP, "--period", "202411", "--file", str(books["nov_b"]), "--json")
    assert result.code == 0
    run = result.json["domains"][0]
    assert run["file"] == books["nov_b"].as_posix() and run["version"] is None
    assert run["rows_inserted"] == 24


def test_file_needs_exactly_one_domain(cli, books) -> None:  # type: ignore[no-untyped-def]
    result = cli("etl", "--all-domains", "--period", "202411", "--file", str(books["nov"]))
    assert result.code == 2
    assert "--file" in result.stderr and "exactly one domain" in result.stderr


def test_file_that_does_not_exist_fails_the_domain(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "nope.xlsx"
    result = cli(*AP, "--period", "202411", "--file", str(missing))
    assert result.code == 1
    assert f"{missing}: file not found" in result.stdout


@pytest.mark.parametrize(
    ("selection", "chosen"), [(None, None), ("newest", "0102"), ("oldest", "0103"), ("first", "0101")]
)
def test_file_selection(cli, data_root: Path, books, selection: str | None, chosen: str | None) -> None:  # type: ignore[no-untyped-def]
    stamps = {"0101": 1_700_000_100, "0102": 1_700_000_200, "0103": 1_700_000_000}
    for tag, stamp in stamps.items():
        path = place(data_root, "202411", books["nov"], name=workbook_name("202411", tag))
        os.utime(path, (stamp, stamp))
    args = ("--file-selection", selection) if selection else ()
    result = cli(*AP, "--period", "202411", *args, "--json")
    run = result.json["domains"][0]
    if chosen is None:
        assert result.code == 1
        assert "3 eligible files" in run["error"] and "--file-selection" in run["error"]
        for tag in stamps:
            assert workbook_name("202411", tag) in run["error"]
    else:
        assert result.code == 0
        assert run["file"].endswith(workbook_name("202411", chosen))


def test_domains_run_in_the_order_given(cli, data_root: Path) -> None:  # type: ignore[no-untyped-def]
    forward = cli("etl", "--domains", "annuity_performance,annuity_income", "--period", "202411", "--json")
    backward = cli("etl", "--domains", "annuity_income,annuity_performance", "--period", "202411", "--json")
    everything = cli("etl", "--all-domains", "--period", "202411", "--json")
    names = [[d["domain"] for d in r.json["domains"]] for r in (forward, backward, everything)]
    assert names[0] == ["annuity_performance", "annuity_income"]
    assert names[1] == ["annuity_income", "annuity_performance"]
    listed = cli("domains", "--json").json
    assert names[2] == [d["domain"] for d in listed]


def test_fail_fast_skips_the_later_domains(cli, data_root: Path, books) -> None:  # type: ignore[no-untyped-def]
    # The workbook has 收入明细 but no 规模明细: annuity_performance fails, annuity_income can run.
    place(data_root, "202411", books["income_only"])
    both = ("etl", "--domains", "annuity_performance,annuity_income", "--period", "202411", "--json")
    carry_on = cli(*both)
    stop = cli(*both, "--fail-fast")
    assert carry_on.code == stop.code == 1
    carried = {d["domain"]: d for d in carry_on.json["domains"]}
    stopped = {d["domain"]: d for d in stop.json["domains"]}
    assert carried["annuity_performance"]["status"] == stopped["annuity_performance"]["status"] == "failed"
    assert carried["annuity_income"]["status"] == "ok", carried["annuity_income"]["error"]
    assert carried["annuity_income"]["rows_read"] == 15
    assert stopped["annuity_income"]["status"] == "skipped"
    assert stopped["annuity_income"]["rows_read"] == 0
    assert "--fail-fast" in stopped["annuity_income"]["error"]


def test_json_prints_one_object_instead_of_text(cli, data_root: Path, books) -> None:  # type: ignore[no-untyped-def]
    place(data_root, "202411", books["nov"])
    text = cli(*AP, "--period", "202411")
    as_json = cli(*AP, "--period", "202411", "--json")
    with pytest.raises(json.JSONDecodeError):
        json.loads(text.stdout)
    assert text.stdout.startswith("run ")
    assert as_json.json["domains"][0]["rows_inserted"] == 20
    assert as_json.stderr == ""
    chatty = cli(*AP, "--period", "202411", "--json", "-vv")
    assert chatty.json["domains"][0]["rows_inserted"] == 20  # logs go to stderr only


def test_verbose_and_quiet(cli, data_root: Path, books) -> None:  # type: ignore[no-untyped-def]
    place(data_root, "202411", books["extra_column"])
    normal = cli(*AP, "--period", "202411")
    verbose = cli(*AP, "--period", "202411", "-v")
    quiet = cli(*AP, "--period", "202411", "-q")
    assert normal.code == verbose.code == quiet.code == 0
    warning = "annuity_performance: warning: dropped columns: 备用"
    assert warning in normal.stdout and warning in verbose.stdout
    assert warning not in quiet.stdout and "warning:" not in quiet.stdout
    assert "annuity_performance: counters: " in verbose.stdout
    assert "counters:" not in normal.stdout
    # The progress display is for a terminal only: piped output carries no progress lines.
    assert "annuity_performance: ok" not in normal.stderr and "annuity_performance: ok" not in quiet.stderr
    assert quiet.stdout.rstrip().splitlines()[-1].startswith("status: ok")


def test_malformed_max_rejected_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli(*AP, "--period", "202411", "--max-rejected", "lots")
    assert result.code == 2
    assert result.stderr.strip() == "error: malformed --max-rejected 'lots': expected N rows or P%"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("etl", "--period", "202411"), "--domains a,b or pass --all-domains"),
        (("etl", "--all-domains", "--domains", "annuity_performance", "--period", "202411"), "one of them"),
        (("etl", "--domains", "nope", "--period", "202411"), "unknown domain 'nope'"),
        (("etl", "--domains", "annuity_performance", "--period", "202411x"), "malformed period '202411x'"),
        (("etl", "--domains", "annuity_performance", "--period", "202400"), "malformed period '202400'"),
        (("etl", "--domains", "annuity_performance"), "--period"),
    ],
)
def test_run_that_cannot_start_exits_2(cli, args: tuple[str, ...], says: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(*args)
    assert result.code == 2
    assert says in result.stderr
    assert "Traceback" not in result.stderr


def test_no_file_found_exits_1(cli, data_root: Path) -> None:  # type: ignore[no-untyped-def]
    folder = collect_folder(data_root, "202411") / "V1"
    folder.mkdir(parents=True)
    (folder / ("~$" + workbook_name("202411"))).write_bytes(b"lock")
    result = cli(*AP, "--period", "202411", "--json")
    assert result.code == 1
    run = result.json["domains"][0]
    assert run["status"] == "failed" and "no eligible file" in run["error"] and "Office lock file" in run["error"]


def test_a_workbook_shared_by_two_domains_is_read_once(cli, data_root: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    book = write_annuity_workbook(tmp_path / "both.xlsx", "202411", perf_rows=10, income_rows=8, seed=9, dirty=False)
    path = place(data_root, "202411", book.path)
    result = cli("etl", "--domains", "annuity_performance,annuity_income", "--period", "202411", "--json")
    assert result.code == 0, result.stdout
    rel = path.relative_to(data_root).as_posix()
    assert [(d["file"], d["rows_read"]) for d in result.json["domains"]] == [(rel, 10), (rel, 8)]
    (workbook,) = result.json["workbooks"]
    assert (workbook["file"], workbook["reads"]) == (rel, 1)


def test_plain_lines_are_never_wrapped_or_truncated(cli, data_root: Path) -> None:  # type: ignore[no-untyped-def]
    rows = drop_column(clean_rows("202411", n=3), "期末资产规模")
    path = place(data_root, "202411", rows)
    result = cli(*AP, "--period", "202411", extra_env={"COLUMNS": "40"})
    assert result.code == 1
    rel = path.relative_to(data_root).as_posix()
    (status,) = [x for x in result.stdout.splitlines() if x.startswith("annuity_performance: failed")]
    assert f"file {rel} · version V1" in status
    (error,) = [x for x in result.stdout.splitlines() if "error:" in x]
    assert error.startswith(
        f"annuity_performance: error: {path}: sheet 规模明细: missing required column(s) 期末资产规模"
    )
    assert error.endswith("集团企业客户号, 集团企业客户名称)")


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_missing_data_root_is_one_usage_error_saying_how_to_set_it(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "no_such_root"
    cli.env["WDH_DATA_ROOT"] = str(missing)
    for args in (["etl", "--all-domains", "--period", "202411"], ["discover", "--period", "202411"]):
        result = cli(*args)
        assert result.code == 2, result.stdout + result.stderr
        assert result.stderr.count("\n") == 1 and str(missing) in result.stderr
        assert "WDH_DATA_ROOT" in result.stderr and "--data-root" in result.stderr
        assert result.stdout == ""
    as_json = cli("etl", "--all-domains", "--period", "202411", "--json")
    assert as_json.json["exit_code"] == 2 and str(missing) in as_json.json["error"]
