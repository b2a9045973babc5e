"""Realistic, deterministic sample workbooks for WorkDataHub — the public entry point.

Everything is seeded: the same arguments give the same cells (and the same bytes).

Annuity workbook (sheets 规模明细 and 收入明细):

- :func:`annuity_rows` / :func:`income_rows` — the rows of one sheet (header first);
  :func:`annuity_sheet` / :func:`income_sheet` — the same with their exact counts.
- :func:`write_annuity_workbook` — writes the workbook and returns a
  :class:`GeneratedWorkbook` with rows read, blank rows, repeated header rows, dirty kinds and
  expected rejections (by reason, and by Excel row).

A *dirty* sheet holds every dirty value kind of the specification, each on its own data row
(``AP_KINDS``, ``INCOME_KINDS``), plus header variants, fully blank rows and a repeated
header row. It always has exactly 5 rejected rows per sheet (4 in a 收入明细 without 回补):
under the default 1 % ``--max-rejected`` for more than 500 data rows (so for every n ≥ 1000),
above it for smaller sheets, whose tests must raise ``--max-rejected``. A dirty sheet needs
at least ``MIN_DIRTY_ROWS_AP`` / ``MIN_DIRTY_ROWS_INCOME`` rows.

Other files:

- :func:`write_workbook` — low level: any sheets of native cells (tests craft odd workbooks).
- :func:`write_ledger_workbook` — the 台账登记 ledger workbook.
- :func:`write_month` — a month's folder layout with its traps (V1/V2/V3, lock file, reply,
  mail, 已写入, supplement) and the ledger; returns a :class:`MonthLayout`.
"""

from __future__ import annotations

from work_data_hub.core.samples.annuity import (
    AP_COLUMNS,
    AP_KINDS,
    AP_SHEET,
    INCOME_KINDS,
    INCOME_SHEET,
    MIN_DIRTY_ROWS_AP,
    MIN_DIRTY_ROWS_INCOME,
    annuity_rows,
    annuity_sheet,
    income_columns,
    income_rows,
    income_sheet,
    write_annuity_workbook,
)
from work_data_hub.core.samples.layout import NAMINGS, MonthLayout, annuity_workbook_name, write_month
from work_data_hub.core.samples.ledger import LEDGER_SHEETS, write_ledger_workbook
from work_data_hub.core.samples.model import GeneratedSheet, GeneratedWorkbook, SheetCounts
from work_data_hub.core.samples.writer import write_workbook

__all__ = [
    "AP_COLUMNS",
    "AP_KINDS",
    "AP_SHEET",
    "INCOME_KINDS",
    "INCOME_SHEET",
    "LEDGER_SHEETS",
    "MIN_DIRTY_ROWS_AP",
    "MIN_DIRTY_ROWS_INCOME",
    "NAMINGS",
    "GeneratedSheet",
    "GeneratedWorkbook",
    "MonthLayout",
    "SheetCounts",
    "annuity_rows",
    "annuity_sheet",
    "annuity_workbook_name",
    "income_columns",
    "income_rows",
    "income_sheet",
    "write_annuity_workbook",
    "write_ledger_workbook",
    "write_month",
    "write_workbook",
]
