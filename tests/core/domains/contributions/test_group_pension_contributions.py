"""group_pension_contributions: the worked examples and traps of docs/domains/
group_pension_contributions.md (other-kinds.md §2.1), from a workbook and from the UTF-16
text export the legacy downloads are — the same rows either way."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.contribution_rows import cells, output_rows, rejected, run
from work_data_hub.core.domains.group_pension_contributions.sample import HEADER

DOMAIN, SHEET = "group_pension_contributions", "团养缴费"
EXAMPLE_1 = (
    "JF20241100007 | TY48213 | 江苏恒通电力有限公司（已转出） | 深圳分公司 | 平安如意团体养老保障管理产品 | "
    "2024/11/1 | 2024/11/30 | 12,580.40 | 3100.2 | 15680.6 | 2024/11/12 | 15680.6 | 已到账 | 否 | "
    "2024/11/12 | 2024/11/5 | 线上平台"
)
EXAMPLE_2 = (
    "JF20241100008 | TY50021 | 湖北楚天建设有限公司 | 湖北 | 平安如意团体养老保障管理产品 | 2024/11/1 | "
    "2024/11/30 | 8000 | 2000 | 10000 |  |  | 未到账 | 是 | 2024/11/20 | 2024/11/18 | 柜面"
)
ROW_1 = {
    "缴费批次号": "JF20241100007",
    "企业计划号": "TY48213",
    "企业名称": "江苏恒通电力有限公司",
    "company_id": None,  # resolved by name after the transform
    "机构名称": "深圳分公司",
    "机构代码": "G05",
    "产品名称": "平安如意团体养老保障管理产品",
    "缴费期间_起": "2024-11-01",
    "缴费期间_止": "2024-11-30",
    "企业应缴金额": 12580.4,
    "个人应缴金额": 3100.2,
    "应缴金额合计": 15680.6,
    "到账日期": "2024-11-12",
    "到账金额": 15680.6,
    "状态": "已到账",
    "是否是超短缴": 0,
    "交易日期": "2024-11-12",
    "申请日期": "2024-11-05",
    "申请来源": "线上平台",
    "月度": "2024-11-01",
}
ROW_2 = ROW_1 | {
    "缴费批次号": "JF20241100008",
    "企业计划号": "TY50021",
    "企业名称": "湖北楚天建设有限公司",
    "机构名称": "湖北",
    "机构代码": "G09",
    "企业应缴金额": 8000.0,
    "个人应缴金额": 2000.0,
    "应缴金额合计": 10000.0,
    "到账日期": None,
    "到账金额": None,  # blank, not flagged: no warning
    "状态": "未到账",
    "是否是超短缴": 1,
    "交易日期": "2024-11-20",
    "申请日期": "2024-11-18",
    "申请来源": "柜面",
}


@pytest.mark.parametrize("fmt", ["xlsx", "text"])
def test_worked_examples(tmp_path: Path, fmt: str) -> None:
    done = run(DOMAIN, SHEET, [HEADER, cells(EXAMPLE_1), cells(EXAMPLE_2)], tmp_path, fmt)  # type: ignore[arg-type]
    assert output_rows(done) == [ROW_1, ROW_2]
    assert done.rejected.empty and done.warnings == []


def test_text_export_traps_blank_rows_of_tabs_and_numbers_as_text(tmp_path: Path) -> None:
    blank: list[str | None] = [None] * len(HEADER)
    done = run(DOMAIN, SHEET, [HEADER, cells(EXAMPLE_1), blank, blank, cells(EXAMPLE_2)], tmp_path, "text")
    assert output_rows(done) == [ROW_1, ROW_2]
    assert (done.rows_read, done.rows_blank) == (2, 2)


def test_required_columns_reject_their_rows_with_reasons(tmp_path: Path) -> None:
    no_batch, no_name, no_total, bad_total = (cells(EXAMPLE_1) for _ in range(4))
    no_batch[0] = None
    no_name[2] = "（已转出）"  # nothing left after R-NAME
    no_total[9] = None
    bad_total[9] = "约1.5万"
    done = run(DOMAIN, SHEET, [HEADER, no_batch, no_name, no_total, bad_total, cells(EXAMPLE_2)], tmp_path, "text")
    assert rejected(done) == {
        2: "缴费批次号 missing",
        3: "企业名称 missing",
        4: "应缴金额合计 missing",
        5: "应缴金额合计 not a number: '约1.5万'",
    }
    assert output_rows(done) == [ROW_2]


def test_an_unreadable_optional_cell_is_null_with_one_warning(tmp_path: Path) -> None:
    row = cells(EXAMPLE_1)
    row[10], row[13] = "2024/13/45", "也许"
    done = run(DOMAIN, SHEET, [HEADER, row], tmp_path)
    assert output_rows(done) == [ROW_1 | {"到账日期": None, "是否是超短缴": None}]
    assert done.warnings == [
        "sheet 团养缴费: 到账日期 unreadable, loaded as NULL: row 2",
        "sheet 团养缴费: 是否是超短缴 unreadable, loaded as NULL: row 2",
    ]


def test_an_unmapped_branch_is_g00_and_listed(tmp_path: Path) -> None:
    row = cells(EXAMPLE_1)
    row[3] = "火星分公司"
    done = run(DOMAIN, SHEET, [HEADER, row], tmp_path)
    assert output_rows(done)[0]["机构代码"] == "G00"
    assert done.warnings == ["sheet 团养缴费: unmapped branch names (机构代码 G00): 火星分公司 (1 row)"]


def test_a_missing_required_column_fails_the_domain_naming_it(tmp_path: Path) -> None:
    from work_data_hub.core.errors import SourceError

    at = HEADER.index("应缴金额合计")
    rows = [[c for i, c in enumerate(r) if i != at] for r in (HEADER, cells(EXAMPLE_1))]
    with pytest.raises(SourceError) as err:
        run(DOMAIN, SHEET, rows, tmp_path, "text")
    assert "sheet 团养缴费: missing required column(s) 应缴金额合计" in str(err.value)
