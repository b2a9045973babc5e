"""Whole-process ETL time against the baseline calamine read of the same sheets.

    python bench/annuity_bench.py [--rows 40000] [--runs 3] [--var var] [--scenario NAME ...] [--json]

Each scenario loads a generated month into a SQLite warehouse that already holds it (the
first, untimed run loads it; every timed run deletes and re-inserts it), timing
``python -m work_data_hub.cli etl … --execute`` as a separate process; the baseline is one
process that imports pandas and reads the same sheets with ``engine='calamine'``. Runs are
interleaved (etl, baseline, etl, …) so load from other processes affects both alike.
Results go to ``<var>/bench/latest.json``; the exit code is 1 when a scenario's median
ratio is over its target or an ETL run fails.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from process_timer import Timed, median, run_timed

PY = sys.executable
PERIOD = "202411"
SEED = 20241130
AP_SHEET, INCOME_SHEET = "规模明细", "收入明细"
BENCH_DIR = Path(__file__).resolve().parent


class BenchFailure(Exception):
    """A run that failed: its time would be meaningless."""


@dataclass(frozen=True)
class Month:
    """A generated month: the data root and its two workbooks."""

    root: Path
    annuity: Path
    ledger: Path
    rows: dict[str, int]


@dataclass(frozen=True)
class Scenario:
    name: str
    domains: tuple[str, ...] | None  # None: --all-domains
    target: float
    # What the baseline process reads: (workbook, sheet_name argument of pd.read_excel).
    baseline: Callable[[Month], list[tuple[Path, Any]]]
    description: str


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "annuity_performance",
            ("annuity_performance",),
            2.5,
            lambda m: [(m.annuity, AP_SHEET)],
            "规模明细 into a warehouse holding the month vs reading 规模明细",
        ),
        Scenario(
            "annuity_both",
            ("annuity_performance", "annuity_income"),
            3.0,
            lambda m: [(m.annuity, [AP_SHEET, INCOME_SHEET])],
            "规模明细 + 收入明细 in one batch vs reading both sheets",
        ),
        Scenario(
            "all",
            None,
            3.0,
            lambda m: [(m.annuity, None), (m.ledger, None)],
            "--all-domains vs reading every sheet of the annuity and ledger workbooks",
        ),
    )
}


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    bench = (args.var / "bench").resolve()
    bench.mkdir(parents=True, exist_ok=True)
    month = ensure_month(bench / "data", args.rows, args.seed)
    registered = registered_domains(bench)
    load_before = os.getloadavg()
    results: dict[str, dict[str, Any]] = {}
    for name in args.scenario:
        scenario = SCENARIOS[name]
        missing = [d for d in scenario.domains or () if d not in registered]
        if missing:
            results[name] = _skipped(scenario, f"domain(s) not registered yet: {', '.join(missing)}")
        else:
            try:
                results[name] = run_scenario(scenario, month, bench, args.runs, registered)
            except BenchFailure as exc:
                print(f"bench {name}: {exc}", file=sys.stderr)
                results[name] = {"status": "failed", "error": str(exc), "target": scenario.target, "pass": False}
        if not args.json:
            _print_scenario(name, results[name])
    rules = rules_rates()
    report = {
        "timestamp": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "rows": args.rows,
        "seed": args.seed,
        "runs": args.runs,
        "month": month.rows,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            # Other processes competing for the cores make every figure noisier.
            "load_average_1min": {"before": round(load_before[0], 2), "after": round(os.getloadavg()[0], 2)},
        },
        "scenarios": results,
        "rules_values_per_second": rules,
        "pass": all(r["pass"] for r in results.values() if r["status"] != "skipped"),
    }
    latest = bench / "latest.json"
    latest.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print(f"results: {latest}")
    return 0 if report["pass"] else 1


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=40_000, help="规模明细 data rows (收入明细 gets 30%%)")
    parser.add_argument("--runs", type=int, default=3, help="timed repetitions; the median is reported")
    parser.add_argument("--var", type=Path, default=Path(os.environ.get("WDH_VAR_DIR", "var")), help="var folder")
    parser.add_argument("--seed", type=int, default=SEED, help="generator seed")
    parser.add_argument(
        "--scenario",
        action="append",
        choices=list(SCENARIOS),
        help="scenario to run (repeatable; default: all of them)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.rows < 1000 or args.runs < 1:
        parser.error("--rows must be at least 1000 (a dirty month's minimum) and --runs at least 1")
    args.scenario = list(dict.fromkeys(args.scenario or SCENARIOS))
    return args


def ensure_month(cache: Path, rows: int, seed: int) -> Month:
    """Generate the month once per (rows, seed); ``month.json`` is written last, so an
    interrupted generation is redone rather than half used."""
    folder = cache / f"rows{rows}-seed{seed}"
    marker = folder / "month.json"
    if not marker.is_file():
        from work_data_hub.core.samples.generator import write_month

        shutil.rmtree(folder, ignore_errors=True)
        layout = write_month(
            folder / "root",
            PERIOD,
            perf_rows=rows,
            income_rows=rows * 3 // 10,
            seed=seed,
            dirty=True,
            with_traps=False,
            ledger_rows=max(5, rows // 100),
        )
        assert layout.ledger is not None
        info = {"annuity": layout.chosen, "ledger": layout.ledger, "layout": layout.to_dict()}
        marker.write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    info = json.loads(marker.read_text(encoding="utf-8"))
    layout = info["layout"]
    counts = {AP_SHEET: layout[AP_SHEET]["rows_read"], INCOME_SHEET: layout[INCOME_SHEET]["rows_read"]}
    counts["ledger rows per sheet"] = next(iter(layout.get("ledger_rows", {0: 0}).values()))
    root = folder / "root"
    return Month(root=root, annuity=root / info["annuity"], ledger=root / info["ledger"], rows=counts)


def _env(bench: Path, warehouse: Path | None = None) -> dict[str, str]:
    # A developer's own WDH_* settings must not leak into the measurement.
    env = {k: v for k, v in os.environ.items() if not k.startswith("WDH_")}
    env["WDH_VAR_DIR"] = str(bench / "var")
    if warehouse is not None:
        env["WDH_DATABASE_URL"] = f"sqlite:///{warehouse.as_posix()}"
    return env


def registered_domains(bench: Path) -> list[str]:
    argv = [PY, "-m", "work_data_hub.cli", "domains", "--json"]
    out = subprocess.run(argv, env=_env(bench), cwd=bench, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"bench: cannot list the registered domains (exit {out.returncode}): {out.stderr.strip()}")
    return [d["domain"] for d in json.loads(out.stdout)]


def etl_argv(scenario: Scenario, month: Month) -> list[str]:
    scope = ["--all-domains"] if scenario.domains is None else ["--domains", ",".join(scenario.domains)]
    tail = ["--period", PERIOD, "--execute", "--data-root", str(month.root), "--json"]
    return [PY, "-m", "work_data_hub.cli", "etl", *scope, *tail]


def baseline_argv(scenario: Scenario, month: Month) -> list[str]:
    reads = "; ".join(
        f"pd.read_excel({str(path)!r}, sheet_name={sheet!r}, engine='calamine')"
        for path, sheet in scenario.baseline(month)
    )
    return [PY, "-c", f"import pandas as pd; {reads}"]


def run_scenario(scenario: Scenario, month: Month, bench: Path, runs: int, registered: list[str]) -> dict[str, Any]:
    warehouse = bench / f"warehouse-{scenario.name}.sqlite"
    for stale in bench.glob(f"{warehouse.name}*"):
        stale.unlink()
    shutil.rmtree(bench / "var", ignore_errors=True)
    env = _env(bench, warehouse)
    etl, base = etl_argv(scenario, month), baseline_argv(scenario, month)

    prime = run_timed(etl, env=env, cwd=bench)  # untimed: the warehouse now holds the month
    _check_etl(prime, first=True)
    etl_runs: list[Timed] = []
    base_runs: list[Timed] = []
    for _ in range(runs):
        etl_runs.append(_check_etl(run_timed(etl, env=env, cwd=bench), first=False))
        base_runs.append(run_timed(base, env=env, cwd=bench))
        if base_runs[-1].code != 0:
            raise BenchFailure(f"baseline read failed (exit {base_runs[-1].code}): {base_runs[-1].stderr.strip()}")

    # Everything recorded derives from the recorded (millisecond) run times, so the
    # figures in latest.json agree with each other to the last digit.
    etl_median = round(median([round(r.seconds, 3) for r in etl_runs]), 3)
    base_median = round(median([round(r.seconds, 3) for r in base_runs]), 3)
    ratio = etl_median / base_median
    domains = json.loads(etl_runs[-1].stdout)["domains"]
    read = sum(d["rows_read"] for d in domains)
    inserted = sum(d["rows_inserted"] for d in domains)
    return {
        "status": "measured",
        "description": scenario.description,
        "domains": [d["domain"] for d in domains],
        "registered_domains": registered,
        "etl_command": _shown(etl, month),
        "baseline_command": _shown(base, month),
        "etl_seconds": [round(r.seconds, 3) for r in etl_runs],
        "baseline_seconds": [round(r.seconds, 3) for r in base_runs],
        "etl_median": round(etl_median, 3),
        "baseline_median": round(base_median, 3),
        "ratio": round(ratio, 3),
        "target": scenario.target,
        "pass": ratio <= scenario.target,
        "etl_cpu_seconds": [round(r.cpu_seconds, 3) for r in etl_runs],
        "baseline_cpu_seconds": [round(r.cpu_seconds, 3) for r in base_runs],
        "cpu_ratio": round(median([r.cpu_seconds for r in etl_runs]) / median([r.cpu_seconds for r in base_runs]), 3),
        "rows_read": read,
        "rows_inserted": inserted,
        "rows_per_second": round(read / etl_median),
        "etl_peak_rss_mb": round(max(r.peak_rss_mb for r in etl_runs), 1),
        "baseline_peak_rss_mb": round(max(r.peak_rss_mb for r in base_runs), 1),
        "etl_internal_seconds": [round(json.loads(r.stdout)["seconds"], 3) for r in etl_runs],
    }


def _check_etl(run: Timed, *, first: bool) -> Timed:
    """A failed or partial load would make a fast, meaningless time: stop the bench."""
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
        elif not first and d["rows_deleted"] != d["rows_inserted"]:
            problems.append(f"{d['domain']}: deleted {d['rows_deleted']} but inserted {d['rows_inserted']}")
    if domains is None and not problems:
        problems.append("no JSON summary on stdout")
    if problems:
        raise BenchFailure("etl run failed: " + "; ".join(problems))
    return run


def _shown(argv: list[str], month: Month) -> str:
    return " ".join(a if a == PY else a.replace(str(month.root), "<root>") for a in argv[1:])


def _skipped(scenario: Scenario, note: str) -> dict[str, Any]:
    return {"status": "skipped", "note": note, "target": scenario.target, "pass": None}


def rules_rates() -> dict[str, float] | dict[str, str]:
    out = subprocess.run([PY, str(BENCH_DIR / "rules_bench.py"), "--json"], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or ["rules_bench failed"])[-1]}
    rates: dict[str, float] = json.loads(out.stdout)
    return rates


def _print_scenario(name: str, r: dict[str, Any]) -> None:
    if r["status"] == "skipped":
        print(f"{name}: skipped — {r['note']}")
        return
    if r["status"] == "failed":
        print(f"{name}: FAIL — {r['error']}")
        return
    runs = ", ".join(f"{s:.2f}" for s in r["etl_seconds"])
    base = ", ".join(f"{s:.2f}" for s in r["baseline_seconds"])
    verdict = "PASS" if r["pass"] else "FAIL"
    print(f"{name}: {r['description']}")
    print(f"  etl      median {r['etl_median']:.2f} s  (runs {runs}; {r['rows_per_second']:,} rows/s)")
    print(f"  baseline median {r['baseline_median']:.2f} s  (runs {base})")
    print(f"  ratio {r['ratio']:.2f} (target ≤ {r['target']:g}) {verdict}; CPU-time ratio {r['cpu_ratio']:.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
