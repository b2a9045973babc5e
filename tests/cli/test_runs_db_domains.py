"""``runs``, ``db upgrade`` and ``domains`` (issue 2 §6–§7), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from support import warehouse as wh
from support.etl import load
from support.workbooks import clean_rows, write_ap

LEDGER_FIELDS = {
    "run_id",
    "period",
    "domain",
    "file",
    "version",
    "sha256",
    "rows_read",
    "rows_blank",
    "rows_rejected",
    "rows_deleted",
    "rows_inserted",
    "status",
    "error",
    "started_at",
    "seconds",
}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("books")
    return {
        "oct": write_ap(folder / "oct.xlsx", clean_rows("202410", n=6, seed=3)),
        "nov": write_ap(folder / "nov.xlsx", clean_rows("202411", n=8, seed=1)),
    }


def test_runs_lists_runs_newest_first(
    cli, warehouse_url: str, data_root: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    first = load(warehouse_url, data_root, tmp_path / "var", "202410", books["oct"])
    second = load(warehouse_url, data_root, tmp_path / "var", "202411", books["nov"])

    everything = cli("runs", "--json")
    assert everything.code == 0, everything.stderr
    found = everything.json
    assert [(r["run_id"], r["periods"], r["status"]) for r in found] == [
        (second.run_id, ["202411"], "ok"),
        (first.run_id, ["202410"], "ok"),
    ]
    domain = found[0]["domains"][0]
    assert set(domain) >= LEDGER_FIELDS
    assert (domain["status"], domain["rows_inserted"], domain["domain"]) == ("ok", 8, "annuity_performance")
    assert found[0]["rows_inserted"] == 8  # the domains' rows; the post-load step is listed apart
    assert [(t["domain"], t["status"]) for t in found[0]["steps"]] == [("customer_mdm", "ok")]

    limited = cli("runs", "--limit", "1", "--json")
    assert [r["run_id"] for r in limited.json] == [second.run_id]

    text = cli("runs")
    lines = text.stdout.splitlines()
    assert len(lines) == 2  # one line per run
    assert lines[0].startswith(f"{second.run_id} ok · period 202411 · 1 domain runs · read 8")
    verbose = cli("runs", "-v").stdout.splitlines()  # then one per domain run
    assert len(verbose) == 6  # each run, its domain run, its post-load step
    assert verbose[1].startswith("  annuity_performance 202411 ok · read 8 · rejected 0 · deleted 0 · inserted 8")
    assert verbose[2].startswith("  customer_mdm 202411 ok · post-load step · ")
    assert cli("runs", "--limit", "0").code == 2


@pytest.mark.new_warehouse
def test_runs_on_a_warehouse_not_created_yet(cli, backend: str, warehouse_url: str) -> None:
    result = cli("runs")
    assert result.code == 0
    assert result.stdout.strip() == "no runs recorded yet"
    assert cli("runs", "--json").json == []
    if backend == "sqlite":
        assert not wh.sqlite_file(warehouse_url).exists()  # type: ignore[union-attr]


@pytest.mark.new_warehouse
def test_db_upgrade_on_an_empty_database(cli, backend: str, warehouse_url: str) -> None:
    first = cli("db", "upgrade")
    assert first.code == 0, first.stderr
    assert first.stdout.startswith(f"database {warehouse_url}: empty → ")
    head = first.stdout.strip().rsplit(" ", 1)[1]
    assert wh.table_exists(warehouse_url, "business", "规模明细")
    assert wh.table_exists(warehouse_url, "wdh", "etl_run")
    again = cli("db", "upgrade")
    assert again.code == 0 and again.stdout.strip().endswith(f": {head} → {head}")
    current = cli("db", "current")
    assert current.code == 0 and current.stdout.strip().endswith(f"applied {head} · latest {head}")


@pytest.mark.new_warehouse
def test_db_check_finds_drift_from_the_declarations(cli, backend: str, warehouse_url: str) -> None:  # type: ignore[no-untyped-def]
    assert cli("db", "check").code == 2  # nothing to compare before the first upgrade
    assert cli("db", "upgrade").code == 0
    clean = cli("db", "check")
    assert clean.code == 0, clean.stdout + clean.stderr
    assert "matches the declarations" in clean.stdout
    wh.execute(warehouse_url, f'ALTER TABLE {wh.ap_table(warehouse_url)} ADD COLUMN "多余" INTEGER')
    drift = cli("db", "check")
    assert drift.code == 1
    assert "1 difference(s)" in drift.stdout and "规模明细.多余" in drift.stdout


@pytest.mark.parametrize("backend", ["sqlite"])
def test_db_revision_writes_nothing_when_the_migrations_agree(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("db", "revision", "-m", "nothing")
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == "no changes: the migrations already build every declared table"


@pytest.mark.parametrize("backend", ["sqlite"])
def test_db_upgrade_creates_the_sqlite_folder(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{(tmp_path / 'new' / 'deeper' / 'wh.sqlite').as_posix()}"
    result = cli("db", "upgrade", "--database-url", url)
    assert result.code == 0, result.stderr
    assert wh.table_exists(url, "business", "规模明细")


@pytest.mark.parametrize("backend", ["sqlite"])
def test_db_commands_on_an_unreachable_database(cli) -> None:  # type: ignore[no-untyped-def]
    for args in (("db", "upgrade"), ("db", "current"), ("runs",)):
        result = cli(*args, "--database-url", "postgresql://postgres@127.0.0.1:1/x")
        assert result.code == 2
        assert result.stderr.startswith("error: database unreachable: postgresql://postgres@127.0.0.1:1/x")
        assert "Traceback" not in result.stderr


@pytest.mark.parametrize("backend", ["sqlite"])
def test_domains_json(cli, backend: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("domains", "--json")
    assert result.code == 0
    domains = {d["domain"]: d for d in result.json}
    ap = domains["annuity_performance"]
    assert ap["table"] == "business.规模明细"
    assert ap["sheets"] == ["规模明细"]
    assert ap["refresh"] == "period"
    assert ap["monitored_measure"] == "期末资产规模"
    text = cli("domains")
    assert "annuity_performance: " in text.stdout and "table business.规模明细" in text.stdout


@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_folder_that_cannot_be_created_is_unreachable(cli, backend: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the warehouse folder should be", encoding="utf-8")
    url = f"sqlite:///{(blocker / 'wh.sqlite').as_posix()}"
    for args in (("db", "upgrade"), ("etl", "--domains", "annuity_performance", "--period", "202411", "--execute")):
        result = cli(*args, "--database-url", url)
        assert result.code == 2, result.stderr
        assert result.stderr.strip() == f"error: database unreachable: {url} (cannot create {blocker}: File exists)"
