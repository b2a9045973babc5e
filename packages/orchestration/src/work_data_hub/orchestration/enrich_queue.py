"""The company-lookup queue: a job running the same core call as
``enrich-queue --execute`` (names waiting in ``enterprise.enrichment_requests`` are looked
up and their temporary ids back-patched), and its daily schedule."""

# No ``from __future__ import annotations``: Dagster reads the op's annotations.

from collections.abc import Iterator
from typing import Any

import dagster as dg

from work_data_hub.core.errors import WdhError
from work_data_hub.orchestration.config import OrchestrationSettings
from work_data_hub.orchestration.partitions import POOL
from work_data_hub.orchestration.resources import WarehouseResource

JOB = "enrich_queue"


class EnrichQueueConfig(dg.Config):
    limit: int | None = None  # at most this many queued names per run; None: every due name


def queue_metadata(result: dict[str, Any]) -> dict[str, Any]:
    run = result.get("run") or {}
    out: dict[str, Any] = {f"queue_before_{k}": v for k, v in (result.get("queue") or {}).items()}
    out |= {f"queue_after_{k}": v for k, v in (result.get("queue_after") or {}).items()}
    for key in ("claimed", "done", "done_from_cache", "failed", "retry_later"):
        if key in run:
            out[key] = run[key]
    if "rows_backpatched" in run:
        out["rows_backpatched"] = dg.MetadataValue.json(run["rows_backpatched"])
    return out


# Back-patching rewrites company ids in the fact tables: a warehouse writer like the loads.
@dg.op(pool=POOL, out=dg.Out(dg.Nothing))
def process_lookup_queue(
    context: dg.OpExecutionContext, config: EnrichQueueConfig, warehouse: WarehouseResource
) -> Iterator[dg.Output[None]]:
    from work_data_hub.core.enrich.services import run_queue

    def progress(event: dict[str, object]) -> None:
        context.log.debug(f"{event.get('name')}: {event.get('status')}")

    try:
        result = run_queue(warehouse.settings(), limit=config.limit, execute=True, progress=progress)
    except WdhError as exc:  # no token, database unreachable, pending migrations
        raise dg.Failure(description=exc.message, allow_retries=False) from None
    if result.get("queue") is None:
        context.log.info("no enrichment queue in this warehouse yet")
    run = result.get("run")
    if isinstance(run, dict) and run.get("stopped"):
        raise dg.Failure(description=str(run["stopped"]), metadata=queue_metadata(result), allow_retries=False)
    yield dg.Output(None, metadata=queue_metadata(result))


@dg.job(name=JOB, description="Look up the company names waiting in the queue and back-patch their temporary ids")
def enrich_queue_job() -> None:
    process_lookup_queue()


def enrich_queue_schedule(settings: OrchestrationSettings | None = None) -> dg.ScheduleDefinition:
    conf = settings or OrchestrationSettings()
    return dg.ScheduleDefinition(
        name=f"{JOB}_schedule",
        job=enrich_queue_job,
        cron_schedule=conf.enrich_queue_cron,
        execution_timezone=conf.timezone,
        description=f"The lookup queue, cron '{conf.enrich_queue_cron}' {conf.timezone}",
    )
