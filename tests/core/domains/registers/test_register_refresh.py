"""The refresh scopes of the ledger registers on a real warehouse (SQLite and PostgreSQL):
a cumulative register's later delivery replaces the 上报月份 groups it repeats, never
duplicating them; a period register replaces its 月度; re-runs are idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support.domain_rows import batch, ledger_folder, stored, table
from work_data_hub.core.domains.occupational_new_portfolios.sample import HEADER as PORTFOLIO_HEADER
from work_data_hub.core.domains.renewal_pipeline.sample import HEADER as RENEWAL_HEADER
from work_data_hub.core.samples.writer import write_workbook

LEDGER = "【导入模板】台账登记.xlsx"


def deliver(root: Path, period: str, portfolios: list[dict[str, Any]], renewals: list[dict[str, Any]]) -> None:
    sheets = {
        "职年投资新增组合": table(PORTFOLIO_HEADER, *portfolios),
        "续签客户清单": table(RENEWAL_HEADER, *renewals),
    }
    write_workbook(ledger_folder(root, period) / LEDGER, sheets)


def portfolio(month: str, code: str) -> dict[str, Any]:
    return {"机构": "北京", "上报月份": month, "组合代码": code}


def test_later_deliveries_replace_repeated_groups(warehouse_url: str, tmp_path: Path) -> None:
    root, var = tmp_path / "data", tmp_path / "var"
    domains = ["occupational_new_portfolios", "renewal_pipeline"]
    deliver(root, "202410", [portfolio("2024-09", "A1"), portfolio("2024-10", "A2")], [{"年金计划号": "S1"}])
    deliver(
        root,
        "202411",
        [portfolio("2024-10", "A2"), portfolio("2024-10", "A3"), portfolio("2024-11", "A4")],
        [{"年金计划号": "S2"}, {"年金计划号": "S3"}],
    )
    first = batch(warehouse_url, root, var, "202410", domains)
    assert first.status == "ok"
    for _ in range(2):  # the re-run is idempotent
        assert batch(warehouse_url, root, var, "202411", domains).status == "ok"
    assert stored(warehouse_url, "customer", "职年投资新增组合", ["上报月份", "组合代码"]) == [
        ("2024-09-01", "A1"),  # not repeated by 202411: kept (stale months are reported, not deleted)
        ("2024-10-01", "A2"),
        ("2024-10-01", "A3"),
        ("2024-11-01", "A4"),
    ]
    assert stored(warehouse_url, "customer", "续签客户清单", ["月度", "年金计划号"]) == [
        ("2024-10-01", "S1"),
        ("2024-11-01", "S2"),
        ("2024-11-01", "S3"),
    ]
