"""Resources: the warehouse and data root every run uses, and the thresholds of the month
checks. The URL may hold a password, so it is bound as an ``EnvVar`` (the UI shows the
variable's name, never its value) and only masked URLs reach logs or metadata."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from work_data_hub.core.settings import Settings, load_settings
from work_data_hub.orchestration.config import OrchestrationSettings


class WarehouseResource(dg.ConfigurableResource):
    """Empty means core's default, exactly as for the CLI: ``<WDH_VAR_DIR>/warehouse.sqlite``
    and ``./data``. Var dir, config dir and lock timeout come from ``WDH_*`` as for the CLI."""

    database_url: str = ""
    data_root: str = ""

    def settings(self) -> Settings:
        return load_settings(
            database_url=self.database_url or None,
            data_root=Path(self.data_root) if self.data_root else None,
        )


class MonthChecksResource(dg.ConfigurableResource):
    """Percentages above which the month checks warn."""

    max_change_percent: float = 30.0
    max_rejected_percent: float = 0.5


def env_or_default(name: str) -> str:
    """An unset ``EnvVar`` fails every run, so one is bound only when the variable is set at
    load time; otherwise the empty default lets core apply its own."""
    return dg.EnvVar(name) if os.environ.get(name) else ""


def default_resources(settings: OrchestrationSettings | None = None) -> dict[str, object]:
    conf = settings or OrchestrationSettings()
    return {
        "warehouse": WarehouseResource(
            database_url=env_or_default("WDH_DATABASE_URL"),
            data_root=env_or_default("WDH_DATA_ROOT"),
        ),
        "month_checks": MonthChecksResource(
            max_change_percent=conf.max_change_percent,
            max_rejected_percent=conf.max_rejected_percent,
        ),
    }
