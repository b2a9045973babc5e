"""The worked examples of customer-mdm.md as exact rows, on SQLite and PostgreSQL: each
month is a real 规模明细 / ledger workbook loaded by the batch, whose post-load step
runs the sync (+ init-year in January) and the snapshot. The whitelist is set to the
top 1 per (branch, product line) or at least 1,000,000 to keep the examples small."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.mdm import ap, award_row, contracts, line_snapshots, load, plan_snapshots, settings
from work_data_hub.core.customer_mdm import runner, service
from work_data_hub.core.enrich.records import backpatch, present_fact_tables
from work_data_hub.core.load import database
from work_data_hub.core.period import Period

OPEN = "9999-12-31"
A, B = "600000001", "600000002"


@pytest.mark.slow
def test_lapses_after_twelve_months_without_contributions_and_comes_back(
    warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    """A contributes in 2024-01 only: 正常 through 2024-12 (the window P−11 … P still holds
    January), 停缴 in 2025-01, 正常 again when it contributes in 2025-02. In January the
    December AUM also makes it existing. B is the bigger contract of the branch."""
    big = ap("0", "S0002", B, 5000, 10)
    for month, paid in (("202401", 100), ("202412", 0), ("202501", 0), ("202502", 50)):
        load(warehouse_url, data_root, tmp_path, month, [ap(month, "S0001", A, 1000, paid), big | {"月度": int(month)}])
    assert contracts(warehouse_url, f"WHERE company_id = '{A}'") == [
        (A, "S0001", "PL202", "停缴", 1, 0, 2025, "2025-01-31", "2025-02-28"),
        (A, "S0001", "PL202", "正常", 0, 0, 2024, "2024-01-31", "2025-01-31"),
        (A, "S0001", "PL202", "正常", 1, 0, 2025, "2025-02-28", OPEN),
    ]
    # B: existing from January on; contributions every month keep it 正常.
    assert contracts(warehouse_url, f"WHERE company_id = '{B}'") == [
        (B, "S0002", "PL202", "正常", 0, 1, 2024, "2024-01-31", "2025-01-31"),
        (B, "S0002", "PL202", "正常", 1, 1, 2025, "2025-01-31", OPEN),
    ]
    assert plan_snapshots(warehouse_url, f"WHERE company_id = '{A}'") == [
        ("2024-01-31", A, "S0001", "PL202", 0, "正常", 1000),
        ("2024-12-31", A, "S0001", "PL202", 0, "正常", 1000),
        ("2025-01-31", A, "S0001", "PL202", 0, "停缴", 1000),
        ("2025-02-28", A, "S0001", "PL202", 0, "正常", 1000),
    ]


def test_strategic_ratchet(warehouse_url: str, data_root: Path, tmp_path: Path) -> None:
    """C overtakes D (FALSE → TRUE closes C's row); D falls behind but stays strategic
    (TRUE → FALSE never closes); C shrinking later changes nothing. E is strategic by the
    threshold although never the top of its branch."""
    months = {
        "202403": {"C": 100, "D": 200},
        "202404": {"C": 300, "D": 200},
        "202405": {"C": 50, "D": 200},
    }
    for month, aum in months.items():
        rows = [
            ap(month, "S0003", "600000003", aum["C"], 1, 机构代码="G02"),
            ap(month, "S0004", "600000004", aum["D"], 1, 机构代码="G02"),
            ap(month, "S0005", "600000005", 2_000_000, 1, 机构代码="G03"),
            ap(month, "S0006", "600000006", 3_000_000, 1, 机构代码="G03"),
        ]
        load(warehouse_url, data_root, tmp_path, month, rows)
    assert contracts(warehouse_url) == [
        ("600000003", "S0003", "PL202", "正常", 0, 0, 2024, "2024-03-31", "2024-04-30"),
        ("600000003", "S0003", "PL202", "正常", 0, 1, 2024, "2024-04-30", OPEN),
        ("600000004", "S0004", "PL202", "正常", 0, 1, 2024, "2024-03-31", OPEN),
        ("600000005", "S0005", "PL202", "正常", 0, 1, 2024, "2024-03-31", OPEN),
        ("600000006", "S0006", "PL202", "正常", 0, 1, 2024, "2024-03-31", OPEN),
    ]


def test_january_with_cutover(warehouse_url: str, data_root: Path, tmp_path: Path) -> None:
    """December 2024 loaded; `cutover --year 2025` closes every current row on 2025-01-01
    and opens one per contract with December AUM (正常, existing, December whitelist,
    names carried); F without December AUM is closed and not reopened."""
    rows = [
        ap("202412", "S0001", A, 1000, 0),  # 停缴 in December, reopened 正常
        ap("202412", "S0002", B, 5000, 10),
        ap("202412", "S0007", "600000007", 0, 0),
    ]
    load(warehouse_url, data_root, tmp_path, "202412", rows)
    st = settings(warehouse_url, data_root, tmp_path)
    result = runner.run(
        st, lambda c, cfg, ex: service.run_cutover(c, 2025, cfg, ex), execute=True, run_id="t-cutover", label="cutover"
    )
    assert result.counts == {"contracts_closed": 3, "contracts_opened": 2}
    assert contracts(warehouse_url) == [
        (A, "S0001", "PL202", "停缴", 0, 0, 2024, "2024-12-31", "2025-01-01"),
        (A, "S0001", "PL202", "正常", 1, 0, 2025, "2025-01-01", OPEN),
        (B, "S0002", "PL202", "正常", 0, 1, 2024, "2024-12-31", "2025-01-01"),
        (B, "S0002", "PL202", "正常", 1, 1, 2025, "2025-01-01", OPEN),
        ("600000007", "S0007", "PL202", "停缴", 0, 0, 2024, "2024-12-31", "2025-01-01"),
    ]
    names = contracts_names(warehouse_url)
    assert (
        names[(A, "2025-01-01")]
        == names[(A, "2024-12-31")]
        == ("客户600000001有限公司", "S0001企业年金计划", "企年受托")
    )


def contracts_names(url: str) -> dict[tuple[str, str], tuple[str, str, str]]:
    from support.domain_rows import stored

    found = stored(
        url, "customer", "客户年金计划", ["company_id", "valid_from", "customer_name", "plan_name", "product_line_name"]
    )
    return {(c, f): (n, p, pl) for c, f, n, p, pl in found}


def test_is_new_and_plan_grain_churn(warehouse_url: str, data_root: Path, tmp_path: Path) -> None:
    """An award for G (not existing) makes it new; an award for B (existing: December AUM)
    does not. A loss of B's plan S0002 marks that plan churned, not B's other plan S0008;
    at product-line grain the loss marks B."""
    load(warehouse_url, data_root, tmp_path, "202412", [ap("202412", "S0002", B, 5000, 10)])
    rows = [
        ap("202501", "S0002", B, 5000, 10),
        ap("202501", "S0008", B, 700, 10),
        ap("202501", "S0009", "600000009", 900, 10),
    ]
    award = [award_row("202501", 1, "600000009", "S0009"), award_row("202501", 2, B, "S0002")]
    loss = [award_row("202501", 3, B, "S0002")]
    load(warehouse_url, data_root, tmp_path, "202501", rows, award=award, loss=loss)
    assert line_snapshots(warehouse_url, "WHERE snapshot_month = '2025-01-31'") == [
        ("2025-01-31", B, "PL202", 1, 1, 1, 1, 1, 0, 5700, 2),
        ("2025-01-31", "600000009", "PL202", 0, 0, 1, 0, 0, 1, 900, 1),
    ]
    assert plan_snapshots(warehouse_url, "WHERE snapshot_month = '2025-01-31'") == [
        ("2025-01-31", B, "S0002", "PL202", 1, "正常", 5000),
        ("2025-01-31", B, "S0008", "PL202", 0, "正常", 700),
        ("2025-01-31", "600000009", "S0009", "PL202", 0, "正常", 900),
    ]


def test_temporary_id_rekeyed_by_back_patching(warehouse_url: str, data_root: Path, tmp_path: Path) -> None:
    """The queue resolves IN_TEMP1 to A, which already holds the same contract from a later
    month: one contract remains (the earliest valid_from wins, flags OR-ed) and the
    snapshots of both months carry A, in the queue's transaction."""
    temp = "IN_TEMP1"
    load(warehouse_url, data_root, tmp_path, "202403", [ap("202403", "S0001", temp, 1000, 5)])
    load(
        warehouse_url,
        data_root,
        tmp_path,
        "202404",
        [ap("202404", "S0001", A, 1000, 5), ap("202404", "S0010", temp, 10, 5, 机构代码="G09")],
    )
    engine = database.create_warehouse_engine(warehouse_url)
    try:
        with engine.begin() as conn:
            counts = backpatch(conn, temp, A, present_fact_tables(conn))
    finally:
        engine.dispose()
    assert counts["customer.客户年金计划"] == 2
    assert contracts(warehouse_url) == [
        (A, "S0001", "PL202", "正常", 0, 1, 2024, "2024-03-31", OPEN),
        (A, "S0010", "PL202", "正常", 0, 1, 2024, "2024-04-30", OPEN),
    ]
    assert [r[:3] + r[-2:] for r in line_snapshots(warehouse_url)] == [
        ("2024-03-31", A, "PL202", 1000, 1),
        ("2024-04-30", A, "PL202", 1010, 2),
    ]


def test_sync_is_idempotent_and_refuses_an_earlier_month(warehouse_url: str, data_root: Path, tmp_path: Path) -> None:
    for month in ("202402", "202403"):
        load(warehouse_url, data_root, tmp_path, month, [ap(month, "S0001", A, 1000, 0 if month == "202403" else 5)])
    before = contracts(warehouse_url), line_snapshots(warehouse_url)
    st = settings(warehouse_url, data_root, tmp_path)
    again = runner.run(
        st, lambda c, cfg, ex: service.post_load(c, Period(2024, 3), cfg, ex), execute=True, run_id="t", label="sync"
    )
    assert again.counts["contracts_opened"] == again.counts["contracts_closed"] == 0
    assert (contracts(warehouse_url), line_snapshots(warehouse_url)) == before
    import pytest

    from work_data_hub.core.errors import UsageError

    with pytest.raises(UsageError, match="202402 is earlier than 202403"):
        runner.run(
            st, lambda c, cfg, ex: service.run_sync(c, Period(2024, 2), cfg, ex), execute=True, run_id="t", label="sync"
        )
    assert (contracts(warehouse_url), line_snapshots(warehouse_url)) == before
