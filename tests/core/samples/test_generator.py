"""The sample generator: counts it promises are what the written files hold."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import fastexcel
import pytest
import python_calamine

from support.samples import (
    AP_COLUMNS,
    AP_KINDS,
    INCOME_KINDS,
    LEDGER_SHEETS,
    MIN_DIRTY_ROWS_AP,
    MIN_DIRTY_ROWS_INCOME,
    annuity_month,
    annuity_rows,
    annuity_sheet,
    income_columns,
    income_rows,
    income_sheet,
    write_annuity_workbook,
    write_ledger_workbook,
    write_workbook,
)
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.universe import plan_universe

REPO = Path(__file__).resolve().parents[3]
PERIOD = "202411"


# --------------------------------------------------------------------------------------
# Reading helpers (independent of the generator's internals)


def read_strings(path: Path, sheet: str) -> list[list[str | None]]:
    """All rows of ``sheet`` as text (header included), via fastexcel."""
    df = fastexcel.read_excel(path).load_sheet(sheet, header_row=None, dtypes="string").to_pandas()
    return [[None if not isinstance(v, str) else v for v in row] for row in df.itertuples(index=False)]


def read_native(path: Path, sheet: str) -> list[list[Any]]:
    """All rows of ``sheet`` with native cell types, via python-calamine ('' → None)."""
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()
    return [[None if v == "" else v for v in row] for row in rows]


def is_blank(row: list[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def is_repeated_header(row: list[Any], header: list[Any]) -> bool:
    cells = [
        (v, h) for v, h in zip(row, header, strict=False) if not (v is None or (isinstance(v, str) and not v.strip()))
    ]
    return bool(cells) and all(v == h for v, h in cells)


def split_rows(rows: list[list[Any]]) -> tuple[list[tuple[int, list[Any]]], int, int]:
    """Data rows with their Excel row numbers, and the blank / repeated-header counts."""
    header = rows[0]
    data: list[tuple[int, list[Any]]] = []
    blank = repeated = 0
    for i, row in enumerate(rows[1:], start=2):
        if is_blank(row):
            blank += 1
        elif is_repeated_header(row, header):
            repeated += 1
        else:
            data.append((i, row))
    return data, blank, repeated


def canonical(header: Any, aliases: dict[str, str]) -> str:
    text = unicodedata.normalize("NFKC", str(header or ""))
    text = re.sub(r"\s+", "", text)
    return aliases.get(text, text)


AP_ALIASES = {"计划号": "计划代码"}
INCOME_ALIASES = {"计划号": "计划代码", "机构": "机构代码"}


def as_dicts(
    rows: list[list[Any]], aliases: dict[str, str]
) -> tuple[list[str], list[tuple[int, dict[str, Any]]], int, int]:
    names = [canonical(h, aliases) for h in rows[0]]
    data, blank, repeated = split_rows(rows)
    return names, [(n, dict(zip(names, r, strict=False))) for n, r in data], blank, repeated


# Kind predicates, per column group in precedence order (the first match wins). They define
# each kind from the cells only, so the test checks the generator's bookkeeping.
Pred = Callable[[dict[str, Any]], bool]
PY = PERIOD[:4]


def _branch_ok(name: Any, code: Any) -> str | None:
    if name in vocab.BRANCH_CODE and code == vocab.BRANCH_CODE[name]:
        return "name"
    if name in vocab.BRANCH_ALIASES and code == vocab.BRANCH_ALIASES[name]:
        return "alias"
    return None


MONTH_PREDICATES: list[tuple[str, Pred]] = [
    ("月度:number", lambda r: r["月度"] == float(PERIOD) and isinstance(r["月度"], float)),
    ("月度:text", lambda r: r["月度"] == PERIOD),
    ("月度:text_dash", lambda r: r["月度"] == f"{PY}-11"),
    ("月度:cn", lambda r: r["月度"] == f"{PY}年11月"),
    ("月度:cn_short", lambda r: r["月度"] == "24年11月"),
    ("月度:date_cell", lambda r: isinstance(r["月度"], dt.date)),
    ("月度:serial", lambda r: r["月度"] == 45607.0),
    ("月度:fullwidth", lambda r: r["月度"] == "２０２４年１１月"),
    ("月度:blank", lambda r: r["月度"] is None),
    ("月度:invalid", lambda r: r["月度"] == f"{PY}年13月"),
]

AP_PREDICATES: dict[str, list[tuple[str, Pred]]] = {
    "月度": MONTH_PREDICATES,
    "业务类型": [
        ("业务类型:unknown", lambda r: r["业务类型"] == "新业务"),
        ("业务类型:blank", lambda r: r["业务类型"] is None),
    ],
    "计划类型": [
        ("计划类型:short", lambda r: r["计划类型"] == "集合"),
        ("计划类型:blank", lambda r: r["计划类型"] is None),
    ],
    "计划代码": [
        ("计划代码:1P0290", lambda r: r["计划代码"] == "1P0290"),
        ("计划代码:1p0290", lambda r: r["计划代码"] == "1p0290"),
        ("计划代码:spaced", lambda r: r["计划代码"] == " p-02 90 "),
        ("计划代码:underscore", lambda r: r["计划代码"] == "P_0807"),
        ("计划代码:number", lambda r: r["计划代码"] == 12345.0),
        ("计划代码:blank_集合计划", lambda r: r["计划代码"] is None and r["计划类型"] == "集合计划"),
        ("计划代码:blank_单一计划", lambda r: r["计划代码"] is None and r["计划类型"] == "单一计划"),
        ("计划代码:blank_职业年金", lambda r: r["计划代码"] is None and r["计划类型"] == "职业年金"),
    ],
    "组合代码": [
        ("组合代码:blank", lambda r: r["组合代码"] is None),
        ("组合代码:FQTAN001", lambda r: r["组合代码"] == "FQTAN001"),
        ("组合代码:fqtan002", lambda r: r["组合代码"] == "fqtan002"),
        ("组合代码:F_digits", lambda r: r["组合代码"] == "F12345"),
        ("组合代码:number", lambda r: r["组合代码"] == 12345.0),
        ("组合代码:Z0003P", lambda r: r["组合代码"] == "Z0003P"),
        ("组合代码:F_only", lambda r: r["组合代码"] == " F "),
    ],
    "客户名称": [
        ("客户名称:spaces_status", lambda r: r["客户名称"].startswith("  ") and r["客户名称"].endswith("-已转出 ")),
        ("客户名称:inner_space", lambda r: " " in r["客户名称"].strip()),
        ("客户名称:fullwidth", lambda r: r["客户名称"].startswith("ＸＹ")),
        ("客户名称:原_bracket", lambda r: r["客户名称"].startswith("（原）")),
        ("客户名称:空白", lambda r: r["客户名称"] == "空白"),
        ("客户名称:原_real", lambda r: r["客户名称"].startswith("原平市")),
        ("客户名称:subsidiaries", lambda r: "及下属子企业" in r["客户名称"]),
    ],
    "机构": [
        ("机构:wrong_code", lambda r: r["机构"] == "新疆" and r["机构代码"] == "G99"),
        ("机构:unmapped", lambda r: r["机构"] == "火星"),
        ("机构:blank_code_lower", lambda r: r["机构"] is None and r["机构代码"] == "g12"),
        ("机构:blank_code_unknown", lambda r: r["机构"] is None and r["机构代码"] == "G99"),
        ("机构:blank_both", lambda r: r["机构"] is None and r["机构代码"] is None),
        ("机构:placeholder", lambda r: r["机构"] == "null"),
        ("机构:name", lambda r: _branch_ok(r["机构"], r["机构代码"]) == "name"),
        ("机构:alias", lambda r: _branch_ok(r["机构"], r["机构代码"]) == "alias"),
    ],
    "集团企业客户号": [
        (
            "集团企业客户号:C_prefixed",
            lambda r: isinstance(r["集团企业客户号"], str) and re.fullmatch(r"C\d{8}", r["集团企业客户号"]) is not None,
        ),
        ("集团企业客户号:CC", lambda r: r["集团企业客户号"] == "CC001"),
        ("集团企业客户号:number", lambda r: r["集团企业客户号"] == 12345.0),
        ("集团企业客户号:C_only", lambda r: r["集团企业客户号"] == "C"),
    ],
    "子企业号": [("子企业号:number", lambda r: isinstance(r["子企业号"], float))],
    "期初资产规模": [("期初资产规模:thousands", lambda r: r["期初资产规模"] == "1,234.5")],
    "期末资产规模": [("期末资产规模:currency", lambda r: r["期末资产规模"] == "￥2,000")],
    "供款": [("供款:dash", lambda r: r["供款"] == "-"), ("供款:unparseable", lambda r: r["供款"] == "约3万")],
    "待遇支付": [("待遇支付:sci", lambda r: r["待遇支付"] == "1e9")],
    "流失": [("流失:blank", lambda r: r["流失"] is None)],
    "投资收益": [("投资收益:negative", lambda r: isinstance(r["投资收益"], float) and r["投资收益"] < 0)],
    "当期收益率": [
        ("当期收益率:fraction", lambda r: isinstance(r["当期收益率"], float) and abs(r["当期收益率"]) <= 1),
        ("当期收益率:percent_text", lambda r: r["当期收益率"] == "5.5%"),
        ("当期收益率:percent_number", lambda r: r["当期收益率"] == 5.5),
        ("当期收益率:over_100_percent", lambda r: r["当期收益率"] == "150%"),
        ("当期收益率:unparseable", lambda r: r["当期收益率"] == "abc"),
    ],
}


def _derivable(r: dict[str, Any]) -> bool:
    plan = (r["计划名称"] or "").strip()
    return r["计划类型"] == "单一计划" and plan.endswith("企业年金计划") and bool(plan[: -len("企业年金计划")].strip())


INCOME_PREDICATES: dict[str, list[tuple[str, Pred]]] = {
    "月度": [p for p in MONTH_PREDICATES if p[0] not in ("月度:text", "月度:serial")],
    "业务类型": AP_PREDICATES["业务类型"],
    "计划代码": [
        ("计划代码:1p0290", lambda r: r["计划代码"] == "1p0290"),
        ("计划代码:spaced", lambda r: r["计划代码"] == " P-0807 "),
        ("计划代码:blank_单一计划", lambda r: r["计划代码"] is None and r["计划类型"] == "单一计划"),
        ("计划代码:blank_职业年金", lambda r: r["计划代码"] is None and r["计划类型"] == "职业年金"),
    ],
    "组合代码": [
        ("组合代码:FQTAN002", lambda r: r["组合代码"] == "FQTAN002"),
        ("组合代码:blank", lambda r: r["组合代码"] is None),
    ],
    "客户名称": [
        ("客户名称:zero_suffix_only", lambda r: r["客户名称"] == "0"),
        (
            "客户名称:blank_occupational_plan_name",
            lambda r: r["客户名称"] is None and "某某职业年金计划" in (r["计划名称"] or ""),
        ),
        ("客户名称:keyed_with_status", lambda r: r["客户名称"] is not None and r["客户名称"].endswith("-已转出")),
        ("客户名称:保留账户管理", lambda r: r["客户名称"] == "保留账户管理"),
        ("客户名称:derived_from_plan", lambda r: r["客户名称"] is None and _derivable(r)),
        ("客户名称:blank", lambda r: r["客户名称"] is None),
        ("客户名称:keyed", lambda r: True),
    ],
    "固费": [
        ("固费:thousands", lambda r: r["固费"] == "3,414.26"),
        ("固费:currency", lambda r: r["固费"] == "￥1,200"),
        ("固费:blank", lambda r: r["固费"] is None),
        ("固费:dash", lambda r: r["固费"] == "-"),
        ("固费:sci", lambda r: r["固费"] == "1.2e3"),
    ],
    "浮费": [("浮费:blank", lambda r: r["浮费"] is None)],
    "回补": [
        ("回补:unparseable", lambda r: r["回补"] == "待定"),
        ("回补:negative", lambda r: isinstance(r["回补"], float) and r["回补"] < 0),
    ],
    "税": [("税:zero", lambda r: r["税"] == 0)],
    "机构": [
        ("机构:name_overrides_code", lambda r: r["机构名称"] == "深圳分公司" and r["机构代码"] == "G01"),
        ("机构:blank_code_lower", lambda r: r["机构名称"] is None and r["机构代码"] == "g12"),
        ("机构:blank_code_is_name", lambda r: r["机构名称"] is None and r["机构代码"] == "北京"),
        ("机构:blank_code_unknown", lambda r: r["机构名称"] is None and r["机构代码"] == "G99"),
        ("机构:blank_both", lambda r: r["机构名称"] is None and r["机构代码"] is None),
        ("机构:placeholder", lambda r: r["机构名称"] == "null"),
        ("机构:name", lambda r: _branch_ok(r["机构名称"], r["机构代码"]) == "name"),
        ("机构:alias", lambda r: _branch_ok(r["机构名称"], r["机构代码"]) == "alias"),
    ],
}


def kinds_in_file(
    data: list[tuple[int, dict[str, Any]]], predicates: dict[str, list[tuple[str, Pred]]]
) -> Counter[str]:
    found: Counter[str] = Counter()
    seen: set[tuple[Any, ...]] = set()
    for _, row in data:
        for group in predicates.values():
            for kind, pred in group:
                try:
                    hit = pred(row)
                except (AttributeError, TypeError):  # e.g. str methods on a blank cell
                    hit = False
                if hit:
                    found[kind] += 1
                    break
        key = tuple(sorted((k, repr(v)) for k, v in row.items()))
        if key in seen:
            found["row:duplicate"] += 1
        seen.add(key)
    return found


AP_REJECT_KINDS = {
    "月度:blank": "月度 missing",
    "月度:invalid": f"月度 unparseable: '{PY}年13月'",
    "业务类型:blank": "业务类型 missing",
    "计划代码:blank_职业年金": "计划代码 missing and 计划类型 '职业年金' has no default",
    "供款:unparseable": "供款 not a number: '约3万'",
}
INCOME_REJECT_KINDS = {
    **{k: v for k, v in AP_REJECT_KINDS.items() if k != "供款:unparseable"},
    "回补:unparseable": "回补 not a number: '待定'",
}


def rejected_in_file(
    data: list[tuple[int, dict[str, Any]]], predicates: dict[str, list[tuple[str, Pred]]], reject_kinds: dict[str, str]
) -> dict[int, str]:
    out: dict[int, str] = {}
    for excel_row, row in data:
        reasons = []
        for kind, reason in reject_kinds.items():
            group = predicates[kind.split(":")[0]]
            first = next((k for k, p in group if _safe(p, row)), None)
            if first == kind:
                reasons.append(reason)
        if reasons:
            out[excel_row] = "; ".join(reasons)
    return out


def _safe(pred: Pred, row: dict[str, Any]) -> bool:
    try:
        return bool(pred(row))
    except (AttributeError, TypeError):
        return False


# --------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def dirty_book(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("dirty") / "规模收入数据.xlsx"
    return write_annuity_workbook(path, PERIOD, perf_rows=1000, income_rows=600, seed=7, dirty=True)


# --------------------------------------------------------------------------------------
# 规模明细


def test_dirty_perf_row_counts_match_file(dirty_book) -> None:
    rows = read_strings(dirty_book.path, "规模明细")
    data, blank, repeated = split_rows(rows)
    assert len(data) == dirty_book.rows_read == 1000
    assert blank == dirty_book.rows_blank >= 3
    assert repeated == dirty_book.rows_repeated_header == 1
    assert len(rows) == dirty_book.sheets["规模明细"].last_excel_row
    assert not is_blank(rows[-1]), "a trailing blank row would be invisible to readers"


def test_dirty_perf_header_variants(dirty_book) -> None:
    header = read_strings(dirty_book.path, "规模明细")[0]
    for variant in ("计划号", "流失（含待遇支付）", "客户名称 ", "期末资产\n规模", "备用"):
        assert variant in header
    assert "计划代码" not in header
    assert [canonical(h, AP_ALIASES) for h in header[:-1]] == list(AP_COLUMNS)


def test_dirty_perf_kinds_match_file_exactly(dirty_book) -> None:
    _, data, _, _ = as_dicts(read_native(dirty_book.path, "规模明细"), AP_ALIASES)
    found = kinds_in_file(data, AP_PREDICATES)
    assert dict(found) == dirty_book.dirty_kinds
    assert set(AP_KINDS) == set(dirty_book.dirty_kinds), "every dirty kind present at least once"


def test_dirty_perf_rejections_match_file(dirty_book) -> None:
    _, data, _, _ = as_dicts(read_native(dirty_book.path, "规模明细"), AP_ALIASES)
    counts = dirty_book.sheets["规模明细"]
    assert rejected_in_file(data, AP_PREDICATES, AP_REJECT_KINDS) == counts.rejected_rows
    assert counts.rejected == dict.fromkeys(AP_REJECT_KINDS.values(), 1)
    assert counts.rows_rejected == 5
    assert counts.rows_inserted == 995
    assert counts.rows_rejected < 0.01 * counts.rows_read


def test_dirty_perf_cells_are_native(dirty_book) -> None:
    _, data, _, _ = as_dicts(read_native(dirty_book.path, "规模明细"), AP_ALIASES)
    months = Counter(type(r["月度"]).__name__ for _, r in data)
    assert {"float", "str", "date"} <= set(months)
    clean = [r for _, r in data if isinstance(r["期初资产规模"], float)]
    assert all(1e4 <= r["期初资产规模"] <= 1e9 for r in clean)
    assert all(round(r["期初资产规模"], 2) == r["期初资产规模"] for r in clean)
    codes = {r["计划代码"] for _, r in data}
    assert {"S1002", "P0290", "Z0005", "XNP596", "FP0001"} <= codes
    assert any(isinstance(r["客户名称"], str) and r["客户名称"].endswith("有限公司") for _, r in data)
    assert {r["业务类型"] for _, r in data} >= {"企年受托", "企年投资", "职年受托", "职年投资"}


# --------------------------------------------------------------------------------------
# 收入明细


def test_dirty_income_counts_kinds_and_rejections_match_file(dirty_book) -> None:
    counts = dirty_book.income
    assert counts is not None
    strings = read_strings(dirty_book.path, "收入明细")
    assert strings[0][3] == "计划号" and strings[0][-2] == "机构" and strings[0][8] == "客户名称 "
    data_s, blank, repeated = split_rows(strings)
    assert (len(data_s), blank, repeated) == (counts.rows_read, counts.rows_blank, counts.rows_repeated_header)
    names, data, _, _ = as_dicts(read_native(dirty_book.path, "收入明细"), INCOME_ALIASES)
    assert names == list(income_columns())
    assert dict(kinds_in_file(data, INCOME_PREDICATES)) == counts.dirty_kinds
    assert set(INCOME_KINDS) == set(counts.dirty_kinds)
    assert rejected_in_file(data, INCOME_PREDICATES, INCOME_REJECT_KINDS) == counts.rejected_rows
    assert counts.rows_rejected == 5 and counts.rows_rejected < 0.01 * counts.rows_read


def test_income_without_optional_fees_drops_their_kinds(tmp_path: Path) -> None:
    sheet = income_sheet(PERIOD, 100, seed=3, dirty=True, fees=())
    assert sheet.rows[0][9:] == ["固费", "机构", "机构名称"]
    assert not any(k.split(":")[0] in ("浮费", "回补", "税") for k in sheet.counts.dirty_kinds)
    assert sheet.counts.rows_rejected == 4
    path = write_workbook(tmp_path / "x.xlsx", {"收入明细": sheet.rows})
    _, data, _, _ = as_dicts(read_native(path, "收入明细"), INCOME_ALIASES)
    assert len(data) == 100


# --------------------------------------------------------------------------------------
# Clean sheets, sizes, determinism


def test_clean_sheets_have_no_dirt(tmp_path: Path) -> None:
    wb = write_annuity_workbook(tmp_path / "c.xlsx", "202412", perf_rows=300, income_rows=120, seed=1, dirty=False)
    rows = read_native(wb.path, "规模明细")
    assert rows[0] == list(AP_COLUMNS)
    assert (wb.rows_read, wb.rows_blank, wb.rows_repeated_header, wb.rows_rejected) == (300, 0, 0, 0)
    assert all(r[0] == 202412.0 for r in rows[1:])
    clean_kinds = {k for k, d in AP_KINDS.items() if "clean format" in d}
    assert set(wb.dirty_kinds) <= clean_kinds
    income = read_native(wb.path, "收入明细")
    assert income[0] == list(income_columns())
    assert wb.income is not None and wb.income.rows_rejected == 0 and len(income) == 121


def test_rejections_stay_under_one_percent_from_1000_rows() -> None:
    for n in (1000, 1700):
        for sheet in (annuity_sheet(PERIOD, n, seed=n, dirty=True), income_sheet(PERIOD, n, seed=n, dirty=True)):
            assert sheet.counts.rows_rejected / sheet.counts.rows_read < 0.01


def test_small_dirty_sheets_are_refused() -> None:
    with pytest.raises(ValueError, match="at least"):
        annuity_sheet(PERIOD, MIN_DIRTY_ROWS_AP - 1, seed=1, dirty=True)
    with pytest.raises(ValueError, match="at least"):
        income_sheet(PERIOD, MIN_DIRTY_ROWS_INCOME - 1, seed=1, dirty=True)
    assert len(annuity_rows(PERIOD, MIN_DIRTY_ROWS_AP, seed=1, dirty=True)) > MIN_DIRTY_ROWS_AP
    assert len(income_rows(PERIOD, 5, seed=1, dirty=False)) == 6


def test_same_seed_same_cells_and_bytes(tmp_path: Path) -> None:
    assert annuity_rows(PERIOD, 200, seed=11, dirty=True) == annuity_rows(PERIOD, 200, seed=11, dirty=True)
    assert annuity_rows(PERIOD, 200, seed=11, dirty=True) != annuity_rows(PERIOD, 200, seed=12, dirty=True)
    assert income_rows(PERIOD, 100, seed=11, dirty=True) == income_rows(PERIOD, 100, seed=11, dirty=True)
    a = write_annuity_workbook(tmp_path / "a" / "x.xlsx", PERIOD, perf_rows=200, income_rows=80, seed=11, dirty=True)
    b = write_annuity_workbook(tmp_path / "b" / "x.xlsx", PERIOD, perf_rows=200, income_rows=80, seed=11, dirty=True)
    for sheet in ("规模明细", "收入明细"):
        assert read_strings(a.path, sheet) == read_strings(b.path, sheet)
    assert a.path.read_bytes() == b.path.read_bytes()
    assert a.to_dict(tmp_path / "a") == b.to_dict(tmp_path / "b")


def test_write_workbook_native_cells(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "odd.xlsx"
    when = dt.datetime(2024, 11, 30)
    write_workbook(
        path,
        {
            "规模明细": [["月度", None, "计划代码"], [when, "x", "00123"], [], ["202411", 1.5, 12345]],
            "空表": [["a"]],
        },
        header_format={"bold": True},
    )
    rows = read_native(path, "规模明细")
    assert rows[1] == [dt.date(2024, 11, 30), "x", "00123"]
    assert rows[2] == [None, None, None]
    assert rows[3] == ["202411", 1.5, 12345.0]
    assert rows[0] == ["月度", None, "计划代码"]
    assert read_native(path, "空表") == [["a"]]


# --------------------------------------------------------------------------------------
# Ledger and folder layout


def test_ledger_workbook(tmp_path: Path) -> None:
    wb = write_ledger_workbook(tmp_path / "台账登记.xlsx", "202411", seed=4, rows_per_sheet=7)
    book = python_calamine.CalamineWorkbook.from_path(str(wb.path))
    assert book.sheet_names[:4] == list(LEDGER_SHEETS)
    assert {"提费扩面", "灌入数据", "职年投资新增组合", "团养中标", "续签客户清单"} <= set(book.sheet_names)
    for name in LEDGER_SHEETS:
        rows = read_native(wb.path, name)
        assert len(rows) == 8 and wb.sheets[name].rows_read == 7
        header = rows[0]
        assert {"客户全称", "上报月份", "年金计划号", "company_id", "insert_sql"} <= set(header)
        if name.endswith("(解约)"):
            assert None in header and "考核标签" in header
        if name.startswith("企年投资"):
            assert "五亿以上" in header
        col = header.index("上报月份")
        for row in rows[1:]:
            assert _month_of(row[col]) in {(2024, m) for m in range(1, 12)}


def _month_of(v: Any) -> tuple[int, int]:
    if isinstance(v, dt.date):
        return v.year, v.month
    if isinstance(v, float):
        return int(v) // 100, int(v) % 100
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月", v)
    assert m, v
    return int(m.group(1)), int(m.group(2))


PATTERNS = ("*规模收入数据*.xlsx", "*规模*收入数据*.xlsx", "*年金终稿数据*.xlsx")


def discover(root: Path, period: str) -> tuple[str | None, dict[str, str]]:
    """The spec's discovery rules (AP §1.1–§1.6), written out for the test."""
    base = root / period / "收集数据" / "数据采集"

    def eligible(folder: Path) -> list[Path]:
        out = []
        for f in sorted(folder.iterdir()):
            name = unicodedata.normalize("NFC", f.name)
            rel = f.relative_to(root).as_posix()
            if not f.is_file() or not any(fnmatch.fnmatchcase(name, p) for p in PATTERNS):
                continue
            if name.startswith("~$") or name.endswith(".eml") or "已写入" in rel or "回复" in name or "补充" in name:
                continue
            out.append(f)
        return out

    versions = sorted(
        (d for d in base.iterdir() if d.is_dir() and re.fullmatch(r"V(\d+)", d.name)),
        key=lambda d: int(d.name[1:]),
        reverse=True,
    )
    for folder in [*versions, base]:
        found = eligible(folder)
        if found:
            assert len(found) == 1, found
            return found[0].relative_to(root).as_posix(), {}
    return None, {}


