"""Back-patching (spec §7): when the queue replaces a temporary id by the real one in the
facts, the contract and snapshot rows of that id move to the real id in the same
transaction. Where the real id already has rows for the same key they merge: flags
OR-ed, the earliest valid_from wins (contracts), balances added (snapshots)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.customer_mdm import contracts as store
from work_data_hub.core.customer_mdm.tables import contracts, plan_snapshots, product_line_snapshots
from work_data_hub.core.load.introspect import has_table

PLAN_KEY = ["plan_code", "product_line_code"]


def _read(conn: Connection, table: sa.Table, ids: list[str]) -> pd.DataFrame:
    rows = conn.execute(sa.select(table).where(table.c.company_id.in_(ids))).fetchall()
    return pd.DataFrame(rows, columns=[c.name for c in table.columns])


def _replace(conn: Connection, table: sa.Table, ids: list[str], frame: pd.DataFrame, columns: list[str]) -> None:
    conn.execute(sa.delete(table).where(table.c.company_id.in_(ids)))
    if not frame.empty:
        conn.execute(sa.insert(table), store.records(frame[columns]))


def _contracts(conn: Connection, temp_id: str, company_id: str) -> int:
    rows = _read(conn, contracts, [temp_id, company_id])
    temp = rows[rows["company_id"] == temp_id]
    if temp.empty:
        return 0
    real = rows[rows["company_id"] == company_id]
    clash = temp[PLAN_KEY].merge(real[PLAN_KEY].drop_duplicates(), on=PLAN_KEY)
    hit = temp[PLAN_KEY].merge(clash.drop_duplicates().assign(_c=1), on=PLAN_KEY, how="left")["_c"].notna().to_numpy()
    moved = temp[~hit].assign(company_id=company_id)
    real = real.copy()
    real["valid_from"] = real["valid_from"].map(store.as_date)
    real["valid_to"] = real["valid_to"].map(store.as_date)
    folded = temp[hit].copy()
    if not folded.empty:
        folded["valid_from"] = folded["valid_from"].map(store.as_date)
        firsts = folded.groupby(PLAN_KEY, as_index=False).agg(
            _from=("valid_from", "min"), _s=("is_strategic", "max"), _e=("is_existing", "max")
        )
        real = real.merge(firsts, on=PLAN_KEY, how="left")
        is_current = (real["valid_to"] == store.OPEN_END) & real["_from"].notna()
        real.loc[is_current, "is_strategic"] = real.loc[is_current, ["is_strategic", "_s"]].fillna(0).max(axis=1)
        real.loc[is_current, "is_existing"] = real.loc[is_current, ["is_existing", "_e"]].fillna(0).max(axis=1)
        # The earliest valid_from wins where the real id has no older history of the key.
        only = real.groupby(PLAN_KEY)["contract_id"].transform("count") == 1
        earlier = is_current & only & (real["_from"] < real["valid_from"])
        real.loc[earlier, "valid_from"] = real.loc[earlier, "_from"]
        real = real.drop(columns=["_from", "_s", "_e"])
    merged = pd.concat([real, moved], ignore_index=True)
    for flag in ("is_strategic", "is_existing"):
        merged[flag] = merged[flag].astype("Int64")
    _replace(conn, contracts, [temp_id, company_id], merged.sort_values("contract_id"), store.VALUES)
    return len(temp)


def _snapshots(conn: Connection, table: sa.Table, key: list[str], temp_id: str, company_id: str) -> int:
    rows = _read(conn, table, [temp_id, company_id])
    moved = int((rows["company_id"] == temp_id).sum())
    if not moved:
        return 0
    rows["_real"] = rows["company_id"] == company_id
    rows["company_id"] = company_id
    flags = [c for c in rows.columns if c.startswith("is_")]
    rows = rows.sort_values("_real", ascending=False)  # the real id's names first
    agg: dict[str, Any] = {c: "first" for c in rows.columns if c not in (*key, "_real", *flags, "aum_balance")}
    agg |= {c: "max" for c in flags}
    agg["aum_balance"] = lambda s: sum((Decimal(v) for v in s), Decimal(0))
    if "plan_count" in rows.columns:
        agg["plan_count"] = "max"  # recounted from the plan grain afterwards
    merged = rows.groupby(key, as_index=False, sort=True).agg(agg)
    if "is_new" in merged.columns:
        merged["is_new"] = ((merged["is_winning_this_year"] == 1) & (merged["is_existing"] == 0)).astype(int)
    _replace(conn, table, [temp_id, company_id], merged, [c.name for c in table.columns])
    return moved


def rekey(conn: Connection, temp_id: str, company_id: str) -> dict[str, int]:
    if not has_table(conn, contracts):
        return {}
    counts = {
        "customer.客户年金计划": _contracts(conn, temp_id, company_id),
        "customer.客户业务月度快照": _snapshots(
            conn, product_line_snapshots, ["snapshot_month", "company_id", "product_line_code"], temp_id, company_id
        ),
        "customer.客户计划月度快照": _snapshots(
            conn,
            plan_snapshots,
            ["snapshot_month", "company_id", "plan_code", "product_line_code"],
            temp_id,
            company_id,
        ),
    }
    if counts["customer.客户业务月度快照"]:
        _recount_plans(conn, company_id)
    return {k: v for k, v in counts.items() if v}


def _recount_plans(conn: Connection, company_id: str) -> None:
    """Two ids may have held the same plan: the merged plan count is the distinct plans."""
    line, plan = product_line_snapshots, plan_snapshots
    distinct = (
        sa.select(sa.func.count(sa.distinct(plan.c.plan_code)))
        .where(
            plan.c.snapshot_month == line.c.snapshot_month,
            plan.c.company_id == line.c.company_id,
            plan.c.product_line_code == line.c.product_line_code,
        )
        .scalar_subquery()
    )
    conn.execute(sa.update(line).where(line.c.company_id == company_id).values(plan_count=distinct))
