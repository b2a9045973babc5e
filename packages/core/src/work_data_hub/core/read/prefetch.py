"""Reading the period's sheets on a second core while the rest of the program starts.

A run spends most of a second importing the database, validation and enrichment code
before it reaches the first workbook; fastexcel parses without holding the GIL, so the
sheets can be parsed in that time. Only the raw parse is done here: any failure is left
for the normal read to report, with its usual message."""

from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING

from work_data_hub.core.errors import SourceError
from work_data_hub.core.read.headers import normalise_sheet_name
from work_data_hub.core.read.sniff import sniff

if TYPE_CHECKING:  # pandas is imported by the reading thread, not by the caller
    import pandas as pd

_lock = threading.Lock()
_pending: dict[tuple[Path, str], Future[pd.DataFrame]] = {}


def _parse(path: Path, sheets: list[str], futures: list[Future[pd.DataFrame]]) -> None:
    try:
        import fastexcel

        reader = fastexcel.read_excel(str(path))
        actual = {normalise_sheet_name(n): n for n in reader.sheet_names}
        for sheet, future in zip(sheets, futures, strict=True):
            try:
                loaded = reader.load_sheet(actual[sheet], header_row=None, skip_rows=0, dtypes="string")
                future.set_result(with_first_column(loaded))
            except Exception as exc:  # reported by the normal read, not here
                future.set_exception(exc)
    except Exception as exc:
        for future in futures:
            if not future.done():
                future.set_exception(exc)


def with_first_column(loaded: object) -> pd.DataFrame:
    """The sheet as a frame, with the absolute index of its first column in
    ``attrs["first_column"]`` (the reader starts at the first used column)."""
    grid: pd.DataFrame = loaded.to_pandas()  # type: ignore[attr-defined]
    columns = loaded.selected_columns  # type: ignore[attr-defined]
    grid.attrs["first_column"] = int(columns[0].absolute_index) if columns else 0
    return grid


def start(path: Path, sheets: list[str]) -> None:
    """Parse ``sheets`` (configured names) of ``path`` in the background. Only workbooks:
    a text export is read whole when the run reaches it, and a file of no readable kind is
    left for the run to report."""
    try:
        if sniff(path) == "text_export":
            return
    except SourceError:
        return
    key_path = path.resolve()
    with _lock:
        names = [normalise_sheet_name(s) for s in dict.fromkeys(sheets)]
        wanted = [s for s in names if (key_path, s) not in _pending]
        futures: list[Future[pd.DataFrame]] = [Future() for _ in wanted]
        for sheet, future in zip(wanted, futures, strict=True):
            _pending[(key_path, sheet)] = future
    if wanted:
        threading.Thread(target=_parse, args=(key_path, wanted, futures), daemon=True).start()


def take(path: Path, sheet: str) -> pd.DataFrame | None:
    """The parsed grid if it was prefetched and parsed cleanly; None otherwise."""
    with _lock:
        future = _pending.pop((path.resolve(), normalise_sheet_name(sheet)), None)
    if future is None:
        return None
    try:
        return future.result()
    except Exception:
        return None
