"""The customer-master commands over one connection: each plans from the warehouse and,
when executing, applies in the caller's transaction. The order rule lives here: a month
earlier than the latest synced one is refused unless it is rebuilt from there."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.customer_mdm import contracts as store
from work_data_hub.core.customer_mdm import facts, snapshots, sync, year
from work_data_hub.core.customer_mdm.config import MdmConfig
from work_data_hub.core.customer_mdm.facts import month_end, shift
from work_data_hub.core.customer_mdm.result import STEP, MdmResult
from work_data_hub.core.customer_mdm.tables import contracts
from work_data_hub.core.errors import UsageError
from work_data_hub.core.load.tables import etl_run
from work_data_hub.core.period import Period

SYNC_MODES = ("sync", "post-load", "rebuild")


def latest_synced(conn: Connection) -> Period | None:
    stmt = sa.select(sa.func.max(etl_run.c.period)).where(
        etl_run.c.domain == STEP, etl_run.c.status == "ok", etl_run.c.mode.in_(SYNC_MODES)
    )
    key = conn.execute(stmt).scalar()
    return Period.parse(key) if key else None


def check_order(conn: Connection, period: Period) -> None:
    latest = latest_synced(conn)
    if latest is not None and period < latest:
        raise UsageError(
            f"customer-mdm: period {period.key} is earlier than {latest.key}, the latest period synced; "
            f"syncing it would rewrite history out of order: run `customer-mdm sync --rebuild-from {period.key}`"
        )


def sync_month(conn: Connection, period: Period, cfg: MdmConfig, result: MdmResult, execute: bool) -> sync.SyncPlan:
    """Sync P, then (January) the year initialisation."""
    plan = sync.plan_sync(conn, period, cfg)
    result.add(plan.counts())
    if execute:
        sync.apply_sync(conn, plan)
    if period.month == 1:
        upgrades = year.plan_init_year(conn, period.year, cfg)
        result.add({"init_year_upgraded": len(upgrades)})
        if execute:
            year.apply_init_year(conn, upgrades)
    return plan


def snapshot_month(
    conn: Connection, period: Period, result: MdmResult, execute: bool, plan: sync.SyncPlan | None = None
) -> None:
    """``plan``: in a dry run, the snapshot reads the rows the planned sync would leave."""
    rows = _after(conn, plan) if plan is not None and not execute else None
    snap = snapshots.build(conn, period, rows, plan.aum if plan is not None else None)
    result.add(snap.counts())
    if execute:
        snapshots.write(conn, snap)


def _after(conn: Connection, plan: sync.SyncPlan) -> pd.DataFrame:
    """The rows valid at P's end once the planned sync applied (for a dry run)."""
    end = month_end(plan.period.first_day)
    now = store.valid_on(conn, end)
    now = now[~now["contract_id"].isin(plan.close_ids)]
    return pd.concat([now, plan.inserts], ignore_index=True)


def post_load(conn: Connection, period: Period, cfg: MdmConfig, execute: bool) -> MdmResult:
    """The step after a batch: sync (+ init-year in January) and snapshot."""
    result = MdmResult("post-load", period.key, dry_run=not execute)
    check_order(conn, period)
    plan = sync_month(conn, period, cfg, result, execute)
    snapshot_month(conn, period, result, execute, plan)
    return result


def run_sync(conn: Connection, period: Period, cfg: MdmConfig, execute: bool) -> MdmResult:
    result = MdmResult("sync", period.key, dry_run=not execute)
    check_order(conn, period)
    sync_month(conn, period, cfg, result, execute)
    return result


def run_snapshot(conn: Connection, period: Period, execute: bool) -> MdmResult:
    result = MdmResult("snapshot", period.key, dry_run=not execute)
    snapshot_month(conn, period, result, execute)
    return result


def run_init_year(conn: Connection, y: int, cfg: MdmConfig, execute: bool) -> MdmResult:
    year.check_year(y)
    result = MdmResult("init-year", f"{y}01", dry_run=not execute)
    upgrades = year.plan_init_year(conn, y, cfg)
    result.add({"init_year_upgraded": len(upgrades)})
    if execute:
        year.apply_init_year(conn, upgrades)
    return result


