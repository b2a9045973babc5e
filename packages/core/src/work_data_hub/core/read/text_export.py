"""Excel's "Unicode text" export, the format the legacy system's "xls" downloads really
are: UTF-16 with a BOM, one table, cells separated by tabs, records by CRLF, a cell with a
tab, line break or quote enclosed in double quotes (other-kinds.md §0).

The result is the same grid a workbook sheet gives (every cell text, NA for an empty one,
one row per record), so the header normalisation, blank-row counting and row numbers of
``workbook`` apply unchanged: the header is record 1, as it is Excel row 1."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from work_data_hub.core.errors import SourceError

_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def read_text_export(path: Path) -> pd.DataFrame:
    """The export's records as a text grid (no header row taken out)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-16")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: UTF-16 text export with invalid bytes at offset {exc.start}") from None
    if not text.strip():
        return pd.DataFrame()
    try:
        grid = pd.read_csv(
            io.StringIO(text, newline=""),
            sep="\t",
            header=None,
            dtype=str,
            # Only an empty cell is missing: "NA", "null" … stay text for the cell rules.
            keep_default_na=False,
            na_values=[""],
            skip_blank_lines=False,
            quoting=csv.QUOTE_MINIMAL,
            engine="c",
        )
    except pd.errors.ParserError as exc:
        found = _FIELDS.search(str(exc))
        if found:
            expected, line, saw = found.groups()
            raise SourceError(f"{path}: text export record {line} has {saw} cells, the header {expected}") from None
        raise SourceError(f"{path}: text export cannot be read ({' '.join(str(exc).split())})") from None
    return grid
