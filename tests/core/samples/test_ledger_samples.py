"""The dirty ledger workbook of the sample generator: its dirty values are where its
counts say, and the ledger pipeline finds exactly those counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.domain_rows import MAPPINGS
from work_data_hub.core.domains.base import TransformContext
from work_data_hub.core.domains.pipeline import process
from work_data_hub.core.domains.registry import get_domain
from work_data_hub.core.period import Period
from work_data_hub.core.read.workbook import WorkbookCache
from work_data_hub.core.samples.ledger import (
    DIRTY_MIN_ROWS,
    LEDGER_DOMAINS,
    LEDGER_KINDS,
    LedgerSheetCounts,
    domain_counts,
    write_ledger_workbook,
)


@pytest.mark.parametrize("period", ["202411", "202501"])
def test_dirty_ledger_counts_match_what_the_pipeline_finds(tmp_path: Path, period: str) -> None:
    wb = write_ledger_workbook(tmp_path / "台账登记.xlsx", period, seed=11, rows_per_sheet=6, dirty=True)
    kinds = {k for c in wb.sheets.values() for k in c.dirty_kinds}
    assert kinds == set(LEDGER_KINDS)
    cache = WorkbookCache()
    for domain, sheets in LEDGER_DOMAINS.items():
        totals = {"rows_read": 0, "rows_blank": 0, "rows_rejected": 0, "rows_skipped": 0, "rows_inserted": 0}
        for sheet in sheets:
            raw = cache.sheet(wb.path, sheet)
            ctx = TransformContext(Period.parse(period), MAPPINGS, "台账登记.xlsx", raw.sheet)
            out = process(raw, get_domain(domain), ctx)
            counts = wb.sheets[sheet]
            assert isinstance(counts, LedgerSheetCounts)
            assert (out.rows_read, out.rows_blank, len(out.rejected)) == (counts.rows_read, counts.rows_blank, 0)
            assert out.counters["rows_skipped"] == counts.rows_skipped
            assert len(out.valid) == counts.rows_inserted
            totals["rows_read"] += out.rows_read
            totals["rows_blank"] += out.rows_blank
            totals["rows_skipped"] += out.counters["rows_skipped"]
            totals["rows_inserted"] += len(out.valid)
        assert domain_counts(wb)[domain] == totals


def test_clean_ledger_has_no_dirty_rows_and_small_dirty_ledgers_are_refused(tmp_path: Path) -> None:
    wb = write_ledger_workbook(tmp_path / "a.xlsx", "202411", seed=1, rows_per_sheet=2)
    assert all(c.dirty_kinds == {} and c.rows_blank == 0 for c in wb.sheets.values())
    assert domain_counts(wb)["annual_award"] == {
        "rows_read": 4, "rows_blank": 0, "rows_rejected": 0, "rows_skipped": 0, "rows_inserted": 4,
    }  # fmt: skip
    with pytest.raises(ValueError, match=f"at least {DIRTY_MIN_ROWS} rows"):
        write_ledger_workbook(tmp_path / "b.xlsx", "202411", seed=1, rows_per_sheet=2, dirty=True)
