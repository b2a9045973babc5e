"""The one progress display of the long commands: live on a terminal, absent when stderr
is not a terminal or with --json / --quiet."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from work_data_hub.cli.render import Progress

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"


def _terminal() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, force_terminal=True, width=120), out


def test_on_a_terminal_it_shows_the_steps_and_counts() -> None:
    console, out = _terminal()
    with Progress("eqc-refresh", enabled=True, console=console) as live:
        live.update("annuity_performance", "read")
        live.counts(3, 17)
        assert live._live is not None
        task = live._live.tasks[0]
        assert (task.completed, task.total, task.description) == (3, 17, "eqc-refresh: 3/17")
    assert "eqc-refresh" in out.getvalue()


@pytest.mark.parametrize("terminal", [True, False])
def test_hidden_when_disabled_or_not_a_terminal(terminal: bool) -> None:
    console, out = _terminal() if terminal else (Console(file=io.StringIO()), None)
    with Progress("etl", enabled=not terminal, console=console) as live:  # off on a terminal, on elsewhere
        live.update("annual_award", "read")
        live.counts(1, 2)
        assert live._live is None
    if out is not None:
        assert out.getvalue() == ""


@pytest.mark.parametrize("backend", ["sqlite"])
def test_an_etl_run_to_a_pipe_prints_no_progress(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("etl", "--domains", "annual_award", "--period", "202411", "--data-root", str(EXAMPLES))
    assert result.code == 0, result.stderr
    assert result.stderr == ""  # neither progress lines nor a spinner: stderr is not a terminal
