"""Foreign-key backfill through the real CLI (``etl … --execute``) on SQLite and
PostgreSQL (reference-data.md R1–R9, annual_loss.md example 18): backfill on the first load
and none on a re-run, the rollback with a failed load, tags, temporary ids, dry runs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from support.warehouse import execute, is_sqlite, qualified, rows, scalar, sqlite_file
from support.workbooks import clean_rows, place
from work_data_hub.core.domains.ledger_samples import AWARD_HEADER, LEDGER_SHEETS, LOSS_HEADER
from work_data_hub.core.samples.writer import write_workbook

PERIOD = "202411"
TEMP_LIKE = "IN________________"  # LIKE pattern: IN + 16 characters
PLACEHOLDER_PLANS = ("AN001", "AN002")
PLACEHOLDER_PORTFOLIOS = ("QTAN001", "QTAN002", "QTAN003")
REFERENCE_COUNTERS = ("reference_rows_added", "reference_tags_appended", "reference_temporary_ids_skipped")


def ap_rows(n: int = 40, seed: int = 5) -> list[list[Any]]:
    """Clean 规模明细 rows; every third row carries a real company id (a source id)."""
    found = clean_rows(PERIOD, n=n, seed=seed)
    header = [*found[0], "company_id"]
    return [header, *([*r, f"6{i:08d}" if i % 3 == 0 else None] for i, r in enumerate(found[1:]))]


def ledger_workbook(data_root: Path, award: list[dict[str, Any]], loss: list[dict[str, Any]]) -> Path:
    path = data_root / PERIOD / "收集数据" / "业务收集" / "【导入模板】台账登记.xlsx"
    sheets: dict[str, list[list[Any]]] = {}
    for sheet in LEDGER_SHEETS:
        header, body = (AWARD_HEADER, award) if "中标" in sheet else (LOSS_HEADER, loss)
        mine = [r for r in body if r["业务类型"] in sheet]
        sheets[sheet] = [list(header), *([r.get(h) if h else None for h in header] for r in mine)]
    return write_workbook(path, sheets)


def ledger_row(month: str, company_id: str | None, name: str, plan: str | None, **extra: Any) -> dict[str, Any]:
    return {
        "机构": "北京",
        "业务类型": "受托",
        "客户全称": name,
        "计划规模": 3.2,
        "计划类型": "单一",
        "上报月份": month,
        "年金计划号": plan,
        "company_id": company_id,
        **extra,
    }


def upgrade_if_postgres(cli: Any, backend: str) -> None:
    if backend == "postgres":
        assert cli("db", "upgrade").code == 0


def etl(cli: Any, domains: str, *, execute: bool = True) -> dict[str, Any]:
    args = ["etl", "--domains", domains, "--period", PERIOD, "--json", "--max-rejected", "100%"]
    result = cli(*args, *(["--execute"] if execute else []))
    assert result.code == 0, result.stderr + result.stdout
    return {d["domain"]: d for d in result.json["domains"]}


def counters(run: dict[str, Any]) -> dict[str, Any]:
    return {k: run["counters"][k] for k in REFERENCE_COUNTERS}


def count(url: str, schema: str, table: str) -> int:
    return int(scalar(url, f"SELECT COUNT(*) FROM {qualified(url, schema, table)}"))


def keys(url: str, schema: str, table: str, column: str) -> set[str]:
    return {r[0] for r in rows(url, f'SELECT "{column}" FROM {qualified(url, schema, table)}')}


def distinct(url: str, column: str) -> set[str]:
    sql = f'SELECT DISTINCT "{column}" FROM {qualified(url, "business", "规模明细")} WHERE "{column}" IS NOT NULL'
    return {r[0] for r in rows(url, sql)}


def reference_counts(url: str) -> tuple[int, int, int, int, int]:
    return (
        count(url, "mapping", "产品线"),
        count(url, "mapping", "组织架构"),
        count(url, "mapping", "年金计划"),
        count(url, "mapping", "组合计划"),
        count(url, "customer", "客户明细"),
    )


def tags_of(value: Any) -> list[str]:
    return json.loads(value) if isinstance(value, str) else list(value)


def test_first_load_backfills_what_the_facts_reference_and_a_rerun_adds_nothing(
    cli: Any, backend: str, data_root: Path, warehouse_url: str
) -> None:
    upgrade_if_postgres(cli, backend)
    place(data_root, PERIOD, ap_rows())
    run = etl(cli, "annuity_performance")["annuity_performance"]
    url = warehouse_url
    plans = distinct(url, "计划代码") - set(PLACEHOLDER_PLANS)
    portfolios = distinct(url, "组合代码") - set(PLACEHOLDER_PORTFOLIOS)
    companies = {c for c in distinct(url, "company_id") if not c.startswith("IN")}
    assert plans and portfolios and companies
    assert keys(url, "mapping", "年金计划", "年金计划号") == plans | set(PLACEHOLDER_PLANS)
    assert keys(url, "mapping", "组合计划", "组合代码") == portfolios | set(PLACEHOLDER_PORTFOLIOS)
    assert keys(url, "customer", "客户明细", "company_id") == companies
    assert run["counters"]["reference_rows_added"] == {
        "mapping.年金计划": len(plans),
        "mapping.组合计划": len(portfolios),
        "mapping.产品线": 0,
        "mapping.组织架构": 0,
        "customer.客户明细": len(companies),
    }
    assert run["counters"]["reference_tags_appended"] == len(companies)  # one 2411新建 each
    assert {tuple(tags_of(t)) for (t,) in rows(url, f"SELECT tags FROM {qualified(url, 'customer', '客户明细')}")} == {
        ("2411新建",)
    }
    assert set(keys(url, "customer", "客户明细", "年金客户类型")) == {"新客"}
    notes = {
        r[0] for r in rows(url, f"SELECT 备注 FROM {qualified(url, 'mapping', '年金计划')} WHERE 备注 IS NOT NULL")
    }
    assert notes == {"24年11月创建"}
    assert cli("reference", "check").code == 0

    before = reference_counts(url)
    again = etl(cli, "annuity_performance")["annuity_performance"]
    assert set(again["counters"]["reference_rows_added"].values()) == {0}
    assert again["counters"]["reference_tags_appended"] == 0
    assert reference_counts(url) == before


def test_temporary_ids_never_create_customers(cli: Any, backend: str, data_root: Path, warehouse_url: str) -> None:
    upgrade_if_postgres(cli, backend)
    place(data_root, PERIOD, ap_rows())
    run = etl(cli, "annuity_performance")["annuity_performance"]
    url = warehouse_url
    temporary = {c for c in distinct(url, "company_id") if c.startswith("IN")}
    assert temporary, "the workbook must hold names that get temporary ids"
    assert run["counters"]["reference_temporary_ids_skipped"] == len(temporary)
    customers = qualified(url, "customer", "客户明细")
    assert scalar(url, f"SELECT COUNT(*) FROM {customers} WHERE company_id LIKE :p", p=TEMP_LIKE) == 0
    plans = qualified(url, "mapping", "年金计划")
    assert scalar(url, f"SELECT COUNT(*) FROM {plans} WHERE company_id LIKE :p", p=TEMP_LIKE) == 0


@pytest.mark.slow
@pytest.mark.new_warehouse
def test_dry_run_reports_the_counts_of_the_load_and_writes_nothing(
    cli: Any, backend: str, data_root: Path, warehouse_url: str
) -> None:
    upgrade_if_postgres(cli, backend)
    place(data_root, PERIOD, ap_rows())
    dry = etl(cli, "annuity_performance", execute=False)["annuity_performance"]
    if is_sqlite(warehouse_url):
        path = sqlite_file(warehouse_url)
        assert path is not None and not path.exists()
    else:
        assert reference_counts(warehouse_url) == (12, 38, 2, 3, 0)
    done = etl(cli, "annuity_performance")["annuity_performance"]
    assert counters(dry) == counters(done)
    assert dry["counters"]["reference_rows_added"]["mapping.年金计划"] > 0
    before = reference_counts(warehouse_url)
    after_load = etl(cli, "annuity_performance", execute=False)["annuity_performance"]
    assert set(after_load["counters"]["reference_rows_added"].values()) == {0}
    assert reference_counts(warehouse_url) == before


FAIL_LEDGER = {
    "sqlite": [
        "CREATE TRIGGER wdh_test_refuse BEFORE UPDATE ON etl_run WHEN NEW.status = 'ok' "
        "BEGIN SELECT RAISE(ABORT, 'ledger refused by test'); END"
    ],
    "postgres": [
        "CREATE FUNCTION wdh.wdh_test_refuse() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RAISE EXCEPTION 'ledger refused by test'; END $$",
        "CREATE TRIGGER wdh_test_refuse BEFORE INSERT OR UPDATE ON wdh.etl_run FOR EACH ROW "
        "WHEN (NEW.status = 'ok') EXECUTE FUNCTION wdh.wdh_test_refuse()",
    ],
}


def test_a_failed_fact_load_leaves_no_reference_rows(
    cli: Any, backend: str, data_root: Path, warehouse_url: str
) -> None:
    assert cli("db", "upgrade").code == 0
    execute(warehouse_url, *FAIL_LEDGER[backend])
    place(data_root, PERIOD, ap_rows())
    result = cli("etl", "--domains", "annuity_performance", "--period", PERIOD, "--execute", "--json")
    assert result.code == 1
    assert "ledger refused by test" in result.json["domains"][0]["error"]
    assert reference_counts(warehouse_url) == (12, 38, 2, 3, 0)
    assert count(warehouse_url, "business", "规模明细") == 0

    drop = "DROP TRIGGER wdh_test_refuse" + ("" if backend == "sqlite" else " ON wdh.etl_run")
    execute(warehouse_url, drop)
    done = etl(cli, "annuity_performance")["annuity_performance"]
    assert done["counters"]["reference_rows_added"]["mapping.年金计划"] > 0
    assert reference_counts(warehouse_url)[2] == 2 + done["counters"]["reference_rows_added"]["mapping.年金计划"]


def test_award_then_loss_tags_the_same_customer_and_keep_its_first_type(
    cli: Any, backend: str, data_root: Path, warehouse_url: str
) -> None:
    upgrade_if_postgres(cli, backend)
    ledger_workbook(
        data_root,
        award=[
            ledger_row("2024-03", "600123456", "甲乙丙科技有限公司", "S0123"),
            ledger_row("2024-05", None, "无人知晓的新公司", "S0777", 业务类型="投资"),
        ],
        loss=[ledger_row("2024-10", "600123456", "甲乙丙科技有限公司", "S0123", 机构="上海")],
    )
    runs = etl(cli, "annual_award,annual_loss")
    url = warehouse_url
    assert runs["annual_award"]["counters"]["reference_rows_added"] == {"customer.客户明细": 1}
    assert runs["annual_award"]["counters"]["reference_temporary_ids_skipped"] == 1
    assert runs["annual_loss"]["counters"]["reference_rows_added"] == {"customer.客户明细": 0}
    assert runs["annual_loss"]["counters"]["reference_tags_appended"] == 1
    sql = f"SELECT 年金客户类型, tags, 主拓机构, 关键年金计划 FROM {qualified(url, 'customer', '客户明细')}"
    found = rows(url, sql + " WHERE company_id = '600123456'")
    assert len(found) == 1
    kind, tags, branch, plan = found[0]
    assert (kind, tags_of(tags), branch, plan) == ("中标客户", ["2403中标", "2410流失"], "北京", "S0123")
    assert count(url, "customer", "客户明细") == 1  # the unknown company's temporary id made none
    award = qualified(url, "customer", "中标客户明细")
    assert scalar(url, f"SELECT COUNT(*) FROM {award} WHERE company_id LIKE :p", p=TEMP_LIKE) == 1

    again = etl(cli, "annual_award,annual_loss")
    assert again["annual_award"]["counters"]["reference_tags_appended"] == 0
    assert again["annual_loss"]["counters"]["reference_tags_appended"] == 0
    assert tags_of(rows(url, sql + " WHERE company_id = '600123456'")[0][1]) == ["2403中标", "2410流失"]


@pytest.mark.parametrize("backend", ["sqlite"])  # the batch simulation does not depend on the backend
@pytest.mark.parametrize("order", ["annual_award,annual_loss", "annual_loss,annual_award"])
def test_dry_run_of_a_batch_counts_earlier_domains(cli: Any, data_root: Path, order: str) -> None:
    ledger_workbook(
        data_root,
        award=[ledger_row("2024-03", "600123456", "甲乙丙科技有限公司", "S0123")],
        loss=[ledger_row("2024-10", "600123456", "甲乙丙科技有限公司", "S0123")],
    )
    dry = etl(cli, order, execute=False)
    done = etl(cli, order)
    assert {d: counters(r) for d, r in dry.items()} == {d: counters(r) for d, r in done.items()}
    first, second = order.split(",")
    assert done[first]["counters"]["reference_rows_added"] == {"customer.客户明细": 1}
    assert done[second]["counters"]["reference_rows_added"] == {"customer.客户明细": 0}
