"""The ledgers' plan-code lookup reads the contract row valid at the ledger row's 上报月份
(customer-mdm.md §8), on SQLite and PostgreSQL: a row closed after that month is found,
a row opened after it or closed before it is not."""

from __future__ import annotations

from pathlib import Path

from support import warehouse as wh
from support.domain_rows import batch, ledger_row, ledger_sheets, place_ledger, stored
from support.etl import upgrade

CONTRACTS = [
    # (company_id, plan_code, product_line_code, valid_from, valid_to)
    ("600100100", "S0100", "PL202", "2024-01-31", "2024-06-30"),  # valid in March only
    ("600100100", "S0200", "PL202", "2024-06-30", "9999-12-31"),  # current, opened later
    ("600200200", "S0300", "PL202", "2024-05-31", "9999-12-31"),  # opened after March
]


def test_lookup_reads_the_contract_valid_at_the_report_month(
    warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    upgrade(warehouse_url)
    table = wh.qualified(warehouse_url, "customer", "客户年金计划")
    values = ", ".join(f"('{c}', '{p}', '{pl}', '{f}', '{t}')" for c, p, pl, f, t in CONTRACTS)
    wh.execute(
        warehouse_url,
        f"INSERT INTO {table} (company_id, plan_code, product_line_code, valid_from, valid_to) VALUES {values}",
    )
    blank = {"年金计划号": None, "计划类型": "单一计划", "业务类型": "企年受托"}
    award = [
        ledger_row("2024-03", 1, 客户全称="三月甲有限公司", company_id="600100100", **blank),
        ledger_row("2024-07", 2, 客户全称="七月甲有限公司", company_id="600100100", **blank),
        ledger_row("2024-03", 3, 客户全称="三月乙有限公司", company_id="600200200", **blank),
    ]
    place_ledger(data_root, "202407", ledger_sheets((award, []), ([], [])))
    summary = batch(warehouse_url, data_root, tmp_path / "var", "202407", ["annual_award", "annual_loss"])
    assert [d.status for d in summary.domains] == ["ok", "ok"], [d.error for d in summary.domains]
    found = dict(stored(warehouse_url, "customer", "中标客户明细", ["上报客户名称", "年金计划号"]))
    assert found == {"三月甲有限公司": "S0100", "七月甲有限公司": "S0200", "三月乙有限公司": "AN002"}
