"""The month's figures per contract: AUM, the strategic whitelist, existing, status and
names — all vectorised over the month's facts (spec §2.1)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.engine import Connection

from work_data_hub.core.customer_mdm import facts
from work_data_hub.core.customer_mdm.config import MdmConfig
from work_data_hub.core.customer_mdm.facts import KEY
from work_data_hub.core.period import Period

NORMAL, LAPSED = "正常", "停缴"


def totals(by_branch: pd.DataFrame) -> pd.DataFrame:
    """AUM per contract, summed as Decimal."""
    if by_branch.empty:
        return pd.DataFrame(columns=[*KEY, "aum"])
    summed = by_branch.astype({"aum": "int64"}).groupby(KEY, as_index=False, sort=True)["aum"].sum()
    return pd.DataFrame(summed)


def strategic(by_branch: pd.DataFrame, cfg: MdmConfig) -> pd.DataFrame:
    """KEY + is_strategic: among the top N of its (branch, product line) by AUM (ties
    broken by the key, so the result never depends on row order), or AUM at least the
    threshold. A contract without AUM is never strategic."""
    if by_branch.empty:
        return pd.DataFrame(columns=[*KEY, "is_strategic"])
    ranked = by_branch.assign(_aum=by_branch["aum"].astype("int64")).sort_values(
        ["branch", "product_line_code", "_aum", *KEY], ascending=[True, True, False, True, True, True]
    )
    ranked["_top"] = (ranked.groupby(["branch", "product_line_code"]).cumcount() < cfg.whitelist_top_n) & (
        ranked["_aum"] > 0
    )
    out = ranked.groupby(KEY, as_index=False, sort=True).agg(_top=("_top", "any"), _total=("_aum", "sum"))
    out["is_strategic"] = (out["_top"] | (out["_total"] >= int(cfg.strategic_threshold * 100))).astype(int)
    return out[[*KEY, "is_strategic"]]


def existing(december: pd.DataFrame) -> pd.DataFrame:
    """KEY of the contracts with AUM in December of the previous year."""
    dec = totals(december)
    return dec.loc[dec["aum"] > 0, KEY]


def month_state(conn: Connection, period: Period, cfg: MdmConfig) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every contract of month P (aum, contract_status, is_existing, is_strategic, names),
    and the month's AUM per contract (which the snapshot reuses)."""
    by_branch = facts.aum_by_branch(conn, period.first_day)
    month = totals(by_branch)
    if month.empty:
        return pd.DataFrame(columns=[*KEY, "aum"]), month
    paid = facts.contributions(conn, period)
    december = facts.aum_by_branch(conn, Period(period.year - 1, 12).first_day)
    out = month.merge(paid, on=KEY, how="left").merge(strategic(by_branch, cfg), on=KEY, how="left")
    active = (out["aum"] > 0) & (out["contributions"].fillna(0).astype("int64") > 0)
    out["contract_status"] = active.map({True: NORMAL, False: LAPSED})
    ex = existing(december).assign(is_existing=1)
    out = out.merge(ex, on=KEY, how="left")
    out["is_existing"] = out["is_existing"].fillna(0).astype(int)
    out["is_strategic"] = out["is_strategic"].fillna(0).astype(int)
    return with_names(conn, out, facts.month_names(conn, period.first_day)), month


def with_names(conn: Connection, frame: pd.DataFrame, fact_names: pd.DataFrame) -> pd.DataFrame:
    """Names from 客户明细 / 年金计划 / 产品线, else what the facts carry (业务类型 for the
    product line)."""
    customers, plans, lines = facts.reference_names(conn)
    out = frame.merge(fact_names, on=KEY, how="left")
    out = out.merge(customers, on="company_id", how="left").merge(plans, on="plan_code", how="left")
    out = out.merge(lines, on="product_line_code", how="left")
    out["customer_name"] = out["ref_customer_name"].fillna(out["fact_customer_name"])
    out["plan_name"] = out["ref_plan_name"].fillna(out["fact_plan_name"])
    out["product_line_name"] = out["ref_pl_name"].fillna(out["business_type"])
    return out.drop(
        columns=[
            "ref_customer_name",
            "fact_customer_name",
            "ref_plan_name",
            "fact_plan_name",
            "ref_pl_name",
            "business_type",
        ]
    )
