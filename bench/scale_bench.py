"""Scale benchmark: one month at 1× and at N× the rows, for every domain and
``--all-domains``, dry run and ``--execute``, on SQLite and PostgreSQL.

    python bench/scale_bench.py [--scale 10] [--rows 40000] [--runs 1]
                                [--backend sqlite --backend postgresql] [--case NAME ...]
                                [--var var] [--pg-admin-url URL] [--json]

Per size the month is generated once (cached beside annuity_bench's months); per size and
backend a fresh warehouse is created and loaded once, untimed, so every timed ``--execute``
re-loads a month the warehouse already holds, as a month-end re-run does. Each case is timed
as a separate process, and so is the baseline: one process that imports pandas and reads the
same sheets with calamine. PostgreSQL warehouses are databases the bench creates
(``wdh_bench_<random>``) and drops when it ends; it never touches another database.

Targets, per case, mode and backend: the N× wall time at most 1.1·N times the 1× wall time
(11× at ``--scale 10``), and the N× peak RSS at most twice the N× baseline read's peak RSS;
for ``annuity_performance`` and ``all`` (issue 21) also the wall time at most 2.0× the
baseline read's at both sizes with ``--execute`` and 1.5× as a dry run. Each figure also
gives its ratio to a bare fastexcel read into Arrow (the floor).
Results go to the ``scale`` section of ``<var>/bench/latest.json``; the exit code is 1 when a
target is missed or a run fails.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import sys
import uuid
from collections.abc import Iterator
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

from work_data_hub.core.domains.ledger_samples import AWARD_INVEST, AWARD_TRUSTEE, LOSS_INVEST, LOSS_TRUSTEE

BACKENDS = ("sqlite", "postgresql")
MODES = ("dry_run", "execute")
DEFAULT_PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TIME_SLACK = 1.1  # N× the rows may take N × 1.1 the time
RSS_LIMIT = 2.0  # peak RSS at most twice the baseline read's
# Wall time against the baseline read, per case and mode (issue 21), at every size.
VS_BASELINE = {("annuity_performance", "execute"): 2.0, ("all", "execute"): 2.0}
VS_BASELINE |= {("annuity_performance", "dry_run"): 1.5, ("all", "dry_run"): 1.5}


@dataclass(frozen=True)
class Case:
    name: str
    domains: tuple[str, ...] | None  # None: --all-domains
    sheets: tuple[tuple[str, tuple[str, ...] | None], ...]  # (workbook kind, sheet names or None: all)

    def reads(self, month: Month) -> list[tuple[Path, Any]]:
        if not self.sheets:  # every workbook of the month, all sheets
            return [(path, None) for path in month.books.values()]
        return [(month.books[kind], list(names) if names else None) for kind, names in self.sheets]


CASES: dict[str, Case] = {
    c.name: c
    for c in (
        Case("annual_award", ("annual_award",), (("ledger", (AWARD_TRUSTEE, AWARD_INVEST)),)),
        Case("annual_loss", ("annual_loss",), (("ledger", (LOSS_TRUSTEE, LOSS_INVEST)),)),
        Case("annuity_performance", ("annuity_performance",), (("annuity", (AP_SHEET,)),)),
        Case("annuity_income", ("annuity_income",), (("annuity", (INCOME_SHEET,)),)),
        Case("all", None, ()),
    )
}


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    bench = (args.var / "bench").resolve()
    bench.mkdir(parents=True, exist_ok=True)
    registered = registered_domains(bench)
    missing = [d for c in args.case for d in CASES[c].domains or () if d not in registered]
    if missing:
        raise SystemExit(f"bench: domain(s) not registered: {', '.join(missing)}")
    sizes = {1: args.rows, args.scale: args.rows * args.scale}
    measured: dict[int, dict[str, Any]] = {}
    error = None
    try:
        with _postgres(args) as pg:
            for scale, rows in sizes.items():
                month = ensure_month(bench / "data", rows, args.seed)
                measured[scale] = measure_size(month, bench, args, pg)
                if not args.json:
                    print(f"measured {rows:,} rows ({scale}×)", file=sys.stderr)
    except BenchFailure as exc:
        error = str(exc)
        print(f"bench scale: {exc}", file=sys.stderr)
    report = build_report(args, sizes, measured, error)
    latest = write_latest(bench, {"scale": report})
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
    else:
        print_report(report)
        print(f"results: {latest} (section scale)")
    return 0 if report["pass"] else 1


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="size of the large month, in multiples of --rows")
    parser.add_argument("--rows", type=int, default=40_000, help="规模明细 data rows of the 1× month")
    parser.add_argument("--runs", type=int, default=1, help="timed repetitions per case; the median is reported")
    parser.add_argument("--backend", action="append", choices=BACKENDS, help="warehouse backend (default: both)")
    parser.add_argument("--case", action="append", choices=list(CASES), help="case to run (default: all of them)")
    parser.add_argument("--var", type=Path, default=Path(os.environ.get("WDH_VAR_DIR", "var")), help="var folder")
    parser.add_argument("--seed", type=int, default=SEED, help="generator seed")
    parser.add_argument(
        "--pg-admin-url",
        default=os.environ.get("WDH_BENCH_PG_ADMIN_URL", DEFAULT_PG_ADMIN),
        help="PostgreSQL server the bench creates its databases on",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args(argv)
    if args.scale < 2 or args.rows < 2000 or args.runs < 1:
        parser.error(
            "--scale must be at least 2, --runs at least 1, and --rows at least 2000 "
            "(with fewer the dirty 收入明细 has over 1%% rejected rows)"
        )
    args.backend = list(dict.fromkeys(args.backend or BACKENDS))
    args.case = list(dict.fromkeys(args.case or CASES))
    return args


@contextlib.contextmanager
def _postgres(args: argparse.Namespace) -> Iterator[PgDatabases | None]:
    """The bench's PostgreSQL databases (None without that backend), all dropped at the end."""
    pg = PgDatabases(args.pg_admin_url) if "postgresql" in args.backend else None
    try:
        if pg is not None:
            pg.check()
        yield pg
    finally:
        if pg is not None:
            pg.drop_all()


