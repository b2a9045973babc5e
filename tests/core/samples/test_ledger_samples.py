"""The award and loss ledgers' samples: their dirty values are where their counts say, and
each ledger's pipeline finds exactly those counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.domain_rows import MAPPINGS
from support.samples import write_workbook
from work_data_hub.core.domains.base import TransformContext
from work_data_hub.core.domains.ledger_samples import DIRTY_MIN_ROWS, LEDGER_KINDS
from work_data_hub.core.domains.pipeline import process
from work_data_hub.core.domains.registry import get_domain, sample_of
from work_data_hub.core.period import Period
from work_data_hub.core.read.workbook import WorkbookCache
from work_data_hub.core.samples.declaration import SampleRequest

LEDGERS = ("annual_award", "annual_loss")


def generate(domain: str, period: str, rows: int, dirty: bool):  # type: ignore[no-untyped-def]
    sample = sample_of(get_domain(domain))
    assert sample is not None
    return sample.sheets(SampleRequest(period, rows, 11, dirty))


@pytest.mark.parametrize("period", ["202411", "202501"])
def test_dirty_ledger_counts_match_what_the_pipeline_finds(tmp_path: Path, period: str) -> None:
    kinds: set[str] = set()
    for domain in LEDGERS:
        sheets = generate(domain, period, 6, dirty=True)
        path = write_workbook(tmp_path / f"{domain}.xlsx", {n: g.rows for n, g in sheets.items()})
        cache = WorkbookCache()
        for name, generated in sheets.items():
            counts = generated.counts
            kinds |= set(counts.dirty_kinds)
            raw = cache.sheet(path, name)
            out = process(raw, get_domain(domain), TransformContext(Period.parse(period), MAPPINGS, "x.xlsx", name))
            assert (out.rows_read, out.rows_blank, len(out.rejected)) == (counts.rows_read, counts.rows_blank, 0)
            assert out.counters["rows_skipped"] == counts.rows_skipped
            assert len(out.valid) == counts.rows_inserted
    assert kinds == set(LEDGER_KINDS)


def test_clean_ledger_has_no_dirty_rows_and_small_dirty_ledgers_are_refused() -> None:
    sheets = generate("annual_award", "202411", 2, dirty=False)
    assert all(g.counts.dirty_kinds == {} and g.counts.rows_blank == 0 for g in sheets.values())
    assert sum(g.counts.rows_inserted for g in sheets.values()) == 4
    with pytest.raises(ValueError, match=f"at least {DIRTY_MIN_ROWS} rows"):
        generate("annual_award", "202411", 2, dirty=True)
