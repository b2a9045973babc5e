"""Shared fixtures: warehouses on SQLite and on a PostgreSQL database created for this
test session, and the CLI run in-process (``cli``) or, where a real process is the
subject, as a subprocess (``cli_process``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

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
    if backend == "sqlite":
        return f"sqlite:///{(tmp_path / 'var' / 'warehouse.sqlite').as_posix()}"
    return str(request.getfixturevalue("pg_url"))


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> dict:  # type: ignore[type-arg]
        return json.loads(self.stdout)


@dataclass
class Cli:
    """Runs the CLI's ``main(argv)`` in this process, as if in ``cwd`` with exactly ``env``
    as its environment, capturing stdout and stderr (neither is a terminal, as under CI).
    A fresh interpreter per call cost 1.4 s of CPU; this costs the command's own work."""

    cwd: Path
    env: dict[str, str]

    def __call__(
        self, *args: str, extra_env: dict[str, str] | None = None, timeout: float = 180, stdin: str = ""
    ) -> CliResult:
        del timeout  # in-process: a hang fails the test run, as any other code would
        return run_in_process(list(args), cwd=self.cwd, env=self.env | (extra_env or {}), stdin=stdin)


@dataclass
class CliProcess(Cli):
    """``python -m work_data_hub.cli`` as a real subprocess: only for what needs a real
    process (the quick start as a user types it, import-time checks, kills, signals)."""

    def __call__(
        self, *args: str, extra_env: dict[str, str] | None = None, timeout: float = 180, stdin: str = ""
    ) -> CliResult:
        proc = subprocess.run(
            [sys.executable, "-m", "work_data_hub.cli", *args],
            input=stdin,
            cwd=self.cwd,
            env=self.env | (extra_env or {}),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return CliResult(proc.returncode, proc.stdout, proc.stderr)


def run_in_process(argv: list[str], *, cwd: Path, env: dict[str, str], stdin: str = "") -> CliResult:
    """``main(argv)`` with the environment, working folder and std streams swapped for the
    call and restored after it, and the per-config caches forgotten (a test may edit a
    config folder between two calls, as a user would between two processes)."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    import structlog

    from work_data_hub.cli.app import main
    from work_data_hub.core.config.mappings import load_mappings
    from work_data_hub.core.domains import registry
    from work_data_hub.core.enrich.confidence import load_confidence

    saved_env, saved_cwd = dict(os.environ), Path.cwd()
    out, err = io.StringIO(), io.StringIO()
    saved_stdin, sys.stdin = sys.stdin, io.StringIO(stdin)
    os.environ.clear()
    os.environ.update(env)
    try:
        os.chdir(cwd)
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:  # a command that exits on its own
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = saved_stdin
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
        structlog.reset_defaults()
        load_mappings.cache_clear()
        load_confidence.cache_clear()
        registry.reset()
    return CliResult(int(code), out.getvalue(), err.getvalue())


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
