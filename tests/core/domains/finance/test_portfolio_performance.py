"""Kind 14 (组合业绩), other-kinds.md §2.8 and docs/domains/portfolio_performance.md: the
worked examples through the real reader and pipeline; percent columns stored as fractions."""

from __future__ import annotations

from pathlib import Path

from support.domain_rows import cell, run_rows
from work_data_hub.core.domains.portfolio_performance.sample import DIRTY_HEADER
from work_data_hub.core.domains.portfolio_performance.transform import PERCENT

EXAMPLE_1 = [12, "单一计划", "含权", "F5120", "XNP4821", "华润电子平安组合", "2015/6/1", "平安养老", 0.35, 0.21, 0.14,
             3.12, 2.6, 0.52, 41.2, 30.05, 11.15, 12.4, 3.3, "85,400,000.00", "2024/11/30"]  # fmt: skip


def run(tmp_path: Path, *rows: list[object]):  # type: ignore[no-untyped-def]
    return run_rows("portfolio_performance", [DIRTY_HEADER, *rows], tmp_path, sheet="组合业绩")


def test_example_1_percent_units_become_fractions_and_f_is_stripped(tmp_path: Path) -> None:
    out = run(tmp_path, EXAMPLE_1)
    assert out.rejected.empty and out.warnings == [] and out.counters["dropped_columns"] == []
    v = out.valid
    assert (cell(v, "序号"), cell(v, "计划类别"), cell(v, "组合编号"), cell(v, "年金计划号")) == (
        12,
        "单一计划",
        "5120",
        "XNP4821",
    )
    assert [cell(v, p) for p in PERCENT] == [
        0.0035, 0.0021, 0.0014, 0.0312, 0.026, 0.0052, 0.412, 0.3005, 0.1115, 0.124, 0.033,
    ]  # fmt: skip
    assert (cell(v, "规模"), cell(v, "运作开始日"), cell(v, "数据更新日期"), cell(v, "月度")) == (
        85400000.0, "2015-06-01", "2024-11-30", "2024-11-01",
    )  # fmt: skip


def test_example_2_a_code_without_f_a_percent_text_and_a_negative(tmp_path: Path) -> None:
    row = list(EXAMPLE_1)
    row[3], row[11], row[10] = "I44Q2231", "3.12%", -0.4
    out = run(tmp_path, row, [13, None, None, 5120, *EXAMPLE_1[4:]])
    v = out.valid
    assert (cell(v, "组合编号"), cell(v, "YTD业绩"), cell(v, "本月以来相对表现")) == ("I44Q2231", 0.0312, -0.004)
    assert cell(v, "组合编号", 1) == "5120"  # a number cell gives its digits


def test_a_blank_portfolio_rejects_and_an_unreadable_percent_is_null(tmp_path: Path) -> None:
    bad = list(EXAMPLE_1)
    bad[8] = "待定"
    out = run(tmp_path, [1, None, None, None, *EXAMPLE_1[4:]], bad)
    assert out.rejected["reason"].tolist() == ["组合编号 missing"]
    assert cell(out.valid, "本月以来业绩") is None
    assert out.warnings == ["unreadable percentages loaded as NULL: 本月以来业绩 (1)"]
