"""Fixtures of the Dagster tests: the loaded definitions, and core's settings that are not
resources kept inside the test's folder."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from support.orchestration import REPO


@pytest.fixture(scope="session")
def defs() -> dg.Definitions:
    from work_data_hub.orchestration.definitions import defs as loaded

    return loaded


@pytest.fixture
def core_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Rejected-row reports under the test's folder and the checkout's config, as the
    ``cli`` fixture sets them for its run."""
    var = tmp_path / "var-dagster"
    monkeypatch.setenv("WDH_VAR_DIR", str(var))
    monkeypatch.setenv("WDH_CONFIG_DIR", str(REPO / "config"))
    return var
