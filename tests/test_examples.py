"""The README quick start on the committed example data gives exactly the counts of
examples/EXPECTED.json, on the default SQLite warehouse and on PostgreSQL."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from support import warehouse as wh
from support.etl import upgrade

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "data"
EXPECTED = json.loads((REPO / "examples" / "EXPECTED.json").read_text(encoding="utf-8"))


def _sheets_by_domain(cli) -> dict[str, str]:  # type: ignore[no-untyped-def]
    listed = cli("domains", "--json")
    assert listed.code == 0, listed.stderr
    return {d["domain"]: d["sheets"][0] for d in listed.json if d["sheets"]}


def _check_period(cli, result, period: str, sheets: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    expected = EXPECTED["periods"][period]
    assert result.code == 0, result.stdout + result.stderr
    summary = result.json
    assert summary["period"] == period and summary["dry_run"] is False and summary["status"] == "ok"
    runs = {d["domain"]: d for d in summary["domains"]}
    checked = []
    for domain, run in runs.items():
        counts = expected.get(sheets.get(domain, ""))
        if counts is None:
            continue
        checked.append(domain)
        assert run["status"] == "ok", run["error"]
        assert run["file"] == expected["chosen"]
        assert run["version"] == "V2"
        assert run["rows_read"] == counts["rows_read"]
        assert run["rows_blank"] == counts["rows_blank"]
        assert run["rows_repeated_header"] == counts["rows_repeated_header"]
        assert run["rows_rejected"] == counts["rows_rejected_total"]
        assert run["rows_inserted"] == counts["rows_inserted_expected"]
        with (cli.cwd / run["rejected_file"]).open(encoding="utf-8-sig", newline="") as fh:
            rejected = {r["row_number"]: r["reason"] for r in csv.DictReader(fh)}
        assert rejected == counts["rejected_rows"]
    assert "annuity_performance" in checked


@pytest.mark.slow
def test_quick_start_counts(cli, backend: str, warehouse_url: str, tmp_path: Path) -> None:
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

    sheets = _sheets_by_domain(cli)
    for period in ("202411", "202412"):
        result = cli("etl", "--all-domains", "--period", period, "--data-root", str(EXAMPLES), "--execute", "--json")
        _check_period(cli, result, period, sheets)

    stored = wh.ap_counts(url)
    assert stored == {
        "2024-11-01": EXPECTED["periods"]["202411"]["规模明细"]["rows_inserted_expected"],
        "2024-12-01": EXPECTED["periods"]["202412"]["规模明细"]["rows_inserted_expected"],
    }
    ledger = [(r["period"], r["domain"], r["status"], r["rows_inserted"]) for r in wh.ledger(url)]
    assert ("202411", "annuity_performance", "ok", 995) in ledger
    assert ("202412", "annuity_performance", "ok", 995) in ledger
