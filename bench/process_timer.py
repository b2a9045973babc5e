"""Whole-process wall time and peak RSS of one command (the benchmarks' unit of measure).

Output goes to files, not pipes, so a chatty child can never block on a full pipe while
the clock runs; ``os.wait4`` gives the peak RSS of exactly that child.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timed:
    seconds: float
    cpu_seconds: float  # user + system, all threads: far less sensitive to competing processes
    peak_rss_mb: float
    code: int
    stdout: str
    stderr: str


def run_timed(argv: Sequence[str], *, env: Mapping[str, str], cwd: Path) -> Timed:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(list(argv), env=dict(env), cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting again
        out.seek(0)
        err.seek(0)
        return Timed(
            seconds=seconds,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            peak_rss_mb=usage.ru_maxrss / 1024,  # Linux reports KiB
            code=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )


def median(values: Sequence[float]) -> float:
    return float(statistics.median(values))


def median_seconds(runs: Sequence[Timed]) -> float:
    """Median wall time of ``runs`` from their millisecond-rounded times, so every figure a
    report derives from it agrees with the recorded runs to the last digit."""
    return round(median([round(r.seconds, 3) for r in runs]), 3)
