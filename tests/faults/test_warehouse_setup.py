"""Issue 15 points 10 and 11: the warehouse survives its own set-up. A kill inside a
migration leaves the warehouse at the revision before it (never a migration's tables
without its stamp), and concurrent upgrades or first runs apply each migration once.
Real processes: only a separate process can be SIGKILLed mid-migration or race for the
warehouse lock."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from support import warehouse as wh
from support.months import small_month
from support.processes import PAUSE_IN_MIGRATION, InProcess, processes
from work_data_hub.core.load import database, migrate

ETL = ("etl", "--domains", "annuity_performance", "--period", "202411", "--execute", "--json")


def _revisions(url: str) -> set[str]:
    engine = database.create_warehouse_engine(url, read_only=True)
    try:
        return migrate.current_revisions(engine)
    finally:
        engine.dispose()


@pytest.fixture
def run(cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> InProcess:
    return InProcess(cli, monkeypatch, capsys)


@pytest.mark.slow
@pytest.mark.new_warehouse
@pytest.mark.parametrize("command", ["db upgrade", "first etl"])
def test_15_10_kill_inside_a_migration_leaves_the_previous_revision(
    cli, run: InProcess, backend: str, warehouse_url: str, data_root: Path, tmp_path: Path, command: str
) -> None:
    if command == "first etl" and backend != "sqlite":
        pytest.skip("only a new SQLite file is migrated by `etl --execute`; PostgreSQL needs `db upgrade`")
    small_month(data_root, "202411", seed=6)
    args = ("db", "upgrade") if command == "db upgrade" else ETL
    with processes(cli, tmp_path) as start:
        # Paused inside 0002's transaction: its table is created and the stamp moved, not committed.
        killed = start(*args, env={PAUSE_IN_MIGRATION: "0002"})
        killed.wait_marker()
        killed.signal(signal.SIGKILL)
        assert killed.finish().code == -signal.SIGKILL

    assert _revisions(warehouse_url) == {"0001"}
    assert wh.table_exists(warehouse_url, "wdh", "etl_run")  # 0001 committed on its own
    assert not wh.table_exists(warehouse_url, "business", "收入明细")  # 0002 rolled back whole

    again = run(*args)
    assert again.code == 0, again.stdout + again.stderr
    assert _revisions(warehouse_url) == migrate.script_heads()
    current = run("db", "current")
    assert current.code == 0, current.stdout + current.stderr


@pytest.mark.slow
@pytest.mark.new_warehouse
@pytest.mark.parametrize("command", ["db upgrade", "first etl"])
def test_15_11_concurrent_set_up_is_serialised_by_the_warehouse_lock(
    cli, backend: str, warehouse_url: str, data_root: Path, tmp_path: Path, command: str
) -> None:
    if command == "first etl" and backend != "sqlite":
        pytest.skip("only a new SQLite file is migrated by `etl --execute`; PostgreSQL needs `db upgrade`")
    small_month(data_root, "202411", seed=7)
    args = ("db", "upgrade") if command == "db upgrade" else ETL
    with processes(cli, tmp_path) as start:
        # The first holds the lock inside migration 0001 for 6 s while two more start.
        first = start(*args, env={PAUSE_IN_MIGRATION: "0001:6"})
        first.wait_marker()
        others = [start(*args) for _ in range(2)]
        results = [p.finish() for p in [first, *others]]
    assert [(r.code, r.stderr) for r in results if r.code != 0] == []
    assert _revisions(warehouse_url) == migrate.script_heads()
    head = ",".join(sorted(migrate.script_heads()))
    if command == "db upgrade":
        assert results[0].stdout.strip().endswith(f": empty → {head}")
        assert [r.stdout.strip().rsplit(": ", 1)[1] for r in results[1:]] == [f"{head} → {head}"] * 2
    else:
        assert [r.json["domains"][0]["status"] for r in results] == ["ok"] * 3
        assert sorted(r["status"] for r in wh.ledger(warehouse_url)) == ["ok"] * 3
