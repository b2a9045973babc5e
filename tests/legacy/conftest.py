"""Fixtures of the legacy-import tests: the session's legacy MariaDB databases and
``import-legacy`` run in-process (the shared ``cli`` fixture) against a test warehouse."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from support.cli import Cli, CliResult
from support.legacy import LegacyMonths, LegacyServer, legacy_server, write_legacy  # noqa: F401

PERIODS = ["202409", "202410", "202411"]


@dataclass
class Importer:
    """``import-legacy`` reading this session's legacy databases."""

    server: LegacyServer
    cli: Cli

    def __call__(self, *args: str, source: str | None = None) -> CliResult:
        return self.cli("import-legacy", "--from", source or self.server.url, *self.server.options(), *args)


@pytest.fixture
def legacy(legacy_server: LegacyServer) -> LegacyMonths:  # noqa: F811
    return write_legacy(legacy_server, PERIODS, rows=12, seed=11)


@pytest.fixture
def wdh_env(warehouse_url: str) -> str:
    return warehouse_url


@pytest.fixture
def importer(legacy_server: LegacyServer, legacy: LegacyMonths, cli: Cli) -> Importer:  # noqa: F811
    return Importer(legacy_server, cli)
