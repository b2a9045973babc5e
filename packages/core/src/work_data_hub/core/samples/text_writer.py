"""Writing a sheet as Excel's "Unicode text" export — what the legacy system's "xls"
downloads really are: UTF-16 LE with a BOM, tab-separated, CRLF, every cell as the text
Excel displays (dates ``2024/11/12``, numbers in their shortest form), every record as
wide as the used range (a blank row is a line of tabs)."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Sequence
from pathlib import Path
from typing import Any

_BOM = b"\xff\xfe"
_NEEDS_QUOTES = ("\t", "\n", "\r", '"')


def write_text_export(path: Path, rows: Sequence[Sequence[Any]]) -> Path:
    """Write ``rows`` (the first being the header) to ``path``; parent folders are
    created. An empty ``rows`` gives an export holding only the BOM (no table)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    width = max((len(r) for r in rows), default=0)
    lines = []
    for row in rows:
        cells = [_cell(v) for v in row]
        cells += [""] * (width - len(cells))
        lines.append("\t".join(cells) + "\r\n")
    path.write_bytes(_BOM + "".join(lines).encode("utf-16-le"))
    return path


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, dt.datetime):
        shown = f"{v.year}/{v.month}/{v.day}"
        return shown if (v.hour, v.minute, v.second) == (0, 0, 0) else f"{shown} {v.hour}:{v.minute:02d}"
    if isinstance(v, dt.date):
        return f"{v.year}/{v.month}/{v.day}"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, int | decimal.Decimal):
        return str(v)
    text = str(v)
    if any(c in text for c in _NEEDS_QUOTES):
        return '"' + text.replace('"', '""') + '"'
    return text
