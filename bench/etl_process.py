"""Running ``python -m work_data_hub.cli`` as the benchmarks' measured process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from month import PERIOD, Month
from process_timer import Timed

PY = sys.executable


class BenchFailure(Exception):
    """A run that failed: its time would be meaningless."""


def env(bench: Path, database_url: str | None = None) -> dict[str, str]:
    # A developer's own WDH_* settings must not leak into the measurement.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("WDH_")}
    clean["WDH_VAR_DIR"] = str(bench / "var")
    if database_url is not None:
        clean["WDH_DATABASE_URL"] = database_url
    return clean


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path.as_posix()}"


def registered_domains(bench: Path) -> list[str]:
    argv = [PY, "-m", "work_data_hub.cli", "domains", "--json"]
    out = subprocess.run(argv, env=env(bench), cwd=bench, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"bench: cannot list the registered domains (exit {out.returncode}): {out.stderr.strip()}")
    return [d["domain"] for d in json.loads(out.stdout)]


def etl_argv(domains: Sequence[str] | None, month: Month, *, execute: bool = True) -> list[str]:
    """``domains=None`` is ``--all-domains``."""
    scope = ["--all-domains"] if domains is None else ["--domains", ",".join(domains)]
    tail = ["--period", PERIOD, *(["--execute"] if execute else []), "--data-root", str(month.root), "--json"]
    return [PY, "-m", "work_data_hub.cli", "etl", *scope, *tail]


def _is_text_export(path: Path) -> bool:
    """The legacy system's "xls" export: UTF-16 text with a BOM, whatever its name."""
    with path.open("rb") as fh:
        return fh.read(2) in (b"\xff\xfe", b"\xfe\xff")


def _text_read(path: Path) -> str:
    # No Excel reader opens it; pandas' own reader of tab-separated UTF-16 is the baseline.
    return f"pd.read_csv({str(path)!r}, sep='\\t', encoding='utf-16', dtype=str)"


def baseline_argv(reads: Sequence[tuple[Path, Any]]) -> list[str]:
    """One process that imports pandas and reads ``(workbook, sheet_name)`` with calamine."""
    calls = "; ".join(
        _text_read(path)
        if _is_text_export(path)
        else f"pd.read_excel({str(path)!r}, sheet_name={sheet!r}, engine='calamine')"
        for path, sheet in reads
    )
    return [PY, "-c", f"import pandas as pd; {calls}"]


def floor_argv(reads: Sequence[tuple[Path, Any]]) -> list[str]:
    """The floor: one process reading the same sheets with fastexcel into Arrow tables
    (no pandas frames), the least any reader of these workbooks pays."""
    calls = []
    for path, sheet in reads:
        if _is_text_export(path):  # read as bytes and split: no pandas, no Excel reader
            calls.append(f"open({str(path)!r}, encoding='utf-16').read().splitlines()")
            continue
        names = "r.sheet_names" if sheet is None else repr([sheet] if isinstance(sheet, str) else list(sheet))
        calls.append(f"r = fastexcel.read_excel({str(path)!r}); [r.load_sheet(s).to_arrow() for s in {names}]")
    return [PY, "-c", "import fastexcel; " + "; ".join(calls)]


def check_etl(run: Timed, *, replaced: bool) -> Timed:
    """A failed or partial load would make a fast, meaningless time: stop the bench.
    ``replaced``: every domain must have deleted as many rows as it inserted (a re-load)."""
    try:
        domains = json.loads(run.stdout)["domains"]
    except (ValueError, KeyError):
        domains = None
    problems = []
    if run.code != 0:
        problems.append(f"exit code {run.code}: {run.stderr.strip()[-500:]}")
    for d in domains or []:
        if d["status"] != "ok":
            problems.append(f"{d['domain']}: {d['status']} ({d.get('error')})")
        elif replaced and d["rows_deleted"] != d["rows_inserted"]:
            problems.append(f"{d['domain']}: deleted {d['rows_deleted']} but inserted {d['rows_inserted']}")
    if domains is None and not problems:
        problems.append("no JSON summary on stdout")
    if problems:
        raise BenchFailure("etl run failed: " + "; ".join(problems))
    return run


def check_baseline(run: Timed) -> Timed:
    if run.code != 0:
        raise BenchFailure(f"baseline read failed (exit {run.code}): {run.stderr.strip()[-500:]}")
    return run


def shown(argv: list[str], month: Month) -> str:
    return " ".join(a if a == PY else a.replace(str(month.root), "<root>") for a in argv[1:])


def write_latest(bench: Path, section: dict[str, Any]) -> Path:
    """Merge ``section`` into ``<bench>/latest.json``: each benchmark replaces its own keys
    and leaves the others' last results in place."""
    latest = bench / "latest.json"
    try:
        report: dict[str, Any] = json.loads(latest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        report = {}
    report.update(section)
    latest.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return latest
