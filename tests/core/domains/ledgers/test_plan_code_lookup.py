"""Ledger company ids and plan codes after enrichment, on SQLite and PostgreSQL: the
plan-code lookup S13 against current contract rows of customer.客户年金计划 (award
example 13, loss example 7, trap 3), the default S14 (award 14/15, loss 5/6) and the
company-id examples (award 12, 16, 27; loss 8). Rows go through a real ledger workbook
and an in-process batch, exactly as `etl` runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from support import warehouse as wh
from support.domain_rows import batch, ledger_row, ledger_sheets, place_ledger, stored
from support.etl import upgrade

AWARD = ("customer", "中标客户明细")
LOSS = ("customer", "流失客户明细")
CONTRACTS = [
    # (company_id, plan_code, product_line_code, valid_from, valid_to)
    ("600123456", "S0123", "PL202", "2023-01-01", "9999-12-31"),
    ("600123456", "P0456", "PL202", "2024-01-01", "9999-12-31"),
    ("600123456", "P0999", "PL202", "2023-06-01", "2023-12-31"),
    ("600222333", "S0777", "PL201", "2024-01-01", "9999-12-31"),
    ("600222333", "S0555", "PL201", "2024-06-01", "2024-09-30"),  # closed: newest, yet never chosen
    ("600888888", "P0002", "PL202", "2024-01-01", "9999-12-31"),
    ("600888888", "P0001", "PL202", "2024-01-01", "9999-12-31"),
    ("600888888", "P0003", "PL202", "2023-01-01", "9999-12-31"),
    ("600888888", "S0009", "PL201", "2024-01-01", "9999-12-31"),
]


def contracts(url: str) -> None:
    """Populated contract rows, after `db upgrade` (the reference-data process fills them)."""
    upgrade(url)
    table = wh.qualified(url, "customer", "客户年金计划")
    values = ", ".join(f"('{c}', '{p}', '{pl}', '{f}', '{t}')" for c, p, pl, f, t in CONTRACTS)
    wh.execute(
        url, f"INSERT INTO {table} (company_id, plan_code, product_line_code, valid_from, valid_to) VALUES {values}"
    )


def codes(url: str, table: tuple[str, str]) -> dict[str, tuple[Any, Any]]:
    """上报客户名称 → (年金计划号, company_id)."""
    return {
        name: (plan, company)
        for name, plan, company in stored(url, *table, ["上报客户名称", "年金计划号", "company_id"])
    }


def row(name: str, **cells: Any) -> dict[str, Any]:
    return ledger_row("2024-11", 0, 客户全称=name, **cells)


def test_award_13_loss_7_lookup_among_current_contracts(
    backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    contracts(warehouse_url)
    blank = {"年金计划号": None}
    award = [
        row("甲集合有限公司", 计划类型="集合计划", company_id=600123456, 业务类型="企年受托", **blank),
        row("甲单一有限公司", 计划类型="单一计划", company_id="600123456", 业务类型="企年受托", **blank),
        # Same valid_from: the code decides; no prefix preference for other plan types.
        row("丙集合有限公司", 计划类型="集合计划", company_id="600888888", **blank),
        row("丙职年有限公司", 计划类型="职业年金", company_id="600888888", **blank),
        # No current 'S' candidate for a single plan: the prefix is a preference, not a filter.
        row("丙单一有限公司", 计划类型="单一计划", company_id="600888888", **blank),
        # A keyed code is never replaced.
        row("丁有限公司", 计划类型="集合计划", company_id="600123456", 年金计划号="P7777"),
        # Another product line: no candidate, the default applies.
        row("戊有限公司", 计划类型="集合计划", company_id="600222333", 业务类型="企年受托", **blank),
    ]
    loss = [row("乙有限公司", 计划类型="单一计划", company_id=600222333, 业务类型="企年投资", **blank)]
    place_ledger(data_root, "202411", ledger_sheets((award, []), ([], loss)))
    summary = batch(warehouse_url, data_root, tmp_path / "var", "202411", ["annual_award", "annual_loss"])
    assert [d.status for d in summary.domains] == ["ok", "ok"], [d.error for d in summary.domains]
    found = codes(warehouse_url, AWARD)
    assert found["甲集合有限公司"] == ("P0456", "600123456")
    assert found["甲单一有限公司"] == ("S0123", "600123456")
    assert found["丙集合有限公司"][0] == "P0001"
    assert found["丙职年有限公司"][0] == "P0001"
    assert found["丙单一有限公司"][0] == "P0001"
    assert found["丁有限公司"][0] == "P7777"
    assert found["戊有限公司"][0] == "AN001"
    assert codes(warehouse_url, LOSS)["乙有限公司"] == ("S0777", "600222333")
    award_run = summary.domains[0]
    assert award_run.counters["plan_codes"] == {"keyed": 1, "lookup": 5, "default": 1, "none": 0}


def test_lookup_also_runs_in_a_dry_run(backend: str, warehouse_url: str, data_root: Path, tmp_path: Path) -> None:
    contracts(warehouse_url)
    award = [row("甲有限公司", 计划类型="集合计划", company_id="600123456", 年金计划号=None)]
    place_ledger(data_root, "202411", ledger_sheets((award, [])))
    run = batch(warehouse_url, data_root, tmp_path / "var", "202411", ["annual_award"], execute=False).domains[0]
    assert run.status == "ok" and run.counters["plan_codes"]["lookup"] == 1
    assert stored(warehouse_url, *AWARD, ["上报客户名称"]) == []


def test_award_14_15_loss_5_6_defaults_without_candidates(
    backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    upgrade(warehouse_url)  # the contract table exists and is empty
    award = [
        row("甲一有限公司", 计划类型="集合计划", 年金计划号=None),
        row("甲二有限公司", 计划类型="单一计划", 年金计划号=None),
        row("甲三有限公司", 计划类型="职业年金", 年金计划号=None),
        row("甲四有限公司", 计划类型=None, 年金计划号=None),
    ]
    loss = [
        row("乙一有限公司", 计划类型="单一计划", 年金计划号=None),  # gets a temporary id: no lookup
        row("乙二有限公司", 计划类型=None, 年金计划号=None),
    ]
    place_ledger(data_root, "202411", ledger_sheets((award, []), (loss, [])))
    summary = batch(warehouse_url, data_root, tmp_path / "var", "202411", ["annual_award", "annual_loss"])
    assert [d.status for d in summary.domains] == ["ok", "ok"]
    found = codes(warehouse_url, AWARD)
    assert [found[n][0] for n in ("甲一有限公司", "甲二有限公司", "甲三有限公司", "甲四有限公司")] == [
        "AN001",
        "AN002",
        None,
        None,
    ]
    lost = codes(warehouse_url, LOSS)
    assert lost["乙一有限公司"][0] == "AN002" and lost["乙二有限公司"][0] is None
    # Loss trap 1: rows without a plan code are kept.
    assert len(lost) == 2


def test_award_15_temporary_ids_never_drive_the_lookup(
    backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    contracts(warehouse_url)
    # A contract row under the temporary id the row will get: a lookup by it would find it.
    table = wh.qualified(warehouse_url, "customer", "客户年金计划")
    wh.execute(
        warehouse_url,
        f"INSERT INTO {table} (company_id, plan_code, product_line_code, valid_from, valid_to) "
        "VALUES ('INLHDM2XDMVY3K3VAO', 'P4242', 'PL202', '2024-01-01', '9999-12-31')",
    )
    place_ledger(data_root, "202411", ledger_sheets(([row("甲公司", 计划类型="集合计划", 年金计划号=None)], [])))
    run = batch(warehouse_url, data_root, tmp_path / "var", "202411", ["annual_award"]).domains[0]
    assert run.status == "ok", run.error
    assert codes(warehouse_url, AWARD)["甲公司"] == ("AN001", "INLHDM2XDMVY3K3VAO")
    assert run.counters["plan_codes"]["lookup"] == 0 and run.counters["plan_codes"]["default"] == 1


def test_company_id_examples(backend: str, warehouse_url: str, data_root: Path, tmp_path: Path) -> None:
    upgrade(warehouse_url)
    award = [
        row("甲有限公司", 年金计划号=" s-0123 ", company_id=600123456),  # example 12
        row("任意有限公司", 年金计划号="FP0001", company_id=None),  # example 16: M8
        row("空白", 年金计划号="P0809", 计划类型="集合计划"),  # example 27: M8b for a NULL name
        row("甲公司", 年金计划号="P0809", 计划类型="集合计划"),  # example 27: not an override
    ]
    loss = [row("某有限公司", 年金计划号="sc007", company_id=None)]  # loss example 8
    place_ledger(data_root, "202411", ledger_sheets((award, []), (loss, [])))
    summary = batch(warehouse_url, data_root, tmp_path / "var", "202411", ["annual_award", "annual_loss"])
    assert [d.status for d in summary.domains] == ["ok", "ok"], [d.error for d in summary.domains]
    found = codes(warehouse_url, AWARD)
    assert found["甲有限公司"] == ("S0123", "600123456")
    assert found["任意有限公司"] == ("FP0001", "614810477")
    assert found["空白"] == ("P0809", "608349737")
    assert found["甲公司"] == ("P0809", "INLHDM2XDMVY3K3VAO")
    assert codes(warehouse_url, LOSS)["某有限公司"] == ("SC007", "602790403")
    names = dict(stored(warehouse_url, *AWARD, ["上报客户名称", "客户名称"]))
    assert names["空白"] is None  # award 11: kept, name NULL


def test_loss_18_same_customer_in_both_ledgers_gains_both_tags(
    backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    upgrade(warehouse_url)
    award = [ledger_row("2024-03", 1, 客户全称="宣城城建城市运营管理有限公司")]
    loss = [ledger_row("2024-10", 2, 客户全称="宣城城建城市运营管理有限公司")]
    place_ledger(data_root, "202411", ledger_sheets((award, []), (loss, [])))
    summary = batch(warehouse_url, data_root, tmp_path / "var", "202411", ["annual_award", "annual_loss"])
    assert [d.status for d in summary.domains] == ["ok", "ok"]
    assert (
        len(stored(warehouse_url, *AWARD, ["company_id"])) == 1
        and len(stored(warehouse_url, *LOSS, ["company_id"])) == 1
    )
    table = wh.qualified(warehouse_url, "customer", "客户明细")
    tags = wh.scalar(warehouse_url, f"SELECT tags FROM {table} WHERE company_id = '1918884945'")
    assert {"2403中标", "2410流失"} <= set(json.loads(tags) if isinstance(tags, str) else tags)
