"""Helpers of the set-up and interrupt fault tests (issue 15): the CLI in-process (fast)
for the commands a test inspects, and real CLI processes held at a test-only pause for
what only a real process can show (SIGKILL, SIGINT, several processes at once)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

MARKER_ENV = "WDH_TEST_PAUSE_MARKER"
PAUSE_IN_MIGRATION = "WDH_TEST_PAUSE_IN_MIGRATION"
PAUSE_BEFORE_COMMIT = "WDH_TEST_PAUSE_BEFORE_COMMIT"
PAUSE_BETWEEN_DOMAINS = "WDH_TEST_PAUSE_BETWEEN_DOMAINS"


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def json(self) -> Any:
        import json

        return json.loads(self.stdout)


@dataclass
class InProcess:
    """``main(argv)`` with the ``cli`` fixture's environment and working directory."""

    cli: Any
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def __call__(self, *args: str, extra_env: dict[str, str] | None = None) -> Result:
        from work_data_hub.cli.app import main

        env = self.cli.env | (extra_env or {})
        with self.monkeypatch.context() as m:
            for key in [k for k in os.environ if k.startswith("WDH_")]:
                m.delenv(key)
            for key, value in env.items():
                if key.startswith("WDH_"):
                    m.setenv(key, value)
            m.chdir(self.cli.cwd)
            self.capsys.readouterr()
            code = main(list(args))
            out = self.capsys.readouterr()
        return Result(code, out.out, out.err)


@dataclass
class Proc:
    proc: subprocess.Popen[str]
    marker: Path
    outcome: tuple[str, str] | None = field(default=None)

    def wait_marker(self, timeout: float = 120) -> None:
        """Poll until the run has reached its pause (never a fixed sleep)."""
        deadline = time.monotonic() + timeout
        while not self.marker.exists():
            if self.proc.poll() is not None:
                out, err = self.proc.communicate()
                raise AssertionError(f"run ended (exit {self.proc.returncode}) before pausing:\n{out}\n{err}")
            if time.monotonic() > deadline:
                self.signal(signal.SIGKILL)
                raise AssertionError(f"run did not reach the pause within {timeout:g} s")
            time.sleep(0.05)

    def signal(self, sig: int) -> None:
        if self.proc.poll() is None:
            os.kill(self.proc.pid, sig)

    def finish(self, timeout: float = 180) -> Result:
        out, err = self.proc.communicate(timeout=timeout)
        return Result(self.proc.returncode, out, err)


@contextmanager
def processes(cli: Any, tmp_path: Path) -> Iterator[Any]:
    """``start(*args, env=…)`` starts ``python -m work_data_hub.cli``; every process still
    alive at the end is killed, so a failing test never leaves one holding a lock."""
    started: list[Proc] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Proc:
        marker = tmp_path / f"marker-{len(started)}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "work_data_hub.cli", *args],
            cwd=cli.cwd,
            env=cli.env | (env or {}) | {MARKER_ENV: str(marker)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(Proc(proc, marker))
        return started[-1]

    try:
        yield start
    finally:
        for p in started:
            if p.proc.poll() is None:
                p.signal(signal.SIGKILL)
                p.proc.communicate(timeout=30)


@contextmanager
def unprivileged() -> Iterator[None]:
    """Run the block as ``nobody`` when the tests run as root: root ignores a folder's
    missing write permission, as a read-only mount would not."""
    if os.geteuid() != 0:
        yield
        return
    # nobody may not be allowed back into the working folder; root restores it.
    home = os.getcwd()
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)
        os.chdir(home)


def unreachable_by_nobody(*paths: Path) -> list[Path]:
    """The paths ``nobody`` cannot list (a private parent folder, e.g. a ``mktemp -d``
    checkout): there the unprivileged part of a test cannot import the code it runs."""
    blocked = []
    with unprivileged():
        for path in paths:
            try:
                os.listdir(path)
            except PermissionError:
                blocked.append(path)
    return blocked
