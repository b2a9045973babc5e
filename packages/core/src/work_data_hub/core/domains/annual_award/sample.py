"""annual_award's sample: the two award sheets of the 台账登记 workbook (企年受托中标(空白),
企年投资中标(空白), the latter with the four flag columns and a trailing insert_sql helper
column), with the ledger's dirty kinds when dirty."""

from __future__ import annotations

from work_data_hub.core.domains.ledger_samples import (
    AWARD_INVEST,
    AWARD_TRUSTEE,
    DIRTY_MIN_ROWS,
    LEDGER_WORKBOOK,
    ledger_sheets,
)
from work_data_hub.core.samples.declaration import DomainSample

SAMPLE = DomainSample(
    workbook=LEDGER_WORKBOOK,
    sheets=lambda req: ledger_sheets(req, (AWARD_TRUSTEE, AWARD_INVEST)),
    example_rows=5,
    min_dirty_rows=DIRTY_MIN_ROWS,
)
