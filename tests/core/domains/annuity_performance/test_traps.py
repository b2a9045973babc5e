"""annuity_performance spec §11: one test per trap, each one failing if the domain fell
into it. Traps about loading, discovery and the dry run (2, 6, 17, 18, 19, 22, 23) are
also checked end to end in tests/cli/test_annuity_performance_load.py."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support.ap_cells import AP, BASE, HEADERS, value, values
from work_data_hub.core.cleansing.rules import r_name
from work_data_hub.core.domains.annuity_performance.spec import DOMAIN
from work_data_hub.core.domains.base import TransformContext
from work_data_hub.core.domains.pipeline import process
from work_data_hub.core.errors import ValidationFailed
from work_data_hub.core.period import Period
from work_data_hub.core.read.workbook import WorkbookCache
from work_data_hub.core.samples.writer import write_workbook

NA = None
NOV = "2024-11-01"


def _through_reader(tmp_path: Path, rows: list[dict[str, Any]]) -> Any:
    """Native cells written to a real workbook, read back by the reader, then processed."""
    header = list(HEADERS)
    native: dict[str, Any] = {h: BASE.get(h) for h in header} | {"月度": 202411, "期末资产规模": 1012345.67}
    sheet = [header, *([(native | r).get(h) for h in header] for r in rows)]
    path = write_workbook(tmp_path / "book.xlsx", {"规模明细": sheet})
    raw = WorkbookCache().sheet(path, "规模明细")
    return process(raw, DOMAIN, TransformContext(Period.parse("202411"), AP.mappings, "book.xlsx", "规模明细"))


def test_trap1_cells_are_parsed_one_by_one(tmp_path: Path) -> None:
    """One blank 月度 among number cells must not turn 202411 into an unparseable
    202411.0, nor touch any other row; integral floats parse anyway."""
    result = _through_reader(tmp_path, [{}, {"月度": None}, {"月度": 202411.0}, {"月度": "202411.0"}, {}])
    assert result.rejected[["row_number", "reason"]].values.tolist() == [[3, "月度 missing"]]
    assert values(result.valid, "月度") == [NOV] * 4


def test_trap1_one_blank_amount_changes_no_other_cell(tmp_path: Path) -> None:
    result = _through_reader(tmp_path, [{"供款": 12.5}, {"供款": None}, {"供款": "3,000"}])
    assert result.rejected.empty
    assert values(result.valid, "供款") == [12.5, None, 3000.0]


def test_trap2_blank_or_unparseable_month_rejects_only_its_row() -> None:
    result = AP.run([{}, {"月度": NA}, {"月度": "2024年13月"}, {"月度": "-"}, {}])
    assert result.rejected["reason"].tolist() == ["月度 missing", "月度 unparseable: '2024年13月'", "月度 missing"]
    assert len(result.valid) == 2


def test_trap2_a_parseable_other_month_fails_the_domain_even_on_a_rejected_row() -> None:
    """A rejected row's parsed month still takes part in the period check."""
    with pytest.raises(ValidationFailed, match=r"月度 2024-12 in row 3 does not match period 2024-11$"):
        AP.run([{}, {"月度": "2024-12", "业务类型": NA}])


@pytest.mark.parametrize(
    ("cell", "outcome"),
    [
        ("2024-11-30 00:00:00", NOV),
        ("2024/11/30", NOV),
        ("2024-11-15 23:59:59", NOV),
        ("2024-10-31 00:00:00", "月度 2024-10 in row 2"),
        ("2024年12月1日", "月度 2024-12 in row 2"),
    ],
)
def test_trap3_month_is_floored_before_the_period_check(cell: str, outcome: str) -> None:
    if outcome == NOV:
        result = AP.run([{"月度": cell}])
        assert value(result.valid, "月度") == NOV
        assert result.valid["月度"].iloc[0].day == 1
    else:
        with pytest.raises(ValidationFailed, match=outcome):
            AP.run([{"月度": cell}])


def test_trap4_one_text_amount_never_rejects_the_sheet() -> None:
    cells = [{"期末资产规模": v} for v in ["1,000", "￥2,000", "-", "3.5e3", "1000.25", "约3万", "  7  "]]
    result = AP.run(cells)
    assert result.rejected[["row_number", "reason"]].values.tolist() == [[7, "期末资产规模 not a number: '约3万'"]]
    assert values(result.valid, "期末资产规模") == [1000.0, 2000.0, None, 3500.0, 1000.25, 7.0]


