"""Loading through ``etl --execute`` on SQLite and PostgreSQL (issue 2 §6): rows and
ledger, refresh scope, the period check, migrations, the ledger in the same transaction,
the rejected-rows file and --max-rejected."""

from __future__ import annotations

import csv
import hashlib
import re
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from support import warehouse as wh
from support.etl import upgrade
from support.samples import MIN_DIRTY_ROWS_AP, write_annuity_workbook
from support.workbooks import clean_rows, place, set_cell, workbook_name, write_ap
from work_data_hub.core.load import database
from work_data_hub.core.load.lock import warehouse_lock

AP = ("etl", "--domains", "annuity_performance")


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("books")
    return {
        "nov": write_ap(folder / "nov.xlsx", clean_rows("202411", n=20, seed=1)),
        "nov_b": write_ap(folder / "nov_b.xlsx", clean_rows("202411", n=24, seed=2)),
        "oct": write_ap(folder / "oct.xlsx", clean_rows("202410", n=12, seed=3)),
        "nov_other_month": write_ap(
            folder / "nov_other.xlsx",
            set_cell(set_cell(clean_rows("202411", n=24, seed=2), 7, "月度", 202410), 9, "月度", "2024年10月"),
        ),
    }


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A dirty 规模明细 (header variants, blank and repeated rows, 5 rejected rows)."""
    path = tmp_path_factory.mktemp("dirty") / "dirty.xlsx"
    return write_annuity_workbook(path, "202411", perf_rows=MIN_DIRTY_ROWS_AP, income_rows=None, seed=7, dirty=True)


def ready(url: str, backend: str) -> None:
    """PostgreSQL needs `db upgrade` before `etl --execute`; SQLite migrates itself."""
    if backend == "postgres":
        upgrade(url)


def test_execute_loads_the_rows_and_one_ledger_row(
    cli, backend: str, warehouse_url: str, data_root: Path, books: dict[str, Path]
) -> None:
    ready(warehouse_url, backend)
    path = place(data_root, "202411", books["nov"])
    result = cli(*AP, "--period", "202411", "--execute", "--json")
    assert result.code == 0, result.stderr
    run = result.json["domains"][0]
    assert (run["status"], run["rows_read"], run["rows_inserted"], run["rows_deleted"]) == ("ok", 20, 20, 0)

    assert wh.ap_counts(warehouse_url) == {"2024-11-01": 20}
    codes = sorted(r[0] for r in wh.rows(warehouse_url, f'SELECT "计划代码" FROM {wh.ap_table(warehouse_url)}'))
    assert codes == sorted(r[3] for r in clean_rows("202411", n=20, seed=1)[1:])

    (ledger,) = wh.ledger(warehouse_url)
    assert ledger["run_id"] == result.json["run_id"]
    assert (ledger["period"], ledger["domain"], ledger["status"], ledger["error"]) == (
        "202411",
        "annuity_performance",
        "ok",
        None,
    )
    assert ledger["file"] == path.relative_to(data_root).as_posix()
    assert ledger["version"] == "V1"
    assert ledger["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest() == run["sha256"]
    counts = [ledger[k] for k in ("rows_read", "rows_blank", "rows_rejected", "rows_deleted", "rows_inserted")]
    assert counts == [20, 0, 0, 0, 20]
    assert ledger["started_at"] is not None and ledger["seconds"] >= 0


def test_values_are_stored_in_the_backend_types(
    cli, backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    ready(warehouse_url, backend)
    rows = set_cell(clean_rows("202411", n=3), 2, "期末资产规模", 123456789012.3456)
    rows = set_cell(rows, 2, "计划代码", "S0042")
    rows = set_cell(rows, 2, "子企业号", 12345)  # a number cell in a text column
    rows = set_cell(rows, 2, "集团企业客户号", "00123")  # a code with leading zeros
    place(data_root, "202411", rows)
    assert cli(*AP, "--period", "202411", "--execute").code == 0
    table = wh.ap_table(warehouse_url)
    texts = wh.rows(warehouse_url, f'SELECT "子企业号", "集团企业客户号" FROM {table} WHERE "计划代码" = \'S0042\'')
    assert texts == [("12345", "00123")]
    if backend == "postgres":
        value, month = wh.rows(
            warehouse_url, f'SELECT "期末资产规模", "月度" FROM {table} WHERE "计划代码" = \'S0042\''
        )[0]
        assert value == Decimal("123456789012.3456")
        assert str(month) == "2024-11-01"
    else:
        kind, month = wh.rows(
            warehouse_url, f'SELECT typeof("月度"), "月度" FROM {table} WHERE "计划代码" = \'S0042\''
        )[0]
        assert (kind, month) == ("text", "2024-11-01")
        value = wh.scalar(warehouse_url, f'SELECT "期末资产规模" FROM {table} WHERE "计划代码" = \'S0042\'')
        assert round(float(value), 4) == 123456789012.3456
    stamps = wh.rows(warehouse_url, f"SELECT created_at, updated_at FROM {table}")
    assert all(c is not None and u is not None for c, u in stamps)


@pytest.mark.slow
def test_refresh_scope_is_the_period_and_a_rerun_is_idempotent(
    cli, backend: str, warehouse_url: str, data_root: Path, books: dict[str, Path]
) -> None:
    ready(warehouse_url, backend)
    place(data_root, "202410", books["oct"])
    place(data_root, "202411", books["nov"])
    assert cli(*AP, "--period", "202410", "--execute").code == 0
    assert cli(*AP, "--period", "202411", "--execute").code == 0
    october = wh.ap_content(warehouse_url, "2024-10-01")
    assert wh.ap_counts(warehouse_url) == {"2024-10-01": 12, "2024-11-01": 20}

    # A corrected workbook replaces the whole period and nothing else.
    place(data_root, "202411", books["nov_b"])
    second = cli(*AP, "--period", "202411", "--execute", "--json")
    assert second.code == 0, second.stderr
    run = second.json["domains"][0]
    assert (run["rows_deleted"], run["rows_inserted"]) == (20, 24)
    assert wh.ap_counts(warehouse_url) == {"2024-10-01": 12, "2024-11-01": 24}
    assert wh.ap_content(warehouse_url, "2024-10-01") == october
    november = wh.ap_content(warehouse_url, "2024-11-01")

    third = cli(*AP, "--period", "202411", "--execute", "--json")
    assert third.code == 0
    run = third.json["domains"][0]
    assert (run["rows_deleted"], run["rows_inserted"]) == (24, 24)
    assert wh.ap_content(warehouse_url, "2024-11-01") == november
    assert wh.ap_content(warehouse_url, "2024-10-01") == october
    assert [r["status"] for r in wh.ledger(warehouse_url)] == ["ok"] * 4


def test_rows_of_another_month_fail_the_domain_before_anything_is_deleted(
    cli, backend: str, warehouse_url: str, data_root: Path, tmp_path: Path, books: dict[str, Path]
) -> None:
    ready(warehouse_url, backend)
    place(data_root, "202411", books["nov"])
    assert cli(*AP, "--period", "202411", "--execute").code == 0
    before = wh.fingerprint(warehouse_url)

    place(data_root, "202411", books["nov_other_month"])
    result = cli(*AP, "--period", "202411", "--execute")
    assert result.code == 1
    (line,) = [x for x in result.stdout.splitlines() if "error:" in x]
    assert "月度 2024-10 in row 7 does not match period 2024-11 (and 1 more rows)" in line
    assert f"{workbook_name('202411')}: sheet 规模明细: " in line
    assert wh.fingerprint(warehouse_url) == before
    failed = wh.ledger(warehouse_url)[-1]
    assert failed["status"] == "failed" and "row 7" in failed["error"]
    assert failed["rows_deleted"] == failed["rows_inserted"] == 0


@pytest.mark.new_warehouse
@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_execute_applies_the_migrations_itself(
    cli, backend: str, warehouse_url: str, data_root: Path, books: dict[str, Path]
) -> None:
    path = wh.sqlite_file(warehouse_url)
    assert path is not None and not path.parent.exists()
    place(data_root, "202411", books["nov"])
    assert cli(*AP, "--period", "202411", "--execute").code == 0
    current = cli("db", "current")
    assert current.code == 0 and re.search(r"applied (\S+) · latest \1$", current.stdout.strip())
    assert wh.ap_counts(warehouse_url) == {"2024-11-01": 20}


@pytest.mark.parametrize("backend", [pytest.param("postgres", marks=pytest.mark.postgres)])
def test_postgres_execute_without_db_upgrade_exits_2_naming_it(
    cli, backend: str, warehouse_url: str, data_root: Path, books: dict[str, Path]
) -> None:
    place(data_root, "202411", books["nov"])
    result = cli(*AP, "--period", "202411", "--execute")
    assert result.code == 2
    assert "db upgrade" in result.stderr and "pending migrations" in result.stderr
    assert "Traceback" not in result.stderr
    assert not wh.table_exists(warehouse_url, "business", "规模明细")
    assert not wh.table_exists(warehouse_url, "wdh", "etl_run")


def trap(backend: str, schema: str, table: str) -> list[str]:
    """DDL making every insert into ``table`` fail with 'refused by trap'."""
    if backend == "sqlite":
        return [
            f"CREATE TRIGGER refuses BEFORE INSERT ON \"{table}\" BEGIN SELECT RAISE(ABORT, 'refused by trap'); END"
        ]
    return [
        "CREATE FUNCTION public.refuse() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'refused by trap'; END $$",
        f'CREATE TRIGGER refuses BEFORE INSERT ON "{schema}"."{table}" FOR EACH ROW EXECUTE FUNCTION public.refuse()',
    ]


def ok_outcome_trap(backend: str) -> list[str]:
    """DDL making the ledger refuse a domain's ``ok`` outcome (written into its pending row,
    inside the load's transaction) with 'refused by trap'."""
    if backend == "sqlite":
        return [
            "CREATE TRIGGER refuses BEFORE UPDATE ON etl_run WHEN NEW.status = 'ok' "
            "BEGIN SELECT RAISE(ABORT, 'refused by trap'); END"
        ]
    return [
        "CREATE FUNCTION public.refuse() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'refused by trap'; END $$",
        "CREATE TRIGGER refuses BEFORE INSERT OR UPDATE ON wdh.etl_run FOR EACH ROW "
        "WHEN (NEW.status = 'ok') EXECUTE FUNCTION public.refuse()",
    ]


