"""annual_award and annual_loss: the worked examples of award §10 and loss §8 and their
traps that concern one sheet's transform, on real workbook cells read by the real reader
and run through the platform's pipeline. Where a rule is shared, both domains are tested.

Issue 5 overrides the specs on one point: a row of an earlier year is skipped and counted
as outside the year, never rejected."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from support.domain_rows import AWARD_SHEETS, LOSS_SHEETS, column, row_outcome, run_rows, table
from work_data_hub.core.domains.ledger_samples import AWARD_HEADER, LOSS_HEADER
from work_data_hub.core.domains.registry import get_domain

FLAGS = ["战区前五大", "中心前十大", "机构前十大", "五亿以上"]
HEADERS = {
    "annual_award": [*AWARD_HEADER, *FLAGS, "insert_sql"],
    "annual_loss": [*LOSS_HEADER, *FLAGS, "insert_sql"],
}
DATE = {"annual_award": "中标日期", "annual_loss": "流失日期"}
SHEETS = {"annual_award": AWARD_SHEETS, "annual_loss": LOSS_SHEETS}
TRUSTEE, INVEST = 0, 1
BASE: dict[str, Any] = {
    "区域": "华北",
    "年金中心": "北方中心",
    "机构": "北京",
    "客户全称": "甲有限公司",
    "上报月份": 202411,
    "计划类型": "单一计划",
    "年金计划号": "S1002",
}
BOTH = pytest.mark.parametrize("domain", ["annual_award", "annual_loss"])


def run(domain: str, tmp_path: Path, *cells: dict[str, Any], sheet: int = TRUSTEE, period: str = "202411") -> Any:
    header = [h for h in HEADERS[domain] if h is not None]
    rows = table(header, *({**BASE, **c} for c in cells))
    return run_rows(domain, rows, tmp_path, sheet=SHEETS[domain][sheet], period=period)


class SharedSheets:
    """One sheet per domain and example table: rows are cleaned independently, so examples
    about one row each share a pipeline run; each asserts only its own row."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.runs: dict[tuple[str, tuple[str, ...]], Any] = {}

    def run(self, domain: str, *cells: dict[str, Any]) -> Any:
        key = (domain, tuple(repr(c) for c in cells))
        if key not in self.runs:
            folder = self.folder / f"{domain}-{len(self.runs)}"
            folder.mkdir()
            self.runs[key] = run(domain, folder, *cells)
        return self.runs[key]


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> SharedSheets:
    return SharedSheets(tmp_path_factory.mktemp("shared-sheets"))


def valid(domain: str, tmp_path: Path, *cells: dict[str, Any], sheet: int = TRUSTEE, period: str = "202411") -> Any:
    out = run(domain, tmp_path, *cells, sheet=sheet, period=period)
    assert out.rejected.empty, out.rejected["reason"].tolist()
    assert len(out.valid) == len(cells)
    return out


@BOTH
def test_award_1_loss_1_short_business_and_plan_types(domain: str, tmp_path: Path) -> None:
    out = valid(domain, tmp_path, {"业务类型": "受托", "计划类型": "单一"}, {"业务类型": "受托", "计划类型": "集合"})
    assert column(out.valid, "业务类型") == ["企年受托", "企年受托"]
    assert column(out.valid, "产品线代码") == ["PL202", "PL202"]
    assert column(out.valid, "计划类型") == ["单一计划", "集合计划"]


@BOTH
def test_award_2_investment_aliases(domain: str, tmp_path: Path) -> None:
    cells = [{"业务类型": v} for v in ("投管", "投资", "企年投资")]
    out = valid(domain, tmp_path, *cells, sheet=INVEST)
    assert column(out.valid, "业务类型") == ["企年投资"] * 3
    assert column(out.valid, "产品线代码") == ["PL201"] * 3
    assert out.counters["business_type_differs_from_sheet"] == 0