def test_trap5_blank_cells_are_never_filled_from_the_row_above(tmp_path: Path) -> None:
    filled = {"组合代码": "Z0003P", "机构": "新疆", "机构代码": "G23", "集团企业客户号": "C777", "子企业号": "9"}
    blank = {"组合代码": None, "机构": None, "机构代码": None, "集团企业客户号": None, "子企业号": None}
    result = _through_reader(tmp_path, [filled, blank, {**blank, "月度": None}])
    assert result.rejected["row_number"].tolist() == [4]
    row = {c: value(result.valid, c, 1) for c in ("组合代码", "机构名称", "机构代码", "集团企业客户号", "子企业号")}
    assert row == {"组合代码": "QTAN002", "机构名称": None, "机构代码": "G00", "集团企业客户号": None, "子企业号": None}


def test_trap6_customer_numbers(tmp_path: Path) -> None:
    result = _through_reader(
        tmp_path,
        [
            {"集团企业客户号": None},
            {"集团企业客户号": 12345},
            {"集团企业客户号": "C12345678"},
            {"集团企业客户号": "cC9"},
        ],
    )
    assert values(result.valid, "集团企业客户号") == [None, "12345", "12345678", "C9"]
    assert values(result.valid, "年金账户号") == [None, "12345", "12345678", "C9"]
    assert result.valid["年金账户号"].isna().tolist() == [True, False, False, False]
    assert not result.valid["年金账户号"].isin(["None", "nan", "NaN", "<NA>"]).any()


def test_trap7_a_number_in_a_text_column_is_text(tmp_path: Path) -> None:
    numbers = {"子企业号": 12345, "计划代码": 12345, "计划名称": 2024, "子企业名称": 1.5, "组合名称": 600123456.0}
    result = _through_reader(tmp_path, [numbers])
    assert result.rejected.empty
    row = {c: value(result.valid, c) for c in numbers}
    assert row == {
        "子企业号": "12345",
        "计划代码": "12345",
        "计划名称": "2024",
        "子企业名称": "1.5",
        "组合名称": "600123456",
    }


@pytest.mark.parametrize("cell", ["1p0290", "1P0290", " 1p-0290 ", "１Ｐ０２９０", "1p0807"])
def test_trap8_corrections_run_after_uppercasing(cell: str) -> None:
    result = AP.run([{"计划代码": cell}])
    assert value(result.valid, "计划代码") == ("P0807" if "0807" in cell else "P0290")
    assert result.counters["plan_codes_corrected"] == 1


def test_trap9_placeholder_plans_are_never_a_resolution_key() -> None:
    """Even a mapping that named AN001 must not resolve a defaulted row through it."""
    trap = AP.with_mappings(company_by_plan=AP.mappings.company_by_plan | {"AN001": "999999999"})
    result = trap.run([{"计划代码": NA, "计划类型": "集合计划", "客户名称": NA}, {"计划代码": "AN001"}])
    assert values(result.valid, "计划代码") == ["AN001", "AN001"]
    # the hidden plan key is NULL for the defaulted row and for a keyed AN001 alike
    assert values(result.valid, "__plan_key") == [None, None]
    ids = values(trap.enriched(result), "company_id")
    assert ids[0] is None  # no name, no plan: nothing to resolve by
    assert ids[1] != "999999999"  # the named row resolves by its name, never by AN001
    assert result.counters["plan_codes_defaulted"] == {"AN001": 1}


@pytest.mark.parametrize(
    ("cell", "stored"),
    [("5.5%", 0.055), ("5.5", 0.055), ("150%", 1.5), ("150", 1.5), ("0.055", 0.055), ("５．５％", 0.055)],
)
def test_trap10_yield_divided_by_100_exactly_once(cell: str, stored: float) -> None:
    result = AP.run([{"当期收益率": cell}])
    assert value(result.valid, "当期收益率") == pytest.approx(stored, abs=1e-12)


def test_trap11_one_F_removed_and_occupational_plans_get_QTAN003() -> None:
    result = AP.run(
        [
            {"组合代码": "FF123"},
            {"组合代码": "Ff9"},
            {"组合代码": NA, "业务类型": "企年受托", "计划类型": "职业年金"},
            {"组合代码": NA, "业务类型": "企年投资", "计划类型": "职业年金"},
        ]
    )
    assert values(result.valid, "组合代码") == ["F123", "f9", "QTAN003", "QTAN003"]
    assert result.counters["portfolio_codes_f_stripped"] == 2
    assert result.counters["portfolio_codes_defaulted"] == {"QTAN003": 2}


def test_trap12_the_name_normaliser_keeps_real_names_and_is_idempotent() -> None:
    keyed = ["原平市某某有限公司", "托管中心有限公司", "集合计划客户", "XX公司本部", "原-中国平安", "中国平安-原"]
    result = AP.run([{"客户名称": k} for k in keyed])
    names = values(result.valid, "客户名称")
    assert names == ["原平市某某有限公司", "托管中心有限公司", "集合计划客户", "XX公司本部", "中国平安", "中国平安"]
    assert r_name(result.valid["客户名称"]).tolist() == result.valid["客户名称"].tolist()


