"""Kinds 20 (公司利润数据) and 21 (预算_YYYY), other-kinds.md §2.14–§2.15 and
docs/domains/assessed_revenue.md, assessed_revenue_budget.md: the wide two-header-row sheet
unpivoted with the year from the group label, 收支轧差 negated, 是否导入 rows skipped; the
product and indicator codes from the operators' tables (NULL with a warning while they are
empty) through an in-process batch on SQLite and PostgreSQL; the budget really loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support import warehouse as wh
from support.domain_rows import batch, column, run_rows, stored
from support.etl import upgrade
from support.finance_rows import place

IDS = ["序号", "口径", "产品线", "产品明细", "利润指标", "是否导入"]


def wide(groups: list[str], *rows: tuple[list[Any], dict[tuple[int, int], Any]]) -> list[list[Any]]:
    """Row 1 ids and group labels, row 2 `N月累计`; each row is (ids, {(group, month): cell})."""
    top: list[Any] = list(IDS)
    sub: list[Any] = [None] * len(IDS)
    for label in groups:
        top += [label] + [None] * 11
        sub += [f"{m}月累计" for m in range(1, 13)]
    out = [top, sub]
    for ids, cells in rows:
        out.append(ids + [cells.get((g, m)) for g in range(len(groups)) for m in range(1, 13)])
    return out


ROW_1 = (["5", "管理口径", "企年受托", "单一计划受托", "管理费收入", None], {(1, 1): 120.5, (1, 2): "251.30"})
ROW_2 = (["6", "管理口径", "企年投资", "单一计划投资", "收支轧差", None], {(0, 12): "1,020.00"})


def test_actuals_examples_1_and_2_year_from_the_group_and_netting_negated(tmp_path: Path) -> None:
    rows = wide(["实际_2023", "实际_2024"], ROW_1, ROW_2)
    out = run_rows("assessed_revenue", rows, tmp_path, sheet="公司利润数据")
    assert out.rejected.empty
    v = out.valid
    assert column(v, "月份") == ["2024-01-01", "2024-02-01", "2023-12-01"]
    assert column(v, "指标达成") == [120.5, 251.3, -1020.0]
    assert column(v, "产品线") == ["企年受托", "企年受托", "企年投资"]
    assert column(v, "产品明细") == ["单一计划受托", "单一计划受托", "单一计划投资"]
    assert column(v, "利润指标") == ["管理费收入", "管理费收入", "收支轧差"]
    assert column(v, "产品线代码") == ["PL202", "PL202", "PL201"]
    assert column(v, "月度") == ["2024-11-01"] * 3
    assert out.rows_read == 3  # a blank cell gives no row


def test_a_filled_是否导入_skips_the_row_a_bad_number_rejects_its_cell(tmp_path: Path) -> None:
    skipped = (["7", "管理口径", "企年受托", "集合计划受托", "管理费收入", "否"], {(0, 1): 10, (0, 2): 20})
    bad = (["8", "管理口径", "企年受托", "集合计划受托", "投资收益", None], {(0, 3): "待定", (0, 4): 5})
    unknown = (["9", "管理口径", "新业务", "X", "投资收益", None], {(0, 1): 1})
    out = run_rows("assessed_revenue", wide(["实际"], skipped, bad, unknown), tmp_path, sheet="公司利润数据")
    assert out.counters["rows_skipped"] == 2 and out.counters["rows_not_imported"] == 1
    assert out.rejected["reason"].tolist() == ["指标达成 not a number: '待定'"]
    assert out.rejected["row_number"].tolist() == [4]
    assert column(out.valid, "月份") == ["2024-04-01", "2024-01-01"]  # a label without a year: P's year
    assert column(out.valid, "产品线代码") == ["PL202", None]
    assert "产品线 not in M1 (产品线代码 NULL): 新业务 (1 row)" in out.warnings


def test_budget_examples_one_group_value_指标预算_negated_for_netting(tmp_path: Path) -> None:
    rows = wide(
        ["预算_2024"],
        (["1", "管理口径", "企年受托", "单一计划受托", "管理费收入", None], {(0, 3): 88}),
        (["2", "管理口径", "企年受托", "单一计划受托", "收支轧差", None], {(0, 12): 400}),
    )
    out = run_rows("assessed_revenue_budget", rows, tmp_path, sheet="预算_2024")
    assert column(out.valid, "月份") == ["2024-03-01", "2024-12-01"]
    assert column(out.valid, "指标预算") == [88.0, -400.0]


def test_codes_from_the_operator_tables_and_the_budget_sheet_of_the_periods_year(
    backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    budget_2025 = wide(["预算_2025"], (["1", "管理口径", "企年受托", "单一计划受托", "管理费收入", None], {(0, 1): 7}))
    budget_2024 = wide(["预算_2024"], (["1", "管理口径", "企年受托", "单一计划受托", "管理费收入", None], {(0, 1): 9}))
    sheets = {
        "公司利润数据": wide(["实际_2024", "实际_2025"], ROW_1, ROW_2),
        "预算_2024": budget_2024,
        "预算_2025": budget_2025,
    }
    place(data_root, "25年1月考核收入数据.xlsx", sheets, period="202501")
    domains = ["assessed_revenue", "assessed_revenue_budget"]

    first = batch(warehouse_url, data_root, tmp_path / "var", "202501", domains)
    actual, budget = first.domains
    assert (actual.status, budget.status) == ("ok", "ok"), (actual.error, budget.error)
    assert "产品ID NULL on 3 rows: mapping.产品明细 (the table is empty)" in actual.warnings
    assert "指标编码 NULL on 3 rows: mapping.利润指标 (the table is empty)" in actual.warnings
    assert stored(warehouse_url, "finance", "考核收入预算", ["月份", "指标预算", "月度"]) == [
        ("2025-01-01", 7.0, "2025-01-01")
    ]

    upgrade(warehouse_url)
    products = wh.qualified(warehouse_url, "mapping", "产品明细")
    indicators = wh.qualified(warehouse_url, "mapping", "利润指标")
    wh.execute(
        warehouse_url,
        f"INSERT INTO {products} (\"产品ID\", \"产品明细\") VALUES ('P01', '单一计划受托')",
        f"INSERT INTO {indicators} (指标编码, 指标名称) VALUES ('I01', '管理费收入')",
    )
    again = batch(warehouse_url, data_root, tmp_path / "var", "202501", ["assessed_revenue"])
    assert again.domains[0].rows_deleted == 3
    got = stored(warehouse_url, "finance", "考核收入明细", ["月份", "指标达成", "产品ID", "指标编码"])
    assert got == [
        ("2024-12-01", -1020.0, None, None),
        ("2025-01-01", 120.5, "P01", "I01"),
        ("2025-02-01", 251.3, "P01", "I01"),
    ]
    assert "产品ID NULL on 1 rows: mapping.产品明细 (产品明细 not in it)" in again.domains[0].warnings
