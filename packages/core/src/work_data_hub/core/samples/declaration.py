"""What a domain's ``sample.py`` declares: the workbook its sheets belong to and the
generator of its own sheet rows (clean and dirty, with its traps). The shared machinery
(``layout``) only lays out period folders and writes the workbooks; it never names a domain."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.model import GeneratedSheet

Rows = list[list[Any]]
# The copies of a workbook a month's layout writes: the one discovery must choose, an
# earlier superseded delivery, an old one marked 已写入, and a supplement.
Role = Literal["chosen", "superseded", "written", "supplement"]


@dataclass(frozen=True)
class SampleRequest:
    period: str  # YYYYMM
    rows: int  # data rows per sheet
    seed: int
    dirty: bool  # every dirty kind of the domain's spec, header variants, blank rows

    @property
    def year(self) -> int:
        return vocab.parse_period(self.period)[0]

    @property
    def month(self) -> int:
        return vocab.parse_period(self.period)[1]


@dataclass(frozen=True)
class SampleWorkbook:
    """A workbook one or more domains fill. Domains sharing a workbook name the same
    object (``key`` identifies it)."""

    key: str
    folder: str  # below {YYYYMM}/收集数据/
    file_name: Callable[[str, Role], str]  # (period, role) → file name
    # Versioned: V1 superseded, V2 chosen (+ lock file, a copy marked 已写入), V3 with a
    # supplement, a reply and a mail, and an 已写入/ folder; otherwise the file sits in its
    # folder next to a lock file and an unrelated workbook.
    versioned: bool = False
    decoy_sheets: Callable[[str, int], Mapping[str, Rows]] | None = None  # (period, seed) → sheets no domain reads
    unrelated_file: Callable[[str], str] | None = None  # (period) → a workbook no pattern matches
    supplement_suffix: str = "-补充"  # appended to the chosen file's stem for a supplement workbook
    # Written as Excel's UTF-16 "Unicode text" export (one table, its one sheet's rows)
    # instead of an .xlsx: the legacy system's "xls" downloads.
    text_export: bool = False


@dataclass(frozen=True)
class DomainSample:
    workbook: SampleWorkbook
    # The domain's sheets for a request: sheet name → rows (header first) and exact counts.
    sheets: Callable[[SampleRequest], dict[str, GeneratedSheet]]
    example_rows: int  # data rows per sheet in the committed examples and the contract tests
    min_dirty_rows: int = 1
    # The domain's rows in a supplement workbook (a partial delivery), if it has one.
    supplement: Callable[[SampleRequest], dict[str, GeneratedSheet]] | None = None


def drop_columns(sheet: GeneratedSheet, headers: Sequence[str]) -> GeneratedSheet:
    """The sheet without the columns whose header cell is one of ``headers``."""
    header = sheet.rows[0]
    keep = [i for i, h in enumerate(header) if h not in set(headers)]
    rows = [[row[i] if i < len(row) else None for i in keep] for row in sheet.rows]
    return GeneratedSheet(rows=rows, counts=sheet.counts)
