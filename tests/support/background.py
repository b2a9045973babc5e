"""A real CLI process (it is killed or raced, so it must be one) in the background, held
at the test-only pause between the DELETE and the COMMIT of a domain's load, so a test can
kill it or race a second run against it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAUSE_ENV = "WDH_TEST_PAUSE_BEFORE_COMMIT"
MARKER_ENV = "WDH_TEST_PAUSE_MARKER"


@dataclass
class Background:
    proc: subprocess.Popen[str]
    marker: Path

    def wait_paused(self, timeout: float = 120) -> None:
        """Block until the run has deleted and is waiting before its COMMIT."""
        deadline = time.monotonic() + timeout
        while not self.marker.exists():
            if self.proc.poll() is not None:
                out, err = self.proc.communicate()
                raise AssertionError(f"run ended (exit {self.proc.returncode}) before pausing:\n{out}\n{err}")
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"run did not reach the pause within {timeout:g} s")
            time.sleep(0.05)

    def kill(self) -> int:
        """SIGKILL: no handler, no cleanup, no rollback by the process itself."""
        if self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.communicate(timeout=30)
        return self.proc.returncode

    def finish(self, timeout: float = 180) -> tuple[int, str, str]:
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out, err


def start(cli: Any, *args: str, pause: float, marker: Path, extra_env: dict[str, str] | None = None) -> Background:
    """Start ``python -m work_data_hub.cli *args`` like the ``cli`` fixture does, pausing
    ``pause`` seconds before each domain's COMMIT and touching ``marker`` when it does."""
    env = cli.env | (extra_env or {}) | {PAUSE_ENV: str(pause), MARKER_ENV: str(marker)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "work_data_hub.cli", *args],
        cwd=cli.cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return Background(proc, marker)
