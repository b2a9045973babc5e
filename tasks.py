"""Developer tasks. Each one calls the CLI (or a repository script); no logic lives here."""

from __future__ import annotations

import sys

from invoke import Context, task

PY = sys.executable
CLI = f'"{PY}" -m work_data_hub.cli'


@task(
    help={
        "period": "Month to process, YYYYMM",
        "dry_run": "Report only; write nothing",
        "domains": "Comma-separated domains (default: all)",
        "data_root": "Folder holding the period folders",
    }
)
def etl(c: Context, period: str, dry_run: bool = False, domains: str = "", data_root: str = "") -> None:
    """Run the month: every domain, executed, unless narrowed (--dry-run reports only).
    Prints the exact CLI command first, so it can be rerun or adapted by hand."""
    parts = [CLI, "etl", f"--domains {domains}" if domains else "--all-domains", f"--period {period}"]
    if not dry_run:
        parts.append("--execute")
    if data_root:
        parts.append(f'--data-root "{data_root}"')
    command = " ".join(parts)
    print(command, flush=True)
    c.run(command, pty=sys.stdout.isatty())


@task(
    help={
        "args": "Extra pytest arguments",
        "quick": "SQLite only, no test marked slow: the edit-run loop (under 90 s on 2 cores)",
    }
)
def test(c: Context, args: str = "", quick: bool = False) -> None:
    """The whole test suite (needs PostgreSQL at 127.0.0.1:5432), or --quick without it."""
    marks = ' -m "not postgres and not slow"' if quick else ""
    c.run(f'"{PY}" -m pytest -n 2{marks} {args}', pty=sys.stdout.isatty())


@task
def lint(c: Context) -> None:
    """ruff (lint + format check) and mypy."""
    c.run(f'"{PY}" -m ruff check .')
    c.run(f'"{PY}" -m ruff format --check .')
    c.run(f'"{PY}" -m mypy')


@task
def example_data(c: Context) -> None:
    """Regenerate examples/data, examples/EXPECTED.json and the README's quick-start table
    from every registered domain's sample."""
    out = "--out examples/data --periods 202411,202412"
    c.run(f"{CLI} sample-data {out} --expected examples/EXPECTED.json --readme README.md")


@task(help={"database_url": "Warehouse to upgrade (default WDH_DATABASE_URL)"})
def db_upgrade(c: Context, database_url: str = "") -> None:
    """Apply pending warehouse migrations."""
    url = f'--database-url "{database_url}"' if database_url else ""
    c.run(f"{CLI} db upgrade {url}")


@task(help={"message": "What the migration changes"})
def db_revision(c: Context, message: str) -> None:
    """Write the next migration by autogenerate from the domain and platform declarations."""
    c.run(f'{CLI} db revision -m "{message}"')


@task(
    help={
        "rows": "规模明细 rows of the generated (1×) month",
        "runs": "Repetitions, the median is reported (default: 3; 1 with --scale)",
        "scenario": "Comma-separated: annuity_performance, annuity_both, all (default: every one)",
        "scale": "Run the scale benchmark instead: the month at 1× and at this multiple of --rows",
        "backend": "With --scale: sqlite or postgresql (default: both)",
        "legacy": "Legacy 规模明细 rows of the import-legacy throughput run (0 skips it; needs MariaDB)",
    }
)
def bench(
    c: Context,
    rows: int = 40000,
    runs: int = 0,
    scenario: str = "",
    scale: int = 0,
    backend: str = "",
    legacy: int = 600000,
) -> None:
    """Benchmark the month load against the baseline calamine read; fails over target."""
    repeat = f" --runs {runs}" if runs else ""
    if scale:
        backends = "".join(f" --backend {b.strip()}" for b in backend.split(",") if b.strip())
        c.run(f'"{PY}" bench/scale_bench.py --scale {scale} --rows {rows}{repeat}{backends}')
        return
    scenarios = "".join(f" --scenario {s.strip()}" for s in scenario.split(",") if s.strip())
    month = c.run(f'"{PY}" bench/annuity_bench.py --rows {rows}{repeat}{scenarios}', warn=True)
    history = None
    if legacy:  # the legacy import's rows/s against the month load's (needs MariaDB on 127.0.0.1)
        history = c.run(f'"{PY}" bench/legacy_bench.py --rows {legacy} --etl-rows {rows}', warn=True)
    failed = [r for r in (month, history) if r is not None and r.exited]
    if failed:
        raise SystemExit(failed[0].exited)


@task(help={"host": "Interface the UI binds to (default 127.0.0.1: this machine only)", "port": "UI port"})
def dagster(c: Context, host: str = "127.0.0.1", port: int = 3000) -> None:
    """Dagster UI and daemon locally (DAGSTER_HOME defaults to var/dagster; see docs/deploy.md)."""
    c.run(f'"{PY}" -m work_data_hub.orchestration.dev --host {host} --port {port}', pty=sys.stdout.isatty())
