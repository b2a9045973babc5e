"""annuity_performance spec §6 and §9: row outcomes with their reason texts and order,
domain failures, and the counters and warnings the run summary shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.ap_cells import AP, HEADERS, value
from work_data_hub.core.domains.annuity_performance.spec import DOMAIN
from work_data_hub.core.domains.base import TransformContext
from work_data_hub.core.domains.pipeline import process
from work_data_hub.core.errors import SourceError, ValidationFailed
from work_data_hub.core.period import Period
from work_data_hub.core.read.workbook import WorkbookCache
from work_data_hub.core.samples.writer import write_workbook

NA = None


def test_every_reason_in_the_order_of_the_table() -> None:
    row = {
        "月度": "2024年13月",
        "业务类型": NA,
        "计划代码": NA,
        "计划类型": "职业年金",
        "投资收益": "x",  # the last amount column: its flag still comes before any range reason
        "期初资产规模": "1e15",
        "供款": "约3万",
        "当期收益率": "1e7",
        "计划名称": "计" * 256,
    }
    result = AP.run([row])
    assert result.rejected["reason"].tolist() == [
        "月度 unparseable: '2024年13月'; 业务类型 missing; "
        "计划代码 missing and 计划类型 '职业年金' has no default; "
        "供款 not a number: '约3万'; 投资收益 not a number: 'x'; "
        "期初资产规模 out of range: '1e15'; 当期收益率 out of range: '1e7'; "
        "计划名称 longer than 255 characters"
    ]


@pytest.mark.parametrize(
    ("cells", "reason"),
    [
        ({"月度": NA}, "月度 missing"),
        ({"月度": " - "}, "月度 missing"),
        ({"月度": "待定"}, "月度 missing"),
        ({"月度": "2024-11-31"}, "月度 unparseable: '2024-11-31'"),
        ({"业务类型": " \u3000"}, "业务类型 missing"),
        ({"计划代码": "0", "计划类型": "其他计划"}, "计划代码 missing and 计划类型 '其他计划' has no default"),
        ({"流失(含待遇支付)": "n.a."}, "流失_含待遇支付 not a number: 'n.a.'"),
        ({"期末资产规模": " 1e14 "}, "期末资产规模 out of range: '1e14'"),
        ({"待遇支付": "-100000000000000"}, "待遇支付 out of range: '-100000000000000'"),
        ({"客户名称": "公" * 256}, "客户名称 longer than 255 characters; 年金账户名 longer than 255 characters"),
        ({"机构": "机" * 101}, "机构名称 longer than 100 characters"),
        ({"计划代码": "P" * 51}, "计划代码 longer than 50 characters"),
    ],
)
def test_rejection_reason_texts(cells: dict[str, str | None], reason: str) -> None:
    result = AP.run([{}, cells])
    assert result.rejected[["row_number", "reason"]].values.tolist() == [[3, reason]]
    assert len(result.valid) == 1


def test_a_source_company_id_too_long_for_company_id_rejects_its_row() -> None:
    """公司代码 feeds company_id (tier 3): one that cannot fit VARCHAR(50) is a rejection,
    never a failed load."""
    headers = (*HEADERS, "公司代码")
    result = AP.run([{"公司代码": "9" * 51}, {"公司代码": "6" * 50}], headers=headers)
    assert result.rejected[["row_number", "reason"]].values.tolist() == [[2, "company_id longer than 50 characters"]]
    assert value(AP.enriched(result), "company_id") == "6" * 50


@pytest.mark.parametrize(
    "cells",
    [
        {"计划类型": "其他计划"},  # unknown plan type, keyed code
        {"业务类型": "新业务"},
        {"机构": "火星"},
        {"当期收益率": "abc"},
        {"当期收益率": "9999"},  # 99.99 after the percent rule: kept, warned
        {"客户名称": "空白"},
        {"子企业号": "12345"},
        {"期末资产规模": "-99999999999999"},
    ],
)
def test_kept_with_a_warning_not_rejected(cells: dict[str, str]) -> None:
    result = AP.run([cells])
    assert result.rejected.empty
    assert len(result.valid) == 1


def test_rejected_rows_keep_the_raw_cells() -> None:
    result = AP.run([{"供款": " 约3万 ", "集团企业客户号": "C001", "月度": "202411"}])
    rejected = result.rejected
    assert list(rejected.columns[:4]) == ["source_file", "sheet", "row_number", "reason"]
    assert rejected["reason"].iloc[0] == "供款 not a number: '约3万'"
    assert (rejected["供款"].iloc[0], rejected["集团企业客户号"].iloc[0]) == (" 约3万 ", "C001")
    assert (rejected["source_file"].iloc[0], rejected["sheet"].iloc[0]) == ("book.xlsx", "规模明细")


def test_a_sheet_without_data_rows_fails(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "book.xlsx", {"规模明细": [list(HEADERS), [None] * 3]})
    raw = WorkbookCache().sheet(path, "规模明细")
    with pytest.raises(ValidationFailed, match="sheet 规模明细 has no data rows"):
        process(raw, DOMAIN, TransformContext(Period.parse("202411"), AP.mappings, "book.xlsx", "规模明细"))


def test_period_mismatch_names_the_first_row_and_counts_the_others() -> None:
    cells = [{}, {"月度": "2024年13月"}, *({"月度": "202410"} for _ in range(15)), {"月度": "2024-09"}]
    with pytest.raises(ValidationFailed) as failure:
        AP.run(cells)
    assert failure.value.message == (
        "book.xlsx: sheet 规模明细: 月度 2024-10 in row 4 does not match period 2024-11 (and 15 more rows)"
    )


def test_a_missing_required_column_fails_naming_it() -> None:
    headers = tuple(h for h in HEADERS if h != "期末资产规模")
    with pytest.raises(SourceError, match=r"missing required column\(s\) 期末资产规模 \(columns found: 月度, 业务类型"):
        AP.run([{}], headers=headers)


def test_a_missing_optional_column_is_null_with_one_warning() -> None:
    headers = tuple(h for h in HEADERS if h != "供款")
    result = AP.run([{}, {}], headers=headers)
    assert value(result.valid, "供款") is None
    assert result.warnings.count("column 供款 missing: loaded as NULL") == 1


def test_summary_counters_and_readable_warnings() -> None:
    headers = (*HEADERS, "年化收益率")
    cells = [
        {"计划代码": "1p0290", "计划类型": "集合计划"},
        {"计划代码": "1P0807", "计划类型": "集合"},
        {"计划代码": NA, "计划类型": "集合计划"},
        {"计划代码": NA, "计划类型": "单一计划"},
        {"计划代码": "P0290/旧", "计划类型": "集合计划"},
        {"组合代码": "FQTAN001"},
        {"组合代码": NA, "业务类型": "职年受托", "计划类型": "职业年金", "计划代码": "Z0005"},
        {"组合代码": NA, "业务类型": "企年受托", "计划类型": "其他计划"},
        {"机构": "火星"},
        {"机构": "火星", "计划名称": "另一计划"},
        {"机构": NA, "机构代码": "G99"},
        {"业务类型": "新业务"},
        {"当期收益率": "5.5"},
        {"当期收益率": "150%"},
        {"当期收益率": "abc"},
        {"客户名称": "空白"},
        {"月度": NA},
    ]
    result = AP.run(cells, headers=headers)
    c = result.counters
    assert c["plan_codes_corrected"] == 2
    assert c["plan_codes_defaulted"] == {"AN001": 1, "AN002": 1}
    assert c["plan_codes_flagged"] == 1
    assert c["portfolio_codes_f_stripped"] == 1
    assert c["portfolio_codes_defaulted"]["QTAN003"] == 1
    assert c["unmapped_branch_names"] == {"火星": 2}
    assert c["unknown_branch_codes"] == {"G99": 1}
    assert c["unknown_business_types"] == {"新业务": 1}
    assert c["unknown_plan_types"] == {"其他计划": 1}
    assert (c["yields_read_as_percent"], c["yields_out_of_range"], c["yields_unparseable"]) == (1, 1, 1)
    assert c["blank_customer_names"] == 1
    assert c["dropped_columns"] == ["年化收益率"]
    assert c["duplicate_rows"] == 0
    assert result.warnings[-9:] == [
        "计划代码 not of the form [A-Z0-9]+, kept as keyed: P0290/旧 (1 row)",
        "当期收益率 unparseable in 1 rows (rows 16): loaded as NULL",
        "当期收益率 read as a percentage (divided by 100) in 1 rows",
        "当期收益率 outside [-1, 1] in 1 rows: kept",
        "客户名称 blank or placeholder in 1 rows: 客户名称 NULL",
        "unknown 计划类型 kept as keyed: 其他计划 (1 row)",
        "unknown 业务类型 (产品线代码 NULL): 新业务 (1 row)",
        "unmapped branch names (机构代码 G00): 火星 (2 rows)",
        "unknown branch codes (机构代码 G00): G99 (1 row)",
    ]
    assert not [w for w in result.warnings if "{" in w or "'" in w]
