"""The customer-master assets and their validate check."""

from __future__ import annotations

import dagster as dg

from work_data_hub.orchestration.customer_mdm import contracts, snapshots, validate

defs = dg.Definitions(assets=[contracts, snapshots], asset_checks=[validate])
