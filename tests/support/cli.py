"""The CLI under test: in-process ``main(argv)`` (``Cli``, the default) or a real
subprocess (``CliProcess``, only where a real process is the subject)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


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
