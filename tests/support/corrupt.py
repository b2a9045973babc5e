"""Corrupted and odd workbooks, made from the generator's real workbooks, for the fuzz tests.
Each maker writes ``path`` (a file, or a directory where noted) holding ``period``'s rows."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import xlsxwriter

from support.workbooks import AP_SHEET, clean_rows, write_ap
from work_data_hub.core.samples.writer import write_workbook

Maker = Callable[[Path, str], None]


def _good_bytes(path: Path, period: str) -> bytes:
    write_ap(path, clean_rows(period, 30, seed=7))
    return path.read_bytes()


def truncated(fraction: float) -> Maker:
    def make(path: Path, period: str) -> None:
        data = _good_bytes(path, period)
        path.write_bytes(data[: int(len(data) * fraction)])

    return make


def junk_zip(path: Path, period: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("readme.txt", "not a workbook")
        z.writestr("xl/blob.bin", bytes(range(256)))
    path.write_bytes(buffer.getvalue())


def renamed_docx(path: Path, period: str) -> None:
    """A minimal Word document saved under an .xlsx name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            '2006/main"><w:body><w:p><w:r><w:t>规模明细</w:t></w:r></w:p></w:body></w:document>',
        )
    path.write_bytes(buffer.getvalue())


def rewritten_member(member: str, change: Callable[[bytes], bytes | None]) -> Maker:
    """A real workbook with one zip member changed (``None`` removes it)."""

    def make(path: Path, period: str) -> None:
        source = io.BytesIO(_good_bytes(path, period))
        out = io.BytesIO()
        with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename == member:
                    changed = change(data)
                    if changed is None:
                        continue
                    data = changed
                zout.writestr(info, data)
        path.write_bytes(out.getvalue())

    return make


def header_only(path: Path, period: str) -> None:
    write_ap(path, clean_rows(period, 1)[:1])


def empty_sheet(path: Path, period: str) -> None:
    write_workbook(path, {AP_SHEET: []})


def _write_cells(ws: Any, rows: list[list[Any]], first_row: int) -> None:
    for i, row in enumerate(rows, start=first_row):
        for j, value in enumerate(row):
            if value is not None:
                ws.write(i, j, value if isinstance(value, int | float | str) else str(value))


def merged_header(first: int, last: int) -> Maker:
    """Header cells ``first..last`` (0-based, inclusive; negative from the end) merged into
    one that keeps the first name: the others are lost."""

    def make(path: Path, period: str) -> None:
        rows = clean_rows(period, 30, seed=7)
        header = rows[0]
        lo, hi = first % len(header), last % len(header)
        wb = xlsxwriter.Workbook(str(path))
        ws = wb.add_worksheet(AP_SHEET)
        ws.merge_range(0, lo, 0, hi, str(header[lo]))
        for j, name in enumerate(header):
            if not lo <= j <= hi:
                ws.write_string(0, j, str(name))
        _write_cells(ws, rows[1:], 1)
        wb.close()

    return make


def merged_title_rows(path: Path, period: str) -> None:
    """A two-row merged title across the whole header."""
    rows = clean_rows(period, 30, seed=7)
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet(AP_SHEET)
    ws.merge_range(0, 0, 1, len(rows[0]) - 1, "2024年11月规模明细")
    _write_cells(ws, rows, 2)
    wb.close()


def wide(extra_known: bool) -> Maker:
    """200 more columns beside the real ones, or 200 columns with none of the real ones."""

    def make(path: Path, period: str) -> None:
        rows = clean_rows(period, 30, seed=7)
        if extra_known:
            table = [rows[0] + [f"附加{i}" for i in range(200)]] + [r + list(range(200)) for r in rows[1:]]
        else:
            table = [[f"列{i}" for i in range(200)]] + [list(range(200)) for _ in range(30)]
        write_workbook(path, {AP_SHEET: table})

    return make


def random_bytes(path: Path, period: str) -> None:
    path.write_bytes(random.Random(11).randbytes(6000))


def zip_magic_then_junk(path: Path, period: str) -> None:
    path.write_bytes(b"PK\x03\x04" + random.Random(12).randbytes(3000))


def empty_file(path: Path, period: str) -> None:
    path.write_bytes(b"")


def directory(path: Path, period: str) -> None:
    path.mkdir(parents=True)
    (path / "inside.txt").write_text("a folder named like a workbook")
