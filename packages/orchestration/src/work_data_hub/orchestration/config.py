"""Load-time settings of the Dagster definitions (prefix ``WDH_DAGSTER_``): when the month-end
schedule fires and how far back the source-file sensor looks. Per-run knobs (the check
thresholds, the warehouse) are resources instead, so the launchpad can override them."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class OrchestrationSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WDH_DAGSTER_", extra="ignore")

    # Month boundaries and the schedule are reckoned in the operators' time zone.
    timezone: str = "Asia/Shanghai"
    # The previous month's workbooks are due by the 4th; day 29+ would skip short months.
    schedule_day: int = Field(default=5, ge=1, le=28)
    schedule_hour: int = Field(default=2, ge=0, le=23)
    schedule_minute: int = Field(default=0, ge=0, le=59)
    # Late corrections land in the last few months only; scanning more costs a discovery
    # walk per month and domain on every tick.
    sensor_months: int = Field(default=3, ge=1, le=24)
    sensor_interval_seconds: int = Field(default=300, ge=30)
    # After the night's loads have queued their unknown names; EQC allows a few calls a minute.
    enrich_queue_cron: str = "0 4 * * *"
    max_change_percent: float = Field(default=30.0, gt=0)
    max_rejected_percent: float = Field(default=0.5, ge=0)
