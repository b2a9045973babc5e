"""A killed import loses at most the month in flight, and the re-run finishes the rest.
A real process: SIGKILL cannot be delivered to an in-process run."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from support.background import start
from support.legacy import LegacyMonths, LegacyServer
from support.warehouse import connect, qualified


def _months(url: str) -> list[str]:
    with connect(url) as conn:
        rows = conn.execute(sa.text(f'SELECT DISTINCT "月度" FROM {qualified(url, "business", "规模明细")}')).all()
    return sorted(str(m)[:7] for (m,) in rows)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_kill_between_months_keeps_the_committed_months_and_the_rerun_completes(
    cli_process: Any, cli: Any, legacy: LegacyMonths, legacy_server: LegacyServer, warehouse_url: str, tmp_path: Path
) -> None:
    args = ["import-legacy", "--from", legacy_server.url, *legacy_server.options(), "--kinds", "规模明细", "--execute"]
    marker = tmp_path / "paused"
    run = start(cli_process, *args, pause=0.5, marker=marker)
    deadline = time.monotonic() + 120
    while not (marker.exists() and len(marker.read_text().splitlines()) >= 2):  # the second month is in flight
        assert run.proc.poll() is None and time.monotonic() < deadline, run.finish()
        time.sleep(0.05)
    run.kill()

    assert _months(warehouse_url) == ["2024-09"]
    rerun = cli(*args, "--json")
    assert rerun.code == 0, rerun.stderr
    statuses = {m["period"]: m["status"] for m in rerun.json["months"]}
    assert statuses == {"202409": "unchanged", "202410": "imported", "202411": "imported"}
    assert _months(warehouse_url) == ["2024-09", "2024-10", "2024-11"]
