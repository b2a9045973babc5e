"""The monthly snapshots (spec §3) at product-line and plan grain, built from the
contract rows valid at the month's end and the month's AUM; a month's rows are replaced
(delete + insert) in the caller's transaction."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.customer_mdm import bulk, facts
from work_data_hub.core.customer_mdm import contracts as store
from work_data_hub.core.customer_mdm.facts import KEY, month_end
from work_data_hub.core.customer_mdm.tables import plan_snapshots, product_line_snapshots
from work_data_hub.core.customer_mdm.whitelist import totals
from work_data_hub.core.period import Period

LINE = ["company_id", "product_line_code"]


@dataclass
class Snapshots:
    month: dt.date
    product_lines: pd.DataFrame
    plans: pd.DataFrame

    def counts(self) -> dict[str, int]:
        return {"snapshot_product_line_rows": len(self.product_lines), "snapshot_plan_rows": len(self.plans)}


def _member(frame: pd.DataFrame, keys: pd.DataFrame, on: list[str]) -> pd.Series:
    if keys.empty or frame.empty:
        return pd.Series(0, index=frame.index, dtype=int)
    marks = keys[on].dropna().drop_duplicates().assign(_hit=1)
    return frame[on].merge(marks, on=on, how="left")["_hit"].fillna(0).astype(int).set_axis(frame.index)


def build(
    conn: Connection, period: Period, rows: pd.DataFrame | None = None, aum: pd.DataFrame | None = None
) -> Snapshots:
    """``rows``: the contract rows valid at the month's end (read when not given: a dry
    run passes the rows its sync would leave)."""
    end = month_end(period.first_day)
    valid = store.valid_on(conn, end) if rows is None else rows
    if aum is None:
        aum = totals(facts.aum_by_branch(conn, period.first_day))
    plans = valid[
        [*KEY, "customer_name", "plan_name", "product_line_name", "contract_status", "is_strategic", "is_existing"]
    ]
    plans = plans.merge(aum, on=KEY, how="left")
    plans["aum_balance"] = plans["aum"].fillna(0).astype("int64")  # cents
    awards = facts.ledger_keys(conn, facts.AWARD, period.year, period.first_day)
    losses = facts.ledger_keys(conn, facts.LOSS, period.year, period.first_day)
    plans["is_churned_this_year"] = _member(plans, losses, ["company_id", "plan_code"])
    plan_out = plans[
        [
            *KEY,
            "customer_name",
            "plan_name",
            "product_line_name",
            "is_churned_this_year",
            "contract_status",
            "aum_balance",
        ]
    ].assign(snapshot_month=end)
    lines = (
        plans.assign(
            is_strategic=plans["is_strategic"].fillna(0).astype(int),
            is_existing=plans["is_existing"].fillna(0).astype(int),
        )
        .groupby(LINE, as_index=False, sort=True)
        .agg(
            customer_name=("customer_name", "max"),
            product_line_name=("product_line_name", "max"),
            is_strategic=("is_strategic", "max"),
            is_existing=("is_existing", "max"),
            aum_balance=("aum_balance", "sum"),
            plan_count=("plan_code", "nunique"),
        )
    )
    lines["is_winning_this_year"] = _member(lines, awards, LINE)
    lines["is_loss_reported"] = _member(lines, losses, LINE)
    # Spec §3 defines both against the loss ledger the same way.
    lines["is_churned_this_year"] = lines["is_loss_reported"]
    lines["is_new"] = ((lines["is_winning_this_year"] == 1) & (lines["is_existing"] == 0)).astype(int)
    lines["snapshot_month"] = end
    return Snapshots(end, lines, plan_out.sort_values(KEY, ignore_index=True))


def write(conn: Connection, snap: Snapshots) -> None:
    for table, frame in ((product_line_snapshots, snap.product_lines), (plan_snapshots, snap.plans)):
        conn.execute(sa.delete(table).where(table.c.snapshot_month == snap.month))
        if not frame.empty:
            bulk.insert(conn, table, frame[[c.name for c in table.columns]], money=("aum_balance",))


def delete_from(conn: Connection, first: dt.date) -> None:
    for table in (product_line_snapshots, plan_snapshots):
        conn.execute(sa.delete(table).where(table.c.snapshot_month >= first))
