"""`customer-mdm` and the batch's post-load step end to end, on SQLite and PostgreSQL,
with months written by the domains' sample generators: rebuild equivalence, dry runs,
flags, exit codes, the ledger row, the failure path and the BI views."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support import warehouse as wh
from support.mdm import ap, contracts, cumulative_ledgers, line_snapshots, load, plan_snapshots
from support.months import preload
from support.samples import annuity_month

MONTHS = [f"2024{m:02d}" for m in range(1, 13)]


def state(url: str) -> tuple[list[Any], list[Any], list[Any]]:
    return contracts(url), line_snapshots(url), plan_snapshots(url)


@pytest.mark.slow  # twelve months loaded twice: about 20 s
def test_rebuild_from_the_first_month_equals_twelve_months_one_by_one(
    backend: str, cli: Any, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    """Twelve generated months loaded one by one (each batch runs the post-load step) give
    the same contract and snapshot tables as `sync --rebuild-from 202401`. The award and
    loss register is cumulative (month P's delivery repeats the rows reported before)."""
    for n, month in enumerate(MONTHS):
        annuity_month(
            data_root, month, perf_rows=60, income_rows=10, seed=40 + n, dirty=False, traps=False, ledger_rows=None
        )
    cumulative_ledgers(data_root, MONTHS, seed=7)
    preload(warehouse_url, data_root, tmp_path / "var", MONTHS, ["annual_award", "annual_loss", "annuity_performance"])
    one_by_one = state(warehouse_url)
    assert len(one_by_one[0]) > 0
    assert len({r[0] for r in one_by_one[1]}) == 12
    steps = [r for r in wh.ledger(warehouse_url, steps=True) if r["domain"] == "customer_mdm"]
    assert [(r["period"], r["mode"], r["status"]) for r in steps] == [(m, "post-load", "ok") for m in MONTHS]
    result = cli("customer-mdm", "sync", "--rebuild-from", "202401", "--execute", "--json")
    assert result.code == 0, result.stderr
    assert result.json["periods"] == MONTHS
    assert state(warehouse_url) == one_by_one


def test_dry_run_writes_nothing_and_execute_writes(
    backend: str, cli: Any, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    load(warehouse_url, data_root, tmp_path, "202403", [ap("202403", "S0001", "600000001", 1000, 5)])
    wh.execute(warehouse_url, f"DELETE FROM {wh.qualified(warehouse_url, 'customer', '客户年金计划')}")
    ledger_rows = len(wh.ledger(warehouse_url, steps=True))
    dry = cli("customer-mdm", "sync", "--period", "202403", "--json")
    assert dry.code == 0, dry.stderr
    assert dry.json["dry_run"] is True and dry.json["counts"]["contracts_opened"] == 1
    assert contracts(warehouse_url) == [] and len(wh.ledger(warehouse_url, steps=True)) == ledger_rows
    done = cli("customer-mdm", "sync", "--period", "202403", "--execute")
    assert done.code == 0, done.stderr
    assert "contracts opened: 1" in done.stdout
    assert len(contracts(warehouse_url)) == 1
    assert wh.ledger(warehouse_url, steps=True)[-1]["mode"] == "sync"
    snap_dry = cli("customer-mdm", "snapshot", "--period", "202403", "--json")
    assert snap_dry.json["counts"] == {"snapshot_product_line_rows": 1, "snapshot_plan_rows": 1}


def test_out_of_order_sync_refused_and_batch_step_failure_leaves_tables(
    backend: str, cli: Any, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    """After 202403, `sync --period 202402` exits 2 with one line; an `etl --execute` of
    202402 loads the facts, but its step is refused: exit 1, one line, tables unchanged."""
    load(warehouse_url, data_root, tmp_path, "202403", [ap("202403", "S0001", "600000001", 1000, 5)])
    before = state(warehouse_url)
    refused = cli("customer-mdm", "sync", "--period", "202402", "--execute")
    assert refused.code == 2
    assert refused.stderr.strip().splitlines() == [
        "error: customer-mdm: period 202402 is earlier than 202403, the latest period synced; syncing it would "
        "rewrite history out of order: run `customer-mdm sync --rebuild-from 202402`"
    ]
    from support.domain_rows import place_workbook, table
    from support.mdm import AP_HEADER

    place_workbook(data_root, "202402", {"规模明细": table(AP_HEADER, ap("202402", "S0009", "600000009", 5, 5))})
    batch = cli("etl", "--domains", "annuity_performance", "--period", "202402", "--execute")
    assert batch.code == 1
    assert [line for line in batch.stdout.splitlines() if line.startswith("customer_mdm")] == [
        "customer_mdm: failed · error: customer_mdm: customer-mdm: period 202402 is earlier than 202403, the latest "
        "period synced; syncing it would rewrite history out of order: run `customer-mdm sync --rebuild-from 202402`"
    ]
    assert state(warehouse_url) == before
    assert wh.ap_counts(warehouse_url)["2024-02-01"] == 1  # the facts stay loaded
    assert wh.ledger(warehouse_url, steps=True)[-1]["status"] == "failed"
    dry = cli("customer-mdm", "sync", "--rebuild-from", "202402", "--json")
    assert dry.code == 0 and dry.json["dry_run"] is True and dry.json["periods"] == ["202402", "202403"]
    assert dry.json["counts"] == {"rows_removed": 1, "rows_reopened": 0}
    assert state(warehouse_url) == before
    rebuilt = cli("customer-mdm", "sync", "--rebuild-from", "202402", "--execute", "--json")
    assert rebuilt.code == 0 and rebuilt.json["periods"] == ["202402", "202403"]
    assert [r[:2] + r[-2:] for r in contracts(warehouse_url)] == [
        ("600000001", "S0001", "2024-03-31", "9999-12-31"),
        ("600000009", "S0009", "2024-02-29", "9999-12-31"),
    ]


def test_etl_summary_shows_the_step_and_the_dry_run_what_it_would_do(
    backend: str, cli: Any, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    from support.domain_rows import place_workbook, table
    from support.mdm import AP_HEADER

    rows = [ap("202405", "S0001", "600000001", 1000, 5), ap("202405", "S0002", "600000002", 0, 0)]
    place_workbook(data_root, "202405", {"规模明细": table(AP_HEADER, *rows)})
    load(warehouse_url, data_root, tmp_path, "202404", [ap("202404", "S0001", "600000001", 1000, 5)])
    dry = cli("etl", "--domains", "annuity_performance", "--period", "202405")
    assert dry.code == 0, dry.stderr
    # The dry run reads the stored facts: 202405 is not loaded yet, nothing would change.
    assert (
        "customer_mdm: ok · contracts to open 0 · to close 0 · snapshot rows to write 1 product-line + 1 plan"
        in dry.stdout
    )
    done = cli("etl", "--domains", "annuity_performance", "--period", "202405", "--execute", "--json")
    assert done.code == 0, done.stderr
    step = done.json["steps"][0]
    assert step["step"] == "customer_mdm" and step["status"] == "ok"
    assert step["counts"]["contracts_opened"] == 1 and step["counts"]["snapshot_product_line_rows"] == 2


def test_cutover_needs_yes_and_validate_exit_codes(
    backend: str, cli: Any, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    load(warehouse_url, data_root, tmp_path, "202412", [ap("202412", "S0001", "600000001", 1000, 5)])
    refused = cli("customer-mdm", "cutover", "--year", "2025", "--execute")
    assert refused.code == 2 and "pass --yes" in refused.stderr
    dry = cli("customer-mdm", "cutover", "--year", "2025", "--json")
    assert dry.code == 0 and dry.json["counts"] == {"contracts_closed": 1, "contracts_opened": 1}
    assert len(contracts(warehouse_url)) == 1
    out_of_range = cli("customer-mdm", "cutover", "--year", "2051", "--yes", "--execute")
    assert out_of_range.code == 2 and "2020–2050" in out_of_range.stderr
    done = cli("customer-mdm", "cutover", "--year", "2025", "--yes", "--execute")
    assert done.code == 0, done.stderr
    assert len(contracts(warehouse_url)) == 2
    # One current contract, strategic and existing: share 100% is outside 5–10%.
    failed = cli("customer-mdm", "validate", "--json")
    assert failed.code == 1
    assert failed.json["figures"]["strategic_share"] == 1.0 and failed.json["figures"]["existing_share"] == 1.0
    assert "strategic share 100.00% outside 5%–10%" in failed.json["error"]
    other_year = cli("customer-mdm", "validate", "--year", "2024", "--json")
    assert other_year.json["figures"]["current_contracts"] == 0
    upgraded = cli("customer-mdm", "init-year", "--year", "2025", "--json")
    assert upgraded.code == 0 and upgraded.json["counts"] == {"init_year_upgraded": 0}


def test_bi_views_on_both_backends(backend: str, cli: Any, warehouse_url: str, data_root: Path, tmp_path: Path) -> None:
    from support.mdm import award_row

    rows = [
        ap("202411", "S0001", "600000001", 1000, 5),
        ap("202411", "S0002", "600000001", 500, 5, 业务类型="企年投资"),
    ]
    award = [award_row("202411", 1, "600000001", "S0001"), award_row("202411", 2, "600000002", "S0022")]
    loss = [award_row("202411", 3, "600000003", "S0003")]
    load(warehouse_url, data_root, tmp_path, "202411", rows, award=award, loss=loss)
    pg = backend == "postgres"

    def view(schema: str, name: str, columns: str) -> list[tuple[Any, ...]]:
        qualified = f'"{schema}"."{name}"' if pg else f'"{name}"'
        found = wh.rows(warehouse_url, f"SELECT {columns} FROM {qualified} ORDER BY 1, 2")
        return [tuple(str(v) if v is not None else None for v in r) for r in found]

    assert view("bi", "dim_customer", "company_id, customer_name, latest_snapshot_month, latest_aum, plan_count") == [
        ("600000001", "客户600000001有限公司", "2024-11-30", "1500.0" if not pg else "1500.00", "2")
    ]
    assert view("bi", "dim_time", "snapshot_month, year, quarter, month, label") == [
        ("2024-11-30", "2024", "4", "11", "2024年11月")
    ]
    assert ("PL202", "企年受托") in [
        r[:2] for r in view("bi", "dim_product_line", "product_line_code, product_line_name")
    ]
    assert view(
        "bi", "fct_customer_monthly_summary", "product_line_code, company_id, is_winning_this_year, plan_count"
    ) == [
        ("PL201", "600000001", "0", "1"),
        ("PL202", "600000001", "1", "1"),
    ]
    assert view(
        "customer",
        "v_award_loss_by_type",
        '"上报月份", "业务类型", awards, awarded_companies, losses, lost_companies, net',
    ) == [("2024-11-01", "企年受托", "2", "2", "1", "1", "1")]


@pytest.mark.parametrize("flag", ["--json"])
def test_json_flag_changes_output(flag: str, cli: Any, warehouse_url: str, data_root: Path, tmp_path: Path) -> None:
    load(warehouse_url, data_root, tmp_path, "202403", [ap("202403", "S0001", "600000001", 1000, 5)])
    text = cli("customer-mdm", "snapshot", "--period", "202403")
    js = cli("customer-mdm", "snapshot", "--period", "202403", flag)
    assert text.stdout.startswith("customer-mdm snapshot · period 202403 · dry run")
    assert js.json["command"] == "snapshot"
