"""The source-file sensor: requests a run of one domain asset for one month when the file
discovery chooses for it appears or changes. The run key is the domain, the file's path and
its SHA-256, so an unchanged file never reruns; the cursor remembers each file's size and
mtime so an unchanged file is not even hashed again."""

# No ``from __future__ import annotations``: Dagster reads the sensor's annotations.

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from work_data_hub.core.catalog import discover_period
from work_data_hub.core.settings import Settings
from work_data_hub.orchestration.config import OrchestrationSettings
from work_data_hub.orchestration.month_end import month_end_job
from work_data_hub.orchestration.partitions import MONTHS, asset_key
from work_data_hub.orchestration.resources import WarehouseResource
from work_data_hub.orchestration.warehouse_reads import current_files, read_only

SENSOR = "source_files"


@dataclass(frozen=True)
class SeenFile:
    path: str  # relative to the data root
    size: int
    mtime_ns: int
    sha256: str


def parse_cursor(text: str | None) -> dict[str, SeenFile]:
    if not text:
        return {}
    try:
        raw = json.loads(text)
        return {key: SeenFile(*value) for key, value in raw.items()}
    except (ValueError, TypeError):
        return {}  # a cursor from another version: every file is hashed once more


def dump_cursor(seen: dict[str, SeenFile]) -> str:
    return json.dumps({k: [v.path, v.size, v.mtime_ns, v.sha256] for k, v in sorted(seen.items())}, ensure_ascii=False)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def recent_months(count: int, now: dt.datetime | None = None) -> list[str]:
    keys = MONTHS.get_partition_keys(current_time=now)
    return list(keys[-count:])


def scan(
    settings: Settings, periods: list[str], seen: dict[str, SeenFile]
) -> tuple[list[dg.RunRequest], dict[str, SeenFile]]:
    """Run requests for new or changed files, and the cursor to store (only these months)."""
    with read_only(settings.resolved_database_url()) as conn:
        loaded = current_files(conn, periods) if conn is not None else {}
    requests: list[dg.RunRequest] = []
    kept: dict[str, SeenFile] = {}
    for period in periods:
        for found in discover_period(settings, period, None, None):
            if found.chosen is None:
                continue
            key = f"{period}/{found.domain}"
            path = settings.data_root / found.chosen
            stat = path.stat()
            before = seen.get(key)
            if before and (before.path, before.size, before.mtime_ns) == (found.chosen, stat.st_size, stat.st_mtime_ns):
                kept[key] = before
                continue
            sha = sha256_of(path)
            kept[key] = SeenFile(found.chosen, stat.st_size, stat.st_mtime_ns, sha)
            touched_only = before is not None and (before.path, before.sha256) == (found.chosen, sha)
            if touched_only or loaded.get((found.domain, period)) == sha:
                continue  # the warehouse already holds this file's month
            requests.append(
                dg.RunRequest(
                    run_key=f"{found.domain}:{found.chosen}:{sha}",
                    partition_key=period,
                    asset_selection=[asset_key(found.domain)],
                    tags={"wdh/domain": found.domain, "wdh/sha256": sha},
                )
            )
    return requests, kept


def source_file_sensor(settings: OrchestrationSettings | None = None) -> dg.SensorDefinition:
    conf = settings or OrchestrationSettings()

    @dg.sensor(
        name=SENSOR,
        job=month_end_job,
        minimum_interval_seconds=conf.sensor_interval_seconds,
        description=(
            f"Loads a domain's month when its chosen source file appears or changes "
            f"(the last {conf.sensor_months} months)"
        ),
    )
    def _sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource) -> dg.SensorResult:
        periods = recent_months(conf.sensor_months)
        requests, kept = scan(warehouse.settings(), periods, parse_cursor(context.cursor))
        skip = None if requests else f"no new or changed source file in {', '.join(periods)}"
        return dg.SensorResult(run_requests=requests, cursor=dump_cursor(kept), skip_reason=skip)

    return _sensor
