"""renewal_pipeline: the worked examples and traps of docs/domains/renewal_pipeline.md on
real workbook cells read by the real reader and run through the platform's pipeline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from support.domain_rows import cell, column, run_rows, table
from work_data_hub.core.domains.renewal_pipeline.sample import HEADER, SHEET

BASE: dict[str, Any] = {"机构": "江苏", "客户名称": "甲有限公司", "年金计划号": "S3310"}


def run(tmp_path: Path, *rows: dict[str, Any]) -> Any:
    return run_rows("renewal_pipeline", table(HEADER, *({**BASE, **r} for r in rows)), tmp_path, sheet=SHEET)


def test_example_1(tmp_path: Path) -> None:
    cells = [
        "单一计划", "江苏华信建设有限公司企业年金计划", "S3310", "江苏华信建设有限公司", 612345678, "平安养老", 0.8421,
        0.031, "江苏", "2025-03-15", "是", "洽谈中", "续签意向函", "2024/11/28",
    ]  # fmt: skip
    out = run(tmp_path, dict(zip(HEADER, cells, strict=True)))
    assert out.rejected.empty
    v = out.valid
    assert cell(v, "机构代码") == "G10" and cell(v, "合同截止日期") == "2025-03-15"
    assert cell(v, "是否战客") == 1 and cell(v, "月度") == "2024-11-01"
    assert cell(v, "数据更新日期") == "2024-11-28"
    assert cell(v, "计划规模") == 0.8421 and cell(v, "年缴规模") == 0.031  # 亿元, as keyed
    assert cell(v, "__source_id") == "612345678"  # the keyed id, which wins at enrichment


def test_example_2_former_name_without_a_keyed_id(tmp_path: Path) -> None:
    out = run(tmp_path, {"company_id": None, "客户名称": "（原）宁波金桥港务有限公司"})
    assert cell(out.valid, "客户名称") == "宁波金桥港务有限公司"
    assert cell(out.valid, "__source_id") is None


def test_data_update_date_never_decides_the_period(tmp_path: Path) -> None:
    out = run(tmp_path, {"数据更新日期": "2024/10/15"}, {"数据更新日期": None})
    assert column(out.valid, "月度") == ["2024-11-01", "2024-11-01"]


def test_short_plan_type_and_name_or_plan_code(tmp_path: Path) -> None:
    out = run(tmp_path, {"计划类型": "集合", "客户名称": None}, {"客户名称": None, "年金计划号": None})
    assert column(out.valid, "计划类型") == ["集合计划"]
    assert out.rejected["reason"].tolist() == ["客户名称 and 年金计划号 both missing"]
