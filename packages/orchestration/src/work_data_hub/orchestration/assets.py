"""One asset per registered domain: materialising a month runs core's batch runner for that
domain and month, the same call as ``etl --domains <name> --period <key> --execute``."""

# No ``from __future__ import annotations``: Dagster reads the decorated functions'
# annotations at definition time to find the context and resource parameters.

from typing import Any

import dagster as dg

from work_data_hub.core.batch import BatchRequest, run_batch
from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.errors import WdhError
from work_data_hub.core.summary import BatchSummary, DomainRun
from work_data_hub.orchestration.partitions import GROUP, MONTHS, POOL, asset_key
from work_data_hub.orchestration.resources import WarehouseResource


def run_metadata(summary: BatchSummary, run: DomainRun) -> dict[str, Any]:
    """What a materialisation records; ``run_id`` is the ledger's (``wdh.etl_run.run_id``)."""
    return {
        "file": run.file or "",
        "version": run.version or "",
        "sha256": run.sha256 or "",
        "rows_read": run.rows_read,
        "rows_rejected": run.rows_rejected,
        "rows_deleted": run.rows_deleted,
        "rows_inserted": run.rows_inserted,
        "seconds": round(run.seconds, 3),
        "run_id": summary.run_id,
        "database": summary.database,
        "rejected_file": run.rejected_file or "",
    }


def load_month(context: dg.AssetExecutionContext, domain: str, warehouse: WarehouseResource) -> dg.MaterializeResult:
    # The post-load steps are assets of their own here (customer_mdm/…), downstream of this one.
    request = BatchRequest(period=context.partition_key, domains=[domain], execute=True, post_load=False)
    try:
        summary = run_batch(request, warehouse.settings(), lambda name, stage: context.log.info(f"{name}: {stage}"))
    except WdhError as exc:  # the run could not start (configuration, database, migrations)
        raise dg.Failure(description=exc.message, allow_retries=False) from None
    run = summary.domains[0]
    for warning in run.warnings:
        context.log.warning(f"{domain}: {warning}")
    if run.status != "ok":
        raise dg.Failure(
            description=run.error or f"{domain}: failed", metadata=run_metadata(summary, run), allow_retries=False
        )
    return dg.MaterializeResult(metadata=run_metadata(summary, run))


def domain_asset(spec: DomainSpec) -> dg.AssetsDefinition:
    @dg.asset(
        key=asset_key(spec.name),
        partitions_def=MONTHS,
        pool=POOL,
        group_name=GROUP,
        description=spec.description,
        metadata={
            "table": f"{spec.schema}.{spec.table}",
            "refresh": spec.refresh,
            "monitored_measure": spec.monitored_measure,
        },
        kinds={"python", "sql"},
    )
    def _asset(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
        return load_month(context, spec.name, warehouse)

    return _asset
