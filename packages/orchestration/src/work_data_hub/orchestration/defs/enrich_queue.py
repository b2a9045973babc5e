"""The company-lookup queue job and its schedule."""

from __future__ import annotations

import dagster as dg

from work_data_hub.orchestration.enrich_queue import enrich_queue_job, enrich_queue_schedule

defs = dg.Definitions(jobs=[enrich_queue_job], schedules=[enrich_queue_schedule()])
