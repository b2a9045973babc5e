"""Customer-master tests: hand-written 规模明细 and ledger rows written into real
workbooks, loaded by the in-process batch (whose post-load step runs the customer
master), and the contract and snapshot tables read back comparably on both backends."""

from __future__ import annotations

import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from support.domain_rows import ledger_row, ledger_sheets, place_ledger, place_workbook, stored, table
from support.etl import REPO, upgrade
from work_data_hub.core.batch import BatchRequest, run_batch
from work_data_hub.core.settings import Settings
from work_data_hub.core.summary import BatchSummary

AP_HEADER = [
    "月度",
    "业务类型",
    "计划类型",
    "计划代码",
    "计划名称",
    "客户名称",
    "期末资产规模",
    "供款",
    "机构代码",
    "公司代码",
]
CONTRACT_COLUMNS = [
    "company_id", "plan_code", "product_line_code", "contract_status", "is_existing", "is_strategic",
    "status_year", "valid_from", "valid_to",
]  # fmt: skip
LINE_COLUMNS = [
    "snapshot_month", "company_id", "product_line_code", "is_strategic", "is_existing", "is_winning_this_year",
    "is_loss_reported", "is_churned_this_year", "is_new", "aum_balance", "plan_count",
]  # fmt: skip
PLAN_COLUMNS = ["snapshot_month", "company_id", "plan_code", "product_line_code", "is_churned_this_year",
                "contract_status", "aum_balance"]  # fmt: skip


def config_dir(tmp_path: Path, **mdm: Any) -> Path:
    """The repository's config with customer_mdm.yml overridden (small whitelists make
    the examples readable)."""
    import yaml

    target = tmp_path / "config"
    if not target.exists():
        shutil.copytree(REPO / "config", target)
    settings = {"strategic_threshold": 1_000_000, "whitelist_top_n": 1} | mdm
    (target / "customer_mdm.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return target


def settings(url: str, data_root: Path, tmp_path: Path) -> Settings:
    return Settings(data_root=data_root, var_dir=tmp_path / "var", database_url=url, config_dir=config_dir(tmp_path))


def ap(month: str, plan: str, company: str | None, aum: Any, paid: Any = 0, **cells: Any) -> dict[str, Any]:
    """A 规模明细 row: one contract (company, plan, 企年受托 → PL202 unless told) in ``month``."""
    row: dict[str, Any] = {
        "月度": int(month),
        "业务类型": "企年受托",
        "计划类型": "单一计划",
        "计划代码": plan,
        "计划名称": f"{plan}企业年金计划",
        "客户名称": f"客户{company}有限公司",
        "期末资产规模": aum,
        "供款": paid,
        "机构代码": "G01",
        "公司代码": company,
    }
    return row | cells


def load(
    url: str,
    data_root: Path,
    tmp_path: Path,
    period: str,
    rows: Sequence[Mapping[str, Any]] = (),
    *,
    award: Sequence[Mapping[str, Any]] = (),
    loss: Sequence[Mapping[str, Any]] = (),
    execute: bool = True,
) -> BatchSummary:
    """Write the month's workbooks and run the batch for it (AUM and/or ledgers)."""
    upgrade(url)
    domains = []
    if rows:
        place_workbook(data_root, period, {"规模明细": table(AP_HEADER, *rows)})
        domains.append("annuity_performance")
    if award or loss:
        place_ledger(data_root, period, ledger_sheets((award, []), (loss, [])))
        domains += ["annual_award", "annual_loss"]
    request = BatchRequest(period=period, domains=domains, execute=execute, max_rejected="0")
    summary = run_batch(request, settings(url, data_root, tmp_path))
    assert summary.status == "ok", [(d.domain, d.error) for d in summary.domains] + [
        (s.step, s.error) for s in summary.steps
    ]
    return summary


def award_row(month: str, n: int, company: str, plan: str, **cells: Any) -> dict[str, Any]:
    return ledger_row(f"{month[:4]}-{month[4:]}", n, company_id=company, 年金计划号=plan, 业务类型="企年受托", **cells)


def contracts(url: str, where: str = "") -> list[tuple[Any, ...]]:
    return stored(url, "customer", "客户年金计划", CONTRACT_COLUMNS, where)


def line_snapshots(url: str, where: str = "") -> list[tuple[Any, ...]]:
    return stored(url, "customer", "客户业务月度快照", LINE_COLUMNS, where)


def plan_snapshots(url: str, where: str = "") -> list[tuple[Any, ...]]:
    return stored(url, "customer", "客户计划月度快照", PLAN_COLUMNS, where)


def _report_month(cell: Any) -> int:
    """上报月份 as the generator writes it (202403, '2024年3月', a date) → YYYYMM."""
    import datetime as dt
    import re

    if isinstance(cell, dt.date):
        return cell.year * 100 + cell.month
    if isinstance(cell, int | float):
        return int(cell)
    m = re.match(r"(\d{4})\D+(\d{1,2})", str(cell))
    assert m, cell
    return int(m.group(1)) * 100 + int(m.group(2))


def cumulative_ledgers(data_root: Path, months: Sequence[str], seed: int, rows_per_sheet: int = 8) -> None:
    """One generated award/loss register for the year, delivered cumulatively: month P's
    ledger workbook holds the register's rows reported up to P (as operators keep it)."""
    from work_data_hub.core.domains.ledger_samples import LEDGER_SHEETS
    from work_data_hub.core.domains.ledger_samples import ledger_sheets as generate
    from work_data_hub.core.samples.declaration import SampleRequest

    req = SampleRequest(months[-1], rows_per_sheet, seed, False)
    register = {**generate(req, LEDGER_SHEETS[:2]), **generate(req, LEDGER_SHEETS[2:])}
    for month in months:
        sheets: dict[str, list[list[Any]]] = {}
        for name, generated in register.items():
            header, *body = generated.rows
            col = header.index("上报月份")
            sheets[name] = [header, *[r for r in body if _report_month(r[col]) <= int(month)]]
        place_ledger(data_root, month, sheets)
