"""The resources every asset, check and sensor receives."""

from __future__ import annotations

import dagster as dg

from work_data_hub.orchestration.resources import default_resources

defs = dg.Definitions(resources=default_resources())
