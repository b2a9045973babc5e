"""The etl command's contract on SQLite and PostgreSQL (issue 2 §7): the --json object,
the dry run that writes nothing, and the database printed with its password masked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import warehouse as wh
from support.etl import load, upgrade
from support.workbooks import clean_rows, place, set_cell, write_ap

AP = ("etl", "--domains", "annuity_performance")
RUN_ID = re.compile(r"^\d{8}T\d{6}-[0-9a-f]{6}$")
TOP_FIELDS = {"run_id", "period", "dry_run", "database", "status", "workbooks", "domains"}
TOP_FIELDS |= {"code_version", "report_file", "unknown_companies_file"}  # issue 20
WORKBOOK_FIELDS = {"file", "reads", "seconds"}
DOMAIN_FIELDS = {
    "domain",
    "status",
    "file",
    "version",
    "sha256",
    "rows_read",
    "rows_blank",
    "rows_rejected",
    "rows_deleted",
    "rows_inserted",
    "seconds",
    "error",
    "rejected_file",
    "file_size",  # issue 20: the run record
    "file_mtime",
    "unchanged_since",
}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("books")
    nov_b = set_cell(clean_rows("202411", n=24, seed=2), 5, "月度", "2024年13月")
    return {
        "nov": write_ap(folder / "nov.xlsx", clean_rows("202411", n=20, seed=1)),
        "nov_b": write_ap(folder / "nov_b.xlsx", nov_b),
    }


def files_under(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file below ``folder`` with its size and modification time."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def test_json_object_has_the_documented_fields(
    cli, backend: str, warehouse_url: str, data_root: Path, books: dict[str, Path]
) -> None:
    if backend == "postgres":
        upgrade(warehouse_url)
    path = place(data_root, "202411", books["nov_b"])
    result = cli(*AP, "--period", "202411", "--execute", "--max-rejected", "5%", "--json")
    assert result.code == 0, result.stderr
    out = result.json
    assert set(out) >= TOP_FIELDS
    assert RUN_ID.match(out["run_id"])
    assert (out["period"], out["dry_run"], out["status"]) == ("202411", False, "ok")
    assert out["database"] == warehouse_url
    rel = path.relative_to(data_root).as_posix()

    (book,) = out["workbooks"]
    assert set(book) >= WORKBOOK_FIELDS
    assert (book["file"], book["reads"]) == (rel, 1)
    assert isinstance(book["seconds"], float | int)

    (run,) = out["domains"]
    assert set(run) >= DOMAIN_FIELDS
    assert (run["domain"], run["status"], run["file"], run["version"]) == ("annuity_performance", "ok", rel, "V1")
    assert re.fullmatch(r"[0-9a-f]{64}", run["sha256"])
    counts = [run[k] for k in ("rows_read", "rows_blank", "rows_rejected", "rows_deleted", "rows_inserted")]
    assert counts == [24, 0, 1, 0, 23]
    assert run["error"] is None
    assert run["rejected_file"].endswith(f"rejected/{out['run_id']}/202411/annuity_performance.csv")
    assert isinstance(run["seconds"], float | int)


@pytest.mark.new_warehouse
def test_dry_run_never_creates_the_warehouse(
    cli, backend: str, warehouse_url: str, data_root: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    place(data_root, "202411", books["nov_b"])
    result = cli(*AP, "--period", "202411", "--max-rejected", "5%", "--json")
    assert result.code == 0, result.stderr
    run = result.json["domains"][0]
    assert result.json["dry_run"] is True
    assert (run["rows_deleted"], run["rows_inserted"], run["rows_rejected"]) == (0, 23, 1)
    # Only report files (rejected rows, the unknown names of enrichment.md §12, and the
    # run's report with its unknown-companies list, issue 20).
    written = set(files_under(tmp_path / "var"))
    report_dir = f"rejected/{result.json['run_id']}/202411/"
    assert f"{report_dir}annuity_performance.csv" in written
    assert f"reports/{result.json['run_id']}.html" in written
    run_reports = f"reports/{result.json['run_id']}"
    assert all(name.startswith((report_dir, run_reports)) for name in written), written
    if backend == "postgres":
        schemas = wh.rows(
            warehouse_url,
            "SELECT schema_name FROM information_schema.schemata WHERE schema_name IN "
            "('business', 'customer', 'mapping', 'enterprise', 'wdh')",
        )
        assert schemas == []
        assert wh.rows(warehouse_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == []


def test_dry_run_against_a_loaded_warehouse_changes_nothing_and_reports_would_be_counts(
    cli, backend: str, warehouse_url: str, data_root: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    load(warehouse_url, data_root, tmp_path / "preload", "202411", books["nov"])
    before, ledger = wh.fingerprint(warehouse_url), wh.ledger(warehouse_url)
    var_before = files_under(tmp_path / "var")

    place(data_root, "202411", books["nov_b"])
    result = cli(*AP, "--period", "202411", "--max-rejected", "5%")
    assert result.code == 0, result.stderr
    assert "dry run (nothing written)" in result.stdout
    assert "would delete 20 · would insert 23" in result.stdout
    assert wh.fingerprint(warehouse_url) == before
    assert wh.ledger(warehouse_url) == ledger
    written = set(files_under(tmp_path / "var")) - set(var_before)
    assert written and all(name.startswith(("rejected/", "reports/")) for name in written)
    assert {k: v for k, v in files_under(tmp_path / "var").items() if k in var_before} == var_before


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)])
def test_password_is_masked_everywhere(
    cli, backend: str, warehouse_url: str, data_root: Path, books: dict[str, Path]
) -> None:
    database = warehouse_url.rsplit("/", 1)[1]
    secret_url = f"postgresql://postgres:s3cret@127.0.0.1:5432/{database}"
    masked = f"postgresql://postgres:***@127.0.0.1:5432/{database}"
    place(data_root, "202411", books["nov"])
    outputs = [
        cli(*AP, "--period", "202411", "--execute", "--database-url", secret_url),  # pending migrations
        cli("db", "upgrade", "--database-url", secret_url),
        cli(*AP, "--period", "202411", "--database-url", secret_url),
        cli(*AP, "--period", "202411", "--execute", "--database-url", secret_url, "-v"),
        cli(*AP, "--period", "202411", "--execute", "--database-url", secret_url, "--json"),
        cli("runs", "--database-url", secret_url, "--json"),
        cli("runs", "--database-url", secret_url),
        cli("db", "current", "--database-url", secret_url),
        cli(*AP, "--period", "202411", "--execute", "--database-url", "postgresql://postgres:s3cret@127.0.0.1:1/x"),
    ]
    assert [r.code for r in outputs] == [2, 0, 0, 0, 0, 0, 0, 0, 2]
    for r in outputs:
        assert "s3cret" not in r.stdout + r.stderr
    assert masked in outputs[0].stderr
    assert masked in outputs[1].stdout
    assert f"database {masked}" in outputs[2].stdout
    assert outputs[4].json["database"] == masked
    assert "postgresql://postgres:***@127.0.0.1:1/x" in outputs[8].stderr
