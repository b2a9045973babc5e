"""Reading sheets with fastexcel, every cell as text; a UTF-16 text export (``sniff``)
is read as a workbook of one sheet that stands for whichever sheet a domain asks for.

Reading every column as text keeps each cell's own value: codes such as ``00123`` are not
re-inferred as numbers, one blank cell cannot change how a column is typed, and number
cells arrive as their shortest text (``12345.0`` → ``12345``) so the cleaning rules parse
cell by cell.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from work_data_hub.core.errors import SourceError
from work_data_hub.core.read import prefetch, unreadable_cells
from work_data_hub.core.read.cells import stripped
from work_data_hub.core.read.headers import normalise_header, normalise_sheet_name
from work_data_hub.core.read.sniff import DESCRIPTION, SourceKind, reader_failure, sniff
from work_data_hub.core.read.text_export import read_text_export

ROW_NUMBER = "__row__"
# A configured sheet name meaning "the workbook's first sheet, whatever its name".
FIRST_SHEET = "#1"


@dataclass
class RawSheet:
    """One sheet: ``frame`` has normalised header names as columns (all text, NA for
    empty cells) and the Excel row number of each data row in ``ROW_NUMBER``."""

    file: Path
    sheet: str
    frame: pd.DataFrame
    headers: list[str]
    rows_blank: int
    rows_repeated_header: int
    duplicate_headers: list[str] = field(default_factory=list)
    # Cells the reader shows as empty that hold no value: Excel errors, formulas without
    # a saved value (row_number, header, ref, reason).
    unreadable: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["row_number", "header", "ref", "reason"])
    )


@dataclass
class _Workbook:
    path: Path
    reader: object
    sheet_names: list[str]
    reads: int = 1
    seconds: float = 0.0
    sheets: dict[str, RawSheet] = field(default_factory=dict)
    kind: SourceKind = "xlsx"
    text_grid: pd.DataFrame | None = None  # a text export's one table


@dataclass(frozen=True)
class WorkbookStats:
    file: Path
    reads: int
    seconds: float


class WorkbookCache:
    """Opens each workbook once per batch and parses each sheet once, so domains sharing a
    workbook (规模明细 and 收入明细) pay for one read."""

    def __init__(self) -> None:
        self._books: dict[Path, _Workbook] = {}
        self._hashes: dict[Path, str] = {}

    def _open(self, path: Path) -> _Workbook:
        key = path.resolve()
        book = self._books.get(key)
        if book is not None:
            return book
        start = time.perf_counter()
        kind = sniff(path)
        if kind == "text_export":
            grid = read_text_export(path)
            book = _Workbook(path, None, [], seconds=time.perf_counter() - start, kind="text_export", text_grid=grid)
            self._books[key] = book
            return book
        import fastexcel

        try:
            reader = fastexcel.read_excel(str(path))
            names = list(reader.sheet_names)
        except Exception as exc:  # fastexcel raises several error types for bad files
            what = reader_failure(path, kind)
            if what is None:
                raise SourceError(f"{path}: not a readable {DESCRIPTION[kind]} ({_one_line(exc)})") from None
            raise SourceError(f"{path}: not a readable Excel workbook: {what}") from None
        book = _Workbook(path, reader, names, seconds=time.perf_counter() - start, kind=kind)
        self._books[key] = book
        return book

    def sha256(self, path: Path) -> str:
        key = path.resolve()
        if key not in self._hashes:
            digest = hashlib.sha256()
            with path.open("rb") as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(chunk)
            self._hashes[key] = digest.hexdigest()
        return self._hashes[key]

    def has_sheet(self, path: Path, sheet: str) -> bool:
        return self._actual_name(self._open(path), sheet) is not None

    @staticmethod
    def _actual_name(book: _Workbook, sheet: str) -> str | None:
        if book.kind == "text_export":
            # Its one table is the sheet asked for; an export without a header has none.
            return None if book.text_grid is None or book.text_grid.empty else sheet
        if sheet == FIRST_SHEET:
            return book.sheet_names[0] if book.sheet_names else None
        wanted = normalise_sheet_name(sheet)
        return next((n for n in book.sheet_names if normalise_sheet_name(n) == wanted), None)

    def sheet(self, path: Path, sheet: str) -> RawSheet:
        book = self._open(path)
        actual = self._actual_name(book, sheet)
        if actual is None:
            present = ", ".join(book.sheet_names) or "none"
            if book.kind == "text_export":
                present = "a UTF-16 text export without a table"
            raise SourceError(f"{path}: sheet {sheet} not found (sheets present: {present})")
        if actual not in book.sheets:
            start = time.perf_counter()
            reader: Any = book.reader
            if sheet == FIRST_SHEET and reader.load_sheet(actual, header_row=None, n_rows=1).height == 0:
                # A workbook without sheets still has an empty one: no first sheet to read.
                raise SourceError(f"{path}: sheet {sheet} not found (the first sheet, {actual}, is empty)")
            book.sheets[actual] = _load_sheet(book, actual)
            book.seconds += time.perf_counter() - start
        return book.sheets[actual]

    def stats(self) -> list[WorkbookStats]:
        return [WorkbookStats(b.path, b.reads, b.seconds) for b in self._books.values()]


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _load_sheet(book: _Workbook, name: str) -> RawSheet:
    if book.text_grid is not None:
        return _raw_sheet(book.path, name, book.text_grid.copy(), cells=False)
    try:
        grid = prefetch.take(book.path, name)
        if grid is None:
            # skip_rows=0 keeps blank rows above the header: the reader would otherwise start
            # at the first filled row and every row number would be off by their count.
            loaded = book.reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")  # type: ignore[attr-defined]
            grid = prefetch.with_first_column(loaded)
    except Exception as exc:
        raise SourceError(f"{book.path}: sheet {name} cannot be read ({_one_line(exc)})") from None
    return _raw_sheet(book.path, name, grid, cells=True)


def _raw_sheet(path: Path, name: str, grid: pd.DataFrame, *, cells: bool) -> RawSheet:
    """``cells``: look for error values and value-less formulas in the workbook's XML (a
    text export has neither)."""
    first_column = int(grid.attrs.get("first_column", 0))
    grid = grid.astype("str")
    grid.columns = pd.RangeIndex(grid.shape[1])
    stripped_grid = stripped(grid)
    blank_grid = stripped_grid.isna() | (stripped_grid == "")
    filled = (~blank_grid).any(axis=1).to_numpy(dtype=bool)
    if grid.empty or not filled.any():
        raise SourceError(f"{path}: sheet {name} is empty (no header row)")
    # The header is the first filled row; grid row i is Excel row i + 1.
    top = int(filled.argmax())
    raw_headers = grid.iloc[top].tolist()
    rows = pd.RangeIndex(top + 2, len(grid) + 1)  # Excel row numbers of the body
    body = grid.iloc[top + 1 :].set_axis(rows)

    headers = [normalise_header(None if pd.isna(h) else h) for h in raw_headers]
    body_stripped = stripped_grid.iloc[top + 1 :].set_axis(rows)
    blank = blank_grid.iloc[top + 1 :].set_axis(rows)
    fully_blank = blank.all(axis=1)

    keep_cols: list[int] = []
    names: list[str] = []
    duplicates: list[str] = []
    for i, header in enumerate(headers):
        if not header:
            if blank[i].all():
                continue
            header = f"Unnamed:{_column_letter(i)}"
        if header in names:
            duplicates.append(header)
            continue
        keep_cols.append(i)
        names.append(header)

    if ROW_NUMBER in names:
        column = _column_letter(keep_cols[names.index(ROW_NUMBER)])
        raise SourceError(
            f"{path}: sheet {name}: header {ROW_NUMBER} in column {column} is a name the platform uses "
            "internally: rename the column"
        )
    repeated = _repeated_header_rows(body_stripped, blank, fully_blank, headers)

    frame = body.loc[~fully_blank & ~repeated, keep_cols]
    frame.columns = names
    frame = frame.mask(blank.loc[frame.index, keep_cols].to_numpy())
    frame.insert(0, ROW_NUMBER, frame.index.to_numpy())
    frame = frame.reset_index(drop=True)
    unreadable = (
        _unreadable(path, name, first_column, keep_cols, names, frame[ROW_NUMBER]) if cells else _NO_CELLS.copy()
    )
    return RawSheet(
        file=path,
        sheet=name,
        frame=frame,
        headers=names,
        rows_blank=int(fully_blank.sum()),
        rows_repeated_header=int(repeated.sum()),
        duplicate_headers=duplicates,
        unreadable=unreadable,
    )


_NO_CELLS = pd.DataFrame(columns=["row_number", "header", "ref", "reason"])


def _unreadable(
    path: Path, sheet: str, first_column: int, keep_cols: list[int], names: list[str], rows: pd.Series
) -> pd.DataFrame:
    """Error values and formulas without a saved value in the kept cells of data rows:
    one row per cell with its row number, header, reference and reason."""
    position = {col: names[i] for i, col in enumerate(keep_cols)}
    data_rows = set(rows.tolist())
    found = [
        (c.row, position[c.column - first_column], c.ref, c.reason)
        for c in unreadable_cells.find(path, sheet)
        if c.column - first_column in position and c.row in data_rows
    ]
    return pd.DataFrame(found, columns=["row_number", "header", "ref", "reason"])


def _repeated_header_rows(
    stripped: pd.DataFrame, blank: pd.DataFrame, fully_blank: pd.Series, headers: list[str]
) -> pd.Series:
    """Rows, not fully blank, whose every cell is blank or reads as its column's header
    (NFKC, whitespace removed). Normalising runs per value in Python, so it sees each
    distinct value once, and columns are checked most-filled first on the rows still in
    question: a data row drops out at its first filled cell."""
    candidate = ~fully_blank
    for i in blank.sum().sort_values(kind="stable").index:
        if not candidate.any():
            break
        check = candidate & ~blank[i]
        if check.any():
            cells = stripped.loc[check, i]
            distinct = pd.Series(cells.unique(), dtype=cells.dtype)
            normalised = distinct.str.normalize("NFKC").str.replace(r"\s+", "", regex=True)
            candidate[check] = cells.isin(distinct[normalised.eq(headers[i]).to_numpy(dtype=bool)]).to_numpy()
    return candidate


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters
