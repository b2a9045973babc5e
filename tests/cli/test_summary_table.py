"""The run summary: per domain read, blank, skipped, rejected, deleted and inserted whose
counts add up (read = skipped + rejected + inserted), and every file the run wrote listed
under it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from work_data_hub.core.domains.registry import domain_names

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "data"
ROW = re.compile(
    r"^(?P<domain>\w+): ok · file (?P<file>.+?) · version \S+ · read (?P<read>\d+) · blank (?P<blank>\d+) · "
    r"skipped (?P<skipped>\d+) · rejected (?P<rejected>\d+) · would delete (?P<deleted>\d+) · "
    r"would insert (?P<inserted>\d+) · [\d.]+ s$"
)


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"])
def test_the_summary_adds_up_and_lists_every_file_written(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("etl", "--all-domains", "--period", "202411", "--data-root", str(EXAMPLES))
    assert result.code == 0, result.stdout + result.stderr
    rows = {m["domain"]: m for m in map(ROW.match, result.stdout.splitlines()) if m}
    assert set(rows) == set(domain_names())  # the example month holds every domain's file
    for domain, m in rows.items():
        read, skipped, rejected, inserted = (int(m[k]) for k in ("read", "skipped", "rejected", "inserted"))
        assert read == skipped + rejected + inserted, domain
    assert int(rows["annual_award"]["skipped"]) == 1  # the ledger's row of the previous year
    written = sorted(p for p in (tmp_path / "var").rglob("*") if p.is_file())
    assert written  # the rejected rows (and unknown names) reports of the dry run
    for path in written:
        assert path.as_posix() in result.stdout, path