@pytest.mark.slow
def test_a_failing_ledger_insert_rolls_back_the_facts(
    cli, backend: str, warehouse_url: str, data_root: Path, books: dict[str, Path]
) -> None:
    ready(warehouse_url, backend)
    place(data_root, "202411", books["nov"])
    assert cli(*AP, "--period", "202411", "--execute").code == 0
    before = wh.fingerprint(warehouse_url)
    wh.execute(warehouse_url, *ok_outcome_trap(backend))

    place(data_root, "202411", books["nov_b"])
    result = cli(*AP, "--period", "202411", "--execute", "--json")
    assert result.code == 1
    run = result.json["domains"][0]
    assert run["status"] == "failed"
    assert "refused by trap" in run["error"]
    assert run["rows_inserted"] == run["rows_deleted"] == 0
    assert wh.fingerprint(warehouse_url) == before
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_a_refused_fact_insert_rolls_back_and_records_the_failure(
    cli, backend: str, warehouse_url: str, data_root: Path, books: dict[str, Path]
) -> None:
    ready(warehouse_url, backend)
    place(data_root, "202411", books["nov"])
    assert cli(*AP, "--period", "202411", "--execute").code == 0
    before = wh.fingerprint(warehouse_url)
    wh.execute(warehouse_url, *trap(backend, "business", "规模明细"))

    place(data_root, "202411", books["nov_b"])
    result = cli(*AP, "--period", "202411", "--execute")
    assert result.code == 1
    (line,) = [x for x in result.stdout.splitlines() if "error:" in x]
    assert "refused by trap" in line and "nothing was changed" in line
    assert wh.fingerprint(warehouse_url) == before
    # The failure row is written after the rollback, so the ledger still records the run.
    ok, failed = wh.ledger(warehouse_url)
    assert (ok["status"], failed["status"]) == ("ok", "failed")
    assert "refused by trap" in failed["error"] and failed["rows_inserted"] == 0


