"""The monthly partitions every domain asset shares: keys ``YYYYMM``, the same string as
``etl --period``, from 202401 to the last complete month."""

from __future__ import annotations

import dagster as dg

from work_data_hub.core.period import Period
from work_data_hub.orchestration.config import OrchestrationSettings

START = "202401"
POOL = "wdh_warehouse"
GROUP = "warehouse"


def months(settings: OrchestrationSettings | None = None) -> dg.MonthlyPartitionsDefinition:
    tz = (settings or OrchestrationSettings()).timezone
    return dg.MonthlyPartitionsDefinition(start_date=START, fmt="%Y%m", timezone=tz)


MONTHS = months()


def asset_key(domain: str) -> dg.AssetKey:
    return dg.AssetKey([GROUP, domain])


def previous(period: Period) -> Period:
    if period.month == 1:
        return Period(period.year - 1, 12)
    return Period(period.year, period.month - 1)
