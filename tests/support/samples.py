"""The domains' sample generators as the tests use them: one workbook with chosen sheets
(written with the real writer), and whole months in the operators' layout. Tests may name
domains; the platform's sample machinery never does."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from work_data_hub.core.domains.annuity_income.sample import (
    INCOME_FEES_OPTIONAL,
    INCOME_KINDS,
    INCOME_SHEET,
    MIN_DIRTY_ROWS_INCOME,
    income_columns,
    income_rows,
    income_sheet,
)
from work_data_hub.core.domains.annuity_performance.sample import (
    AP_COLUMNS,
    AP_KINDS,
    AP_SHEET,
    MIN_DIRTY_ROWS_AP,
    annuity_rows,
    annuity_sheet,
)
from work_data_hub.core.domains.annuity_workbook import decoy_sheets
from work_data_hub.core.domains.ledger_samples import LEDGER_SHEETS, LEDGER_WORKBOOK, ledger_sheets
from work_data_hub.core.samples.declaration import SampleRequest
from work_data_hub.core.samples.layout import Edit, MonthLayout, registered_samples, write_month
from work_data_hub.core.samples.model import GeneratedSheet, GeneratedWorkbook, SheetCounts
from work_data_hub.core.samples.writer import write_workbook

__all__ = [
    "AP_COLUMNS",
    "AP_KINDS",
    "AP_SHEET",
    "INCOME_FEES_OPTIONAL",
    "INCOME_KINDS",
    "INCOME_SHEET",
    "LEDGER_SHEETS",
    "MIN_DIRTY_ROWS_AP",
    "MIN_DIRTY_ROWS_INCOME",
    "annuity_rows",
    "annuity_sheet",
    "income_columns",
    "income_rows",
    "income_sheet",
    "month",
    "write_annuity_workbook",
    "write_ledger_workbook",
    "write_workbook",
]


def write_annuity_workbook(
    path: Path,
    period: str,
    *,
    perf_rows: int | None,
    income_rows: int | None,
    seed: int,
    dirty: bool,
    income_fees: Sequence[str] = INCOME_FEES_OPTIONAL,
    with_decoy_sheets: bool = True,
    only_business_type: str | None = None,
) -> GeneratedWorkbook:
    """The monthly annuity workbook with 规模明细 and/or 收入明细 (``None`` leaves a sheet
    out; ``0`` writes a header-only sheet) and its exact counts."""
    sheets: dict[str, list[list[object]]] = {}
    counts: dict[str, SheetCounts] = {}
    if perf_rows is not None:
        ap = annuity_sheet(
            period, perf_rows, seed=seed, dirty=dirty and perf_rows > 0, only_business_type=only_business_type
        )
        sheets[AP_SHEET], counts[AP_SHEET] = ap.rows, ap.counts
    if income_rows is not None:
        inc = income_sheet(
            period,
            income_rows,
            seed=seed,
            dirty=dirty and income_rows > 0,
            fees=income_fees,
            only_business_type=only_business_type,
        )
        sheets[INCOME_SHEET], counts[INCOME_SHEET] = inc.rows, inc.counts
    decoys = decoy_sheets(period, seed=seed) if with_decoy_sheets else {}
    sheets.update(decoys)
    write_workbook(path, sheets, header_format={"bold": True})
    primary = AP_SHEET if AP_SHEET in counts else INCOME_SHEET
    return GeneratedWorkbook(path=Path(path), period=period, sheets=counts, primary=primary, decoy_sheets=list(decoys))


def write_ledger_workbook(
    path: Path, period: str, *, seed: int, rows_per_sheet: int, dirty: bool = False
) -> GeneratedWorkbook:
    """The 台账登记 workbook: the four award and loss sheets and the other registers."""
    req = SampleRequest(period, rows_per_sheet, seed, dirty)
    generated = {**ledger_sheets(req, LEDGER_SHEETS[:2]), **ledger_sheets(req, LEDGER_SHEETS[2:])}
    sheets = {name: g.rows for name, g in generated.items()}
    others = {name: g.rows for name, g in _register_sheets(req).items()}
    write_workbook(path, {**sheets, **others}, header_format={"bold": True})
    return GeneratedWorkbook(
        path=Path(path),
        period=period,
        sheets={name: g.counts for name, g in generated.items()},
        primary=LEDGER_SHEETS[0],
        decoy_sheets=list(others),
    )


def _register_sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    """The other registers of the ledger: the sheets of every other domain filling it."""
    from work_data_hub.core.domains.registry import all_domains, sample_of

    out: dict[str, GeneratedSheet] = {}
    for spec in all_domains():
        sample = sample_of(spec)
        if (
            sample is not None
            and sample.workbook is LEDGER_WORKBOOK
            and spec.name not in ("annual_award", "annual_loss")
        ):
            out.update(sample.sheets(req))
    return out


def month(
    root: Path,
    period: str,
    *,
    seed: int,
    dirty: bool = True,
    traps: bool = True,
    rows: Mapping[str, int] | None = None,
    domains: Sequence[str] | None = None,
    edit: Edit | None = None,
) -> MonthLayout:
    """A month of the registered domains (or ``domains``) in the operators' layout."""
    return write_month(
        root, period, registered_samples(domains), seed=seed, dirty=dirty, traps=traps, rows=rows, edit=edit
    )


def annuity_month(
    root: Path,
    period: str,
    *,
    perf_rows: int,
    income_rows: int,
    seed: int,
    dirty: bool = True,
    traps: bool = True,
    ledger_rows: int | None = 5,
) -> MonthLayout:
    """A month with the annuity workbook (and the award and loss ledgers unless
    ``ledger_rows`` is None) at the given sizes."""
    rows = {"annuity_performance": perf_rows, "annuity_income": income_rows}
    domains = ["annuity_performance", "annuity_income"]
    if ledger_rows is not None:
        rows |= {"annual_award": ledger_rows, "annual_loss": ledger_rows}
        domains = ["annual_award", "annual_loss", *domains]
    return month(root, period, seed=seed, dirty=dirty, traps=traps, rows=rows, domains=domains)


def domains_in_workbooks(layout: MonthLayout) -> set[str]:
    """Every registered domain that reads a workbook of ``layout``: the layout's own
    domains and the others sharing their workbooks (the ledger workbook carries the five
    registers' sheets too)."""
    from work_data_hub.core.domains import registry

    keys = {registry.sample_of(registry.get_domain(d)).workbook.key for d in layout.domains}  # type: ignore[union-attr]
    return {
        s.name
        for s in registry.all_domains()
        if (sample := registry.sample_of(s)) is not None and sample.workbook.key in keys
    }


def domains_of_workbook(key: str) -> set[str]:
    """The registered domains whose sheets are in the sample workbook ``key``."""
    from work_data_hub.core.domains import registry

    return {s.name for s in registry.all_domains() if (sample := registry.sample_of(s)) and sample.workbook.key == key}