@BOTH
@pytest.mark.parametrize(("sheet", "expected"), [(INVEST, ("企年投资", "PL201")), (TRUSTEE, ("企年受托", "PL202"))])
def test_award_3_loss_2_blank_business_type_takes_the_sheets(
    domain: str, sheet: int, expected: tuple[str, str], tmp_path: Path
) -> None:
    out = valid(domain, tmp_path, {"业务类型": None}, sheet=sheet)
    assert (column(out.valid, "业务类型")[0], column(out.valid, "产品线代码")[0]) == expected


@BOTH
def test_award_4_business_type_differing_from_the_sheet_is_kept_and_warned(domain: str, tmp_path: Path) -> None:
    out = valid(domain, tmp_path, {"业务类型": "受托"}, {"业务类型": "投资"}, sheet=INVEST)
    assert column(out.valid, "业务类型") == ["企年受托", "企年投资"]
    assert column(out.valid, "产品线代码") == ["PL202", "PL201"]
    assert out.counters["business_type_differs_from_sheet"] == 1
    assert any("differs from the sheet" in w for w in out.warnings)


MONTH_FORMS = [
    202411, "202411", 202411.0, "202411.0", "2024年11月", "2024-11", "24年11月", "2024/11/15", "２０２４年１１月",
    dt.datetime(2024, 11, 30), dt.datetime(2024, 11, 15),
]  # fmt: skip


@BOTH
def test_award_5_loss_3_report_month_forms_floor_to_the_month(domain: str, tmp_path: Path) -> None:
    out = valid(domain, tmp_path, *({"上报月份": m} for m in MONTH_FORMS))
    assert column(out.valid, "上报月份") == ["2024-11-01"] * len(MONTH_FORMS)


def test_award_6_award_dates(tmp_path: Path) -> None:
    forms = [dt.datetime(2024, 3, 8), "2024/11/15", "20240308", "2024年3月", "待定", "下周"]
    out = valid("annual_award", tmp_path, *({"中标日期": f} for f in forms))
    assert column(out.valid, "中标日期") == ["2024-03-08", "2024-11-15", "2024-03-08", "2024-03-01", None, None]
    assert out.counters["flagged_cells"]["中标日期"] == 1  # 下周 only; 待定 is a placeholder
    assert any("中标日期 unparseable" in w and "row 7" in w for w in out.warnings)


def test_loss_4_loss_dates(tmp_path: Path) -> None:
    forms = [dt.datetime(2024, 6, 30), "2024/6/30", "2024年6月", "24年6月", "20240630", "解约中"]
    out = valid("annual_loss", tmp_path, *({"流失日期": f} for f in forms))
    assert column(out.valid, "流失日期") == ["2024-06-30", "2024-06-30", "2024-06-01", "2024-06-01", "2024-06-30", None]
    assert out.counters["flagged_cells"]["流失日期"] == 1
    assert any("流失日期 unparseable" in w and "row 7" in w for w in out.warnings)


@BOTH
def test_award_7_branches(domain: str, tmp_path: Path) -> None:
    names = ["北京", "内蒙", "深圳分公司", "北分", "火星", None]
    out = valid(domain, tmp_path, *({"机构": n} for n in names))
    assert column(out.valid, "机构名称") == names
    assert column(out.valid, "机构代码") == ["G01", "G31", "G05", "G37", "G00", "G00"]
    assert out.counters["unmapped_branch_names"] == {"火星": 1}
    assert any("火星" in w for w in out.warnings)


def test_loss_11_branches(tmp_path: Path) -> None:
    names = ["济南", "战略", "中国", "广州", "内蒙古"]
    out = valid("annual_loss", tmp_path, *({"机构": n} for n in names))
    assert column(out.valid, "机构代码") == ["G21", "G37", "G37", "G04", "G31"]


