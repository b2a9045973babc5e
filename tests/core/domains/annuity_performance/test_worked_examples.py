"""annuity_performance spec §10: every worked example whose outcome is a row's cells or its
rejection, as one row of a table, run through the real domain (pipeline.process on a raw
sheet shaped as the reader gives it). Examples about whole sheets (2, 4, 11, 20, 22–25,
32) and company ids (16, 26–28) have their own tests below; those about discovery and
loading (29–31) are in tests/cli/test_annuity_performance_load.py."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from support.ap_cells import AP, BASE, HEADERS, value, values
from support.domain_rows import row_outcome
from work_data_hub.core.domains.annuity_performance.spec import DOMAIN
from work_data_hub.core.domains.base import TransformContext
from work_data_hub.core.domains.pipeline import Processed, process
from work_data_hub.core.errors import ValidationFailed
from work_data_hub.core.period import Period
from work_data_hub.core.read.workbook import WorkbookCache
from work_data_hub.core.samples.writer import write_workbook

NA = None
NOV = "2024-11-01"


@dataclass(frozen=True)
class Ex:
    """Input cells (over BASE) → output cells, or the rejection reason."""

    cells: dict[str, Any]
    out: dict[str, Any] | str
    renamed: dict[str, str] = field(default_factory=dict)
    counters: dict[str, Any] = field(default_factory=dict)


def rows(number: int, *examples: tuple[str, Ex]) -> list[Any]:
    return [pytest.param(ex, id=f"ex{number}-{name}") for name, ex in examples]


EXAMPLES = [
    # 1: every 月度 format of the month gives its first day
    *rows(
        1,
        *(
            (label, Ex({"月度": cell}, {"月度": NOV}))
            for label, cell in [
                ("number", "202411"),
                ("number-float-text", "202411.0"),
                ("text", "202411"),
                ("cn", "2024年11月"),
                ("dash", "2024-11"),
                ("cn-short", "24年11月"),
                ("iso-day", "2024-11-01"),
                ("slash", "2024/11"),
                ("full-width", "２０２４年１１月"),
                ("datetime-text", "2024-11-01 00:00:00"),
                ("date-cell-30th", "2024-11-30 00:00:00"),
                ("serial", "45607"),
            ]
        ),
    ),
    # 3: an unreadable 月度 rejects its row, quoting the cell
    *rows(
        3,
        *(
            (label, Ex({"月度": cell}, f"月度 unparseable: '{cell}'"))
            for label, cell in [
                ("month-13", "2024年13月"),
                ("nov-31", "2024/11/31"),
                ("year-1985", "1985-11"),
                ("words", "十一月"),
            ]
        ),
    ),
    # 5: header 计划号; R-CODE, then M6 on the uppercased code
    *rows(
        5,
        *(
            (label, Ex({"计划代码": cell}, {"计划代码": code}, renamed={"计划代码": "计划号"}))
            for label, cell, code in [
                ("1P0290", "1P0290", "P0290"),
                ("1p0290", "1p0290", "P0290"),
                ("spaced", " p-02 90 ", "P0290"),
                ("underscore", "P_0807", "P0807"),
                ("number", "12345", "12345"),
            ]
        ),
    ),
    # 6: M5 defaults for a blank plan code
    *rows(
        6,
        ("集合计划", Ex({"计划代码": NA, "计划类型": "集合计划"}, {"计划代码": "AN001"})),
        ("单一计划", Ex({"计划代码": NA, "计划类型": "单一计划"}, {"计划代码": "AN002"})),
        (
            "职业年金",
            Ex(
                {"计划代码": NA, "计划类型": "职业年金", "业务类型": "职年受托"},
                "计划代码 missing and 计划类型 '职业年金' has no default",
            ),
        ),
        ("blank", Ex({"计划代码": NA, "计划类型": NA}, "计划代码 missing and 计划类型 '' has no default")),
    ),
    # 7: exactly one leading F removed; an empty code takes its M7 default
    *rows(
        7,
        ("FQTAN001", Ex({"组合代码": "FQTAN001"}, {"组合代码": "QTAN001"})),
        ("fqtan002", Ex({"组合代码": "fqtan002"}, {"组合代码": "qtan002"})),
        ("F12345", Ex({"组合代码": "F12345"}, {"组合代码": "12345"})),
        ("number", Ex({"组合代码": "12345"}, {"组合代码": "12345"})),
        ("number-float-text", Ex({"组合代码": "12345.0"}, {"组合代码": "12345"})),
        ("F-only", Ex({"组合代码": " F "}, {"组合代码": "QTAN002"})),  # (企年受托, 单一计划) of BASE
        ("Z0003P", Ex({"组合代码": "Z0003P"}, {"组合代码": "Z0003P"})),
    ),
    # 8: M7, first matching rule; this domain applies rule 4 (职业年金 → QTAN003)
    *rows(
        8,
        *(
            (f"{bt}-{pt or 'blank'}", Ex({"组合代码": NA, "业务类型": bt, "计划类型": pt}, {"组合代码": code}))
            for bt, pt, code in [
                ("职年受托", "单一计划", "QTAN003"),
                ("企年投资", "集合计划", "QTAN001"),
                ("企年受托", "单一计划", "QTAN002"),
                ("企年受托", "职业年金", "QTAN003"),
                ("企年受托", NA, NA),
            ]
        ),
    ),
    # 9: a branch name decides 机构代码 (M4); the source code is ignored
    *rows(
        9,
        ("新疆-G99", Ex({"机构": "新疆", "机构代码": "G99"}, {"机构代码": "G23", "机构名称": "新疆"})),
        ("北京", Ex({"机构": "北京", "机构代码": NA}, {"机构代码": "G01", "机构名称": "北京"})),
        ("内蒙", Ex({"机构": "内蒙", "机构代码": NA}, {"机构代码": "G31", "机构名称": "内蒙"})),
        ("深圳分公司", Ex({"机构": "深圳分公司", "机构代码": NA}, {"机构代码": "G05", "机构名称": "深圳分公司"})),
        (
            "火星",
            Ex(
                {"机构": "火星", "机构代码": "G01"},
                {"机构代码": "G00", "机构名称": "火星"},
                counters={"unmapped_branch_names": {"火星": 1}},
            ),
        ),
    ),
    # 10: blank branch name: the source code, else G00
    *rows(
        10,
        ("g12", Ex({"机构": NA, "机构代码": "g12"}, {"机构代码": "G12", "机构名称": NA})),
        (
            "G99",
            Ex(
                {"机构": NA, "机构代码": "G99"},
                {"机构代码": "G00", "机构名称": NA},
                counters={"unknown_branch_codes": {"G99": 1}},
            ),
        ),
        ("blank", Ex({"机构": NA, "机构代码": NA}, {"机构代码": "G00", "机构名称": NA})),
        ("null-name", Ex({"机构": "null", "机构代码": NA}, {"机构代码": "G00", "机构名称": NA})),
    ),
    # 12: 产品线代码 from M1; an unknown 业务类型 is kept and listed; a blank one rejects
    *rows(
        12,
        ("企年受托", Ex({"业务类型": "企年受托"}, {"产品线代码": "PL202", "业务类型": "企年受托"})),
        ("职年投资", Ex({"业务类型": "职年投资"}, {"产品线代码": "PL203", "业务类型": "职年投资"})),
        (
            "新业务",
            Ex(
                {"业务类型": "新业务"},
                {"产品线代码": NA, "业务类型": "新业务"},
                counters={"unknown_business_types": {"新业务": 1}},
            ),
        ),
        ("blank", Ex({"业务类型": NA}, "业务类型 missing")),
    ),
    # 13: the keyed name is kept (trimmed) in 年金账户名 before R-NAME
    *rows(
        13,
        (
            "status-suffix",
            Ex(
                {"客户名称": "  中国平安（集团）股份有限公司-已转出 "},
                {"客户名称": "中国平安（集团）股份有限公司", "年金账户名": "中国平安（集团）股份有限公司-已转出"},
            ),
        ),
    ),
    # 14, 15: R-NAME
    *rows(
        14,
        *(
            (label, Ex({"客户名称": keyed}, {"客户名称": name, "年金账户名": keyed.strip()}))
            for label, keyed, name in [
                ("leading-原", "（原）abc科技有限公司", "ABC科技有限公司"),
                ("full-width", "ＸＹ有限公司(已转出)", "XY有限公司"),
                ("subsidiaries", "甲有限公司及下属子企业-养老", "甲有限公司"),
                ("code-suffix", "乙公司-BSU280", "乙公司"),
                ("ascii", "China Life", "CHINALIFE"),
            ]
        ),
    ),
    *rows(
        15,
        *(
            (label, Ex({"客户名称": keyed}, {"客户名称": name}))
            for label, keyed, name in [
                ("trailing-group", "中国平安(集团)", "中国平安"),
                ("enterprise-type", "某某商行（普通合伙）", "某某商行（普通合伙）"),
                ("real-原", "原平市某某有限公司", "原平市某某有限公司"),
                ("two-groups", "丙有限公司（已转出）（集团）", "丙有限公司"),
                ("plan-like", "湖北省（肆号）职业年金计划", "湖北省（肆号）职业年金计划"),
            ]
        ),
    ),
    # 16: a placeholder name is NULL; the keyed text stays in 年金账户名 (company id: below)
    *rows(
        16,
        *(
            (
                label,
                Ex({"客户名称": keyed}, {"客户名称": NA, "年金账户名": keyed}, counters={"blank_customer_names": 1}),
            )
            for label, keyed in [("空白", "空白"), ("Null", "Null"), ("zero", "0"), ("dash", "-")]
        ),
    ),
    # 17: exactly one leading C; blank is NULL, never 'None'
    *rows(
        17,
        *(
            (label, Ex({"集团企业客户号": keyed}, {"集团企业客户号": number, "年金账户号": number}))
            for label, keyed, number in [
                ("C-prefixed", "C12345678", "12345678"),
                ("CC", "CC001", "C001"),
                ("number", "12345", "12345"),
                ("number-float-text", "12345.0", "12345"),
                ("blank", NA, NA),
                ("C-only", "C", NA),
            ]
        ),
    ),
    # 18: number cells in text columns are text and the row loads
    *rows(
        18,
        ("numbers", Ex({"子企业号": "12345", "计划代码": "12345"}, {"子企业号": "12345", "计划代码": "12345"})),
    ),
    # 19: R-NUM amounts
    *rows(
        19,
        (
            "amounts",
            Ex(
                {
                    "期初资产规模": "1,234.5",
                    "期末资产规模": "￥2,000",
                    "供款": "-",
                    "投资收益": "-3.2",
                    "待遇支付": "1e9",
                    "流失": NA,
                },
                {
                    "期初资产规模": 1234.5,
                    "期末资产规模": 2000.0,
                    "供款": NA,
                    "投资收益": -3.2,
                    "待遇支付": 1_000_000_000.0,
                    "流失": NA,
                },
            ),
        ),
    ),
    # 21: the yield rule (§4.7); the warnings are counted
    *rows(
        21,
        ("fraction", Ex({"当期收益率": "0.050861"}, {"当期收益率": 0.050861}, counters={"yields_read_as_percent": 0})),
        ("percent-text", Ex({"当期收益率": "5.5%"}, {"当期收益率": 0.055}, counters={"yields_read_as_percent": 0})),
        ("percent-number", Ex({"当期收益率": "5.5"}, {"当期收益率": 0.055}, counters={"yields_read_as_percent": 1})),
        ("150-percent", Ex({"当期收益率": "150%"}, {"当期收益率": 1.5}, counters={"yields_out_of_range": 1})),
        ("negative", Ex({"当期收益率": "-0.8"}, {"当期收益率": -0.8}, counters={"yields_out_of_range": 0})),
        ("abc", Ex({"当期收益率": "abc"}, {"当期收益率": NA}, counters={"yields_unparseable": 1})),
    ),
]


@pytest.mark.parametrize("ex", EXAMPLES)
def test_worked_example(ex: Ex) -> None:
    valid, reasons, counters = _outcome(ex)
    if isinstance(ex.out, str):
        assert len(valid) == 0
        assert reasons == [ex.out]
    else:
        assert reasons == []
        got = {column: value(valid, column) for column in ex.out}
        assert got == pytest.approx(ex.out) if _numeric(ex.out) else got == ex.out
    for key, expected in ex.counters.items():
        assert counters[key] == expected, key


def _outcome(ex: Ex) -> tuple[pd.DataFrame, list[str], dict[str, Any]]:
    """The example's valid row (or none), its rejection reasons and the sheet's counters."""
    shared = None if ex.counters else _shared_sheet(tuple(sorted(ex.renamed.items())))
    if shared is None:  # a counter is the whole sheet's: the example is a sheet of its own
        alone = AP.run([ex.cells], renamed=ex.renamed)
        return alone.valid, alone.rejected["reason"].tolist(), alone.counters
    members, result = shared
    valid, reasons = row_outcome(result, 2 + next(i for i, member in enumerate(members) if member is ex))
    return valid, reasons, {}


@functools.cache
def _shared_sheet(renamed: tuple[tuple[str, str], ...]) -> tuple[list[Ex], Processed] | None:
    # Rows are cleaned one by one, so the examples under one header set share one sheet
    # (one pipeline run instead of sixty); each still asserts only its own row. A sheet
    # that fails as a whole (a row of another month) leaves each example to run alone.
    members = [
        param.values[0]
        for param in EXAMPLES
        if not param.values[0].counters and tuple(sorted(param.values[0].renamed.items())) == renamed
    ]
    try:
        return members, AP.run([member.cells for member in members], renamed=dict(renamed))
    except ValidationFailed:
        return None


def _numeric(out: dict[str, Any]) -> bool:
    return any(isinstance(v, float) for v in out.values())


@pytest.mark.slow
def test_ex2_one_blank_month_among_40000_rows() -> None:
    cells = [{} for _ in range(40_000)]
    cells[810] = {"月度": NA}  # Excel row 812
    result = AP.run(cells)
    assert result.rejected[["row_number", "reason"]].values.tolist() == [[812, "月度 missing"]]
    assert len(result.valid) == 39_999
    assert set(values(result.valid, "月度")) == {NOV}


def test_ex4_another_month_fails_the_domain() -> None:
    cells = [{"月度": "202410"} for _ in range(15)] + [{} for _ in range(5)]
    with pytest.raises(ValidationFailed) as failure:
        AP.run(cells)
    assert "月度 2024-10 in row 2 does not match period 2024-11 (and 14 more rows)" in failure.value.message


def test_ex11_both_branch_headers(tmp_path: Path) -> None:
    headers = (*HEADERS, "机构名称")
    result = AP.run([{"机构": "北京", "机构名称": "新疆", "机构代码": NA}], headers=headers)
    assert value(result.valid, "机构名称") == "新疆"
    assert value(result.valid, "机构代码") == "G23"
    assert "both 机构名称 and 机构 present: 机构名称 used, 机构 ignored" in result.warnings


def test_ex20_one_bad_amount_among_33000_rows() -> None:
    cells = [{} for _ in range(33_001)]
    cells[1234] = {"供款": "约3万"}
    result = AP.run(cells)
    assert result.rejected[["row_number", "reason"]].values.tolist() == [[1236, "供款 not a number: '约3万'"]]
    assert len(result.valid) == 33_000


def _read(tmp_path: Path, rows: list[list[Any]]) -> Any:
    path = write_workbook(tmp_path / "book.xlsx", {"规模明细": rows})
    return WorkbookCache().sheet(path, "规模明细")


def _ctx() -> TransformContext:
    return TransformContext(Period.parse("202411"), AP.mappings, "book.xlsx", "规模明细")


@pytest.mark.parametrize("header", ["流失（含待遇支付）", "流失(含待遇支付)", "流失_含待遇支付"])
def test_ex22_header_variants(tmp_path: Path, header: str) -> None:
    """A real workbook: the reader normalises the headers, the aliases do the rest."""
    names = ["月度", "业务类型", "计划类型", "计划代码", "客户名称 ", "期末资产规模", header]
    raw = _read(tmp_path, [names, [202411, "企年受托", "单一计划", "S1002", "甲有限公司", 10.5, 7.25]])
    result = process(raw, DOMAIN, _ctx())
    assert value(result.valid, "流失_含待遇支付") == 7.25
    assert value(result.valid, "客户名称") == "甲有限公司"
    assert result.counters["dropped_columns"] == []
    assert "column 流失(含待遇支付) missing: loaded as NULL" not in result.warnings


def test_ex23_annualised_yield_is_not_the_period_yield() -> None:
    headers = tuple("年化收益率" if h == "当期收益率" else h for h in HEADERS)
    result = AP.run([{"年化收益率": "0.05"}], headers=headers)
    assert value(result.valid, "当期收益率") is None
    assert result.counters["dropped_columns"] == ["年化收益率"]
    assert any("年化收益率" in w and "dropped" in w for w in result.warnings)


def test_ex24_blank_and_repeated_header_rows(tmp_path: Path) -> None:
    header = list(HEADERS)
    row = [BASE.get(h) for h in header]
    raw = _read(tmp_path, [header, row, [None] * len(header), row, [" "] * 3, header, row])
    result = process(raw, DOMAIN, _ctx())
    assert (result.rows_read, raw.rows_blank, raw.rows_repeated_header) == (3, 2, 1)
    assert len(result.valid) == 3 and result.rejected.empty


def test_ex25_no_value_comes_from_the_row_above() -> None:
    result = AP.run([{"组合代码": "Z0003P"}, {"组合代码": NA}])
    assert values(result.valid, "组合代码") == ["Z0003P", "QTAN002"]


def test_ex32_identical_rows_load_and_are_counted() -> None:
    result = AP.run([{}, {}, {"客户名称": "另一公司"}])
    assert len(result.valid) == 3
    assert result.counters["duplicate_rows"] == 1


# Company ids (P14): examples 16, 26, 27 and 28.


@pytest.mark.parametrize("keyed", ["空白", "Null", "0", "-"])
def test_ex16_placeholder_name_has_no_company(keyed: str) -> None:
    result = AP.run([{"客户名称": keyed, "计划代码": "S1002"}])
    assert value(AP.enriched(result), "company_id") is None
    assert any("客户名称 blank or placeholder in 1 rows" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("plan", "name", "company"),
    [
        pytest.param("FP0001", NA, "614810477", id="M8-override-blank-name"),
        pytest.param("FP0001", "甲公司", "614810477", id="M8-override-whatever-the-name"),
        pytest.param("P0809", NA, "608349737", id="M8b-blank-name-default"),
    ],
)
def test_ex26_plan_overrides(plan: str, name: str | None, company: str) -> None:
    result = AP.run([{"计划代码": plan, "计划类型": "集合计划", "客户名称": name}])
    assert value(AP.enriched(result), "company_id") == company


@pytest.mark.parametrize(
    "plan", [pytest.param("P0809", id="ex26-named-P0809"), pytest.param("S1002", id="ex28-no-hit")]
)
def test_ex26_ex28_named_row_without_a_hit_gets_a_temporary_id(plan: str) -> None:
    result = AP.run([{"计划代码": plan, "计划类型": "集合计划", "客户名称": "甲公司"}])
    assert value(AP.enriched(result), "company_id") == "INLHDM2XDMVY3K3VAO"


def test_ex26_named_P0809_row_is_not_given_the_plan_default() -> None:
    result = AP.run([{"计划代码": "P0809", "计划类型": "集合计划", "客户名称": "甲公司"}])
    assert value(AP.enriched(result), "company_id") != "608349737"


@pytest.mark.parametrize(
    ("name", "company"),
    [
        pytest.param("宣城城建城市运营管理有限公司-已转出", "1918884945", id="M9-name-after-R-NAME"),
        pytest.param("保留账户管理", NA, id="M9-explicit-no-company"),
    ],
)
def test_ex27_name_overrides(name: str, company: str | None) -> None:
    result = AP.run([{"客户名称": name}])
    frame = AP.enriched(result)
    assert value(frame, "company_id") == company
    assert value(frame, "客户名称") == name.removesuffix("-已转出")


def test_reader_gives_these_cells(tmp_path: Path) -> None:
    """The shape the table above builds by hand is the reader's: number, date and serial
    cells as text, empty cells as NA, the str dtype."""
    import datetime as dt

    header = ["月度", "组合代码", "子企业号", "当期收益率", "集团企业客户号"]
    cells = [
        [202411, 12345.0, 12345, 5.5, None],
        [dt.datetime(2024, 11, 30), "FQTAN001", None, 0.050861, "C12345678"],
        [45607, " F ", "00123", "5.5%", 12345],
    ]
    raw = _read(tmp_path, [header, *cells])
    built = AP.sheet(
        [
            {"月度": "202411", "组合代码": "12345", "子企业号": "12345", "当期收益率": "5.5"},
            {
                "月度": "2024-11-30 00:00:00",
                "组合代码": "FQTAN001",
                "当期收益率": "0.050861",
                "集团企业客户号": "C12345678",
            },
            {"月度": "45607", "组合代码": " F ", "子企业号": "00123", "当期收益率": "5.5%", "集团企业客户号": "12345"},
        ],
        headers=header,
        base={},
    )
    pd.testing.assert_frame_equal(raw.frame, built.frame)