class PgDatabases:
    """Databases this bench created on the server, and only those, are dropped."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        # A caller (the test) may name its own prefix to find exactly what this run made.
        self.prefix = os.environ.get("WDH_BENCH_PG_PREFIX", "wdh_bench_")
        self.created: list[str] = []

    def check(self) -> None:
        import psycopg

        try:
            with psycopg.connect(self.admin_url, connect_timeout=5) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error as exc:
            raise BenchFailure(f"PostgreSQL is not reachable ({type(exc).__name__}); use --backend sqlite") from None

    def create(self) -> str:
        import psycopg
        from psycopg import sql
        from sqlalchemy.engine import make_url

        name = f"{self.prefix}{uuid.uuid4().hex[:10]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created.append(name)
        url = make_url(self.admin_url).set(drivername="postgresql+psycopg", database=name)
        return url.render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if not self.created:
            return
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            for name in self.created:
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        self.created.clear()


def fresh_warehouse(backend: str, bench: Path, rows: int, pg: PgDatabases | None) -> str:
    """The URL of an empty warehouse for one month size."""
    if backend == "postgresql":
        assert pg is not None
        return pg.create()
    path = bench / f"warehouse-scale-{rows}.sqlite"
    for stale in bench.glob(f"{path.name}*"):
        stale.unlink()
    return sqlite_url(path)


def measure_size(month: Month, bench: Path, args: argparse.Namespace, pg: PgDatabases | None) -> dict[str, Any]:
    """Baselines per case, then per backend: prime a fresh warehouse, time every case."""
    rows = month.rows["annuity_performance"]
    out: dict[str, Any] = {"month": month.rows, "baseline": {}, "etl": {}}
    for name in args.case:
        base, floor = baseline_argv(CASES[name].reads(month)), floor_argv(CASES[name].reads(month))
        runs = [check_baseline(run_timed(base, env=env(bench), cwd=bench)) for _ in range(args.runs)]
        floors = [check_baseline(run_timed(floor, env=env(bench), cwd=bench)) for _ in range(args.runs)]
        out["baseline"][name] = {
            **_figures(runs),
            "command": shown(base, month),
            "floor_seconds": median_seconds(floors),
            "floor_command": shown(floor, month),
        }
    for backend in args.backend:
        shutil.rmtree(bench / "var", ignore_errors=True)
        run_env = env(bench, fresh_warehouse(backend, bench, rows, pg))
        upgrade = run_timed([PY, "-m", "work_data_hub.cli", "db", "upgrade"], env=run_env, cwd=bench)
        if upgrade.code != 0:
            raise BenchFailure(f"db upgrade failed (exit {upgrade.code}): {upgrade.stderr.strip()[-500:]}")
        check_etl(run_timed(etl_argv(None, month), env=run_env, cwd=bench), replaced=False)
        for name in args.case:
            case = CASES[name]
            for mode in MODES:
                argv = etl_argv(case.domains, month, execute=mode == "execute")
                runs = [
                    check_etl(run_timed(argv, env=run_env, cwd=bench), replaced=mode == "execute")
                    for _ in range(args.runs)
                ]
                summary = json.loads(runs[-1].stdout)["domains"]
                out["etl"][f"{backend}/{name}/{mode}"] = {
                    **_figures(runs),
                    "rows_read": sum(d["rows_read"] for d in summary),
                    "rows_loaded": sum(d["rows_inserted"] for d in summary),
                    "command": shown(argv, month),
                }
    return out


def _figures(runs: list[Timed]) -> dict[str, Any]:
    return {
        "seconds": median_seconds(runs),
        "runs_seconds": [round(r.seconds, 3) for r in runs],
        "cpu_seconds": round(median([r.cpu_seconds for r in runs]), 3),
        "peak_rss_mb": round(max(r.peak_rss_mb for r in runs), 1),
    }


def build_report(
    args: argparse.Namespace, sizes: dict[int, int], measured: dict[int, dict[str, Any]], error: str | None
) -> dict[str, Any]:
    results = []
    if error is None:
        small, large = measured[1], measured[args.scale]
        for key, big in large["etl"].items():
            backend, case, mode = key.split("/")
            results.append(_result(backend, case, mode, small, big, large["baseline"][case], args.scale))
    return {
        "timestamp": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "scale": args.scale,
        "rows": {f"{k}x": v for k, v in sizes.items()},
        "runs": args.runs,
        "seed": args.seed,
        "backends": args.backend,
        "targets": {"time_vs_1x": round(TIME_SLACK * args.scale, 3), "peak_rss_vs_baseline": RSS_LIMIT},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "sizes": {f"{k}x": v for k, v in measured.items()},
        "results": results,
        "error": error,
        "pass": error is None and all(r["pass"] for r in results),
    }


def _result(
    backend: str, case: str, mode: str, small: dict[str, Any], big: dict[str, Any], base: dict[str, Any], scale: int
) -> dict[str, Any]:
    one = small["etl"][f"{backend}/{case}/{mode}"]
    time_ratio = big["seconds"] / one["seconds"]
    rss_ratio = big["peak_rss_mb"] / base["peak_rss_mb"]
    vs_base, vs_base_1x = big["seconds"] / base["seconds"], one["seconds"] / small["baseline"][case]["seconds"]
    limit = VS_BASELINE.get((case, mode))
    fast_enough = limit is None or (vs_base <= limit and vs_base_1x <= limit)
    return {
        "backend": backend,
        "case": case,
        "mode": mode,
        "seconds_1x": one["seconds"],
        "seconds": big["seconds"],
        "rows_per_second": round(big["rows_read"] / big["seconds"]),
        "peak_rss_mb": big["peak_rss_mb"],
        "baseline_seconds": base["seconds"],
        "baseline_peak_rss_mb": base["peak_rss_mb"],
        "seconds_vs_baseline": round(vs_base, 3),
        "seconds_vs_baseline_1x": round(vs_base_1x, 3),
        "seconds_vs_baseline_target": limit,
        "seconds_vs_floor": round(big["seconds"] / base["floor_seconds"], 3),
        "seconds_vs_floor_1x": round(one["seconds"] / small["baseline"][case]["floor_seconds"], 3),
        "peak_rss_vs_baseline": round(rss_ratio, 3),
        "seconds_vs_1x": round(time_ratio, 3),
        "pass": time_ratio <= TIME_SLACK * scale and rss_ratio <= RSS_LIMIT and fast_enough,
    }


def print_report(report: dict[str, Any]) -> None:
    if report["error"]:
        print(f"scale bench FAILED: {report['error']}")
        return
    t = report["targets"]
    big_rows = report["rows"][f"{report['scale']}x"]
    print(
        f"scale {report['scale']}× ({big_rows:,} rows): "
        f"targets time ≤ {t['time_vs_1x']:g}× the 1× time, peak RSS ≤ {t['peak_rss_vs_baseline']:g}× the baseline read"
    )
    head = f"{'backend':<11}{'case':<21}{'mode':<9}{'s (1×)':>8}{'s':>9}{'rows/s':>9}{'×1×':>7}"
    print(head + f"{'×base 1×':>9}{'×base':>7}{'×floor':>7}{'RSS MB':>8}{'×base':>7}  verdict")
    for r in report["results"]:
        print(
            f"{r['backend']:<11}{r['case']:<21}{r['mode']:<9}{r['seconds_1x']:>8.2f}{r['seconds']:>9.2f}"
            f"{r['rows_per_second']:>9,}{r['seconds_vs_1x']:>7.2f}{r['seconds_vs_baseline_1x']:>9.2f}"
            f"{r['seconds_vs_baseline']:>7.2f}{r['seconds_vs_floor']:>7.2f}"
            f"{r['peak_rss_mb']:>8.0f}{r['peak_rss_vs_baseline']:>7.2f}  {'PASS' if r['pass'] else 'FAIL'}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
