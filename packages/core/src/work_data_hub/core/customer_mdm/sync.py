"""The monthly SCD2 sync (spec §2.1): close the current rows whose status, existing flag
or strategic flag (FALSE → TRUE only: the ratchet) changed, insert a row for every
contract of the month without a current one. Computed as frame operations, applied as
three bulk statements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.engine import Connection

from work_data_hub.core.customer_mdm import contracts as store
from work_data_hub.core.customer_mdm.config import MdmConfig
from work_data_hub.core.customer_mdm.facts import KEY, month_end
from work_data_hub.core.customer_mdm.whitelist import month_state
from work_data_hub.core.period import Period

NAMES = ["customer_name", "plan_name", "product_line_name"]
FLAGS = ["contract_status", "is_existing", "is_strategic"]


@dataclass
class SyncPlan:
    period: Period
    close_ids: list[int] = field(default_factory=list)
    inserts: pd.DataFrame = field(default_factory=pd.DataFrame)
    # Rows opened on this very day (a re-run of the month after a reload): changed in place,
    # since a second row with the same valid_from would break the contract key.
    in_place: pd.DataFrame = field(default_factory=pd.DataFrame)
    renamed: pd.DataFrame = field(default_factory=pd.DataFrame)
    new_contracts: int = 0
    aum: pd.DataFrame | None = None  # the month's AUM per contract (cents)

    @property
    def opened(self) -> int:
        return len(self.inserts)

    @property
    def closed(self) -> int:
        return len(self.close_ids)

    def counts(self) -> dict[str, int]:
        return {
            "contracts_opened": self.opened,
            "contracts_closed": self.closed,
            "new_contracts": self.new_contracts,
            "changed_in_place": len(self.in_place),
            "names_refreshed": len(self.renamed),
        }


def plan_sync(conn: Connection, period: Period, cfg: MdmConfig) -> SyncPlan:
    end = month_end(period.first_day)
    month, aum = month_state(conn, period, cfg)
    plan = SyncPlan(period, aum=aum)
    if month.empty:
        return plan
    cur = store.current(conn)
    merged = month.merge(cur, on=KEY, how="left", suffixes=("", "_cur"), indicator=True)
    fresh = merged["_merge"] == "left_only"
    held = merged[~fresh].copy()
    held["is_strategic"] = (held["is_strategic"].astype(int) | held["is_strategic_cur"].fillna(0).astype(int)) & 1
    changed = (
        (held["contract_status"] != held["contract_status_cur"])
        | (held["is_existing"].astype(int) != held["is_existing_cur"].fillna(0).astype(int))
        | (held["is_strategic"].astype(int) != held["is_strategic_cur"].fillna(0).astype(int))
    )
    same_day = held["valid_from"] == end
    plan.in_place = held.loc[changed & same_day, ["contract_id", *FLAGS]].astype({"contract_id": int})
    replaced = held[changed & ~same_day]
    plan.close_ids = replaced["contract_id"].astype(int).tolist()
    renamed = ~changed & _names_differ(held)
    plan.renamed = held.loc[renamed, ["contract_id", *NAMES]].astype({"contract_id": int})
    new_rows = pd.concat([merged[fresh], replaced], ignore_index=True)
    plan.new_contracts = int(fresh.sum())
    plan.inserts = _rows(new_rows, period, end)
    return plan


def _names_differ(held: pd.DataFrame) -> pd.Series:
    differ = pd.Series(False, index=held.index)
    for name in NAMES:
        new, old = held[name].astype("string"), held[f"{name}_cur"].astype("string")
        differ |= (new.fillna("\0") != old.fillna("\0")) & new.notna()
    return differ


def _rows(frame: pd.DataFrame, period: Period, start: dt.date) -> pd.DataFrame:
    out = frame[[*KEY, *NAMES, *FLAGS]].copy()
    out["is_existing"] = out["is_existing"].astype(int)
    out["is_strategic"] = out["is_strategic"].astype(int)
    out["status_year"] = period.year
    out["valid_from"] = start
    out["valid_to"] = store.OPEN_END
    return out[store.VALUES].sort_values(KEY, ignore_index=True)


def apply_sync(conn: Connection, plan: SyncPlan) -> None:
    end = month_end(plan.period.first_day)
    store.close(conn, plan.close_ids, end)
    store.update(conn, plan.in_place, FLAGS)
    store.update(conn, plan.renamed, NAMES)
    store.insert(conn, plan.inserts)
