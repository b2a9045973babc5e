"""The customer master in Dagster: ``customer_mdm/contracts`` (sync + init-year in
January) and ``customer_mdm/snapshots``, monthly partitioned, downstream of the domains
that trigger the batch's post-load step, with an asset check running ``validate``."""

# No ``from __future__ import annotations``: Dagster reads the decorated functions'
# annotations at definition time.

from typing import Any

import dagster as dg

from work_data_hub.core.customer_mdm import commands
from work_data_hub.core.customer_mdm.result import MdmResult
from work_data_hub.core.customer_mdm.step import STEP
from work_data_hub.core.errors import WdhError
from work_data_hub.orchestration.partitions import MONTHS, POOL, asset_key
from work_data_hub.orchestration.resources import WarehouseResource

GROUP = "customer_mdm"
CONTRACTS = dg.AssetKey([GROUP, "contracts"])
SNAPSHOTS = dg.AssetKey([GROUP, "snapshots"])


def _metadata(result: MdmResult) -> dict[str, Any]:
    return {**result.counts, "seconds": round(result.seconds, 3)}


def _call(run: Any) -> MdmResult:
    try:
        result: MdmResult = run()
    except WdhError as exc:
        raise dg.Failure(description=exc.message, allow_retries=False) from None
    return result


@dg.asset(
    key=CONTRACTS,
    partitions_def=MONTHS,
    pool=POOL,
    group_name=GROUP,
    deps=[asset_key(domain) for domain in sorted(STEP.after)],
    description="customer.客户年金计划: SCD2 contract sync of the month (+ init-year in January)",
    kinds={"python", "sql"},
)
def contracts(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    result = _call(lambda: commands.sync(warehouse.settings(), context.partition_key, None, True))
    return dg.MaterializeResult(metadata=_metadata(result))


@dg.asset(
    key=SNAPSHOTS,
    partitions_def=MONTHS,
    pool=POOL,
    group_name=GROUP,
    deps=[CONTRACTS],
    description="customer.客户业务月度快照 and customer.客户计划月度快照 of the month",
    kinds={"python", "sql"},
)
def snapshots(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    result = _call(lambda: commands.snapshot(warehouse.settings(), context.partition_key, True))
    return dg.MaterializeResult(metadata=_metadata(result))


@dg.asset_check(
    asset=CONTRACTS,
    name="validate",
    partitions_def=MONTHS,
    description="customer-mdm validate --year Y: strategic and existing shares of current contracts within bounds",
)
def validate(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    year = int(context.partition_key[:4])
    try:
        result = commands.validate(warehouse.settings(), year)
    except WdhError as exc:
        return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.WARN, description=exc.message)
    return dg.AssetCheckResult(
        passed=result.status == "ok",
        severity=dg.AssetCheckSeverity.WARN,
        description=result.error or "within bounds",
        metadata={k: v for k, v in result.figures.items() if not isinstance(v, list)},
    )
