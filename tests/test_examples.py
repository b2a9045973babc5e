"""The committed examples: produced from the registry by one command and never stale, and
the README quick start on them gives exactly the counts of examples/EXPECTED.json for every
registered domain, on the default SQLite warehouse and on PostgreSQL."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from support import warehouse as wh
from support.etl import upgrade
from work_data_hub.core.domains.registry import domain_names
from work_data_hub.core.samples.examples import MANIFEST, quickstart_table

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "data"
EXPECTED = json.loads((REPO / "examples" / "EXPECTED.json").read_text(encoding="utf-8"))
PERIODS = tuple(EXPECTED["periods"])


def test_every_registered_domain_has_example_data() -> None:
    for period in PERIODS:
        assert list(EXPECTED["periods"][period]["domains"]) == domain_names()


def test_examples_are_not_stale(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`invoke example-data` run now writes exactly the committed files, EXPECTED.json and
    README table: a new domain or a changed sample fails here until they are regenerated."""
    readme = tmp_path / "README.md"
    readme.write_text((REPO / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    out, expected = tmp_path / "data", tmp_path / "EXPECTED.json"
    argv = EXPECTED["generator"]["argv"]
    result = cli("sample-data", "--out", str(out), *argv, "--expected", str(expected), "--readme", str(readme))
    assert result.code == 0, result.stderr
    assert json.loads(expected.read_text(encoding="utf-8")) == EXPECTED
    assert readme.read_text(encoding="utf-8") == (REPO / "README.md").read_text(encoding="utf-8")
    committed = sorted(p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*") if p.is_file())
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == committed
    stale = [f for f in committed if f != MANIFEST and (EXAMPLES / f).read_bytes() != (out / f).read_bytes()]
    assert stale == [], "examples are stale: run `invoke example-data`"


def test_readme_quick_start_table_is_the_expected_counts() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert quickstart_table(EXPECTED, PERIODS[0]) in readme


def _check_period(cli, result, period: str) -> None:  # type: ignore[no-untyped-def]
    expected = EXPECTED["periods"][period]["domains"]
    assert result.code == 0, result.stdout + result.stderr
    summary = result.json
    assert summary["period"] == period and summary["dry_run"] is False and summary["status"] == "ok"
    runs = {d["domain"]: d for d in summary["domains"]}
    assert set(runs) == set(expected)
    for domain, counts in expected.items():
        run = runs[domain]
        assert run["status"] == "ok", (domain, run["error"])
        assert (run["file"], run["version"]) == (counts["file"], counts["version"]), domain
        got = {k: run[k] for k in ("rows_read", "rows_blank", "rows_repeated_header", "rows_rejected", "rows_inserted")}
        got["rows_skipped"] = run["counters"].get("rows_skipped", 0)
        assert got == {k: counts[k] for k in got}, domain
        rejected: dict[str, dict[str, str]] = {}
        if run["rejected_file"]:
            with (cli.cwd / run["rejected_file"]).open(encoding="utf-8-sig", newline="") as fh:
                for r in csv.DictReader(fh):
                    rejected.setdefault(r["sheet"], {})[r["row_number"]] = r["reason"]
        assert rejected == {s: rows for s, rows in counts["rejected_rows"].items() if rows}, domain
    assert all(w["reads"] == 1 for w in summary["workbooks"])


@pytest.mark.slow
def test_quick_start_counts(cli, backend: str, warehouse_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if backend == "sqlite":
        # The quick start itself: a fresh directory, no settings, the default warehouse.
        fresh = tmp_path / "fresh"
        fresh.mkdir()
        cli.cwd = fresh
        cli.env = {k: v for k, v in cli.env.items() if k not in ("WDH_DATABASE_URL", "WDH_VAR_DIR", "WDH_CONFIG_DIR")}
        url = f"sqlite:///{(fresh / 'var' / 'warehouse.sqlite').as_posix()}"
    else:
        upgrade(warehouse_url)
        url = warehouse_url

    for period in PERIODS:
        result = cli("etl", "--all-domains", "--period", period, "--data-root", str(EXAMPLES), "--execute", "--json")
        _check_period(cli, result, period)

    ap = {p: EXPECTED["periods"][p]["domains"]["annuity_performance"]["rows_inserted"] for p in PERIODS}
    assert wh.ap_counts(url) == {f"{p[:4]}-{p[4:]}-01": n for p, n in ap.items()}


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])
def test_readme_everyday_commands_work_after_the_quick_start(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The quick start's .env (WDH_DATA_ROOT=examples/data) in a checkout-like folder: every
    `python -m work_data_hub.cli …` line of the README's Everyday commands succeeds."""
    script = (REPO / "scripts" / "quickstart.sh").read_text(encoding="utf-8")
    assert "WDH_DATA_ROOT=examples/data" in script
    checkout = tmp_path / "checkout"
    (checkout / "examples").mkdir(parents=True)
    (checkout / "examples" / "data").symlink_to(EXAMPLES, target_is_directory=True)
    (checkout / ".env").write_text("WDH_DATA_ROOT=examples/data\n", encoding="utf-8")
    cli.cwd = checkout
    cli.env = {k: v for k, v in cli.env.items() if k not in ("WDH_DATA_ROOT", "WDH_VAR_DIR", "WDH_DATABASE_URL")}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Everyday commands", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].split()[3:] for line in block.splitlines() if line.startswith("python -m")]
    assert len(commands) >= 4
    for args in commands:
        result = cli(*args)
        assert result.code == 0, f"{' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    assert (checkout / "var" / "warehouse.sqlite").is_file()  # the default warehouse of the checkout
