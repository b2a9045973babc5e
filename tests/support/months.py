"""Small generated months and loading them in-process (faster than a CLI run) for
tests whose subject is a later run."""

from __future__ import annotations

from pathlib import Path

from support.etl import settings, upgrade
from support.samples import annuity_month
from work_data_hub.core.batch import BatchRequest, run_periods
from work_data_hub.core.period import Period
from work_data_hub.core.samples.layout import MonthLayout
from work_data_hub.core.summary import BatchSummary

SMALL_MONTH_DOMAINS = ("annual_award", "annual_loss", "annuity_performance", "annuity_income")


def small_month(root: Path, period: str, seed: int, perf_rows: int = 100, income_rows: int = 60) -> MonthLayout:
    """A clean month without traps: one annuity workbook (V1) and the ledger workbook."""
    return annuity_month(
        root, period, perf_rows=perf_rows, income_rows=income_rows, seed=seed, dirty=False, traps=False
    )


def preload(
    url: str, data_root: Path, var_dir: Path, periods: str | list[str], domains: list[str] | None = None
) -> list[BatchSummary]:
    """Load the discovered files of each period (``domains`` ``None``: the four domains a
    small month holds); every domain must succeed."""
    upgrade(url)
    domains = domains if domains is not None else list(SMALL_MONTH_DOMAINS)
    months = [Period.parse(p) for p in ([periods] if isinstance(periods, str) else periods)]
    request = BatchRequest(period=months[0].key, domains=domains, execute=True)
    summaries = run_periods(request, months, settings(url, data_root, var_dir))
    failed = [(s.period, d.domain, d.error) for s in summaries for d in s.domains if d.status != "ok"]
    assert not failed, failed
    return summaries