def run_cutover(conn: Connection, y: int, cfg: MdmConfig, execute: bool) -> MdmResult:
    result = MdmResult("cutover", f"{y}01", dry_run=not execute)
    closing, opening = year.plan_cutover(conn, y, cfg)
    result.add({"contracts_closed": len(closing), "contracts_opened": len(opening)})
    if execute:
        year.apply_cutover(conn, y, closing, opening)
    return result


def cutover_years(conn: Connection) -> set[int]:
    stmt = sa.select(etl_run.c.period).where(
        etl_run.c.domain == STEP, etl_run.c.status == "ok", etl_run.c.mode == "cutover"
    )
    return {int(p[:4]) for (p,) in conn.execute(stmt)}


def run_rebuild(conn: Connection, first: Period, cfg: MdmConfig, execute: bool) -> MdmResult:
    """Delete what was derived from P on, reopen what it closed, replay P … the latest
    loaded month in order (with any cutover recorded for a January on the way)."""
    result = MdmResult("rebuild", first.key, dry_run=not execute)
    last = facts.latest_fact_month(conn)
    synced = latest_synced(conn)
    last = max(p for p in (last, synced, first) if p is not None)
    boundary = month_end(shift(first, -1).first_day)
    cut = cutover_years(conn)
    later = contracts.c.valid_from > boundary
    closed_later = (contracts.c.valid_to > boundary) & (contracts.c.valid_to != store.OPEN_END) & ~later
    if not execute:  # what the rebuild would undo, and the months it would replay
        count = sa.select(sa.func.count()).select_from(contracts)
        result.add(
            {
                "rows_removed": int(conn.execute(count.where(later)).scalar() or 0),
                "rows_reopened": int(conn.execute(count.where(closed_later)).scalar() or 0),
            }
        )
        result.periods = _months(first, last)
        result.period = last.key
        return result
    removed = conn.execute(sa.delete(contracts).where(later)).rowcount or 0
    reopened = conn.execute(sa.update(contracts).where(closed_later).values(valid_to=store.OPEN_END)).rowcount or 0
    snapshots.delete_from(conn, month_end(first.first_day))
    result.add({"rows_removed": int(removed), "rows_reopened": int(reopened)})
    period = first
    while period <= last:
        if period.month == 1 and period.year in cut:
            result.add({f"cutover_{k}": v for k, v in run_cutover(conn, period.year, cfg, True).counts.items()})
        plan = sync_month(conn, period, cfg, result, True)
        snapshot_month(conn, period, result, True, plan)
        result.periods.append(period.key)
        period = shift(period, 1)
    result.period = last.key
    return result


def _months(first: Period, last: Period) -> list[str]:
    out, period = [], first
    while period <= last:
        out.append(period.key)
        period = shift(period, 1)
    return out


def run_validate(conn: Connection, y: int | None, cfg: MdmConfig) -> MdmResult:
    """Shares of strategic and existing among current contracts (of status_year Y)."""
    result = MdmResult("validate", f"{y}01" if y else "", dry_run=True)
    where = contracts.c.valid_to == store.OPEN_END
    if y is not None:
        year.check_year(y)
        where = where & (contracts.c.status_year == y)
    stmt = sa.select(
        sa.func.count(),
        sa.func.coalesce(sa.func.sum(contracts.c.is_strategic), 0),
        sa.func.coalesce(sa.func.sum(contracts.c.is_existing), 0),
    ).where(where)
    total, strategic, existing = conn.execute(stmt).one()
    low, high = cfg.validate_.strategic_share
    s_share = strategic / total if total else 0.0
    e_share = existing / total if total else 0.0
    result.figures = {
        "current_contracts": int(total),
        "strategic": int(strategic),
        "existing": int(existing),
        "strategic_share": round(s_share, 4),
        "existing_share": round(e_share, 4),
        "strategic_share_bounds": [low, high],
        "existing_share_min": cfg.validate_.existing_share_min,
    }
    problems = []
    if not low <= s_share <= high:
        problems.append(f"strategic share {s_share:.2%} outside {low:.0%}–{high:.0%}")
    if e_share < cfg.validate_.existing_share_min:
        problems.append(f"existing share {e_share:.2%} below {cfg.validate_.existing_share_min:.0%}")
    if problems:
        result.status, result.error = "failed", "; ".join(problems)
    return result
