"""Kinds 17 (风准金) and 18 (历史浮费), other-kinds.md §2.11–§2.12 and
docs/domains/risk_reserve.md, historic_floating_fees.md: the worked examples through the real
reader and pipeline, then the portfolio → plan lookup in mapping.组合计划 (虚拟 portfolios
excluded) through an in-process batch on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from support.domain_rows import batch, cell, column, run_rows, stored
from support.finance_rows import place, portfolios

RISK_HEADER = [
    "战区",
    "机构 ",
    "组合代码",
    "组合名称",
    "原受托",
    "风准金账户\n开户行",
    " 风准金结转余额",
    "结转\t日期",
    "结转金额 ",
]
RISK_1 = [
    "北区",
    "山东",
    "F5120",
    "华润电子平安组合",
    "长江养老",
    "工商银行山东分行",
    "1,204,330.50",
    "2024/11/30",
    "60216.5",
]
RISK_2 = ["北区", "山东", "FI44X7781", "某组合", "长江养老", "工商银行山东分行", "1000", "2024/11/30", None]
FEES_HEADER = [
    "区域",
    "机构",
    "受托人",
    "组合代码",
    "组合名称",
    "浮动金额（元）",
    "浮费年度",
    "已计提浮动金额（元） ",
    "计提月度",
]
FEES_ROWS = [
    ["东区", "江苏", "平安养老", "F5120", "华润电子平安组合", 360000, 2023, 120000, "2024/3"],
    ["东区", "江苏", "平安养老", None, None, None, 2023, "120,000.00", "2024年5月"],
    ["东区", "江苏", "平安养老", None, None, None, 2023, 120000, 202407],
    ["小计", None, None, None, None, None, None, 360000, None],
]
BOOK = "24年11月风准金转回及历史浮费.xlsx"


def test_risk_reserve_example_1_headers_branch_f_strip_dates(tmp_path: Path) -> None:
    out = run_rows("risk_reserve", [RISK_HEADER, RISK_1], tmp_path, sheet="风准金")
    assert out.rejected.empty and out.warnings == []
    v = out.valid
    names = ("战区", "属地", "机构代码", "组合代码", "计划代码", "组合名称", "原受托", "风准金账户开户行")
    assert [cell(v, c) for c in names] == [
        "北区", "山东", "G21", "5120", None, "华润电子平安组合", "长江养老", "工商银行山东分行",
    ]  # fmt: skip
    assert (cell(v, "风准金结转余额"), cell(v, "结转日期"), cell(v, "结转金额"), cell(v, "月度")) == (
        1204330.5, "2024-11-30", 60216.5, "2024-11-01",
    )  # fmt: skip


def test_risk_reserve_rejects_a_row_without_balance_or_portfolio(tmp_path: Path) -> None:
    rows = [RISK_HEADER, [*RISK_1[:6], None, *RISK_1[7:]], ["北区", "山东", None, *RISK_1[3:]]]
    out = run_rows("risk_reserve", rows, tmp_path, sheet="风准金")
    assert out.valid.empty
    assert out.rejected["reason"].tolist() == ["风准金结转余额 missing", "组合代码 missing"]
    assert out.rejected["row_number"].tolist() == [2, 3]


def test_floating_fees_example_1_merged_cells_filled_down_2_subtotal_dropped(tmp_path: Path) -> None:
    out = run_rows("historic_floating_fees", [FEES_HEADER, *FEES_ROWS], tmp_path, sheet="历史浮费")
    assert out.rejected.empty
    v = out.valid
    assert column(v, "组合代码") == ["5120"] * 3
    assert column(v, "组合名称") == ["华润电子平安组合"] * 3
    assert column(v, "浮动金额") == [360000.0] * 3  # the group's total, repeated, never summed
    assert column(v, "计提月度") == ["2024-03-01", "2024-05-01", "2024-07-01"]
    assert column(v, "已计提浮动金额") == [120000.0] * 3
    assert column(v, "机构代码") == ["G10"] * 3 and column(v, "机构") == ["江苏"] * 3
    assert column(v, "浮费年度") == [2023] * 3 and column(v, "月度") == ["2024-11-01"] * 3
    assert out.counters["rows_skipped"] == 1 and out.counters["subtotal_rows"] == 1
    assert "1 rows without 计提月度 (小计) dropped" in out.warnings


def test_floating_fees_fill_only_the_merged_columns(tmp_path: Path) -> None:
    rows = [FEES_HEADER, FEES_ROWS[0], ["东区", None, None, None, None, None, 2023, 1, "2024/4"]]
    out = run_rows("historic_floating_fees", rows, tmp_path, sheet="历史浮费")
    assert column(out.valid, "组合代码") == ["5120", "5120"]
    assert column(out.valid, "机构") == ["江苏", None]  # 机构 and 受托人 are not filled down
    assert column(out.valid, "受托人") == ["平安养老", None]


def test_plan_codes_from_the_portfolio_table_without_virtual_portfolios(
    backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    portfolios(warehouse_url, [("5120", "XNP4821", "运作中"), ("I44X7781", "P9999", "虚拟"), ("6001", "S0001", None)])
    other = ["北区", "山东", "F6001", "乙组合", "长江养老", "工商银行", "10", "2024/11/30", None]
    place(data_root, BOOK, {"风准金": [RISK_HEADER, RISK_1, RISK_2, other], "历史浮费": [FEES_HEADER, *FEES_ROWS]})
    summary = batch(warehouse_url, data_root, tmp_path / "var", "202411", ["risk_reserve", "historic_floating_fees"])
    risk, fees = summary.domains
    assert (risk.status, fees.status) == ("ok", "ok"), (risk.error, fees.error)
    got = stored(warehouse_url, "finance", "风准金余额表", ["组合代码", "计划代码", "月度"])
    assert got == [("5120", "XNP4821", "2024-11-01"), ("6001", "S0001", "2024-11-01"), ("I44X7781", None, "2024-11-01")]
    assert "1 portfolio not in mapping.组合计划 (1 row, 计划代码 NULL)" in risk.warnings
    assert stored(warehouse_url, "finance", "历史浮费", ["计划代码", "计提月度"]) == [
        ("XNP4821", "2024-03-01"), ("XNP4821", "2024-05-01"), ("XNP4821", "2024-07-01"),
    ]  # fmt: skip
    assert fees.rows_inserted == 3 and fees.counters["rows_skipped"] == 1

    # One delivery is one period: a re-run replaces 月度 2024-11 and nothing else.
    again = batch(warehouse_url, data_root, tmp_path / "var", "202411", ["risk_reserve"])
    assert again.domains[0].rows_deleted == 3 and again.domains[0].rows_inserted == 3
