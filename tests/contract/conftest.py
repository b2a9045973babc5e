"""The registry's sample months, generated once per test session and shared read-only: the
full month, and per domain a month whose delivery lacks the domain's sheet or one of its
required columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.samples import month
from work_data_hub.core.domains.registry import get_domain
from work_data_hub.core.read.headers import normalise_header
from work_data_hub.core.samples.declaration import drop_columns
from work_data_hub.core.samples.layout import MonthLayout

PERIOD = "202411"
SEED = 20250101


@pytest.fixture(scope="session")
def sample_month(tmp_path_factory: pytest.TempPathFactory) -> MonthLayout:
    return month(tmp_path_factory.mktemp("month"), PERIOD, seed=SEED)


def without_sheets(root: Path, domain: str) -> MonthLayout:
    return month(root, PERIOD, seed=SEED, edit=lambda name, sheets: {} if name == domain else sheets)


def required_column(domain: str) -> str:
    return sorted(get_domain(domain).inputs.required)[0]


def without_column(root: Path, domain: str) -> MonthLayout:
    """The month with the domain's first required column (and its aliases) taken out of
    each of its sheets."""
    spec = get_domain(domain)
    column = required_column(domain)
    names = {column} | {alias for alias, target in spec.inputs.aliases.items() if target == column}

    def edit(name: str, sheets):  # type: ignore[no-untyped-def]
        if name != domain:
            return sheets
        out = {}
        for sheet, generated in sheets.items():
            headers = [h for h in generated.rows[0] if h is not None and normalise_header(h) in names]
            out[sheet] = drop_columns(generated, headers)
        return out

    return month(root, PERIOD, seed=SEED, edit=edit)
