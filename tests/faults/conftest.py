"""Fixtures of the fault tests: background CLI runs that are always reaped, and a
warehouse with the migrations applied (PostgreSQL refuses ``etl --execute`` without)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from support.background import Background, start
from support.etl import upgrade


@pytest.fixture
def spawn(cli: Any, tmp_path: Path) -> Iterator[Callable[..., Background]]:
    """Start paused CLI runs; any still alive when the test ends is killed, so a failing
    test never leaves a process holding the warehouse lock."""
    started: list[Background] = []

    def _spawn(*args: str, pause: float, extra_env: dict[str, str] | None = None) -> Background:
        marker = tmp_path / f"paused-{len(started)}"
        run = start(cli, *args, pause=pause, marker=marker, extra_env=extra_env)
        started.append(run)
        return run

    yield _spawn
    for run in started:
        if run.proc.poll() is None:
            run.kill()


@pytest.fixture
def warehouse(warehouse_url: str) -> str:
    upgrade(warehouse_url)
    return warehouse_url