def read_rejected(path: Path) -> tuple[bytes, list[str], list[dict[str, str]]]:
    raw = path.read_bytes()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return raw[:3], list(reader.fieldnames or []), list(reader)


def test_rejected_rows_file(cli, backend: str, warehouse_url: str, data_root: Path, tmp_path: Path, dirty) -> None:
    ready(warehouse_url, backend)
    place(data_root, "202411", dirty.path)
    result = cli(*AP, "--period", "202411", "--execute", "--max-rejected", "10%", "--json")
    assert result.code == 0, result.stdout + result.stderr
    summary = result.json
    run = summary["domains"][0]
    expected_path = tmp_path / "var" / "rejected" / summary["run_id"] / "202411" / "annuity_performance.csv"
    assert Path(run["rejected_file"]).resolve() == expected_path.resolve()

    bom, columns, rejected = read_rejected(expected_path)
    assert bom == b"\xef\xbb\xbf"
    assert columns[:4] == ["source_file", "sheet", "row_number", "reason"]
    # Raw cells under canonical names whatever header variant the sheet used (计划号, 机构 …).
    assert {"月度", "计划代码", "客户名称", "期末资产规模", "流失(含待遇支付)", "机构名称"} <= set(columns[4:])
    assert not {"计划号", "机构", "客户名称 "} & set(columns)
    assert {int(r["row_number"]): r["reason"] for r in rejected} == dirty.sheets["规模明细"].rejected_rows
    assert {r["sheet"] for r in rejected} == {"规模明细"}
    assert {r["source_file"] for r in rejected} == {run["file"]}
    unparseable = next(r for r in rejected if r["reason"].startswith("月度 unparseable"))
    assert unparseable["月度"] == "2024年13月"

    assert run["rows_read"] == dirty.rows_read
    assert run["rows_blank"] == dirty.rows_blank
    assert run["rows_rejected"] == dirty.rows_rejected
    assert wh.ap_counts(warehouse_url) == {"2024-11-01": dirty.rows_inserted}


