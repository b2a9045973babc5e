"""Kind 19 (减值计提), other-kinds.md §2.13 and docs/domains/impairment_provisions.md."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.domain_rows import cell, column, run_rows
from work_data_hub.core.errors import ValidationFailed

HEADER = ["月度", "业务类型", "分支机构", "期末余额"]


def run(tmp_path: Path, *rows: list[object]):  # type: ignore[no-untyped-def]
    return run_rows("impairment_provisions", [HEADER, *rows], tmp_path, sheet="减值计提")


def test_examples_1_and_2_short_business_types_and_branch_summaries(tmp_path: Path) -> None:
    out = run(
        tmp_path, ["2024/11/1", "投管", "深圳分公司汇总", "1,830,220.15"], ["2024年11月", "受托", "总部", 5200000]
    )
    assert out.rejected.empty and out.warnings == []
    v = out.valid
    assert [cell(v, c) for c in ("月度", "业务类型", "产品线代码", "分支机构", "机构代码", "期末余额")] == [
        "2024-11-01", "企年投资", "PL201", "深圳分公司汇总", "G05", 1830220.15,
    ]  # fmt: skip
    assert [cell(v, c, 1) for c in ("业务类型", "产品线代码", "分支机构", "机构代码", "期末余额")] == [
        "企年受托", "PL202", "总部", "G00", 5200000.0,
    ]  # fmt: skip


def test_unknown_business_type_and_blank_balance_reject_blank_month_takes_the_period(tmp_path: Path) -> None:
    out = run(
        tmp_path,
        ["202411", "其它", "北京分公司汇总", 1],
        [None, "投管", "北京分公司汇总", None],
        [None, "受托", "上海分公司汇总", 2],
    )
    assert out.rejected["reason"].tolist() == ["unknown 业务类型 '其它'", "期末余额 missing"]
    assert column(out.valid, "月度") == ["2024-11-01"] and column(out.valid, "机构代码") == ["G02"]
    assert "2 rows with blank 月度: the run's period 2024-11 used" in out.warnings


def test_another_month_fails_the_domain(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="月度 2024-10 in row 2 does not match period 2024-11"):
        run(tmp_path, ["2024-10", "投管", "总部", 1])
