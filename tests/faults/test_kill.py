"""A run killed with SIGKILL after the DELETE and before the COMMIT of a domain's load
leaves the period exactly as it was, records no success, and does not keep the warehouse
locked: the next run proceeds at once."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from support.months import preload, small_month
from support.tables import content, write_in_progress
from support.warehouse import ledger

ETL = ("etl", "--domains", "annuity_performance", "--period", "202411", "--execute")


@pytest.mark.slow
def test_sigkill_before_commit_keeps_the_previous_month(
    cli, spawn, warehouse: str, data_root: Path, tmp_path: Path
) -> None:
    small_month(data_root, "202411", seed=1)
    preload(warehouse, data_root, tmp_path / "var", "202411", ["annuity_performance"])
    before = content(warehouse, "annuity_performance")
    ledger_before = ledger(warehouse)
    assert len(before) == 100
    assert not write_in_progress(warehouse, "annuity_performance")

    corrected = small_month(data_root, "202411", seed=2)  # same file name, other rows
    run = spawn(*ETL, pause=60)
    run.wait_paused()
    assert write_in_progress(warehouse, "annuity_performance")  # the DELETE is done, not committed
    assert run.kill() == -signal.SIGKILL

    assert content(warehouse, "annuity_performance") == before
    # The killed run recorded no success: only the pending row it announced before loading
    # (issue 15 point 19: `runs` shows it as incomplete).
    killed = ledger(warehouse)[len(ledger_before) :]
    assert ledger(warehouse)[: len(ledger_before)] == ledger_before
    assert [(r["domain"], r["status"], r["rows_inserted"]) for r in killed] == [
        ("annuity_performance", "pending", None)
    ]

    # The killed run held the warehouse lock; had it outlived the process, this run would
    # give up after 5 s with exit 1.
    again = cli(*ETL, "--lock-timeout", "5", "--json")
    assert again.code == 0, again.stdout + again.stderr
    after = content(warehouse, "annuity_performance")
    assert len(after) == corrected.domains["annuity_performance"].rows_read == 100
    assert after != before
    new_rows = ledger(warehouse)[len(ledger_before) + len(killed) :]
    assert [(r["run_id"], r["status"], r["rows_deleted"]) for r in new_rows] == [(again.json["run_id"], "ok", 100)]
