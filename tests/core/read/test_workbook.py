"""Reading a sheet: normalised headers, aliases, blank and repeated header rows, cells as
text (issue 2 §4, spec annuity_performance §2–§3)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from support.workbooks import clean_rows, write_ap
from work_data_hub.core.domains.annuity_performance.spec import DOMAIN
from work_data_hub.core.domains.pipeline import canonical_frame
from work_data_hub.core.errors import SourceError
from work_data_hub.core.read.headers import normalise_header
from work_data_hub.core.read.workbook import ROW_NUMBER, WorkbookCache
from work_data_hub.core.samples.writer import write_workbook


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("期末资产规模 ", "期末资产规模"),
        (" 客户名称", "客户名称"),
        ("期末资产\n规模", "期末资产规模"),
        ("期末资产\r\n规模", "期末资产规模"),
        ("期末\t资产规模", "期末资产规模"),
        ("流失（含待遇支付）", "流失(含待遇支付)"),
        ("客户\u3000名称", "客户名称"),
        ("\u3000客户名称\u3000", "客户名称"),
        ("计划 代码", "计划代码"),
        ("ｃｏｍｐａｎｙ＿ｉｄ", "company_id"),
        (None, ""),
        (12345, "12345"),
    ],
)
def test_header_normalisation(raw: Any, expected: str) -> None:
    assert normalise_header(raw) == expected


def read(path: Path, sheet: str = "规模明细"):  # type: ignore[no-untyped-def]
    return WorkbookCache().sheet(path, sheet)


def test_variant_headers_reach_their_canonical_names(tmp_path: Path) -> None:
    rows = clean_rows("202411", n=3)
    header = rows[0]
    header[header.index("客户名称")] = "客户名称 "
    header[header.index("期末资产规模")] = "期末资产\n规模"
    header[header.index("流失(含待遇支付)")] = "流失（含待遇支付）"
    header[header.index("计划名称")] = "计划\u3000名称"
    header[header.index("计划代码")] = "计划号"
    raw = read(write_ap(tmp_path / "b.xlsx", rows))
    frame, warnings = canonical_frame(raw, DOMAIN)
    for name in ("客户名称", "期末资产规模", "流失(含待遇支付)", "计划名称", "计划代码", "机构名称"):
        assert name in frame.columns
    assert "计划号" not in frame.columns and "机构" not in frame.columns
    assert frame["计划代码"].tolist() == [r[3] for r in rows[1:]]
    assert not any("both" in w for w in warnings)


def test_canonical_and_alias_both_present_canonical_wins_with_warning(tmp_path: Path) -> None:
    rows = clean_rows("202411", n=3)
    rows[0].append("机构名称")
    for r in rows[1:]:
        r.append("北京")
    raw = read(write_ap(tmp_path / "b.xlsx", rows))
    frame, warnings = canonical_frame(raw, DOMAIN)
    assert frame["机构名称"].tolist() == ["北京"] * 3
    assert "机构" not in frame.columns
    assert any("机构名称" in w and "机构" in w.replace("机构名称", "") and "ignored" in w for w in warnings)


def test_missing_required_column_names_file_sheet_column_and_columns_found(tmp_path: Path) -> None:
    rows = [[c for j, c in enumerate(r) if j != 10] for r in clean_rows("202411", n=3)]
    assert "期末资产规模" not in rows[0]
    path = write_ap(tmp_path / "b.xlsx", rows)
    with pytest.raises(SourceError) as err:
        canonical_frame(read(path), DOMAIN)
    message = str(err.value)
    assert str(path) in message and "规模明细" in message
    assert "missing required column(s) 期末资产规模" in message
    assert "columns found: 月度, 业务类型, 计划类型" in message


def test_blank_and_repeated_header_rows_are_dropped_and_counted(tmp_path: Path) -> None:
    rows = clean_rows("202411", n=4)
    header = list(rows[0])
    width = len(header)
    sheet = [
        header,
        rows[1],
        [None] * width,  # Excel row 3: empty
        [" ", "\u3000", "\t"] + [None] * (width - 3),  # row 4: only whitespace
        rows[2],
        header,  # row 6: the header again
        [header[0], None, header[2]] + [None] * (width - 3),  # row 7: header cells and blanks
        rows[3],
        rows[4],
    ]
    raw = read(write_ap(tmp_path / "b.xlsx", sheet))
    assert raw.rows_blank == 2
    assert raw.rows_repeated_header == 2
    assert raw.frame[ROW_NUMBER].tolist() == [2, 5, 8, 9]
    assert raw.frame["计划代码"].tolist() == [r[3] for r in rows[1:5]]


def test_trailing_blank_rows_inside_the_used_range_are_counted(tmp_path: Path) -> None:
    rows = clean_rows("202411", n=2)
    width = len(rows[0])
    # A formatted but empty trailing row extends the used range (a space keeps it alive).
    raw = read(write_ap(tmp_path / "b.xlsx", [*rows, [None] * width, [" "] + [None] * (width - 1)]))
    assert len(raw.frame) == 2 and raw.rows_blank == 2


def test_cells_are_read_as_text(tmp_path: Path) -> None:
    rows = clean_rows("202411", n=3)
    h = rows[0]
    rows[1][h.index("计划代码")] = "00123"  # a text code with leading zeros
    rows[1][h.index("子企业号")] = 12345  # a number cell in a text column
    rows[2][h.index("子企业号")] = 12345.0
    rows[2][h.index("集团企业客户号")] = 987654321012
    rows[3][h.index("期末资产规模")] = 1234.5
    raw = read(write_ap(tmp_path / "b.xlsx", rows))
    f = raw.frame
    assert f.loc[0, "计划代码"] == "00123"
    assert f.loc[0, "子企业号"] == "12345"
    assert f.loc[1, "子企业号"] == "12345"
    assert f.loc[1, "集团企业客户号"] == "987654321012"
    assert f.loc[2, "期末资产规模"] == "1234.5"
    assert f.loc[0, "月度"] == "202411"


def test_blank_cells_are_missing_not_text(tmp_path: Path) -> None:
    rows = clean_rows("202411", n=2)
    h = rows[0]
    rows[1][h.index("子企业名称")] = "   "
    rows[1][h.index("子企业号")] = None
    raw = read(write_ap(tmp_path / "b.xlsx", rows))
    assert pd.isna(raw.frame.loc[0, "子企业名称"])
    assert pd.isna(raw.frame.loc[0, "子企业号"])


def test_missing_sheet_names_file_and_sheets_present(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "b.xlsx", {"收入明细": [["a"], [1]], "Sheet9": [["b"]]})
    with pytest.raises(SourceError) as err:
        read(path)
    message = str(err.value)
    assert str(path) in message
    assert "sheet 规模明细 not found" in message
    assert "sheets present: 收入明细, Sheet9" in message


def test_sheet_name_matched_after_nfkc_and_trim(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "b.xlsx", {" 规模明细 ": clean_rows("202411", n=2)})
    assert len(read(path).frame) == 2


@pytest.mark.parametrize("content", [b"\x00\x01garbage" * 200, "月度,业务类型\n202411,企年受托\n".encode()])
def test_unreadable_file_is_a_source_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "b.xlsx"
    path.write_bytes(content)
    with pytest.raises(SourceError) as err:
        read(path)
    assert str(err.value).startswith(f"{path}: not a readable Excel workbook")
    assert "\n" not in str(err.value)


def test_workbook_is_opened_once_for_several_sheets(tmp_path: Path) -> None:
    rows = clean_rows("202411", n=2)
    path = write_workbook(tmp_path / "b.xlsx", {"规模明细": rows, "收入明细": rows})
    cache = WorkbookCache()
    first = cache.sheet(path, "规模明细")
    cache.sheet(path, "收入明细")
    assert cache.sheet(path, "规模明细") is first
    (stats,) = cache.stats()
    assert stats.reads == 1