def test_trap12_the_tiers_use_the_same_normaliser() -> None:
    """The M9 key 宣城城建城市运营管理有限公司 matches whatever suffix the row carries."""
    keyed = [
        "宣城城建城市运营管理有限公司-已转出",
        "宣城城建城市运营管理有限公司（已转出）",
        " 宣城城建城市运营管理有限公司 ",
    ]
    result = AP.run([{"客户名称": k} for k in keyed])
    assert values(AP.enriched(result), "company_id") == ["1918884945"] * 3


def test_trap13_name_overrides_and_P0809() -> None:
    result = AP.run(
        [
            {"客户名称": "保留账户管理"},
            {"客户名称": "金坛市原企业年金基金转制无主户企业"},
            {"客户名称": "内江筑石混泥土有限公司"},
            {"计划代码": "P0809", "计划类型": "集合计划", "客户名称": NA},
            {"计划代码": "P0809", "计划类型": "集合计划", "客户名称": "甲公司"},
        ]
    )
    ids = values(AP.enriched(result), "company_id")
    assert ids[:4] == [None, None, "606285385", "608349737"]
    assert ids[4] != "608349737"


@pytest.mark.parametrize("keyed", ["null", "NULL", "Null", "nUlL", "NONE", "NaN", "0", "空白", "——"])
def test_trap14_placeholder_names_are_case_insensitive(keyed: str) -> None:
    result = AP.run([{"客户名称": keyed}])
    assert value(result.valid, "客户名称") is None
    assert value(result.valid, "年金账户名") == keyed


def test_trap14_blank_names_never_share_an_id() -> None:
    result = AP.run(
        [
            {"客户名称": NA, "计划代码": "S1002"},
            {"客户名称": "空白", "计划代码": "S2000"},
            {"客户名称": "0", "计划代码": "XNP596", "计划类型": "集合计划"},
            {"客户名称": NA, "计划代码": "P0809", "计划类型": "集合计划"},
        ]
    )
    assert values(AP.enriched(result), "company_id") == [None, None, "601038164", "608349737"]


def test_trap15_source_branch_code_only_when_the_name_is_blank() -> None:
    result = AP.run(
        [
            {"机构": "北京", "机构代码": "G23"},
            {"机构": NA, "机构代码": "G23"},
            {"机构": "null", "机构代码": "G23"},
            {"机构": "NULL", "机构代码": NA},
            {"机构": "-", "机构代码": "-"},
        ]
    )
    assert values(result.valid, "机构代码") == ["G01", "G23", "G23", "G00", "G00"]
    assert values(result.valid, "机构名称") == ["北京", None, None, None, None]


def test_trap16_both_branch_headers_do_not_crash(tmp_path: Path) -> None:
    header = [*HEADERS, "机构名称"]
    row = [BASE.get(h) for h in HEADERS] + ["新疆"]
    path = write_workbook(tmp_path / "book.xlsx", {"规模明细": [header, row]})
    raw = WorkbookCache().sheet(path, "规模明细")
    result = process(raw, DOMAIN, TransformContext(Period.parse("202411"), AP.mappings, "book.xlsx", "规模明细"))
    assert (value(result.valid, "机构名称"), value(result.valid, "机构代码")) == ("新疆", "G23")
    assert sum("机构名称 used, 机构 ignored" in w for w in result.warnings) == 1


def test_trap20_rejected_rows_under_canonical_names() -> None:
    """Header variants (计划号, 客户全称, 流失_含待遇支付) never reach the export; only the
    rejected rows are exported, identified by sheet and Excel row."""
    renamed = {"计划代码": "计划号", "客户名称": "客户全称", "流失(含待遇支付)": "流失_含待遇支付"}
    result = AP.run([{}, {"供款": "abc", "计划代码": "1p0290"}, {}], renamed=renamed)
    rejected = result.rejected
    assert rejected[["sheet", "row_number"]].values.tolist() == [["规模明细", 3]]
    assert {"计划代码", "客户名称", "流失(含待遇支付)"} <= set(rejected.columns)
    assert not {"计划号", "客户全称", "流失_含待遇支付"} & set(rejected.columns)
    assert (rejected["计划代码"].iloc[0], rejected["供款"].iloc[0]) == ("1p0290", "abc")


def test_trap21_unknown_columns_are_reported() -> None:
    headers = (*HEADERS, "年化收益率", "备用", "id", "备注")
    result = AP.run([{"年化收益率": "0.1", "备用": "x", "id": "1", "备注": "y"}], headers=headers)
    assert result.counters["dropped_columns"] == ["年化收益率", "备用"]
    assert "dropped columns: 年化收益率, 备用" in result.warnings


def test_trap24_duplicates_are_loaded_and_counted() -> None:
    result = AP.run([{}, {}, {}, {"计划名称": "另一计划"}])
    assert len(result.valid) == 4
    assert result.counters["duplicate_rows"] == 2
