"""An asset and its month checks for every registered domain."""

from __future__ import annotations

import dagster as dg

from work_data_hub.core.domains.registry import all_domains
from work_data_hub.orchestration.assets import domain_asset
from work_data_hub.orchestration.checks import domain_checks

defs = dg.Definitions(
    assets=[domain_asset(spec) for spec in all_domains()],
    asset_checks=[check for spec in all_domains() for check in domain_checks(spec)],
)
