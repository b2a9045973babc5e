"""The month-end job and its schedule."""

from __future__ import annotations

import dagster as dg

from work_data_hub.orchestration.month_end import month_end_job, month_end_schedule

defs = dg.Definitions(jobs=[month_end_job], schedules=[month_end_schedule()])
