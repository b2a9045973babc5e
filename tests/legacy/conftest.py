"""Fixtures of the legacy-import tests: the session's legacy MariaDB databases and the CLI
run in-process against a test warehouse."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from support.legacy import LegacyMonths, LegacyServer, legacy_server, write_legacy  # noqa: F401
from work_data_hub.cli.app import main

REPO = Path(__file__).resolve().parents[2]
PERIODS = ["202409", "202410", "202411"]


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict[str, Any]:
        return json.loads(self.stdout)  # type: ignore[no-any-return]


@dataclass
class Importer:
    """``import-legacy`` in-process, reading this session's legacy databases."""

    server: LegacyServer
    capsys: pytest.CaptureFixture[str]

    def __call__(self, *args: str, source: str | None = None) -> Outcome:
        self.capsys.readouterr()
        code = main(["import-legacy", "--from", source or self.server.url, *self.server.options(), *args])
        out = self.capsys.readouterr()
        return Outcome(code, out.out, out.err)


@pytest.fixture
def legacy(legacy_server: LegacyServer) -> LegacyMonths:  # noqa: F811
    return write_legacy(legacy_server, PERIODS, rows=12, seed=11)


@pytest.fixture
def wdh_env(tmp_path: Path, warehouse_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    for name in [n for n in os.environ if n.startswith("WDH_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("WDH_DATABASE_URL", warehouse_url)
    monkeypatch.setenv("WDH_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("WDH_CONFIG_DIR", str(REPO / "config"))
    monkeypatch.setenv("WDH_DATA_ROOT", str(tmp_path / "data"))
    return warehouse_url


@pytest.fixture
def importer(
    legacy_server: LegacyServer,  # noqa: F811
    legacy: LegacyMonths,
    wdh_env: str,
    capsys: pytest.CaptureFixture[str],
) -> Importer:
    return Importer(legacy_server, capsys)
