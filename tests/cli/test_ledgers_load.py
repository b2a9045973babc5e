"""The two ledger domains loaded through the CLI and the batch runner, on SQLite and
PostgreSQL (issue 5, spec annual_award §1–§2, §8 and annual_loss §7): both sheets, one
read for both domains, a missing sheet, the cumulative group replacement, rows outside
the window, stale groups, empty months, the registry order."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from support import warehouse as wh
from support.domain_rows import (
    AWARD_SHEETS,
    LEDGER_NAME,
    LOSS_SHEETS,
    batch,
    ledger_row,
    ledger_sheets,
    place_ledger,
    stored,
)
from support.etl import upgrade

AWARD = ("customer", "中标客户明细")
LOSS = ("customer", "流失客户明细")
CONTENT = ["上报月份", "业务类型", "上报客户名称", "年金计划号", "计划规模", "机构代码"]
BOTH = ("etl", "--domains", "annual_award,annual_loss", "--period", "202411", "--json")


def groups(url: str, table: tuple[str, str]) -> dict[tuple[str, str], int]:
    return dict(Counter((m[:7], t) for m, t in stored(url, *table, ["上报月份", "业务类型"])))


def months(spec: list[tuple[str, int]], start: int = 0, **cells: Any) -> list[dict[str, Any]]:
    """Rows for each (上报月份, count), numbered from ``start``."""
    out: list[dict[str, Any]] = []
    for month, n in spec:
        out += [ledger_row(month, start + len(out), **cells) for _ in range(n)]
    return out


def prepare(backend: str, url: str) -> None:
    if backend == "postgres":
        upgrade(url)


def test_both_sheets_concatenated_and_one_read_for_both_domains(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:  # type: ignore[no-untyped-def]
    prepare(backend, warehouse_url)
    award = (months([("2024-10", 2)]), months([("2024-11", 3)], 10, 业务类型="投管"))
    loss = (months([("2024-03", 1)], 20, 业务类型=None), months([("2024-11", 2)], 30))
    path = place_ledger(data_root, "202411", ledger_sheets(award, loss))
    result = cli(*BOTH, "--execute")
    assert result.code == 0, result.stdout + result.stderr
    runs = {d["domain"]: d for d in result.json["domains"]}
    assert runs["annual_award"]["sheets"] == list(AWARD_SHEETS)
    assert runs["annual_loss"]["sheets"] == list(LOSS_SHEETS)
    assert [runs[d]["rows_read"] for d in ("annual_award", "annual_loss")] == [5, 3]
    assert [runs[d]["rows_inserted"] for d in ("annual_award", "annual_loss")] == [5, 3]
    rel = path.relative_to(data_root).as_posix()
    assert [(w["file"], w["reads"]) for w in result.json["workbooks"]] == [(rel, 1)]
    assert groups(warehouse_url, AWARD) == {("2024-10", "企年受托"): 2, ("2024-11", "企年投资"): 3}
    # Each row keeps its sheet's type (trap 7): no row is read twice.
    assert groups(warehouse_url, LOSS) == {("2024-03", "企年受托"): 1, ("2024-11", "企年投资"): 2}
    codes = stored(warehouse_url, *AWARD, ["业务类型", "产品线代码"])
    assert set(codes) == {("企年受托", "PL202"), ("企年投资", "PL201")}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("missing", "failing", "running"),
    [(AWARD_SHEETS[1], "annual_award", "annual_loss"), (LOSS_SHEETS[0], "annual_loss", "annual_award")],
    ids=["award-23", "loss-16"],
)
def test_missing_sheet_fails_its_domain_only_and_leaves_its_table(  # type: ignore[no-untyped-def]
    cli, backend: str, warehouse_url: str, data_root: Path, missing: str, failing: str, running: str
) -> None:
    prepare(backend, warehouse_url)
    complete = ledger_sheets((months([("2024-10", 2)]), months([("2024-10", 1)], 5)),
                             (months([("2024-10", 2)], 10), months([("2024-10", 1)], 15)))  # fmt: skip
    place_ledger(data_root, "202411", complete)
    assert cli(*BOTH, "--execute").code == 0
    table = AWARD if failing == "annual_award" else LOSS
    before = stored(warehouse_url, *table, CONTENT)

    changed = ledger_sheets((months([("2024-11", 4)], 40), months([("2024-11", 4)], 50)),
                            (months([("2024-11", 4)], 60), months([("2024-11", 4)], 70)))  # fmt: skip
    del changed[missing]
    path = place_ledger(data_root, "202411", changed, version="V2")
    result = cli(*BOTH, "--execute")
    assert result.code == 1
    runs = {d["domain"]: d for d in result.json["domains"]}
    assert runs[failing]["status"] == "failed" and runs[running]["status"] == "ok"
    error = runs[failing]["error"]
    present = [s for s in (*AWARD_SHEETS, *LOSS_SHEETS) if s != missing]
    assert path.name in error and f"sheet {missing} not found" in error
    assert ", ".join([*present, "提费扩面"]) in error
    assert stored(warehouse_url, *table, CONTENT) == before
    assert runs[running]["rows_inserted"] == 8


def test_award_24_cumulative_replacement_exactly(
    backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    place_ledger(data_root, "202312", ledger_sheets((months([("2023-12", 5)]), ())))
    place_ledger(
        data_root,
        "202410",
        ledger_sheets(
            (months([("2024-09", 7), ("2024-10", 10)], 10, 业务类型="企年受托"), months([("2024-10", 4)], 30))
        ),
    )
    for period in ("202312", "202410"):
        assert batch(warehouse_url, data_root, var, period, ["annual_award"]).domains[0].status == "ok"
    assert groups(warehouse_url, AWARD) == {
        ("2023-12", "企年受托"): 5, ("2024-09", "企年受托"): 7, ("2024-10", "企年受托"): 10, ("2024-10", "企年投资"): 4,
    }  # fmt: skip

    # Trap 6: the short form 受托 is normalised before the scope, so it replaces 企年受托 groups.
    trustee = months([("2024-10", 11), ("2024-11", 3)], 100, 业务类型="受托")
    workbook = ledger_sheets((trustee, months([("2024-10", 4)], 200, 业务类型="企年投资")))
    place_ledger(data_root, "202411", workbook)
    run = batch(warehouse_url, data_root, var, "202411", ["annual_award"]).domains[0]
    assert run.status == "ok", run.error
    assert (run.rows_deleted, run.rows_inserted) == (14, 18)
    assert groups(warehouse_url, AWARD) == {
        ("2023-12", "企年受托"): 5,  # another year: untouched
        ("2024-09", "企年受托"): 7,  # untouched, listed as stale
        ("2024-10", "企年受托"): 11,
        ("2024-10", "企年投资"): 4,
        ("2024-11", "企年受托"): 3,
    }
    assert "stored but not in this workbook (kept): 2024-09 企年受托 (7 rows)" in run.warnings
    assert run.counters["groups_replaced"] == 3
    loaded = stored(warehouse_url, *AWARD, ["上报客户名称"], where="WHERE \"年金计划号\" >= 'S5100'")
    assert len(loaded) == 18

    # Example 25: the same workbook again gives the same content.
    content = stored(warehouse_url, *AWARD, CONTENT)
    again = batch(warehouse_url, data_root, var, "202411", ["annual_award"]).domains[0]
    assert (again.rows_deleted, again.rows_inserted) == (18, 18)
    assert stored(warehouse_url, *AWARD, CONTENT) == content


def test_loss_17_loading_202411_then_202412_leaves_every_group_as_in_202412(
    backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    var = tmp_path / "var"
    spec = [(f"2024-{m:02d}", 2) for m in range(1, 12)]
    trustee, invest = months(spec), months(spec, 100)
    place_ledger(data_root, "202411", ledger_sheets(loss=(trustee, invest)))
    assert batch(warehouse_url, data_root, var, "202411", ["annual_loss"]).domains[0].status == "ok"

    corrected = [dict(r) for r in trustee]
    october = [i for i, r in enumerate(corrected) if r["上报月份"] == "2024-10"]
    for i in october:
        corrected[i] |= {"计划规模": 99.5, "客户全称": f"更正{i}有限公司"}
    december = (months([("2024-12", 3)], 300), months([("2024-12", 1)], 400))
    place_ledger(data_root, "202412", ledger_sheets(loss=(corrected + december[0], invest + december[1])))
    run = batch(warehouse_url, data_root, var, "202412", ["annual_loss"]).domains[0]
    assert run.status == "ok", run.error
    assert (run.rows_deleted, run.rows_inserted) == (44, 48)

    expected = sorted(
        (f"{r['上报月份']}-01", bt, r["客户全称"], r["年金计划号"], float(r["计划规模"]), "G01")
        for rows, bt in ((corrected + december[0], "企年受托"), (invest + december[1], "企年投资"))
        for r in rows
    )
    assert stored(warehouse_url, *LOSS, CONTENT) == expected
    october_trustee = stored(warehouse_url, *LOSS, ["上报客户名称", "计划规模"],
                             where="WHERE \"业务类型\" = '企年受托' AND CAST(\"计划规模\" AS REAL) = 99.5")  # fmt: skip
    assert sorted(october_trustee) == sorted((f"更正{i}有限公司", 99.5) for i in october)


def test_window_after_period_rejected_earlier_year_skipped(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:  # type: ignore[no-untyped-def]
    prepare(backend, warehouse_url)
    trustee = [*months([("2024-11", 3)]), ledger_row("2023-12", 10), ledger_row("2022年5月", 11)]
    place_ledger(data_root, "202411", ledger_sheets((trustee, [])))
    # Earlier-year rows are not rejections: a zero rejection limit still passes.
    ok = cli("etl", "--domains", "annual_award", "--period", "202411", "--execute", "--json", "--max-rejected", "0")
    assert ok.code == 0, ok.stdout + ok.stderr
    run = ok.json["domains"][0]
    assert (run["rows_read"], run["rows_rejected"], run["rows_inserted"]) == (5, 0, 3)
    assert run["counters"]["rows_skipped"] == 2 and run["counters"]["rows_outside_year"] == 2
    assert run["rejected_file"] is None
    assert groups(warehouse_url, AWARD) == {("2024-11", "企年受托"): 3}

    place_ledger(data_root, "202411", ledger_sheets(([*trustee, ledger_row("2024-12", 20)], [])), version="V2")
    refused = cli(
        "etl", "--domains", "annual_award", "--period", "202411", "--execute", "--json", "--max-rejected", "0"
    )
    assert refused.code == 1
    run = refused.json["domains"][0]
    assert run["rows_rejected"] == 1 and "over the limit 0 rows" in run["error"]
    assert run["counters"]["rejected_by_reason"] == {"上报月份 2024-12 after period 2024-11": 1}
    assert groups(warehouse_url, AWARD) == {("2024-11", "企年受托"): 3}


def test_zero_valid_rows_is_ok_warns_and_deletes_nothing(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:  # type: ignore[no-untyped-def]
    prepare(backend, warehouse_url)
    place_ledger(data_root, "202411", ledger_sheets((months([("2024-10", 2)]), [])))
    assert cli("etl", "--domains", "annual_award", "--period", "202411", "--execute").code == 0
    before = stored(warehouse_url, *AWARD, CONTENT)
    place_ledger(data_root, "202411", ledger_sheets(([ledger_row("2023-12", 9)], [])), version="V2")
    result = cli("etl", "--domains", "annual_award", "--period", "202411", "--execute", "--json")
    assert result.code == 0, result.stdout + result.stderr
    run = result.json["domains"][0]
    assert run["status"] == "ok" and (run["rows_deleted"], run["rows_inserted"]) == (0, 0)
    assert "no rows: nothing to load, nothing deleted" in run["warnings"]
    assert stored(warehouse_url, *AWARD, CONTENT) == before


def test_dry_run_reports_the_groups_and_writes_nothing(cli, backend: str, warehouse_url: str, data_root: Path) -> None:  # type: ignore[no-untyped-def]
    prepare(backend, warehouse_url)
    place_ledger(data_root, "202411", ledger_sheets((months([("2024-10", 2)]), [])))
    assert cli("etl", "--domains", "annual_award", "--period", "202411", "--execute").code == 0
    before = stored(warehouse_url, *AWARD, CONTENT)
    runs_before = len(wh.ledger(warehouse_url))
    place_ledger(data_root, "202411", ledger_sheets((months([("2024-10", 5), ("2024-11", 1)], 50), [])), version="V2")
    result = cli("etl", "--domains", "annual_award", "--period", "202411", "--json")
    assert result.code == 0, result.stdout + result.stderr
    run = result.json["domains"][0]
    assert (run["rows_deleted"], run["rows_inserted"]) == (2, 6)
    assert stored(warehouse_url, *AWARD, CONTENT) == before and len(wh.ledger(warehouse_url)) == runs_before


def test_award_26_a_version_folder_with_only_a_lock_file_and_a_reply_does_not_win(
    cli, backend: str, warehouse_url: str, data_root: Path
) -> None:  # type: ignore[no-untyped-def]
    prepare(backend, warehouse_url)
    v1 = place_ledger(data_root, "202411", ledger_sheets((months([("2024-11", 2)]), [])), version="V1")
    v2 = v1.parent.parent / "V2"
    v2.mkdir()
    (v2 / f"~${LEDGER_NAME}").write_bytes(b"lock")
    place_ledger(data_root, "202411", ledger_sheets((months([("2024-11", 9)]), [])), version="V2",
                 name=LEDGER_NAME.removesuffix(".xlsx") + "-回复.xlsx")  # fmt: skip
    result = cli("etl", "--domains", "annual_award", "--period", "202411", "--execute", "--json")
    assert result.code == 0, result.stdout + result.stderr
    run = result.json["domains"][0]
    assert run["version"] == "V1" and run["file"] == v1.relative_to(data_root).as_posix()
    assert run["rows_inserted"] == 2


@pytest.mark.slow
def test_all_domains_run_in_registry_order(cli, backend: str, warehouse_url: str, data_root: Path) -> None:  # type: ignore[no-untyped-def]
    from support.samples import month
    from work_data_hub.core.domains.registry import domain_names

    prepare(backend, warehouse_url)
    layout = month(data_root, "202411", seed=7, dirty=False, traps=False)
    listed = cli("domains", "--json")
    assert [d["domain"] for d in listed.json] == domain_names()
    result = cli("etl", "--all-domains", "--period", "202411", "--execute", "--json")
    assert result.code == 0, result.stdout + result.stderr
    assert [d["domain"] for d in result.json["domains"]] == domain_names()
    assert all(d["status"] == "ok" for d in result.json["domains"])
    # Each workbook read once, whatever number of domains share it.
    assert sorted(w["file"] for w in result.json["workbooks"]) == sorted(w.chosen for w in layout.workbooks.values())
    assert all(w["reads"] == 1 for w in result.json["workbooks"])