NAMES = [
    pytest.param("  中国平安（集团）股份有限公司-已转出 ", "中国平安（集团）股份有限公司-已转出",
                 "中国平安（集团）股份有限公司", id="award-8"),
    pytest.param("（原）abc科技有限公司", "（原）abc科技有限公司", "ABC科技有限公司", id="award-9a"),
    pytest.param("ＸＹ有限公司(已转出)", "ＸＹ有限公司(已转出)", "XY有限公司", id="award-9b"),
    pytest.param("甲有限公司及下属子企业-养老", "甲有限公司及下属子企业-养老", "甲有限公司", id="award-9c"),
    pytest.param("乙公司-BSU280", "乙公司-BSU280", "乙公司", id="award-9d"),
    pytest.param("中国平安(集团)", "中国平安(集团)", "中国平安", id="award-10a"),
    pytest.param("某某商行（普通合伙）", "某某商行（普通合伙）", "某某商行（普通合伙）", id="award-10b"),
    pytest.param("原平市某某有限公司", "原平市某某有限公司", "原平市某某有限公司", id="award-10c-trap-11"),
    pytest.param("丙有限公司（已转出）（集团）", "丙有限公司（已转出）（集团）", "丙有限公司", id="award-10d"),
    pytest.param("某某集团有限公司（转移终止）", "某某集团有限公司（转移终止）", "某某集团有限公司", id="loss-9a"),
    pytest.param("某某股份有限公司-已终止", "某某股份有限公司-已终止", "某某股份有限公司", id="loss-9b"),
    pytest.param("已转出-丁有限公司", "已转出-丁有限公司", "丁有限公司", id="loss-9c"),
    pytest.param("戊有限公司（存量）", "戊有限公司（存量）", "戊有限公司", id="loss-9d"),
    pytest.param("变更登记服务中心", "变更登记服务中心", "变更登记服务中心", id="loss-10"),
]  # fmt: skip


@BOTH
@pytest.mark.parametrize(("keyed", "reported", "name"), NAMES)
def test_customer_names(domain: str, keyed: str, reported: str, name: str, shared: SharedSheets) -> None:
    keyed_names = [param.values[0] for param in NAMES]
    out = shared.run(domain, *({"客户全称": k} for k in keyed_names))
    row, reasons = row_outcome(out, 2 + keyed_names.index(keyed))
    assert reasons == []
    assert column(row, "上报客户名称") == [reported]
    assert column(row, "客户名称") == [name]


@BOTH
def test_award_11_placeholder_name_is_kept_with_a_null_name_and_warned(domain: str, tmp_path: Path) -> None:
    out = valid(domain, tmp_path, {"客户全称": "空白"}, {"客户全称": "0"})
    assert column(out.valid, "上报客户名称") == ["空白", "0"]
    assert column(out.valid, "客户名称") == [None, None]
    assert out.counters["placeholder_names"] == 2
    assert any("placeholder" in w and "rows 2, 3" in w for w in out.warnings)


@BOTH
def test_award_12_trap_10_code_cells_are_text(domain: str, tmp_path: Path) -> None:
    out = valid(
        domain,
        tmp_path,
        {"年金计划号": " s-0123 ", "company_id": 600123456},
        {"年金计划号": "00123", "company_id": "0601"},
    )
    assert column(out.valid, "年金计划号") == ["S0123", "00123"]
    assert column(out.valid, "__source_id") == ["600123456", "0601"]


def test_loss_8_plan_code_is_uppercased(tmp_path: Path) -> None:
    out = valid("annual_loss", tmp_path, {"年金计划号": "sc007", "company_id": None})
    assert column(out.valid, "年金计划号") == ["SC007"]


@BOTH
def test_award_17_loss_13_amounts(domain: str, tmp_path: Path) -> None:
    out = valid(
        domain,
        tmp_path,
        {"计划规模": "1,234.5", "年缴规模": "￥0.45"},
        {"计划规模": "3.2"},
        {"计划规模": "-"},
        {"计划规模": "约3亿", "年缴规模": "暂无"},
        {"计划规模": "2,500.75"},
    )
    assert column(out.valid, "计划规模") == [1234.5, 3.2, None, None, 2500.75]
    assert column(out.valid, "年缴规模") == [0.45, None, None, None, None]
    assert out.counters["flagged_cells"]["计划规模"] == 1  # 约3亿; `-` is a placeholder
    assert out.counters["flagged_cells"]["年缴规模"] == 0  # 暂无 is a placeholder
    assert any("计划规模 unparseable" in w and "row 5" in w for w in out.warnings)


