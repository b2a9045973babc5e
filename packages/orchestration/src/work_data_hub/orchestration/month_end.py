"""The month-end job (every domain asset, one month) and its schedule, which runs the
previous month: the partitions' last complete month at the time the schedule fires."""

from __future__ import annotations

import dagster as dg

from work_data_hub.orchestration.config import OrchestrationSettings
from work_data_hub.orchestration.partitions import GROUP

JOB = "month_end"

month_end_job = dg.define_asset_job(
    JOB,
    selection=dg.AssetSelection.groups(GROUP),
    description="Load one month of every registered domain into the warehouse, then run the month checks",
)


def month_end_schedule(settings: OrchestrationSettings | None = None) -> dg.ScheduleDefinition:
    conf = settings or OrchestrationSettings()
    # The cron's time zone is the partitions' (WDH_DAGSTER_TIMEZONE). For an asset job the
    # result is an unresolved schedule (not public API) that Definitions resolves.
    return dg.build_schedule_from_partitioned_job(  # type: ignore[return-value]
        month_end_job,
        name=f"{JOB}_schedule",
        description=(
            f"The previous month, on day {conf.schedule_day} at {conf.schedule_hour:02d}:{conf.schedule_minute:02d} "
            f"{conf.timezone}"
        ),
        day_of_month=conf.schedule_day,
        hour_of_day=conf.schedule_hour,
        minute_of_hour=conf.schedule_minute,
    )
