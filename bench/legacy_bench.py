"""Legacy import throughput against the month load.

    python bench/legacy_bench.py [--rows 600000] [--month-rows 35000] [--etl-rows 40000] [--var var] [--json]

Writes a legacy business.规模明细 of ``--rows`` rows (``--month-rows`` per month) into a
MariaDB database of its own on 127.0.0.1:3306 (dropped afterwards), times
``import-legacy --kinds 规模明细 --execute`` into a fresh SQLite warehouse as one process,
and times ``etl --domains annuity_performance --execute`` of a ``--etl-rows`` month into a
warehouse already holding it. The target (issue: legacy import) is that the import reads
at least as many rows per second as the month load. Results go to the ``legacy`` section
of ``<var>/bench/latest.json``; exit 1 when under target or a run fails.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from etl_process import PY, BenchFailure, check_etl, env, etl_argv, sqlite_url, write_latest
from month import SEED, ensure_month
from process_timer import run_timed

# The legacy tables come from the tests' own generator: the bench measures the very shapes
# the tests prove the import handles.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from support.legacy import LegacyServer, write_performance_history


def _periods(months: int) -> list[str]:
    out, year, month = [], 2023, 1
    for _ in range(months):
        out.append(f"{year}{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    bench = (args.var / "bench").resolve()
    bench.mkdir(parents=True, exist_ok=True)
    server = LegacyServer(prefix=f"wdh_bench_legacy_{os.getpid()}")
    months = -(-args.rows // args.month_rows)
    try:
        written = write_performance_history(server, _periods(months), args.month_rows, args.seed)
        report = {"legacy": _measure(server, sum(written.rows.values()), bench, args)}
    except BenchFailure as exc:
        report = {"legacy": {"status": "failed", "error": str(exc), "pass": False}}
    finally:
        server.drop()
    latest = write_latest(bench, report)
    r = report["legacy"]
    if args.json:
        print(json.dumps(r, ensure_ascii=False))
    elif r["status"] == "failed":
        print(f"legacy import: FAIL — {r['error']}")
    else:
        verdict = "PASS" if r["pass"] else "FAIL"
        print(
            f"legacy import: {r['legacy_rows']:,} rows in {r['import_seconds']:.1f} s "
            f"({r['import_rows_per_second']:,} rows/s)"
        )
        print(
            f"month load:    {r['etl_rows']:,} rows in {r['etl_seconds']:.1f} s ({r['etl_rows_per_second']:,} rows/s)"
        )
        print(f"ratio {r['ratio']:.2f} (target ≥ 1) {verdict}; results: {latest}")
    return 0 if r["pass"] else 1


def _measure(server: LegacyServer, legacy_rows: int, bench: Path, args: argparse.Namespace) -> dict[str, Any]:
    warehouse = bench / "warehouse-legacy.sqlite"
    for stale in bench.glob(f"{warehouse.name}*"):
        stale.unlink()
    run_env = env(bench, sqlite_url(warehouse))
    imported = run_timed(
        [PY, "-m", "work_data_hub.cli", "import-legacy", "--from", server.url, *server.options(),
         "--kinds", "规模明细", "--execute", "--json"],
        env=run_env,
        cwd=bench,
    )  # fmt: skip
    if imported.code != 0:
        raise BenchFailure(f"import-legacy failed (exit {imported.code}): {imported.stderr.strip()[-500:]}")
    summary = json.loads(imported.stdout)
    if summary["rows_read"] != legacy_rows:
        raise BenchFailure(f"import-legacy read {summary['rows_read']} of {legacy_rows} legacy rows")

    month = ensure_month(bench / "data", args.etl_rows, args.seed)
    etl_warehouse = bench / "warehouse-legacy-etl.sqlite"
    for stale in bench.glob(f"{etl_warehouse.name}*"):
        stale.unlink()
    etl_env = env(bench, sqlite_url(etl_warehouse))
    argv = etl_argv(("annuity_performance",), month)
    check_etl(run_timed(argv, env=etl_env, cwd=bench), replaced=False)  # the warehouse now holds the month
    etl = check_etl(run_timed(argv, env=etl_env, cwd=bench), replaced=True)
    etl_rows = sum(d["rows_read"] for d in json.loads(etl.stdout)["domains"])

    import_rate = legacy_rows / imported.seconds
    etl_rate = etl_rows / etl.seconds
    return {
        "status": "measured",
        "legacy_rows": legacy_rows,
        "legacy_months": len({m["period"] for m in summary["months"]}),
        "import_seconds": round(imported.seconds, 3),
        "import_rows_per_second": round(import_rate),
        "import_peak_rss_mb": round(imported.peak_rss_mb, 1),
        "etl_rows": etl_rows,
        "etl_seconds": round(etl.seconds, 3),
        "etl_rows_per_second": round(etl_rate),
        "ratio": round(import_rate / etl_rate, 3),
        "target": 1.0,
        "pass": import_rate >= etl_rate,
        "load_average_1min": round(os.getloadavg()[0], 2),
    }


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=600_000, help="legacy 规模明细 rows in all")
    parser.add_argument("--month-rows", type=int, default=35_000, help="legacy rows per month")
    parser.add_argument("--etl-rows", type=int, default=40_000, help="规模明细 rows of the compared month load")
    parser.add_argument("--var", type=Path, default=Path(os.environ.get("WDH_VAR_DIR", "var")), help="var folder")
    parser.add_argument("--seed", type=int, default=SEED, help="generator seed")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.rows < args.month_rows or args.month_rows < 100 or args.etl_rows < 2000:
        parser.error("--rows must be at least --month-rows, --month-rows at least 100, --etl-rows at least 2000")
    return args


if __name__ == "__main__":
    raise SystemExit(main())
