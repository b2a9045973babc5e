"""The committed example ledgers load with exactly the counts of examples/EXPECTED.json
(`ledgers`), on SQLite and PostgreSQL, one period after the other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support.etl import upgrade

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "data"
EXPECTED = json.loads((REPO / "examples" / "EXPECTED.json").read_text(encoding="utf-8"))


@pytest.mark.slow
def test_example_ledgers_load_with_the_expected_counts(cli, backend: str, warehouse_url: str) -> None:  # type: ignore[no-untyped-def]
    if backend == "postgres":
        upgrade(warehouse_url)
    for period in ("202411", "202412"):
        expected = EXPECTED["periods"][period]
        args = ("etl", "--domains", "annual_award,annual_loss", "--period", period, "--data-root", str(EXAMPLES))
        result = cli(*args, "--execute", "--json")
        assert result.code == 0, result.stdout + result.stderr
        runs = {d["domain"]: d for d in result.json["domains"]}
        assert set(runs) == set(expected["ledgers"])
        for domain, counts in expected["ledgers"].items():
            run = runs[domain]
            assert run["status"] == "ok" and run["file"] == expected["ledger"]
            got = {
                "rows_read": run["rows_read"],
                "rows_blank": run["rows_blank"],
                "rows_rejected": run["rows_rejected"],
                "rows_skipped": run["counters"]["rows_skipped"],
                "rows_inserted": run["rows_inserted"],
            }
            assert got == counts, domain
            # The dirty values the examples carry are reported, not rejected.
            assert any("placeholder" in w for w in run["warnings"])
            assert any("计划规模 unparseable" in w for w in run["warnings"])
        assert [w["reads"] for w in result.json["workbooks"]] == [1]


def test_readme_quick_start_table_shows_the_ledger_counts() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for domain, c in EXPECTED["periods"]["202411"]["ledgers"].items():
        row = f"| {domain} | {c['rows_read']} | {c['rows_blank']} | {c['rows_rejected']} | {c['rows_inserted']} |"
        assert row in readme