@BOTH
def test_award_18_assessment_flag(domain: str, tmp_path: Path) -> None:
    out = valid(domain, tmp_path, *({"考核有效": v} for v in (1, "是", "0", None, "待核")))
    assert column(out.valid, "考核有效") == [1, 1, 0, None, None]
    assert out.counters["flagged_cells"]["考核有效"] == 1


@BOTH
def test_award_19_loss_12_helper_and_flag_columns_are_dropped(domain: str, tmp_path: Path) -> None:
    header = [*(h for h in HEADERS[domain] if h is not None), "考核标签", "Unnamed: 18"]
    header = list(dict.fromkeys(header))
    cells = {"区域": "华北", "年金中心": "北方中心", "上报人": "某人", "战区前五大": "是", "五亿以上": "是",
             "考核标签": "重点", "insert_sql": "=CONCATENATE(A1)", "Unnamed: 18": "x"}  # fmt: skip
    rows = table(header, {**BASE, **cells})
    rows[0][-1] = None  # a stray cell under an empty header
    out = run_rows(domain, rows, tmp_path, sheet=SHEETS[domain][INVEST])
    assert out.rejected.empty
    spec = get_domain(domain)
    assert list(out.valid.columns[: len(spec.column_names)]) == spec.column_names
    dropped = {"区域", "年金中心", "上报人", "考核标签", "insert_sql", *FLAGS}
    assert not dropped & set(out.valid.columns)
    assert not any(c.startswith("Unnamed") for c in out.valid.columns)


# --------------------------------------------------------------------------------------
# Rejections, skipped rows, blank rows


REJECTED = [
    pytest.param({"上报月份": None}, "上报月份 missing", id="month-blank"),
    pytest.param({"上报月份": "2024年13月"}, "上报月份 unparseable: '2024年13月'", id="month-unparseable"),
    pytest.param({"上报月份": "2024-12"}, "上报月份 2024-12 after period 2024-11", id="month-after-period"),
    pytest.param({"上报月份": "2025-01"}, "上报月份 2025-01 after period 2024-11", id="month-next-year"),
    pytest.param({"客户全称": None}, "上报客户名称 missing", id="name-blank"),
    pytest.param({"业务类型": "养老金"}, "unknown 业务类型 '养老金'", id="award-unknown-business-type"),
    pytest.param({"业务类型": "职年"}, "unknown 业务类型 '职年'", id="loss-unknown-business-type"),
    pytest.param(
        {"客户全称": "名" * 256},
        "上报客户名称 longer than 255 characters; 客户名称 longer than 255 characters",
        id="name-too-long",
    ),
    pytest.param({"机构": "机" * 101}, "机构名称 longer than 100 characters", id="branch-too-long"),
    pytest.param({"计划规模": "1e15"}, "计划规模 out of range: '1e15'", id="amount-out-of-range"),
]


@BOTH
@pytest.mark.parametrize(("cells", "reason"), REJECTED)
def test_award_20_loss_14_rejections(domain: str, cells: dict[str, Any], reason: str, shared: SharedSheets) -> None:
    bad_rows = [param.values[0] for param in REJECTED]
    out = shared.run(domain, {}, *bad_rows)  # a valid row first, then one bad row per example
    row_number = 3 + next(i for i, bad in enumerate(bad_rows) if bad is cells)
    assert row_outcome(out, row_number)[1] == [reason]
    assert set(out.rejected.loc[out.rejected["row_number"] == row_number, "sheet"]) == {SHEETS[domain][TRUSTEE]}
    assert row_outcome(out, 2)[1] == [] and out.counters["rows_skipped"] == 0


