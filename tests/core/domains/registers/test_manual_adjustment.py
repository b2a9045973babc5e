"""manual_adjustment: the worked examples and traps of docs/domains/manual_adjustment.md on
real workbook cells read by the real reader and run through the platform's pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support.domain_rows import cell, run_rows, table
from work_data_hub.core.domains.manual_adjustment.sample import HEADER, SHEET

BASE: dict[str, Any] = {
    "月度": 202411,
    "业务类型": "企年投资",
    "计划类型": "单一计划",
    "计划代码": "S1002",
    "机构": "北京",
}


def run(tmp_path: Path, *rows: dict[str, Any]) -> Any:
    return run_rows("manual_adjustment", table(HEADER, *({**BASE, **r} for r in rows)), tmp_path, sheet=SHEET)


def test_example_1_negative_correction_with_an_f_portfolio(tmp_path: Path) -> None:
    cells = [
        202411, "企年投资", "单一计划", "XNP4821", "华润电子企业年金计划", "单一含权", "F5120", "华润电子平安组合",
        "华润电子有限公司", 0, "-2,400,000.00", 0, 0, 0, 0, -24000, None, "四川", 1, "划转调整",
    ]  # fmt: skip
    out = run(tmp_path, dict(zip(HEADER, cells, strict=True)))
    assert out.rejected.empty
    v = out.valid
    assert cell(v, "组合代码") == "5120" and cell(v, "产品线代码") == "PL201"
    assert cell(v, "期末资产规模") == -2400000.0 and cell(v, "投资收益") == -24000.0
    assert cell(v, "机构代码") == "G26" and cell(v, "机构名称") == "四川"
    assert cell(v, "考核有效") == 1 and cell(v, "当期收益率") is None
    assert cell(v, "流失_含待遇支付") == 0.0
    assert cell(v, "月度") == "2024-11-01" and cell(v, "备注") == "划转调整"


def test_example_2_trustee_collective_row_without_portfolio_or_name(tmp_path: Path) -> None:
    out = run(
        tmp_path,
        {
            "业务类型": "企年受托",
            "计划类型": "集合计划",
            "计划代码": "P0190",
            "组合代码": None,
            "客户名称": None,
            "考核有效": 0,
        },
    )
    assert out.rejected.empty
    v = out.valid
    assert cell(v, "组合代码") == "QTAN001" and cell(v, "客户名称") is None
    assert cell(v, "计划代码") == "P0190" and cell(v, "产品线代码") == "PL202"
    assert cell(v, "机构代码") == "G01" and cell(v, "考核有效") == 0


def test_blank_plan_code_takes_the_plan_type_default(tmp_path: Path) -> None:
    out = run(tmp_path, {"计划代码": None, "计划类型": "单一计划"})
    assert cell(out.valid, "计划代码") == "AN002"


def test_integer_portfolio_code_and_plan_code_spelling(tmp_path: Path) -> None:
    out = run(tmp_path, {"组合代码": 5120, "计划代码": " s-1002 "})
    assert cell(out.valid, "组合代码") == "5120" and cell(out.valid, "计划代码") == "S1002"


def test_unknown_or_blank_business_type_rejects_the_row(tmp_path: Path) -> None:
    out = run(tmp_path, {"业务类型": "新业务"}, {"业务类型": None})
    assert out.valid.empty
    assert out.rejected["reason"].tolist() == ["unknown 业务类型 '新业务'", "业务类型 missing"]


def test_blank_plan_code_without_default_is_rejected(tmp_path: Path) -> None:
    out = run(tmp_path, {"计划代码": None, "计划类型": "职业年金", "业务类型": "职年投资"})
    assert out.rejected["reason"].tolist() == ["计划代码 missing and 计划类型 '职业年金' has no default"]


def test_header_with_fullwidth_brackets_is_read(tmp_path: Path) -> None:
    header = [h.replace("(", "（").replace(")", "）") for h in HEADER]
    rows = table(header, {**BASE, "流失（含待遇支付）": "-1,000"})
    out = run_rows("manual_adjustment", rows, tmp_path, sheet=SHEET)
    assert cell(out.valid, "流失_含待遇支付") == -1000.0
