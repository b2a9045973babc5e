"""What a source file is, from its first bytes, never from its name: operators save the
legacy system's "xls" exports as UTF-16 text under an ``.xls`` or ``.csv`` name, and a
workbook renamed by hand keeps its zip or OLE content (other-kinds.md §0).

:func:`sniff` is the one place that decides; a file that is none of the readable kinds
gets one line saying what it looks like instead."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from work_data_hub.core.errors import SourceError

# "xlsx" (a zip) and "xls" (an OLE compound file, Excel 97-2003) are read by calamine;
# "text_export" is Excel's "Unicode text" save, UTF-16 with a BOM, tab-separated.
SourceKind = Literal["xlsx", "xls", "text_export"]

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_HEAD = 512


def sniff(path: Path) -> SourceKind:
    """The kind of ``path``, or a :class:`SourceError` naming what the file is instead."""
    if not path.is_file():
        raise SourceError(f"{path}: file not found")
    with path.open("rb") as fh:
        head = fh.read(_HEAD)
    if head.startswith(_ZIP):
        return "xlsx"
    if head.startswith(_OLE):
        return "xls"
    if head.startswith(_UTF16_BOMS):
        return "text_export"
    raise SourceError(f"{path}: not a readable Excel workbook or UTF-16 text export: {_describe(head)}")


def _describe(head: bytes) -> str:
    """A reader's guess at the content, for the one-line message."""
    if not head:
        return "empty file (0 bytes)"
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith(b"%pdf"):
        return "it is a PDF document"
    if lowered.startswith((b"<html", b"<!doctype html", b"<?xml", b"<table", b"mime-version")):
        return "it is an HTML/XML page (Excel's 'web page' save); save it as .xlsx or as Unicode text"
    if head.startswith(b"\xef\xbb\xbf") or _is_utf8(head):
        text = head.decode("utf-8", errors="ignore")
        kind = "CSV" if ("," in text or "\t" in text) else "plain"
        return (
            f"a {kind} text file, not an Excel workbook: it is UTF-8 (or ASCII) text, not UTF-16; "
            "save it as .xlsx or as Excel 'Unicode text'"
        )
    return f"unknown binary content (starts with {head[:8].hex(' ')})"


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        return exc.start >= len(head) - 3
    return True


def reader_failure(path: Path, kind: SourceKind) -> str | None:
    """Why the reader refused a file of ``kind``, in an operator's words; None for a
    damaged zip workbook (the reader's own words are then the best)."""
    if kind != "xls":
        return None
    with path.open("rb") as fh:
        head = fh.read(1 << 16)
    # Office wraps an encrypted .xlsx in the same compound-file envelope as an old .xls.
    if "EncryptedPackage".encode("utf-16-le") in head or b"EncryptedPackage" in head:
        return "encrypted (password-protected) workbook: save it without a password as .xlsx"
    return "old binary Excel file (.xls format) that cannot be read: save it as .xlsx (Excel Workbook)"


# What a reader failure on each kind says the file was.
DESCRIPTION: dict[SourceKind, str] = {
    "xlsx": "Excel workbook",
    "xls": "Excel workbook (a binary Excel 97-2003 .xls file)",
    "text_export": "UTF-16 text export",
}
