"""Two --execute runs against one warehouse: the second waits for the first's lock up to
--lock-timeout, then fails with a clear message (exit 1) or, once the lock is free, runs
after it. Their writes never interleave."""

from __future__ import annotations

import datetime as dt
import json
import time
from pathlib import Path

import pytest

from support.months import preload, small_month
from support.tables import content
from support.warehouse import ledger
from work_data_hub.core.load.database import mask_url

ETL = ("etl", "--domains", "annuity_performance", "--period", "202411", "--execute")


def _month(root: Path, seed: int) -> Path:
    small_month(root, "202411", seed=seed)
    return root


@pytest.mark.slow
def test_second_run_gives_up_after_the_lock_timeout(
    cli, spawn, warehouse: str, data_root: Path, tmp_path: Path
) -> None:
    preload(warehouse, _month(data_root, 1), tmp_path / "var", "202411", ["annuity_performance"])
    original = content(warehouse, "annuity_performance")
    first_root = _month(tmp_path / "first", 2)
    second_root = _month(tmp_path / "second", 3)

    first = spawn(*ETL, "--data-root", str(first_root), "--json", pause=15)
    first.wait_paused()
    t0 = time.monotonic()
    second = cli(*ETL, "--data-root", str(second_root), "--lock-timeout", "1")
    waited = time.monotonic() - t0
    assert first.proc.poll() is None, "the first run must still hold the lock when the second gives up"

    assert second.code == 1, second.stdout + second.stderr
    assert "Traceback" not in second.stderr
    assert second.stdout == ""
    assert [line for line in second.stderr.splitlines() if line.startswith("error:")] == [
        f"error: another run is writing to {mask_url(warehouse)}; gave up after waiting 1 s (--lock-timeout)"
    ]
    assert waited >= 1

    code, out, err = first.finish()
    assert code == 0, out + err
    loaded = content(warehouse, "annuity_performance")
    assert len(loaded) == 100 and loaded != original
    assert [(r["run_id"], r["status"]) for r in ledger(warehouse)][1:] == [(first_run_id(out), "ok")]
    # Reloading the first run's workbook changes nothing: the table holds exactly its rows.
    assert cli(*ETL, "--data-root", str(first_root)).code == 0
    assert content(warehouse, "annuity_performance") == loaded


@pytest.mark.slow
def test_second_run_waits_for_the_lock_and_runs_after(cli, spawn, warehouse: str, tmp_path: Path) -> None:
    first_root = _month(tmp_path / "first", 2)
    second_root = _month(tmp_path / "second", 3)

    first = spawn(*ETL, "--data-root", str(first_root), "--json", pause=4)
    first.wait_paused()
    second = cli(*ETL, "--data-root", str(second_root), "--lock-timeout", "120", "--json")
    code, out, err = first.finish()
    assert code == 0, out + err
    assert second.code == 0, second.stdout + second.stderr

    rows = ledger(warehouse)
    assert [(r["run_id"], r["status"], r["rows_deleted"]) for r in rows] == [
        (first_run_id(out), "ok", 0),
        (second.json["run_id"], "ok", 100),
    ]
    # The second began its load only after the first committed.
    first_committed = _as_datetime(rows[0]["started_at"]) + dt.timedelta(seconds=float(rows[0]["seconds"]))
    assert _as_datetime(rows[1]["started_at"]) >= first_committed - dt.timedelta(milliseconds=10)
    loaded = content(warehouse, "annuity_performance")
    assert cli(*ETL, "--data-root", str(second_root)).code == 0
    assert content(warehouse, "annuity_performance") == loaded


def first_run_id(json_stdout: str) -> str:
    return str(json.loads(json_stdout)["run_id"])


def _as_datetime(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