@BOTH
def test_award_20_loss_15_earlier_year_rows_are_skipped_not_rejected(domain: str, tmp_path: Path) -> None:
    out = run(domain, tmp_path, {"上报月份": "2023-12"}, {}, {"上报月份": "2022年1月", "客户全称": None})
    assert out.rejected.empty
    assert len(out.valid) == 1
    assert out.counters["rows_skipped"] == 2 and out.counters["rows_outside_year"] == 2
    assert out.rows_read == 3
    assert any("skipped (outside the year, not rejected): rows 2, 4" in w for w in out.warnings)


@BOTH
def test_loss_15_period_202501_skips_the_december_rows(domain: str, tmp_path: Path) -> None:
    out = run(domain, tmp_path, {"上报月份": "2024-12"}, {"上报月份": "2025-01"}, period="202501")
    assert out.rejected.empty
    assert column(out.valid, "上报月份") == ["2025-01-01"]
    assert out.counters["rows_outside_year"] == 1


@BOTH
def test_award_21_blank_rows_are_dropped_and_counted(domain: str, tmp_path: Path) -> None:
    header = [h for h in HEADERS[domain] if h is not None]
    rows = table(header, BASE, BASE)
    rows.insert(2, [None] * len(header))
    rows.insert(3, [" "] * len(header))
    out = run_rows(domain, rows, tmp_path, sheet=SHEETS[domain][TRUSTEE])
    assert out.rows_blank == 2 and out.rows_read == 2
    assert out.rejected.empty and len(out.valid) == 2


@BOTH
def test_award_22_row_with_only_dropped_columns_filled_is_rejected(domain: str, tmp_path: Path) -> None:
    header = [h for h in HEADERS[domain] if h is not None]
    rows = table(header, BASE, {"区域": "华东"})
    out = run_rows(domain, rows, tmp_path, sheet=SHEETS[domain][TRUSTEE])
    assert out.rejected[["row_number", "reason"]].to_dict("records") == [
        {"row_number": 3, "reason": "上报月份 missing; 上报客户名称 missing"}
    ]


@BOTH
def test_duplicates_are_kept_and_counted(domain: str, tmp_path: Path) -> None:
    out = valid(domain, tmp_path, {}, {}, {"客户全称": "乙有限公司"})
    assert len(out.valid) == 3 and out.counters["duplicate_rows"] == 1


@BOTH
def test_header_aliases_and_the_canonical_wins_rule(domain: str, tmp_path: Path) -> None:
    header = [
        "上报客户名称",
        "客户名称",
        "机构名称",
        "原受托人",
        "计划规模(亿元)",
        "年缴规模（亿元）",
        "计划号",
        "上报月份",
    ]
    rows = [header, ["甲有限公司", "乙有限公司", "北京", "丙信托", "1.5", "0.2", "p0290", 202411]]
    out = run_rows(domain, rows, tmp_path, sheet=SHEETS[domain][TRUSTEE])
    assert column(out.valid, "上报客户名称") == ["甲有限公司"]  # 上报客户名称 beats 客户名称
    assert column(out.valid, "机构代码") == ["G01"]
    assert column(out.valid, "原受托人") == ["丙信托"]
    assert column(out.valid, "计划规模") == [1.5] and column(out.valid, "年缴规模") == [0.2]
    assert column(out.valid, "年金计划号") == ["P0290"]


@BOTH
def test_name_column_is_required(domain: str, tmp_path: Path) -> None:
    from work_data_hub.core.errors import SourceError

    with pytest.raises(SourceError) as err:
        run_rows(domain, [["上报月份", "机构"], [202411, "北京"]], tmp_path, sheet=SHEETS[domain][TRUSTEE])
    assert "客户全称" in err.value.message and "上报月份, 机构" in err.value.message


@BOTH
def test_header_only_sheet_contributes_no_rows(domain: str, tmp_path: Path) -> None:
    header = [h for h in HEADERS[domain] if h is not None]
    out = run_rows(domain, [header], tmp_path, sheet=SHEETS[domain][INVEST])
    assert out.rows_read == 0 and out.valid.empty and out.rejected.empty