@pytest.mark.parametrize(
    ("limit", "loads"),
    [("4", False), ("5", True), ("8%", False), ("8.1%", True), ("1%", False)],
)
def test_max_rejected(cli, backend: str, warehouse_url: str, data_root: Path, dirty, limit: str, loads: bool) -> None:
    # 5 of 62 rows rejected = 8.06 %.
    assert (dirty.rows_rejected, dirty.rows_read) == (5, 62)
    ready(warehouse_url, backend)
    place(data_root, "202411", dirty.path)
    result = cli(*AP, "--period", "202411", "--execute", "--max-rejected", limit)
    if loads:
        assert result.code == 0, result.stdout
        assert wh.ap_counts(warehouse_url) == {"2024-11-01": 57}
    else:
        assert result.code == 1
        (line,) = [x for x in result.stdout.splitlines() if "error:" in x]
        assert "5 of 62 rows rejected, over the limit" in line and "--max-rejected" in line
        assert wh.ap_counts(warehouse_url) == {}


def test_lock_timeout(cli, backend: str, warehouse_url: str, data_root: Path, books: dict[str, Path]) -> None:
    """Another writer holds the warehouse lock: a short --lock-timeout gives up, a long one
    waits until the lock is released and loads."""
    ready(warehouse_url, backend)
    path = wh.sqlite_file(warehouse_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    place(data_root, "202411", books["nov"])
    engine = database.create_warehouse_engine(warehouse_url)
    held, release = threading.Event(), threading.Event()

    def other_writer() -> None:
        with warehouse_lock(engine, warehouse_url, 10):
            held.set()
            release.wait(120)

    thread = threading.Thread(target=other_writer)
    thread.start()
    try:
        assert held.wait(30)
        impatient = cli(*AP, "--period", "202411", "--execute", "--lock-timeout", "0.5")
        threading.Timer(0.5, release.set).start()
        patient = cli(*AP, "--period", "202411", "--execute", "--lock-timeout", "120")
    finally:
        release.set()
        thread.join()
        engine.dispose()
    assert impatient.code == 1
    assert "another run is writing to" in impatient.stderr and "--lock-timeout" in impatient.stderr
    assert "Traceback" not in impatient.stderr
    assert patient.code == 0, patient.stdout + patient.stderr
    assert wh.ap_counts(warehouse_url) == {"2024-11-01": 20}
    assert [r["status"] for r in wh.ledger(warehouse_url)] == ["ok"]
