"""fee_expansion: the worked examples and traps of docs/domains/fee_expansion.md on real
workbook cells read by the real reader and run through the platform's pipeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from support.domain_rows import cell, column, run_rows, table
from work_data_hub.core.domains.fee_expansion.sample import HEADER, SHEET


def run(tmp_path: Path, *rows: dict[str, Any]) -> Any:
    return run_rows("fee_expansion", table(HEADER, *rows), tmp_path, sheet=SHEET)


def row(*cells: Any) -> dict[str, Any]:
    return dict(zip(HEADER, cells, strict=True))


def test_example_1_existing_customer_fee_increase(tmp_path: Path) -> None:
    out = run(
        tmp_path,
        row("2024年11月", "东区", "浙江", "单一", "S4821", "浙江新城建设有限公司", "1,350,000.00", None, None, "提费"),
    )
    assert out.rejected.empty
    v = out.valid
    assert [cell(v, c) for c in ("月度", "机构名称", "机构代码", "计划类型", "年金计划号", "客户名称")] == [
        "2024-11-01", "浙江", "G12", "单一计划", "S4821", "浙江新城建设有限公司",
    ]  # fmt: skip
    assert cell(v, "已客提费扩面供款") == 1350000.0
    assert cell(v, "新客供款") is None and cell(v, "新客固费费率") is None
    assert cell(v, "备注") == "提费"


def test_example_2_new_customer_with_a_percent_rate(tmp_path: Path) -> None:
    out = run(
        tmp_path,
        row(
            "2024-11", "南区", "深圳分公司", "集合计划", None, "深圳盛达科技有限公司-已转出", None, 820000, "0.3%", None
        ),
    )
    assert out.rejected.empty
    v = out.valid
    assert cell(v, "机构代码") == "G05" and cell(v, "客户名称") == "深圳盛达科技有限公司"
    assert cell(v, "年金计划号") is None
    assert cell(v, "新客供款") == 820000.0 and cell(v, "新客固费费率") == 0.003
    assert cell(v, "已客提费扩面供款") is None


def test_trap_rate_number_cells_are_fractions(tmp_path: Path) -> None:
    out = run(tmp_path, row(202411, None, "北京", None, "P0290", "甲有限公司", None, 1, 0.003, None))
    assert cell(out.valid, "新客固费费率") == 0.003


def test_trap_month_forms_and_blank_month_takes_the_period(tmp_path: Path) -> None:
    months = ["2024年11月", "2024-11", 202411, dt.datetime(2024, 11, 30), None]
    out = run(
        tmp_path,
        *(row(m, None, "北京", None, f"S{i}", "甲有限公司", 1, None, None, None) for i, m in enumerate(months)),
    )
    assert out.rejected.empty
    assert column(out.valid, "月度") == ["2024-11-01"] * 5
    assert any("blank 月度" in w for w in out.warnings)


def test_a_row_without_name_and_plan_code_is_rejected(tmp_path: Path) -> None:
    out = run(tmp_path, row(202411, "东区", "浙江", None, None, None, 100, None, None, None))
    assert out.valid.empty
    assert out.rejected["reason"].tolist() == ["客户名称 and 年金计划号 both missing"]


def test_an_unreadable_rate_is_null_with_a_warning(tmp_path: Path) -> None:
    out = run(tmp_path, row(202411, None, "浙江", None, "S1", "甲有限公司", None, 5, "约0.3", None))
    assert out.rejected.empty and cell(out.valid, "新客固费费率") is None
    assert any("新客固费费率 unparseable, loaded as NULL: rows 2" in w for w in out.warnings)


def test_unmapped_branch_gets_g00_and_is_listed(tmp_path: Path) -> None:
    out = run(tmp_path, row(202411, None, "火星", None, "S1", "甲有限公司", 1, None, None, None))
    assert cell(out.valid, "机构代码") == "G00" and cell(out.valid, "机构名称") == "火星"
    assert any("火星 (1 row)" in w for w in out.warnings)
