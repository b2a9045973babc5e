"""Result types of the sample generator: generated sheets and the counts they guarantee."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class SheetCounts:
    """What a pipeline reading one generated sheet must find.

    - ``rows_read``: data rows, i.e. every row below the header except fully blank rows and
      repeated header rows (spec AP §2).
    - ``rows_blank`` / ``rows_repeated_header``: rows dropped and counted, never rejected.
    - ``rows_skipped``: data rows neither loaded nor rejected (a cumulative ledger's rows of
      an earlier year).
    - ``dirty_kinds``: for each dirty value kind, how many data rows carry it. Kinds are named
      ``"<column>:<variant>"`` (``"月度:text"``, ``"计划代码:1p0290"`` …); the list is in
      :mod:`work_data_hub.core.samples.annuity` (``AP_KINDS``, ``INCOME_KINDS``). A few kinds are
      also the clean format of their column (``"月度:number"``, ``"当期收益率:fraction"``,
      ``"组合代码:blank"``, ``"机构:alias"`` …) and are then counted over all rows.
    - ``rejected``: reason text exactly as the spec words it → rows rejected for it.
    - ``rejected_rows``: Excel row number (header = row 1) → reason.
    """

    sheet: str
    header: list[Any]
    rows_read: int
    rows_blank: int = 0
    rows_repeated_header: int = 0
    rows_skipped: int = 0
    dirty_kinds: dict[str, int] = field(default_factory=dict)
    rejected: dict[str, int] = field(default_factory=dict)
    rejected_rows: dict[int, str] = field(default_factory=dict)

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejected.values())

    @property
    def rows_inserted(self) -> int:
        """Valid rows: ``rows_read − rows_rejected − rows_skipped``."""
        return self.rows_read - self.rows_rejected - self.rows_skipped

    @property
    def last_excel_row(self) -> int:
        return 1 + self.rows_read + self.rows_blank + self.rows_repeated_header

    def to_dict(self) -> dict[str, Any]:
        return {
            "rows_read": self.rows_read,
            "rows_blank": self.rows_blank,
            "rows_repeated_header": self.rows_repeated_header,
            "rows_skipped": self.rows_skipped,
            "rows_rejected_expected": dict(self.rejected),
            "rows_rejected_total": self.rows_rejected,
            "rows_inserted_expected": self.rows_inserted,
            "rejected_rows": {str(k): v for k, v in sorted(self.rejected_rows.items())},
            "dirty_kinds": dict(sorted(self.dirty_kinds.items())),
        }


@dataclass
class GeneratedSheet:
    """A generated sheet: the rows to write (header first) and their counts."""

    rows: list[list[Any]]
    counts: SheetCounts

    @property
    def name(self) -> str:
        return self.counts.sheet


@dataclass
class GeneratedWorkbook:
    """A written workbook and, per generated sheet, the counts a reader must find.

    The top-level count attributes describe the ``primary`` sheet (``规模明细`` for the
    annuity workbook); ``sheets`` holds every generated sheet's counts, e.g.
    ``wb.sheets["收入明细"].rows_read``. Decoy sheets (sheets no domain reads) are listed in
    ``decoy_sheets`` only.
    """

    path: Path
    period: str
    sheets: dict[str, SheetCounts]
    primary: str
    decoy_sheets: list[str] = field(default_factory=list)

    def _primary(self) -> SheetCounts:
        return self.sheets[self.primary]

    @property
    def rows_read(self) -> int:
        return self._primary().rows_read

    @property
    def rows_blank(self) -> int:
        return self._primary().rows_blank

    @property
    def rows_repeated_header(self) -> int:
        return self._primary().rows_repeated_header

    @property
    def dirty_kinds(self) -> dict[str, int]:
        return self._primary().dirty_kinds

    @property
    def rejected(self) -> dict[str, int]:
        return self._primary().rejected

    @property
    def rows_rejected(self) -> int:
        return self._primary().rows_rejected

    @property
    def rows_inserted(self) -> int:
        return self._primary().rows_inserted

    @property
    def income(self) -> SheetCounts | None:
        """Counts of sheet ``收入明细`` if the workbook has one."""
        return self.sheets.get("收入明细")

    def to_dict(self, relative_to: Path | None = None) -> dict[str, Any]:
        path = self.path.relative_to(relative_to) if relative_to else self.path
        return {
            "path": path.as_posix(),
            "period": self.period,
            "sheets": {name: c.to_dict() for name, c in self.sheets.items()},
            "decoy_sheets": list(self.decoy_sheets),
        }


@dataclass
class DomainCounts:
    """What a run of one domain over a generated month must report: its sheets together."""

    domain: str
    file: str
    version: str | None
    sheets: list[SheetCounts]

    def _sum(self, attr: str) -> int:
        return sum(int(getattr(c, attr)) for c in self.sheets)

    @property
    def rows_read(self) -> int:
        return self._sum("rows_read")

    @property
    def rows_blank(self) -> int:
        return self._sum("rows_blank")

    @property
    def rows_repeated_header(self) -> int:
        return self._sum("rows_repeated_header")

    @property
    def rows_skipped(self) -> int:
        return self._sum("rows_skipped")

    @property
    def rows_rejected(self) -> int:
        return self._sum("rows_rejected")

    @property
    def rows_inserted(self) -> int:
        return self._sum("rows_inserted")

    @property
    def rejected(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.sheets:
            for reason, n in c.rejected.items():
                out[reason] = out.get(reason, 0) + n
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "version": self.version,
            "sheets": [c.sheet for c in self.sheets],
            "rows_read": self.rows_read,
            "rows_blank": self.rows_blank,
            "rows_repeated_header": self.rows_repeated_header,
            "rows_skipped": self.rows_skipped,
            "rows_rejected": self.rows_rejected,
            "rows_inserted": self.rows_inserted,
            "rejected": self.rejected,
            "rejected_rows": {c.sheet: {str(k): v for k, v in sorted(c.rejected_rows.items())} for c in self.sheets},
        }
