"""Cells whose value the workbook does not hold: Excel error values (``#DIV/0!``, ``#N/A``
…) and formulas saved without a calculated value. The reader shows both as empty, and an
empty amount is a NULL that looks like real data, so they are found in the sheet's XML and
reported per cell.

Only sheets whose XML holds a formula or an error are searched cell by cell; the regular
expressions run in C over the raw bytes, so a sheet without formulas costs one substring
search."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"

# A cell's opening tag (not self-closing) and its content up to </c>.
_ATTRS = rb"((?:[^>/]|/(?!>))*)"
_ERROR_CELL = re.compile(rb'<c r="([A-Z]+)([0-9]+)"' + _ATTRS + rb">(?:(?!</c>).)*?<v>([^<]*)</v>", re.S)
_FORMULA_ONLY = re.compile(
    rb'<c r="([A-Z]+)([0-9]+)"' + _ATTRS + rb"><f(?:[^>/]|/(?!>))*(?:/>|>[^<]*</f>)(?:<v>\s*</v>|<v\s*/>)?</c>"
)
_TYPE = re.compile(rb'\bt="([a-z]+)"')


@dataclass(frozen=True)
class UnreadableCell:
    column: int  # 0-based absolute column (A = 0)
    row: int  # Excel row number
    ref: str  # e.g. K12
    reason: str


def column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_member(book: zipfile.ZipFile, sheet: str) -> str | None:
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    rel_id = next((s.get(f"{_NS_REL}id") for s in workbook.iter(f"{_NS_MAIN}sheet") if s.get("name") == sheet), None)
    if rel_id is None:
        return None
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iter(f"{_NS_PKG_REL}Relationship") if r.get("Id") == rel_id), None)
    if not target:
        return None
    if target.startswith("/"):
        return target.lstrip("/")
    return str(PurePosixPath("xl") / target)


def find(path: Path, sheet: str) -> list[UnreadableCell]:
    """The error and formula-without-value cells of ``sheet``; empty when the workbook's
    parts cannot be located (the reader has already read the sheet, so nothing is lost
    but this extra check)."""
    try:
        with zipfile.ZipFile(path) as book:
            member = _sheet_member(book, sheet)
            if member is None:
                return []
            data = book.read(member)
    except (OSError, KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return []
    if b"<f" not in data and b't="e"' not in data:
        return []
    found: dict[tuple[int, int], UnreadableCell] = {}
    if b't="e"' in data:
        for m in _ERROR_CELL.finditer(data):
            kind = _TYPE.search(m.group(3))
            if kind and kind.group(1) == b"e":
                cell = _cell(m, f"Excel error {m.group(4).decode('utf-8', 'replace').strip()}")
                found[(cell.row, cell.column)] = cell
    for m in _FORMULA_ONLY.finditer(data):
        kind = _TYPE.search(m.group(3))
        if kind and kind.group(1) in (b"str", b"s", b"inlineStr", b"e"):
            continue  # an empty text result is a saved value; errors are reported above
        cell = _cell(m, "formula without a saved value")
        found[(cell.row, cell.column)] = cell
    return sorted(found.values(), key=lambda c: (c.row, c.column))


def _cell(m: re.Match[bytes], reason: str) -> UnreadableCell:
    letters, row = m.group(1).decode(), int(m.group(2))
    return UnreadableCell(column_index(letters), row, f"{letters}{row}", reason)
