"""Low-level workbook writer: native Python cells → a real ``.xlsx`` via xlsxwriter."""

from __future__ import annotations

import datetime as dt
import decimal
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

# Sheets with more data rows than this are written in xlsxwriter's ``constant_memory`` mode
# (rows streamed to disk, strings inline). Smaller workbooks keep the shared-string table,
# which makes them noticeably smaller on disk (the committed example data).
CONSTANT_MEMORY_ROWS = 5_000

# A fixed document timestamp: together with xlsxwriter's fixed zip-member timestamps it makes
# the same cells produce the same bytes.
_CREATED = dt.datetime(2024, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Formula:
    """A formula cell. ``saved`` is the value Excel saved with it: ``None`` for none at all
    (a workbook saved before it was calculated), or an Excel error such as ``"#DIV/0!"``."""

    formula: str
    saved: str | float | None = None


def write_workbook(
    path: Path,
    sheets: Mapping[str, Sequence[Sequence[Any]]],
    *,
    header_format: Mapping[str, Any] | None = None,
    constant_memory: bool | None = None,
) -> Path:
    """Write ``sheets`` (name → rows, the first row being the header) to ``path``.

    Cells are native Python values: ``str`` is written as text (never as a formula or a
    number, so ``'202411'`` and ``'=A1'`` stay text), ``int``/``float``/``Decimal`` as numbers,
    ``bool`` as a boolean, ``datetime``/``date`` as real date cells (``yyyy-mm-dd``, with the
    time when it is not midnight), ``None`` as an empty cell. Rows may have any length; an
    empty row (``[]`` or all ``None``) is left empty in the sheet.

    ``header_format`` is an optional xlsxwriter format dict for the first row (e.g.
    ``{"bold": True}``). ``constant_memory`` defaults to on when a sheet exceeds
    :data:`CONSTANT_MEMORY_ROWS` rows. Parent folders are created. The output is byte-for-byte
    reproducible for the same input.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if constant_memory is None:
        constant_memory = any(len(rows) > CONSTANT_MEMORY_ROWS for rows in sheets.values())
    wb = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": bool(constant_memory),
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "nan_inf_to_errors": True,
        },
    )
    try:
        wb.set_properties({"created": _CREATED})
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        datetime_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        head_fmt = wb.add_format(dict(header_format)) if header_format else None
        for name, rows in sheets.items():
            ws = wb.add_worksheet(name)
            width = max((len(r) for r in rows), default=0)
            if width:
                ws.set_column(0, width - 1, 14)
            _write_rows(ws, rows, head_fmt, date_fmt, datetime_fmt)
    finally:
        wb.close()
    return path


def _write_rows(ws: Any, rows: Sequence[Sequence[Any]], head_fmt: Any, date_fmt: Any, datetime_fmt: Any) -> None:
    w_str = ws.write_string
    w_num = ws.write_number
    for r, row in enumerate(rows):
        fmt = head_fmt if r == 0 else None
        for c, v in enumerate(row):
            if v is None:
                continue
            t = type(v)
            if t is str:
                if fmt is None:
                    w_str(r, c, v)
                else:
                    w_str(r, c, v, fmt)
            elif t is float or t is int:
                if fmt is None:
                    w_num(r, c, v)
                else:
                    w_num(r, c, v, fmt)
            else:
                _write_other(ws, r, c, v, fmt, date_fmt, datetime_fmt)


def _write_other(ws: Any, r: int, c: int, v: Any, fmt: Any, date_fmt: Any, datetime_fmt: Any) -> None:
    if isinstance(v, Formula):
        # xlsxwriter writes t="e" for an error value and an empty <v> for "".
        ws.write_formula(r, c, v.formula, fmt, "" if v.saved is None else v.saved)
    elif isinstance(v, bool):
        ws.write_boolean(r, c, v, fmt)
    elif isinstance(v, dt.datetime):
        has_time = (v.hour, v.minute, v.second, v.microsecond) != (0, 0, 0, 0)
        ws.write_datetime(r, c, v.replace(tzinfo=None), datetime_fmt if has_time else date_fmt)
    elif isinstance(v, dt.date):
        ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
    elif isinstance(v, numbers.Real | decimal.Decimal):
        ws.write_number(r, c, float(v), fmt)
    else:
        ws.write_string(r, c, str(v), fmt)
