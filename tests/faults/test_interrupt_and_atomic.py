"""Issue 15 points 17 and 19: Ctrl-C says what was and was not written and exits 130 at
once; ``etl --atomic`` lands a month whole or not at all; a run killed between domains is
``incomplete`` in ``runs``. Real processes for SIGINT and SIGKILL: a signal must hit a
running CLI, not a test's own interpreter."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from support.months import preload, small_month
from support.processes import PAUSE_BEFORE_COMMIT, PAUSE_BETWEEN_DOMAINS, InProcess, processes
from support.tables import content

DOMAINS = ("annuity_performance", "annuity_income")
ETL = ("etl", "--domains", ",".join(DOMAINS), "--period", "202411", "--execute")


@pytest.fixture
def run(cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> InProcess:
    return InProcess(cli, monkeypatch, capsys)


def _month(warehouse: str, data_root: Path, var: Path, **rows: int) -> dict[str, object]:
    small_month(data_root, "202411", seed=1)
    preload(warehouse, data_root, var, "202411", list(DOMAINS))
    before = {d: content(warehouse, d) for d in DOMAINS}
    small_month(data_root, "202411", seed=2, **rows)  # same files, other rows
    return before


@pytest.mark.slow
@pytest.mark.parametrize("when", ["during a load", "between domains"])
def test_15_17_ctrl_c_names_what_was_not_written_and_exits_130(
    cli, warehouse: str, data_root: Path, tmp_path: Path, when: str
) -> None:
    before = _month(warehouse, data_root, tmp_path / "var")
    pause = PAUSE_BEFORE_COMMIT if when == "during a load" else PAUSE_BETWEEN_DOMAINS
    with processes(cli, tmp_path) as start:
        proc = start(*ETL, env={pause: "60"})
        proc.wait_marker()
        sent = time.monotonic()
        proc.signal(signal.SIGINT)
        result = proc.finish(timeout=30)
        took = time.monotonic() - sent
    assert result.code == 130, result.stdout + result.stderr
    assert took < 2, f"exit took {took:.1f} s after Ctrl-C"
    lines = result.stderr.strip().splitlines()
    after = {d: content(warehouse, d) for d in DOMAINS}
    if when == "during a load":
        assert lines[-1] == "interrupted: annuity_performance of 202411 was not written; nothing was committed"
        assert after == before
    else:
        assert lines[-1] == ("interrupted: annuity_income of 202411 was not written; committed: annuity_performance")
        assert after["annuity_income"] == before["annuity_income"]
        assert after["annuity_performance"] != before["annuity_performance"]
    assert "Traceback" not in result.stderr


@pytest.mark.slow
@pytest.mark.parametrize("atomic", [True, False], ids=["atomic", "per-domain"])
def test_15_19_sigkill_between_domains(
    cli, run: InProcess, warehouse: str, data_root: Path, tmp_path: Path, atomic: bool
) -> None:
    before = _month(warehouse, data_root, tmp_path / "var")
    with processes(cli, tmp_path) as start:
        proc = start(*ETL, *(["--atomic"] if atomic else []), env={PAUSE_BETWEEN_DOMAINS: "60"})
        proc.wait_marker()  # annuity_performance done, annuity_income not started
        proc.signal(signal.SIGKILL)
        assert proc.finish().code == -signal.SIGKILL
    after = {d: content(warehouse, d) for d in DOMAINS}
    listed = run("runs", "--json")
    assert listed.code == 0, listed.stderr
    newest = listed.json[0]  # the killed run; the month's first load is older
    killed = {r["domain"]: r["status"] for r in newest["domains"]}
    assert newest["status"] == "incomplete"
    if atomic:
        assert after == before  # every table of the month as before
        assert killed == {"annuity_performance": "incomplete", "annuity_income": "incomplete"}
    else:
        assert after["annuity_income"] == before["annuity_income"]
        assert after["annuity_performance"] != before["annuity_performance"]  # committed on its own
        assert killed == {"annuity_performance": "ok", "annuity_income": "incomplete"}
    text = run("runs", "-v").stdout.splitlines()
    assert text[0].startswith(f"{newest['run_id']} incomplete · ")
    assert any(ln.startswith("  annuity_income ") and " incomplete · " in ln for ln in text)


@pytest.mark.parametrize("atomic", [True, False], ids=["atomic", "per-domain"])
def test_15_19_atomic_one_failing_domain_leaves_the_month_unchanged(
    run: InProcess, warehouse: str, data_root: Path, tmp_path: Path, atomic: bool
) -> None:
    # annuity_income shrinks below half of what is stored: the shrink guard refuses it.
    before = _month(warehouse, data_root, tmp_path / "var", income_rows=20)
    result = run(*ETL, "--json", *(["--atomic"] if atomic else []))
    assert result.code == 1, result.stdout + result.stderr
    outcome = {d["domain"]: (d["status"], d["rows_inserted"]) for d in result.json["domains"]}
    after = {d: content(warehouse, d) for d in DOMAINS}
    assert after["annuity_income"] == before["annuity_income"]
    if atomic:
        assert after == before
        assert outcome == {"annuity_performance": ("failed", 0), "annuity_income": ("failed", 0)}
        errors = {d["domain"]: d["error"] for d in result.json["domains"]}
        assert errors["annuity_performance"] == "rolled back with the period: annuity_income failed (--atomic)"
    else:
        assert after["annuity_performance"] != before["annuity_performance"]
        assert outcome == {"annuity_performance": ("ok", 100), "annuity_income": ("failed", 0)}
    ledger = run("runs", "--json").json
    (recorded,) = [r for r in ledger if r["run_id"] == result.json["run_id"]]
    mine = {d["domain"]: d["status"] for d in recorded["domains"]}
    assert mine == {"annuity_performance": "failed" if atomic else "ok", "annuity_income": "failed"}
