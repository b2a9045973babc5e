"""Kind 22 (年金费率统计), other-kinds.md §2.16 and docs/domains/fee_rate_statistics.md: the
renames of both header generations, the plan/portfolio derivation per 业务类型, the first
sheet whatever its name (a 说明 sheet follows), and the portfolio's plan from
mapping.组合计划 through an in-process batch on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from support.domain_rows import batch, cell, column, run_rows, stored
from support.finance_rows import portfolios
from work_data_hub.core.samples.writer import write_workbook

HEADER_2024 = ["序号", "机构", "投资/受托", "计划类型", "计划/组合名称", "计划/组合代码", "客户名称",
               "2023年底/新签规模", "续签/新签合同费率", "是否新签/续签", "新签/续签时间", "备注"]  # fmt: skip
HEADER_2025 = [*HEADER_2024[:7], "2024年底/新签规模", "续签/新签合同费率", "新签/续签", "新签/续签时间", "备注"]
EXAMPLE_1 = [3, "浙江", "受托", "单一计划", "浙江天成化工有限公司企业年金计划", "S2290", "浙江天成化工有限公司", 1.2e8,
             "0.12%", "续签", "2023/8/1", None]  # fmt: skip
EXAMPLE_2 = [4, "北京", "投资", "集合计划", "安心回报投资组合", "FI44Q3182", None, "52,000,000.00", 0.0015, "新签",
             "2024/2/1", None]  # fmt: skip
BLANK_CODE = [5, "上海", "受托", "单一计划", "某计划", None, "某有限公司", 1000, 0.001, "续签", None, None]


def test_examples_renames_trustee_and_investment_rows(tmp_path: Path) -> None:
    out = run_rows("fee_rate_statistics", [HEADER_2024, EXAMPLE_1, EXAMPLE_2, BLANK_CODE], tmp_path, sheet="费率统计")
    assert out.rejected.empty and out.warnings == [] and out.counters["dropped_columns"] == []
    v = out.valid
    names = ("业务类型", "计划代码", "组合代码", "合同费率", "签约时间", "资产规模", "签约类型")
    assert [cell(v, c) for c in names] == [
        "企年受托", "S2290", "QTAN002", 0.0012, "2023-08-01", 120000000.0, "续签",
    ]  # fmt: skip
    assert (cell(v, "机构名称"), cell(v, "机构代码"), cell(v, "月度")) == ("浙江", "G12", "2024-11-01")
    assert [cell(v, c, 1) for c in ("业务类型", "组合代码", "计划代码", "合同费率", "资产规模")] == [
        "企年投资", "I44Q3182", None, 0.0015, 52000000.0,
    ]  # fmt: skip
    assert [cell(v, c, 2) for c in ("计划组合代码", "计划代码", "组合代码")] == ["AN002", "AN002", "QTAN002"]


def test_the_202412_header_generation_and_an_unknown_business_type(tmp_path: Path) -> None:
    other = [*EXAMPLE_1[:2], "直投", *EXAMPLE_1[3:]]
    out = run_rows("fee_rate_statistics", [HEADER_2025, EXAMPLE_1, other], tmp_path, sheet="费率统计", period="202501")
    assert column(out.valid, "资产规模") == [120000000.0] and column(out.valid, "签约类型") == ["续签"]
    assert out.rejected["reason"].tolist() == ["业务类型 not 受托 or 投资: '直投'"]


def test_the_first_sheet_is_read_and_investment_plans_come_from_the_portfolio_table(
    backend: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    portfolios(warehouse_url, [("I44Q3182", "P0190", "运作中")])
    unknown = [*EXAMPLE_2[:5], "F7777", *EXAMPLE_2[6:]]
    folder = data_root / "202411" / "收集数据" / "财务数据" / "费率"
    sheets = {"2024费率": [HEADER_2024, EXAMPLE_1, EXAMPLE_2, unknown], "说明": [["说明"], ["本表统计截至11月"]]}
    write_workbook(folder / "2024年年金费率统计（截至11月）.xlsx", sheets)
    summary = batch(warehouse_url, data_root, tmp_path / "var", "202411", ["fee_rate_statistics"])
    run = summary.domains[0]
    assert run.status == "ok", run.error
    assert run.sheets == ["2024费率"]
    got = stored(warehouse_url, "finance", "年金费率统计", ["业务类型", "组合代码", "计划代码"])
    assert got == [("企年受托", "QTAN002", "S2290"), ("企年投资", "7777", None), ("企年投资", "I44Q3182", "P0190")]
    assert "1 portfolio not in mapping.组合计划 (1 row, 计划代码 NULL)" in run.warnings


def test_a_workbook_whose_first_sheet_is_empty_has_no_first_sheet(tmp_path: Path) -> None:
    import pytest

    from work_data_hub.core.errors import SourceError
    from work_data_hub.core.read.workbook import WorkbookCache

    path = write_workbook(tmp_path / "空.xlsx", {})
    with pytest.raises(SourceError, match=r"sheet #1 not found \(the first sheet, Sheet1, is empty\)"):
        WorkbookCache().sheet(path, "#1")
