"""annual_loss's sample: the two loss sheets of the 台账登记 workbook (企年受托流失(解约),
企年投资流失(解约), with 考核标签 and a stray empty-header column), with the ledger's dirty
kinds when dirty."""

from __future__ import annotations

from work_data_hub.core.domains.ledger_samples import (
    DIRTY_MIN_ROWS,
    LEDGER_WORKBOOK,
    LOSS_INVEST,
    LOSS_TRUSTEE,
    ledger_sheets,
)
from work_data_hub.core.samples.declaration import DomainSample

SAMPLE = DomainSample(
    workbook=LEDGER_WORKBOOK,
    sheets=lambda req: ledger_sheets(req, (LOSS_TRUSTEE, LOSS_INVEST)),
    example_rows=5,
    min_dirty_rows=DIRTY_MIN_ROWS,
)
