"""The year boundary: initialisation after a January sync (spec §2.3, in place, upgrades
only) and the annual cutover (spec §2.2, closes every current row and opens the year)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.customer_mdm import contracts as store
from work_data_hub.core.customer_mdm import facts
from work_data_hub.core.customer_mdm.config import MdmConfig
from work_data_hub.core.customer_mdm.facts import KEY
from work_data_hub.core.customer_mdm.tables import contracts
from work_data_hub.core.customer_mdm.whitelist import NORMAL, existing, strategic, totals, with_names
from work_data_hub.core.errors import UsageError
from work_data_hub.core.period import Period

FIRST_YEAR, LAST_YEAR = 2020, 2050


def check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise UsageError(f"year {year} out of range: expected {FIRST_YEAR}–{LAST_YEAR}")


def _december(conn: Connection, year: int, cfg: MdmConfig) -> tuple[pd.DataFrame, pd.DataFrame]:
    """KEY of December Y−1's contracts with AUM, and the December whitelist."""
    dec = facts.aum_by_branch(conn, Period(year - 1, 12).first_day)
    wl = strategic(dec, cfg)
    return existing(dec), wl.loc[wl["is_strategic"] == 1, KEY]


def plan_init_year(conn: Connection, year: int, cfg: MdmConfig) -> pd.DataFrame:
    """contract_id, is_strategic, is_existing of the current rows to upgrade."""
    with_aum, whitelisted = _december(conn, year, cfg)
    cur = store.current(conn)
    if cur.empty:
        return pd.DataFrame(columns=["contract_id", "is_strategic", "is_existing"])
    up_s = cur[KEY].merge(whitelisted.assign(_s=1), on=KEY, how="left")["_s"].fillna(0).astype(int).to_numpy()
    up_e = cur[KEY].merge(with_aum.assign(_e=1), on=KEY, how="left")["_e"].fillna(0).astype(int).to_numpy()
    out = cur[["contract_id"]].copy()
    out["is_strategic"] = cur["is_strategic"].fillna(0).astype(int).to_numpy() | up_s
    out["is_existing"] = cur["is_existing"].fillna(0).astype(int).to_numpy() | up_e
    changed = (out["is_strategic"] != cur["is_strategic"].fillna(0).astype(int)) | (
        out["is_existing"] != cur["is_existing"].fillna(0).astype(int)
    )
    return out[changed].astype(int)


def apply_init_year(conn: Connection, upgrades: pd.DataFrame) -> int:
    return store.update(conn, upgrades, ["is_strategic", "is_existing"])


def plan_cutover(conn: Connection, year: int, cfg: MdmConfig) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(current rows to close, rows to open on Y-01-01)."""
    check_year(year)
    start = dt.date(year, 1, 1)
    later = conn.execute(sa.select(sa.func.count()).where(contracts.c.valid_from >= start)).scalar() or 0
    if later:
        raise UsageError(
            f"cutover {year}: the contract table already holds {later} rows valid from {start} or later "
            f"(a cutover or sync of {year} ran): rebuild from {year}01 to start the year again"
        )
    with_aum, whitelisted = _december(conn, year, cfg)
    cur = store.current(conn)
    opened = with_aum.merge(whitelisted.assign(is_strategic=1), on=KEY, how="left")
    opened["is_strategic"] = opened["is_strategic"].fillna(0).astype(int)
    carried = cur[[*KEY, "customer_name", "plan_name", "product_line_name"]].drop_duplicates(KEY)
    opened = opened.merge(carried, on=KEY, how="left")
    missing = opened["customer_name"].isna() & opened["plan_name"].isna() & opened["product_line_name"].isna()
    if missing.any():  # a December contract never synced: names as a sync would give them
        dec = facts.month_names(conn, Period(year - 1, 12).first_day)
        named = with_names(conn, opened.loc[missing, KEY], dec)
        opened.loc[missing, ["customer_name", "plan_name", "product_line_name"]] = named[
            ["customer_name", "plan_name", "product_line_name"]
        ].to_numpy()
    opened["is_existing"] = 1
    opened["contract_status"] = NORMAL
    opened["status_year"] = year
    opened["valid_from"] = start
    opened["valid_to"] = store.OPEN_END
    return cur, opened[store.VALUES].sort_values(KEY, ignore_index=True)


def apply_cutover(conn: Connection, year: int, closing: pd.DataFrame, opening: pd.DataFrame) -> None:
    store.close(conn, closing["contract_id"].tolist(), dt.date(year, 1, 1))
    store.insert(conn, opening)


__all__ = ["apply_cutover", "apply_init_year", "check_year", "plan_cutover", "plan_init_year", "totals"]
