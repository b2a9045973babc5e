"""group_pension_award: the worked examples and traps of docs/domains/group_pension_award.md
on real workbook cells read by the real reader and run through the platform's pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support.domain_rows import cell, run_rows, table
from work_data_hub.core.domains.group_pension_award.sample import HEADER, SHEET

BASE: dict[str, Any] = {"机构": "广东", "客户名称": "甲有限公司", "上报月份": 202411}


def run(tmp_path: Path, *rows: dict[str, Any]) -> Any:
    return run_rows("group_pension_award", table(HEADER, *({**BASE, **r} for r in rows)), tmp_path, sheet=SHEET)


def test_example_1(tmp_path: Path) -> None:
    cells = [
        "南区",
        "广东",
        "广东鸿运物流股份有限公司",
        "1,250.00",
        "0.6%",
        "2024/7/18",
        "否",
        "部分到账",
        600.5,
        "2024-07",
    ]
    out = run(tmp_path, dict(zip(HEADER, cells, strict=True)))
    assert out.rejected.empty
    v = out.valid
    assert cell(v, "机构代码") == "G04" and cell(v, "实际费率") == 0.006
    assert cell(v, "中标签约时间") == "2024-07-18" and cell(v, "是否烟草统外") == 0
    assert cell(v, "上报月份") == "2024-07-01"
    assert cell(v, "预估中标规模") == 1250.0 and cell(v, "到账金额") == 600.5  # 万元, not converted
    assert cell(v, "客户名称") == "广东鸿运物流股份有限公司" and cell(v, "到账情况") == "部分到账"


def test_example_2_tobacco_flag_and_nothing_arrived(tmp_path: Path) -> None:
    out = run(tmp_path, {"是否烟草统外": "是", "到账情况": "未到账", "到账金额": None})
    assert cell(out.valid, "是否烟草统外") == 1 and cell(out.valid, "到账金额") is None


def test_rate_number_cell_is_a_fraction(tmp_path: Path) -> None:
    assert cell(run(tmp_path, {"实际费率": 0.006}).valid, "实际费率") == 0.006


def test_name_rules_and_rejections(tmp_path: Path) -> None:
    out = run(
        tmp_path,
        {"客户名称": "（原）广东鸿运物流股份有限公司"},
        {"客户名称": None},
        {"上报月份": "2024-12"},
    )
    assert cell(out.valid, "客户名称") == "广东鸿运物流股份有限公司"
    assert out.rejected["reason"].tolist() == ["客户名称 missing", "上报月份 outside the period window '2024-12'"]


def test_unreadable_date_is_null_with_a_warning(tmp_path: Path) -> None:
    out = run(tmp_path, {"中标/签约时间": "七月中旬"})
    assert out.rejected.empty and cell(out.valid, "中标签约时间") is None
    assert any("中标签约时间 unparseable, loaded as NULL" in w for w in out.warnings)
