"""Shared fixtures: warehouses on SQLite and on a PostgreSQL database created for this
test session, and the CLI run in-process (``cli``) or, where a real process is the
subject, as a subprocess (``cli_process``)."""

from __future__ import annotations

import sys

# Cache bytecode even where the environment turns it off (PYTHONDONTWRITEBYTECODE=1 on
# this machine): otherwise every worker recompiles the sources and re-rewrites every
# test module's asserts (collection 7.9 s → 3.7 s) and every CLI subprocess recompiles.
sys.dont_write_bytecode = False

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.cli import Cli, CliProcess
from support.etl import upgrade
from support.pg import PgServer

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    server = PgServer.connect()
    if server is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL at 127.0.0.1:5432 is unreachable; CI requires it", pytrace=False)
        pytest.skip("PostgreSQL at 127.0.0.1:5432 is unreachable")
    yield server
    server.drop_all_created()


@pytest.fixture
def pg_url(pg_server: PgServer) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test."""
    name = pg_server.create_database()
    yield pg_server.url(name)
    pg_server.drop_database(name)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def warehouse_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A SQLite file already migrated (a copy of the worker's template: migrating per test was
    a tenth of the quick suite) unless the test is marked ``new_warehouse``; or a new,
    empty PostgreSQL database."""
    if backend == "sqlite":
        url = f"sqlite:///{(tmp_path / 'var' / 'warehouse.sqlite').as_posix()}"
        if request.node.get_closest_marker("new_warehouse") is None:
            upgrade(url)
        return url
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def data_root(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    return root


def _cli_env(tmp_path: Path, data_root: Path, warehouse_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WDH_")}
    env |= {
        "WDH_DATA_ROOT": str(data_root),
        "WDH_VAR_DIR": str(tmp_path / "var"),
        "WDH_DATABASE_URL": warehouse_url,
        "WDH_CONFIG_DIR": str(REPO / "config"),
        "PYTHONIOENCODING": "utf-8",
        "COLUMNS": "250",
    }
    return env


@pytest.fixture
def cli(tmp_path: Path, data_root: Path, warehouse_url: str) -> Cli:
    """The CLI in-process (see ``Cli``); the default for every CLI test."""
    return Cli(cwd=tmp_path, env=_cli_env(tmp_path, data_root, warehouse_url))


@pytest.fixture
def cli_process(tmp_path: Path, data_root: Path, warehouse_url: str) -> CliProcess:
    """The CLI as a real subprocess; a test using it says in one line why it needs one."""
    return CliProcess(cwd=tmp_path, env=_cli_env(tmp_path, data_root, warehouse_url))


@pytest.fixture
def run_id() -> str:
    return uuid.uuid4().hex[:8]
