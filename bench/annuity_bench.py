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

from etl_process import (
    PY,
    BenchFailure,
    baseline_argv,
    check_baseline,
    check_etl,
    env,
    etl_argv,
    floor_argv,
    registered_domains,
    shown,
    sqlite_url,
    write_latest,
)
from month import AP_SHEET, INCOME_SHEET, SEED, Month, ensure_month
from process_timer import Timed, median, median_seconds, run_timed

BENCH_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Scenario:
    name: str
    domains: tuple[str, ...] | None  # None: --all-domains
    target: float
    # What the baseline process reads: (workbook, sheet_name argument of pd.read_excel).
    baseline: Callable[[Month], list[tuple[Path, Any]]]
    description: str
    execute: bool = True


SCENARIOS: dict[str, Scenario] = {
    s.name: s
    for s in (
        Scenario(
            "annuity_performance",
            ("annuity_performance",),
            2.0,
            lambda m: [(m.annuity, AP_SHEET)],
            "规模明细 into a warehouse holding the month vs reading 规模明细",
        ),
        Scenario(
            "annuity_performance_dry",
            ("annuity_performance",),
            1.5,
            lambda m: [(m.annuity, AP_SHEET)],
            "dry run of 规模明细 (writes nothing) vs reading 规模明细",
            execute=False,
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
            2.0,
            lambda m: [(path, None) for path in m.books.values()],
            "--all-domains, customer master included, vs reading every sheet of the month's workbooks",
        ),
        Scenario(
            "all_dry",
            None,
            1.5,
            lambda m: [(path, None) for path in m.books.values()],
            "dry run of --all-domains vs reading every sheet of the month's workbooks",
            execute=False,
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
    latest = write_latest(bench, report)
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


def run_scenario(scenario: Scenario, month: Month, bench: Path, runs: int, registered: list[str]) -> dict[str, Any]:
    warehouse = bench / f"warehouse-{scenario.name}.sqlite"
    for stale in bench.glob(f"{warehouse.name}*"):
        stale.unlink()
    shutil.rmtree(bench / "var", ignore_errors=True)
    run_env = env(bench, sqlite_url(warehouse))
    etl = etl_argv(scenario.domains, month, execute=scenario.execute)
    base, floor = baseline_argv(scenario.baseline(month)), floor_argv(scenario.baseline(month))

    # Untimed: the warehouse now holds the month (a dry run then reads what it would replace).
    prime = run_timed(etl_argv(scenario.domains, month), env=run_env, cwd=bench)
    check_etl(prime, replaced=False)
    etl_runs: list[Timed] = []
    base_runs: list[Timed] = []
    floor_runs: list[Timed] = []
    for _ in range(runs):
        etl_runs.append(check_etl(run_timed(etl, env=run_env, cwd=bench), replaced=True))
        base_runs.append(check_baseline(run_timed(base, env=run_env, cwd=bench)))
        floor_runs.append(check_baseline(run_timed(floor, env=run_env, cwd=bench)))

    etl_median, base_median = median_seconds(etl_runs), median_seconds(base_runs)
    floor_median = median_seconds(floor_runs)
    domains = json.loads(etl_runs[-1].stdout)["domains"]
    steps = _post_load(etl_runs)
    # The whole process counts, the customer master's post-load step included (issue 21).
    step_seconds = [sum(s["seconds"] for s in json.loads(r.stdout).get("steps", [])) for r in etl_runs]
    load_median = median([r.seconds - extra for r, extra in zip(etl_runs, step_seconds, strict=True)])
    ratio = etl_median / base_median
    read = sum(d["rows_read"] for d in domains)
    inserted = sum(d["rows_inserted"] for d in domains)
    return {
        "status": "measured",
        "description": scenario.description,
        "domains": [d["domain"] for d in domains],
        "registered_domains": registered,
        "etl_command": shown(etl, month),
        "baseline_command": shown(base, month),
        "etl_seconds": [round(r.seconds, 3) for r in etl_runs],
        "baseline_seconds": [round(r.seconds, 3) for r in base_runs],
        "etl_median": round(etl_median, 3),
        "etl_median_without_post_load": round(load_median, 3),
        "baseline_median": round(base_median, 3),
        "ratio": round(ratio, 3),
        "target": scenario.target,
        # The customer master's step must also take less than the annuity_performance load.
        "pass": ratio <= scenario.target and all(step["pass"] for step in steps.values()),
        "floor_command": shown(floor, month),
        "floor_seconds": [round(r.seconds, 3) for r in floor_runs],
        "floor_median": round(floor_median, 3),
        "floor_ratio": round(etl_median / floor_median, 3),
        "execute": scenario.execute,
        "post_load_steps": steps,
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


def _post_load(etl_runs: list[Timed]) -> dict[str, dict[str, Any]]:
    """Each post-load step's time (the customer master's sync + snapshot) against the
    annuity_performance load of the same run: the step must take less than the load."""
    out: dict[str, dict[str, Any]] = {}
    for run in etl_runs:
        summary = json.loads(run.stdout)
        load = sum(d["seconds"] for d in summary["domains"] if d["domain"] == "annuity_performance")
        for step in summary.get("steps", []):
            entry = out.setdefault(step["step"], {"seconds": [], "annuity_performance_seconds": []})
            entry["seconds"].append(round(step["seconds"], 3))
            entry["annuity_performance_seconds"].append(round(load, 3))
    for entry in out.values():
        entry["median"] = round(median(entry["seconds"]), 3)
        entry["annuity_performance_median"] = round(median(entry["annuity_performance_seconds"]), 3)
        entry["pass"] = entry["median"] < entry["annuity_performance_median"]
    return out


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
    print(f"  etl without the post-load steps: median {r['etl_median_without_post_load']:.2f} s")
    print(f"  baseline median {r['baseline_median']:.2f} s  (runs {base})")
    print(f"  ratio {r['ratio']:.2f} (target ≤ {r['target']:g}) {verdict}; CPU-time ratio {r['cpu_ratio']:.2f}")
    print(f"  fastexcel-to-Arrow floor median {r['floor_median']:.2f} s: {r['floor_ratio']:.2f}× the floor")
    for step, t in r.get("post_load_steps", {}).items():
        verdict = "PASS" if t["pass"] else "FAIL"
        print(
            f"  {step} median {t['median']:.2f} s vs annuity_performance load {t['annuity_performance_median']:.2f} s"
            f" (must be less) {verdict}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
