"""Month checks per domain, generated from the registry: the month's row count and the sum
of the domain's monitored measure against the previous month, and the share of rejected
rows of the month's last load. They warn; a month that moved a lot may be right."""

# No ``from __future__ import annotations``: Dagster reads the check functions' annotations.

from typing import Any

import dagster as dg

from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.period import Period
from work_data_hub.core.reconcile import reconcile
from work_data_hub.orchestration.partitions import MONTHS, asset_key, previous
from work_data_hub.orchestration.resources import MonthChecksResource, WarehouseResource
from work_data_hub.orchestration.warehouse_reads import (
    MonthFigures,
    last_load,
    measure_column,
    month_figures,
    read_only,
)

WARN = dg.AssetCheckSeverity.WARN


def change_percent(before: float, now: float) -> float | None:
    """None when there is no baseline to compare with."""
    if before == 0:
        return None
    return (now - before) * 100.0 / abs(before)


def compare(label: str, before: float | None, now: float, limit: float, prev: Period) -> dg.AssetCheckResult:
    """``before`` is None when the previous month has no rows at all."""
    meta: dict[str, Any] = {"previous_month": prev.key, "limit_percent": limit, "current": now}
    if before is None:
        return dg.AssetCheckResult(
            passed=True, severity=WARN, description=f"no {label} for {prev.label} to compare with", metadata=meta
        )
    pct = change_percent(before, now)
    meta |= {"previous": before, "change_percent": pct if pct is not None else 0.0}
    if pct is None:
        return dg.AssetCheckResult(
            passed=True, severity=WARN, description=f"{label} was 0 in {prev.label}", metadata=meta
        )
    passed = abs(pct) <= limit
    verdict = "within" if passed else "over"
    return dg.AssetCheckResult(
        passed=passed,
        severity=WARN,
        description=f"{label} moved {pct:+.1f}% from {prev.label} ({verdict} the {limit:g}% limit)",
        metadata=meta,
    )


def figures(
    spec: DomainSpec, warehouse: WarehouseResource, period: Period
) -> tuple[MonthFigures | None, MonthFigures | None]:
    """The previous month's and this month's figures (None: no rows)."""
    prev = previous(period)
    with read_only(warehouse.settings().resolved_database_url()) as conn:
        found = month_figures(conn, spec, [prev, period]) if conn is not None else {}
    return found.get(prev), found.get(period)


def domain_checks(spec: DomainSpec) -> list[dg.AssetChecksDefinition]:
    key = asset_key(spec.name)
    measure = measure_column(spec)
    checks: list[dg.AssetChecksDefinition] = []

    @dg.asset_check(
        asset=key,
        name="row_count_change",
        partitions_def=MONTHS,
        description=f"Rows of the month ({spec.period_column}) within the limit of the previous month's",
    )
    def _rows(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, month_checks: MonthChecksResource
    ) -> dg.AssetCheckResult:
        period = Period.parse(context.partition_key)
        before, now = figures(spec, warehouse, period)
        return compare(
            "row count",
            None if before is None else before.rows,
            0 if now is None else now.rows,
            month_checks.max_change_percent,
            previous(period),
        )

    checks.append(_rows)
    if measure is not None:

        @dg.asset_check(
            asset=key,
            name="measure_change",
            partitions_def=MONTHS,
            description=f"Sum of {measure} of the month within the limit of the previous month's",
            metadata={"measure": measure},
        )
        def _measure(
            context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, month_checks: MonthChecksResource
        ) -> dg.AssetCheckResult:
            period = Period.parse(context.partition_key)
            before, now = figures(spec, warehouse, period)
            return compare(
                f"sum of {measure}",
                None if before is None else before.measure or 0.0,
                0.0 if now is None else now.measure or 0.0,
                month_checks.max_change_percent,
                previous(period),
            )

        checks.append(_measure)

    @dg.asset_check(
        asset=key,
        name="rejected_ratio",
        partitions_def=MONTHS,
        description="Rejected rows of the month's last successful full load, as a share of rows read",
    )
    def _rejected(
        context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource, month_checks: MonthChecksResource
    ) -> dg.AssetCheckResult:
        period = Period.parse(context.partition_key)
        with read_only(warehouse.settings().resolved_database_url()) as conn:
            load = last_load(conn, spec.name, period) if conn is not None else None
        limit = month_checks.max_rejected_percent
        if load is None:
            return dg.AssetCheckResult(
                passed=False, severity=WARN, description=f"no successful load of {period.label} recorded"
            )
        ratio = load.rows_rejected * 100.0 / load.rows_read if load.rows_read else 0.0
        return dg.AssetCheckResult(
            passed=ratio <= limit,
            severity=WARN,
            description=f"{load.rows_rejected} of {load.rows_read} rows rejected ({ratio:.2f}%, limit {limit:g}%)",
            metadata={
                "run_id": load.run_id,
                "rows_read": load.rows_read,
                "rows_rejected": load.rows_rejected,
                "rejected_percent": round(ratio, 4),
                "limit_percent": limit,
            },
        )

    checks.append(_rejected)
    checks.append(reconciliation_check(spec))
    return checks


def reconciliation_check(spec: DomainSpec) -> dg.AssetChecksDefinition:
    """The month's opening stock against the previous month's closing stock (core's
    ``reconcile``, as the CLI's ``reconcile`` command and the run report show it). Every
    domain has the check, so that every domain's definitions have one shape; a domain
    that declares no reconciliation passes it with that said."""
    rec = spec.reconciliation
    described = (
        f"{rec.opening} of the month against {rec.closing} of the previous month, "
        f"per {', '.join(rec.keys)}, totals per {rec.totals_by} (tolerance {rec.tolerance:g})"
        if rec is not None
        else "the domain declares no month-over-month reconciliation"
    )

    @dg.asset_check(asset=asset_key(spec.name), name="reconciliation", partitions_def=MONTHS, description=described)
    def _reconciliation(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
        if spec.reconciliation is None:
            return dg.AssetCheckResult(passed=True, severity=WARN, description=described)
        period = Period.parse(context.partition_key)
        with read_only(warehouse.settings().resolved_database_url()) as conn:
            result = reconcile(conn, spec, period) if conn is not None else None
        if result is None:
            return dg.AssetCheckResult(passed=True, severity=WARN, description="no warehouse yet: nothing to reconcile")
        differing = {t.group: t.difference for t in result.totals if not t.ok}
        return dg.AssetCheckResult(
            passed=result.ok,
            severity=WARN,
            description=result.headline,
            metadata={
                "status": result.status,
                "previous_month": result.previous,
                "keys_compared": result.keys_compared,
                "keys_differing": result.keys_differing,
                "totals_differing": dg.MetadataValue.json(differing),
            },
        )

    return _reconciliation
