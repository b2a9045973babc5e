"""Period ranges (issue 9): ``--period A..B`` runs the months in order under one run id
(one ledger row per domain and month, rejected rows per period), ``--since A`` runs up to
the latest month in the data root, ``--fail-fast`` stops at the first failed month, and a
malformed range cannot start (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.etl import upgrade
from support.months import SMALL_MONTH_DOMAINS, small_month
from support.samples import annuity_month
from support.tables import count
from support.warehouse import ap_counts, ledger


def _periods(result) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(p["period"], p["status"]) for p in result.json["periods"]]


@pytest.mark.slow
def test_range_runs_each_month_in_order(cli, warehouse_url: str, data_root: Path, tmp_path: Path) -> None:
    months = {
        period: annuity_month(data_root, period, perf_rows=100, income_rows=60, seed=i, dirty=True, traps=False)
        for i, period in enumerate(("202410", "202411", "202412", "202501"))
    }
    upgrade(warehouse_url)

    result = cli(
        "etl",
        "--domains",
        "annual_award,annual_loss,annuity_performance,annuity_income",
        "--period",
        "202411..202412",
        "--execute",
        "--json",
        "--max-rejected",
        "20%",
    )

    assert result.code == 0, result.stdout + result.stderr
    run_id = result.json["run_id"]
    assert result.json["status"] == "ok"
    assert _periods(result) == [("202411", "ok"), ("202412", "ok")]
    assert [(r["run_id"], r["period"], r["domain"], r["status"]) for r in ledger(warehouse_url)] == [
        (run_id, period, domain, "ok") for period in ("202411", "202412") for domain in SMALL_MONTH_DOMAINS
    ]
    assert ap_counts(warehouse_url) == {
        f"{p[:4]}-{p[4:]}-01": months[p].domains["annuity_performance"].rows_inserted for p in ("202411", "202412")
    }
    for summary in result.json["periods"]:
        ap = next(d for d in summary["domains"] if d["domain"] == "annuity_performance")
        report = tmp_path / "var" / "rejected" / run_id / summary["period"] / "annuity_performance.csv"
        assert report.is_file() and Path(ap["rejected_file"]).resolve() == report.resolve()
        assert summary["run_id"] == run_id


@pytest.mark.slow
def test_since_runs_to_the_latest_month_present(cli, warehouse_url: str, data_root: Path) -> None:
    for i, period in enumerate(("202410", "202411", "202412")):
        small_month(data_root, period, seed=i)
    (data_root / "notes").mkdir()  # not a period folder
    upgrade(warehouse_url)

    result = cli("etl", "--domains", "annuity_performance", "--since", "202411", "--execute", "--json")

    assert result.code == 0, result.stdout + result.stderr
    assert _periods(result) == [("202411", "ok"), ("202412", "ok")]
    assert ap_counts(warehouse_url) == {"2024-11-01": 100, "2024-12-01": 100}
    assert [r["period"] for r in ledger(warehouse_url)] == ["202411", "202412"]

    later = cli("etl", "--domains", "annuity_performance", "--since", "202501", "--execute")
    assert later.code == 2
    assert "error: no period folder from 202501 on" in later.stderr


@pytest.mark.slow
def test_fail_fast_stops_at_the_first_failed_month(cli, warehouse_url: str, data_root: Path) -> None:
    november = small_month(data_root, "202411", seed=1)
    small_month(data_root, "202412", seed=2)
    november.path("annuity_performance").unlink()
    upgrade(warehouse_url)
    args = ("etl", "--domains", "annuity_performance,annuity_income", "--period", "202411..202412", "--execute")

    stopped = cli(*args, "--fail-fast", "--json")

    assert stopped.code == 1, stopped.stdout + stopped.stderr
    assert _periods(stopped) == [("202411", "failed")]
    november_runs = stopped.json["periods"][0]["domains"]
    assert [(d["domain"], d["status"]) for d in november_runs] == [
        ("annuity_performance", "failed"),
        ("annuity_income", "skipped"),
    ]
    assert [(r["period"], r["domain"], r["status"]) for r in ledger(warehouse_url)] == [
        ("202411", "annuity_performance", "failed")
    ]
    assert count(warehouse_url, "annuity_performance") == count(warehouse_url, "annuity_income") == 0

    # Without --fail-fast the failed month does not stop the next one.
    going_on = cli(*args, "--json")
    assert going_on.code == 1
    assert _periods(going_on) == [("202411", "failed"), ("202412", "ok")]
    assert ap_counts(warehouse_url) == {"2024-12-01": 100}


@pytest.mark.new_warehouse
@pytest.mark.parametrize("backend", ["sqlite"])  # rejected before any database is opened
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--period", "202412..202411"), "the end is before the start"),
        (("--period", "2024.."), "malformed period"),
        (("--period", "..202412"), "malformed period"),
        (("--period", "202411..202413"), "malformed period"),
        (("--period", "202411...202412"), "malformed period"),
        (("--since", "2024"), "malformed period"),
        (("--period", "202411", "--since", "202411"), "--period"),
    ],
)
def test_malformed_range_cannot_start(cli, data_root: Path, tmp_path: Path, args: tuple[str, ...], says: str) -> None:
    small_month(data_root, "202411", seed=1)

    result = cli("etl", "--domains", "annuity_performance", *args, "--execute")

    assert result.code == 2, result.stdout + result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and says in errors[0], result.stderr
    assert not (tmp_path / "var" / "warehouse.sqlite").exists()
