"""Small annuity workbooks placed where discovery looks, for the platform's tests."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from support.samples import annuity_rows, write_workbook

AP_SHEET = "规模明细"
AP_DOMAIN = "annuity_performance"


def collect_folder(data_root: Path, period: str) -> Path:
    """The folder config/data_sources.yml names for annuity_performance."""
    return data_root / period / "收集数据" / "数据采集"


def workbook_name(period: str, tag: str = "0109") -> str:
    year, month = int(period[:4]), int(period[4:])
    return f"【for年金分战区经营分析】{year % 100:02d}年{month}月年金规模收入数据{tag}采集.xlsx"


def clean_rows(period: str, n: int = 20, seed: int = 1) -> list[list[Any]]:
    """Header plus ``n`` clean 规模明细 rows (nothing rejected, nothing blank)."""
    return [list(r) for r in annuity_rows(period, n, seed=seed, dirty=False)]


def set_cell(rows: list[list[Any]], excel_row: int, column: str, value: Any) -> list[list[Any]]:
    """Return a copy of ``rows`` with one cell replaced (Excel numbering: header is row 1)."""
    out = [list(r) for r in rows]
    out[excel_row - 1][out[0].index(column)] = value
    return out


def drop_column(rows: Sequence[Sequence[Any]], column: str) -> list[list[Any]]:
    i = list(rows[0]).index(column)
    return [[c for j, c in enumerate(r) if j != i] for r in rows]


def write_ap(path: Path, rows: Sequence[Sequence[Any]], extra_sheets: dict[str, list[list[Any]]] | None = None) -> Path:
    return write_workbook(path, {AP_SHEET: [list(r) for r in rows], **(extra_sheets or {})})


def place(
    data_root: Path,
    period: str,
    source: Path | Sequence[Sequence[Any]],
    *,
    version: str | None = "V1",
    name: str | None = None,
) -> Path:
    """Put a workbook (a file to copy, or 规模明细 rows to write) into the period's folder."""
    folder = collect_folder(data_root, period)
    if version:
        folder = folder / version
    target = folder / (name or workbook_name(period))
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(source, Path):
        shutil.copyfile(source, target)
    else:
        write_ap(target, source)
    return target
