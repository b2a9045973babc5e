"""Source formats by content (other-kinds.md §0, issue 17): .xlsx, real binary .xls, and
Excel's UTF-16 "Unicode text" export under an .xls or .csv name — read with the same header
normalisation, blank-row counting and row numbers as a workbook; anything else is one line
saying what the file is."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from work_data_hub.core.errors import SourceError
from work_data_hub.core.read.sniff import sniff
from work_data_hub.core.read.workbook import ROW_NUMBER, WorkbookCache
from work_data_hub.core.samples.text_writer import write_text_export
from work_data_hub.core.samples.writer import write_workbook

HEADER = ["缴费批次号", "企业名称", "缴费期间（起）", "企业应缴金额 ", "备注"]
ROWS = [
    HEADER,
    ["JF20241100007", "江苏恒通电力有限公司（已转出）", "2024/11/1", "12,580.40", 'say "hi"\tthere'],
    [None, None, None, None, None],
    ["JF20241100008", "湖北宏图物流有限公司", "2024/11/1", "3100.2", "two\r\nlines"],
]
EXPECTED_HEADERS = ["缴费批次号", "企业名称", "缴费期间(起)", "企业应缴金额", "备注"]


def _frame_rows(path: Path, sheet: str = "团养缴费") -> tuple[list[str], list[list[object]], int]:
    raw = WorkbookCache().sheet(path, sheet)
    rows = raw.frame.astype(object).where(raw.frame.notna(), None).values.tolist()
    return raw.headers, rows, raw.rows_blank


@pytest.mark.parametrize("name", ["24年11月团养缴费明细.xls", "团养缴费.csv", "no_extension"])
def test_a_text_export_reads_like_its_workbook(tmp_path: Path, name: str) -> None:
    export = write_text_export(tmp_path / name, ROWS)
    book = write_workbook(tmp_path / "same.xlsx", {"团养缴费": ROWS})
    assert export.read_bytes()[:2] == b"\xff\xfe"  # UTF-16 LE with its BOM
    assert sniff(export) == "text_export" and sniff(book) == "xlsx"

    headers, rows, blank = _frame_rows(export)
    assert headers == EXPECTED_HEADERS
    assert blank == 1  # the line of tabs
    assert rows == [
        [2, "JF20241100007", "江苏恒通电力有限公司（已转出）", "2024/11/1", "12,580.40", 'say "hi"\tthere'],
        [4, "JF20241100008", "湖北宏图物流有限公司", "2024/11/1", "3100.2", "two\r\nlines"],
    ]
    assert (headers, rows, blank) == _frame_rows(book)


def test_a_big_endian_export_and_a_crlf_less_last_line(tmp_path: Path) -> None:
    path = tmp_path / "be.xls"
    path.write_bytes(b"\xfe\xff" + "缴费批次号\t企业名称\r\nJF1\t甲公司".encode("utf-16-be"))
    headers, rows, blank = _frame_rows(path)
    assert headers == ["缴费批次号", "企业名称"] and rows == [[2, "JF1", "甲公司"]] and blank == 0


def test_the_export_stands_for_whichever_sheet_is_asked_for(tmp_path: Path) -> None:
    path = write_text_export(tmp_path / "x.xls", ROWS)
    cache = WorkbookCache()
    assert cache.has_sheet(path, "团养缴费") and cache.has_sheet(path, "任何表")
    assert cache.sheet(path, "任何表").sheet == "任何表"


def test_an_export_without_a_table_has_no_sheet(tmp_path: Path) -> None:
    path = write_text_export(tmp_path / "empty.xls", [])
    assert path.read_bytes() == b"\xff\xfe"
    with pytest.raises(SourceError) as err:
        WorkbookCache().sheet(path, "团养缴费")
    assert str(err.value) == f"{path}: sheet 团养缴费 not found (sheets present: a UTF-16 text export without a table)"


def test_a_record_wider_than_the_header_is_one_message(tmp_path: Path) -> None:
    path = tmp_path / "wide.xls"
    path.write_bytes(b"\xff\xfe" + "a\tb\r\n1\t2\r\n1\t2\t3\r\n".encode("utf-16-le"))
    with pytest.raises(SourceError) as err:
        WorkbookCache().sheet(path, "团养缴费")
    assert str(err.value) == f"{path}: text export record 3 has 3 cells, the header 2"


def test_a_real_binary_xls_is_read_by_calamine(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt")
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("团养缴费")
    for r, row in enumerate(ROWS[:2]):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    sheet.write(2, 0, "JF20241100009")
    sheet.write(2, 3, 15680.6)  # a number cell arrives as its shortest text
    path = tmp_path / "old.xls"
    book.save(str(path))
    assert sniff(path) == "xls"
    headers, rows, _ = _frame_rows(path)
    assert headers == EXPECTED_HEADERS
    assert rows[1] == [3, "JF20241100009", None, None, "15680.6", None]


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"", "empty file (0 bytes)"),
        (
            "缴费批次号,企业名称\nJF1,甲\n".encode(),
            "a CSV text file, not an Excel workbook: it is UTF-8 (or ASCII) text",
        ),
        ("\ufeff缴费批次号\t企业名称\r\n".encode(), "a CSV text file, not an Excel workbook: it is UTF-8 (or ASCII)"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "it is a PDF document"),
        (b'<html xmlns:o="urn:schemas-microsoft-com:office:office">', "it is an HTML/XML page"),
        (bytes(range(256)), "unknown binary content (starts with 00 01 02 03 04 05 06 07)"),
    ],
)
def test_a_file_of_another_kind_gets_one_line_saying_what_it_is(tmp_path: Path, content: bytes, what: str) -> None:
    path = tmp_path / "24年11月团养缴费明细.xls"
    path.write_bytes(content)
    with pytest.raises(SourceError) as err:
        WorkbookCache().sheet(path, "团养缴费")
    message = str(err.value)
    assert message.startswith(f"{path}: not a readable Excel workbook or UTF-16 text export: {what}")
    assert "\n" not in message


def test_a_broken_binary_xls_says_it_is_one(tmp_path: Path) -> None:
    path = tmp_path / "broken.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(SourceError) as err:
        WorkbookCache().sheet(path, "团养缴费")
    assert str(err.value) == (
        f"{path}: not a readable Excel workbook: old binary Excel file (.xls format) that cannot be read: "
        "save it as .xlsx (Excel Workbook)"
    )
    assert "\n" not in str(err.value)


def test_reader_speed_on_a_few_thousand_rows(tmp_path: Path) -> None:
    rows: list[list[object]] = [HEADER]
    rows += [[f"JF{i:011d}", f"公司{i}有限公司", "2024/11/1", f"{i * 1.5:,.2f}", None] for i in range(5000)]
    path = write_text_export(tmp_path / "big.xls", rows)
    start = time.perf_counter()
    raw = WorkbookCache().sheet(path, "团养缴费")
    seconds = time.perf_counter() - start
    assert len(raw.frame) == 5000 and raw.frame[ROW_NUMBER].iloc[-1] == 5001
    assert seconds < 2.0, seconds


def test_only_an_empty_cell_is_missing(tmp_path: Path) -> None:
    path = write_text_export(tmp_path / "na.xls", [["缴费批次号", "备注"], ["NA", "null"], ["N/A", " "]])
    _, rows, _ = _frame_rows(path)
    assert rows == [[2, "NA", "null"], [3, "N/A", None]]  # placeholders are the cell rules' business


def test_the_examples_hold_a_text_export() -> None:
    repo = Path(__file__).resolve().parents[3]
    path = repo / "examples/data/202411/收集数据/业务收集/团养/24年11月团养缴费明细.xls"
    assert sniff(path) == "text_export"
    raw = WorkbookCache().sheet(path, "团养缴费")
    assert (len(raw.frame), raw.rows_blank) == (6, 1)


def test_prefetch_leaves_text_exports_and_unknown_files_to_the_run(tmp_path: Path) -> None:
    from work_data_hub.core.read import prefetch

    export = write_text_export(tmp_path / "x.xls", ROWS)
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"")
    book = write_workbook(tmp_path / "b.xlsx", {"团养缴费": ROWS})
    for path in (export, junk, book):
        prefetch.start(path, ["团养缴费"])
    assert prefetch.take(export, "团养缴费") is None and prefetch.take(junk, "团养缴费") is None
    grid = prefetch.take(book, "团养缴费")  # a workbook is parsed in the background as before
    assert grid is not None and grid.shape == (4, 5)
