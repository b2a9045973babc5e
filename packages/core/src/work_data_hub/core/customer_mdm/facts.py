"""What the customer master reads from the warehouse, aggregated in SQL: per contract
(company_id, plan_code, product_line_code) the month's AUM, the twelve months'
contributions, December's AUM, and the names. Sums stay Decimal (money)."""

from __future__ import annotations

import calendar
import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.customer_mdm import bulk
from work_data_hub.core.domains import registry
from work_data_hub.core.load.tables import fact_table
from work_data_hub.core.period import Period
from work_data_hub.core.reference import tables as ref

KEY = ["company_id", "plan_code", "product_line_code"]
# The domains whose tables the customer master reads (spec §1).
PERFORMANCE, AWARD, LOSS = "annuity_performance", "annual_award", "annual_loss"


def month_end(day: dt.date) -> dt.date:
    return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])


def shift(period: Period, months: int) -> Period:
    index = period.year * 12 + period.month - 1 + months
    return Period(index // 12, index % 12 + 1)


def table(domain: str) -> sa.Table:
    return fact_table(registry.get_domain(domain))


def _money(expr: sa.ColumnElement) -> sa.ColumnElement:  # type: ignore[type-arg]
    """SUM in integer cents: exact in pandas and summed there without Python objects."""
    return sa.cast(sa.func.round(sa.func.coalesce(sa.func.sum(expr), 0) * 100), sa.BigInteger)


def _cid(column: sa.ColumnElement) -> sa.ColumnElement:  # type: ignore[type-arg]
    # An empty company_id is a contract like any other (spec §1); the key column is NOT NULL.
    return _blank(column).label("company_id")


def _blank(column: sa.ColumnElement) -> sa.ColumnElement:  # type: ignore[type-arg]
    # A literal, not a bind parameter: PostgreSQL must see the same expression in GROUP BY.
    return sa.func.coalesce(column, sa.literal_column("''"))


def _frame(conn: Connection, stmt: sa.Select, columns: list[str]) -> pd.DataFrame:  # type: ignore[type-arg]
    return bulk.frame(conn, stmt, columns)


def aum_by_branch(conn: Connection, month: dt.date) -> pd.DataFrame:
    """The month's AUM per contract and branch (the whitelist ranks within a branch)."""
    t = table(PERFORMANCE)
    stmt = (
        sa.select(
            _cid(t.c.company_id),
            t.c["计划代码"],
            t.c["产品线代码"],
            t.c["机构代码"],
            _money(t.c["期末资产规模"]),
        )
        .where(t.c["月度"] == month, t.c["产品线代码"].is_not(None))
        .group_by(_blank(t.c.company_id), t.c["计划代码"], t.c["产品线代码"], t.c["机构代码"])
    )
    return _frame(conn, stmt, [*KEY, "branch", "aum"])


def month_names(conn: Connection, month: dt.date) -> pd.DataFrame:
    """Per contract of the month: the names the facts carry (fallbacks for the reference names)."""
    t = table(PERFORMANCE)
    stmt = (
        sa.select(
            _cid(t.c.company_id),
            t.c["计划代码"],
            t.c["产品线代码"],
            sa.func.max(t.c["客户名称"]),
            sa.func.max(t.c["计划名称"]),
            sa.func.max(t.c["业务类型"]),
        )
        .where(t.c["月度"] == month, t.c["产品线代码"].is_not(None))
        .group_by(_blank(t.c.company_id), t.c["计划代码"], t.c["产品线代码"])
    )
    return _frame(conn, stmt, [*KEY, "fact_customer_name", "fact_plan_name", "business_type"])


def contributions(conn: Connection, period: Period) -> pd.DataFrame:
    """SUM(供款) over the twelve months P−11 … P per contract."""
    t = table(PERFORMANCE)
    stmt = (
        sa.select(_cid(t.c.company_id), t.c["计划代码"], t.c["产品线代码"], _money(t.c["供款"]))
        .where(
            t.c["月度"] >= shift(period, -11).first_day,
            t.c["月度"] <= period.first_day,
            t.c["产品线代码"].is_not(None),
        )
        .group_by(_blank(t.c.company_id), t.c["计划代码"], t.c["产品线代码"])
    )
    return _frame(conn, stmt, [*KEY, "contributions"])


def reference_names(conn: Connection) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """客户明细 names by company_id, 年金计划 全称 by plan code, 产品线 names by code."""
    customers = _frame(
        conn, sa.select(ref.customers.c.company_id, ref.customers.c["客户名称"]), ["company_id", "ref_customer_name"]
    )
    plans = _frame(conn, sa.select(ref.plans.c["年金计划号"], ref.plans.c["计划全称"]), ["plan_code", "ref_plan_name"])
    lines = _frame(
        conn,
        sa.select(ref.product_lines.c["产品线代码"], ref.product_lines.c["产品线"]),
        ["product_line_code", "ref_pl_name"],
    )
    return customers, plans, lines


def latest_fact_month(conn: Connection) -> Period | None:
    t = table(PERFORMANCE)
    latest = conn.execute(sa.select(sa.func.max(t.c["月度"]))).scalar()
    if latest is None:
        return None
    day = latest if isinstance(latest, dt.date) else dt.date.fromisoformat(str(latest)[:10])
    return Period(day.year, day.month)


def ledger_keys(conn: Connection, domain: str, year: int, upto: dt.date) -> pd.DataFrame:
    """Distinct (company_id, 产品线代码, 年金计划号) of a ledger's rows reported in the year
    up to the month: a snapshot of an old month must not see later months' reports."""
    t = table(domain)
    stmt = (
        sa.select(t.c.company_id, t.c["产品线代码"], t.c["年金计划号"])
        .where(t.c["上报月份"] >= dt.date(year, 1, 1), t.c["上报月份"] <= upto, t.c.company_id.is_not(None))
        .distinct()
    )
    return _frame(conn, stmt, ["company_id", "product_line_code", "plan_code"])