def test_write_month_layout_with_traps(tmp_path: Path) -> None:
    layout = annuity_month(tmp_path, "202411", perf_rows=120, income_rows=60, seed=9, ledger_rows=3)
    base = "202411/收集数据/数据采集"
    annuity = layout.workbooks["annuity"]
    assert annuity.chosen == f"{base}/V2/【for年金分战区经营分析】24年11月年金终稿数据1216采集.xlsx"
    assert discover(tmp_path, "202411")[0] == annuity.chosen
    assert annuity.superseded == [f"{base}/V1/【for年金分战区经营分析】24年11月年金终稿数据1209采集.xlsx"]
    ledger = layout.workbooks["ledger"]
    excluded = {**annuity.excluded, **ledger.excluded}
    assert Counter(excluded.values()) == {
        "lock file (~$*)": 2,
        "path contains 已写入": 2,
        "reply workbook (*回复*)": 1,
        "mail file (*.eml)": 1,
    }
    for rel in [*excluded, *annuity.supplements, *annuity.superseded, *ledger.ignored, annuity.chosen]:
        assert (tmp_path / rel).is_file(), rel
    assert sorted(layout.files) == sorted(
        p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()
    )
    # V3 holds files matching the include patterns, none of them eligible.
    v3 = [p for p in layout.files if p.startswith(f"{base}/V3/")]
    assert len(v3) == 3 and all(p in excluded or p in annuity.supplements for p in v3)
    assert all("补充" in s and s.startswith(f"{base}/V3/") for s in annuity.supplements)
    assert any(p.startswith(f"{base}/已写入/") for p in excluded)
    lock = next(p for p in excluded if p.startswith(f"{base}/V2/~$"))
    assert not (tmp_path / lock).read_bytes().startswith(b"PK")
    # The chosen workbook is the one whose counts are reported.
    data, blank, repeated = split_rows(read_strings(tmp_path / annuity.chosen, "规模明细"))
    assert (len(data), blank, repeated) == (120, layout.domains["annuity_performance"].rows_blank, 1)
    types = {r[1] for r in read_native(tmp_path / annuity.supplements[0], "收入明细")[1:]}
    assert types == {"企年投资"}
    assert ledger.chosen == "202411/收集数据/业务收集/【导入模板】台账登记.xlsx"
    assert layout.domains["annual_award"].rows_read == 6  # two sheets of 3 rows
    assert {d.file for name, d in layout.domains.items() if name.startswith("annual_")} == {ledger.chosen}


