"""``reference check``: fact rows whose plan, portfolio, branch or product-line code is
missing from the reference tables, per table and code; exit 1 when any (reference-data.md
R7, R9, §5.3), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support.warehouse import execute, qualified
from work_data_hub.core.domains.ledger_samples import AWARD_HEADER, LEDGER_SHEETS, LOSS_HEADER
from work_data_hub.core.samples.writer import write_workbook

PERIOD = "202411"


def ledger_workbook(data_root: Path, award: list[dict[str, Any]]) -> Path:
    path = data_root / PERIOD / "收集数据" / "业务收集" / "【导入模板】台账登记.xlsx"
    sheets: dict[str, list[list[Any]]] = {}
    for sheet in LEDGER_SHEETS:
        header, body = (AWARD_HEADER, award) if "中标" in sheet else (LOSS_HEADER, [])
        mine = [r for r in body if r["业务类型"] in sheet]
        sheets[sheet] = [list(header), *([r.get(h) if h else None for h in header] for r in mine)]
    return write_workbook(path, sheets)


def award_row(month: str, plan: str | None, plan_type: str = "单一") -> dict[str, Any]:
    return {
        "机构": "北京",
        "业务类型": "受托",
        "客户全称": "甲乙丙科技有限公司",
        "计划规模": 3.2,
        "计划类型": plan_type,
        "上报月份": month,
        "年金计划号": plan,
        "company_id": "600123456",
    }


def load_award(cli: Any, backend: str, data_root: Path) -> None:
    if backend == "postgres":
        assert cli("db", "upgrade").code == 0
    ledger_workbook(
        data_root,
        [award_row("2024-03", "S0123"), award_row("2024-11", "S0123"), award_row("2024-11", "P0456", "集合")],
    )
    result = cli("etl", "--domains", "annual_award", "--period", PERIOD, "--execute")
    assert result.code == 0, result.stderr + result.stdout


def test_award_plans_are_listed_but_not_counted(cli: Any, backend: str, data_root: Path) -> None:
    """The ledgers create no plan rows (spec §5.3): their plan codes missing from
    mapping.年金计划 show up, as left out by design, and do not fail the check."""
    load_award(cli, backend, data_root)
    result = cli("reference", "check", "--json")
    assert result.code == 0
    report = result.json
    assert report["status"] == "ok" and report["missing"] == []
    assert report["left_out"] == [
        {
            "table": "mapping.年金计划",
            "code": "P0456",
            "fact_table": "customer.中标客户明细",
            "column": "年金计划号",
            "rows": 1,
        },
        {
            "table": "mapping.年金计划",
            "code": "S0123",
            "fact_table": "customer.中标客户明细",
            "column": "年金计划号",
            "rows": 2,
        },
    ]
    assert report["tables"]["mapping.年金计划"] == {"codes": 0, "rows": 0}
    assert report["tables"]["mapping.组织架构"] == {"codes": 0, "rows": 0}

    text = cli("reference", "check")
    assert text.code == 0
    assert "mapping.年金计划: no code missing" in text.stdout
    assert "not counted (no load adds them by design): 2 code(s)" in text.stdout
    assert "mapping.年金计划 S0123: 2 row(s) of customer.中标客户明细.年金计划号" in text.stdout
    assert "status: ok" in text.stdout

    march = cli("reference", "check", "--period", "202403", "--json")
    assert march.code == 0
    assert [(m["code"], m["rows"]) for m in march.json["left_out"]] == [("S0123", 1)]


@pytest.mark.slow
def test_after_the_quick_start_the_check_passes(cli: Any, backend: str) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples" / "data"
    if backend == "postgres":
        assert cli("db", "upgrade").code == 0
    loaded = cli("etl", "--all-domains", "--period", PERIOD, "--data-root", str(examples), "--execute")
    assert loaded.code == 0, loaded.stdout + loaded.stderr
    result = cli("reference", "check", "--json")
    assert result.code == 0, result.stdout
    assert result.json["missing"] == [] and result.json["left_out"]  # the ledgers' plan codes


def test_fixed_references_pass_and_deleted_seed_rows_are_reported(
    cli: Any, backend: str, data_root: Path, warehouse_url: str
) -> None:
    load_award(cli, backend, data_root)
    plans = qualified(warehouse_url, "mapping", "年金计划")
    if backend == "postgres":  # the id is generated there; SQLite needs it given
        execute(warehouse_url, f"INSERT INTO {plans} (年金计划号) VALUES ('S0123'), ('P0456')")
    else:
        execute(warehouse_url, f"INSERT INTO {plans} (id, 年金计划号) VALUES (10, 'S0123'), (11, 'P0456')")
    ok = cli("reference", "check")
    assert ok.code == 0, ok.stdout
    assert "status: ok" in ok.stdout

    execute(warehouse_url, f"DELETE FROM {qualified(warehouse_url, 'mapping', '组织架构')} WHERE 机构代码 = 'G01'")
    execute(warehouse_url, f"DELETE FROM {qualified(warehouse_url, 'mapping', '产品线')} WHERE 产品线代码 = 'PL202'")
    result = cli("reference", "check", "--json")
    assert result.code == 1
    assert [(m["table"], m["code"], m["column"], m["rows"]) for m in result.json["missing"]] == [
        ("mapping.产品线", "PL202", "产品线代码", 3),
        ("mapping.组织架构", "G01", "机构代码", 3),
    ]


def test_placeholder_plan_missing_from_the_seed_is_reported(
    cli: Any, backend: str, data_root: Path, warehouse_url: str
) -> None:
    load_award(cli, backend, data_root)
    ledger_workbook(data_root, [award_row("2024-11", None, "集合")])  # defaulted to AN001
    assert cli("etl", "--domains", "annual_award", "--period", PERIOD, "--execute").code == 0
    execute(warehouse_url, f"DELETE FROM {qualified(warehouse_url, 'mapping', '年金计划')} WHERE 年金计划号 = 'AN001'")
    result = cli("reference", "check", "--period", "202411", "--json")
    assert result.code == 1
    assert [(m["code"], m["rows"]) for m in result.json["missing"]] == [("AN001", 1)]


@pytest.mark.new_warehouse
def test_no_warehouse_means_nothing_to_check(cli: Any, backend: str) -> None:
    if backend == "postgres":  # an empty database without the tables: migrations are pending
        result = cli("reference", "check")
        assert result.code == 2
        assert "db upgrade" in result.stderr
        return
    result = cli("reference", "check")
    assert result.code == 0
    assert "no warehouse yet" in result.stdout
