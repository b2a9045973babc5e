"""occupational_new_portfolios: the worked examples and traps of
docs/domains/occupational_new_portfolios.md on real workbook cells, through the pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support.domain_rows import cell, column, run_rows, table
from work_data_hub.core.domains.occupational_new_portfolios.sample import HEADER, SHEET

BASE: dict[str, Any] = {"机构": "北京", "上报月份": 202411, "组合代码": "I44Z5120"}


def run(tmp_path: Path, *rows: dict[str, Any], period: str = "202411") -> Any:
    sheet = table(HEADER, *({**BASE, **r} for r in rows))
    return run_rows("occupational_new_portfolios", sheet, tmp_path, sheet=SHEET, period=period)


def test_example_1(tmp_path: Path) -> None:
    cells = [
        "北区",
        "北京年金中心",
        "北京",
        "北京市（贰号）职业年金计划平安组合3",
        "含权组合",
        "2024年3月",
        "2024-04",
        "张伟",
        "Z0003",
        "I44Z5120",
        "新增组合",
    ]
    out = run(tmp_path, dict(zip(HEADER, cells, strict=True)))
    assert out.rejected.empty
    v = out.valid
    assert [cell(v, c) for c in ("上报月份", "到账月份", "机构", "机构代码", "组合代码", "年金计划号")] == [
        "2024-03-01", "2024-04-01", "北京", "G01", "I44Z5120", "Z0003",
    ]  # fmt: skip
    assert cell(v, "组合名称") == "北京市（贰号）职业年金计划平安组合3" and cell(v, "上报人") == "张伟"


def test_example_2_number_month_and_blank_arrival(tmp_path: Path) -> None:
    out = run(tmp_path, {"上报月份": 202411, "到账月份": None})
    assert cell(out.valid, "上报月份") == "2024-11-01" and cell(out.valid, "到账月份") is None


def test_portfolio_code_keeps_a_leading_f(tmp_path: Path) -> None:
    out = run(tmp_path, {"组合代码": "F5120"})
    assert cell(out.valid, "组合代码") == "F5120"


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"上报月份": None}, "上报月份 missing"),
        ({"上报月份": "2024年13月"}, "上报月份 unparseable: '2024年13月'"),
        ({"上报月份": "2024-12"}, "上报月份 outside the period window '2024-12'"),
        ({"上报月份": "2023-12"}, "上报月份 outside the period window '2023-12'"),
        ({"组合代码": None}, "组合代码 missing"),
    ],
)
def test_rejections(cells: dict[str, Any], reason: str, tmp_path: Path) -> None:
    out = run(tmp_path, cells)
    assert out.valid.empty and out.rejected["reason"].tolist() == [reason]


def test_january_holds_january_only(tmp_path: Path) -> None:
    out = run(tmp_path, {"上报月份": "2025-01"}, {"上报月份": "2024-12"}, period="202501")
    assert column(out.valid, "上报月份") == ["2025-01-01"]
    assert out.rejected["reason"].tolist() == ["上报月份 outside the period window '2024-12'"]