def test_write_month_without_traps_and_naming(tmp_path: Path) -> None:
    layout = annuity_month(tmp_path, "202512", perf_rows=80, income_rows=50, seed=2, traps=False, ledger_rows=None)
    chosen = layout.workbooks["annuity"].chosen
    assert chosen == "202512/收集数据/数据采集/V1/25年12月年金规模及收入数据0116.xlsx"
    assert layout.files == [chosen] and set(layout.workbooks) == {"annuity"}
    assert discover(tmp_path, "202512")[0] == chosen
    even = annuity_month(tmp_path / "b", "202410", perf_rows=80, income_rows=50, seed=2, traps=False, ledger_rows=None)
    assert even.workbooks["annuity"].chosen.endswith(
        "V1/【for年金分战区经营分析】24年10月年金规模收入数据1116采集.xlsx"
    )


def test_sample_data_command(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "data"
    expected = tmp_path / "EXPECTED.json"
    rows = ["--rows", "annuity_performance=80", "--rows", "annuity_income=50"]
    result = cli("sample-data", "--out", str(out), "--periods", "202411,202412", *rows, "--seed", "3",
                 "--expected", str(expected))  # fmt: skip
    assert result.code == 0, result.stderr
    doc = json.loads(expected.read_text(encoding="utf-8"))
    assert set(doc["periods"]) == {"202411", "202412"}
    ap = doc["periods"]["202411"]["domains"]["annuity_performance"]
    assert ap["rows_read"] == 80 and ap["rows_inserted"] == 75 and ap["rows_rejected"] == 5
    assert (out / ap["file"]).is_file()
    assert "规模收入数据" in doc["periods"]["202412"]["domains"]["annuity_performance"]["file"]
    assert doc["generator"]["argv"][:2] == ["--periods", "202411,202412"]


def test_sample_data_options_change_what_is_written(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    clean = cli("sample-data", "--out", str(tmp_path / "c"), "--periods", "202411", "--clean", "--no-traps",
                "--domains", "annuity_performance", "--rows", "annuity_performance=5", "--json")  # fmt: skip
    assert clean.code == 0, clean.stderr
    (chosen,) = clean.json["files"][1:] if clean.json["files"][0].startswith(".") else clean.json["files"]
    assert "/V1/" in chosen
    domains = clean.json["expected"]["periods"]["202411"]["domains"]
    assert list(domains) == ["annuity_performance"] and domains["annuity_performance"]["rows_rejected"] == 0
    other_seed = cli("sample-data", "--out", str(tmp_path / "d"), "--periods", "202411", "--clean", "--no-traps",
                     "--domains", "annuity_performance", "--rows", "annuity_performance=5", "--seed", "8")  # fmt: skip
    assert other_seed.code == 0
    assert (tmp_path / "c" / chosen).read_bytes() != (tmp_path / "d" / chosen).read_bytes()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--periods", "2024-11"], "malformed period"),
        (["--rows", "annuity_performance"], "expected DOMAIN=N"),
        (["--rows", "nope=5"], "no sample for domain(s) nope"),
        (["--rows", "annuity_performance=3"], "a dirty sheet needs at least"),
        (["--domains", "nope"], "unknown domain 'nope'"),
    ],
)
def test_sample_data_bad_options(cli, tmp_path: Path, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("sample-data", "--out", str(tmp_path / "x"), *args)
    assert result.code == 2
    assert message in result.stderr


def test_sample_data_never_overwrites_a_real_delivery(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A folder with files sample-data did not write is refused unless --force; its own
    earlier output is replaced (the files it listed are removed first)."""
    out = tmp_path / "data"
    real = out / "202411" / "收集数据" / "数据采集" / "V1" / "真实交付.xlsx"
    real.parent.mkdir(parents=True)
    real.write_bytes(b"an operator's delivery")
    args = ["sample-data", "--out", str(out), "--periods", "202411", "--domains", "annual_award"]
    refused = cli(*args)
    assert refused.code == 2
    assert "holds 1 file(s) sample-data did not write" in refused.stderr and "--force" in refused.stderr
    assert real.read_bytes() == b"an operator's delivery"
    assert cli(*args, "--force").code == 0
    assert real.read_bytes() == b"an operator's delivery"  # --force writes beside it, never deletes it
    real.unlink()
    again = cli(*args, "--seed", "5")  # only its own files now: written again without --force
    assert again.code == 0, again.stderr


# --------------------------------------------------------------------------------------
# Speed (printed, not asserted)


@pytest.mark.slow
def test_big_month_write_time(tmp_path: Path) -> None:
    start = time.perf_counter()
    wb = write_annuity_workbook(tmp_path / "big.xlsx", PERIOD, perf_rows=40_000, income_rows=12_000, seed=1, dirty=True)
    elapsed = time.perf_counter() - start
    print(f"\n40,000 规模明细 + 12,000 收入明细 rows written in {elapsed:.2f}s ({wb.path.stat().st_size / 1e6:.1f} MB)")
    sheet = fastexcel.read_excel(wb.path).load_sheet("规模明细", header_row=None, dtypes="string")
    assert sheet.height == wb.sheets["规模明细"].last_excel_row


def test_plan_universe_of_a_ten_times_month_has_unique_codes_and_keeps_its_prefix() -> None:
    # 400,000 rows → 16,000 plans: more collective plans than the usual P/XNP code range holds.
    big = plan_universe(20241130, 16_000)
    codes = [p.code for p in big]

    assert len(set(codes)) == 16_000
    assert any(re.fullmatch(r"P\d{5}", c) for c in codes)  # the longer codes past the usual range
    assert [p.code for p in plan_universe(20241130, 1_600)] == codes[:1_600]  # prefix-stable
