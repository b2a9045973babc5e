"""Refresh scopes: which stored rows a load replaces.

- ``period``: every row of the period (monthly facts; never depends on nullable columns,
  so a corrected workbook that drops a group leaves nothing stale);
- ``groups``: the rows whose group-column values occur in the new rows (cumulative
  ledgers: (上报月份, 业务类型); supplements: (业务类型, 计划类型) within the period),
  NULL matching NULL;
- ``append``: nothing is deleted (supplement append).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.cleansing.exact import as_float
from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.load.loader import insert_frame
from work_data_hub.core.load.tables import fact_table
from work_data_hub.core.period import Period

ScopeKind = Literal["period", "groups", "append"]


@dataclass(frozen=True)
class Scope:
    kind: ScopeKind
    group_columns: tuple[str, ...] = ()
    within_period: bool = True

    @property
    def ledger_mode(self) -> str:
        return self.kind


def _group_values(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[tuple[object, ...]]:
    distinct = frame[list(columns)].drop_duplicates()
    rows = distinct.astype(object).where(distinct.notna(), None).itertuples(index=False, name=None)
    return [tuple(_plain(v) for v in row) for row in rows]


def _plain(value: object) -> object:
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value


def _where(spec: DomainSpec, scope: Scope, frame: pd.DataFrame, period: Period) -> sa.ColumnElement[bool] | None:
    table = fact_table(spec)
    conditions: list[sa.ColumnElement[bool]] = []
    if scope.within_period:
        conditions.append(table.c[spec.period_column] == period.first_day)
    if scope.kind == "groups":
        groups = _group_values(frame, scope.group_columns)
        if not groups:
            return None
        alternatives = [
            sa.and_(
                *(
                    table.c[c].is_(None) if v is None else table.c[c] == v
                    for c, v in zip(scope.group_columns, g, strict=True)
                )
            )
            for g in groups
        ]
        conditions.append(sa.or_(*alternatives))
    return sa.and_(*conditions)


def count_scope(conn: Connection, spec: DomainSpec, scope: Scope, frame: pd.DataFrame, period: Period) -> int:
    if scope.kind == "append":
        return 0
    where = _where(spec, scope, frame, period)
    if where is None:
        return 0
    table = fact_table(spec)
    return int(conn.execute(sa.select(sa.func.count()).select_from(table).where(where)).scalar_one())


def replace_scope(
    conn: Connection, spec: DomainSpec, scope: Scope, frame: pd.DataFrame, period: Period
) -> tuple[int, int]:
    """Delete the scope's stored rows and insert ``frame``; returns (deleted, inserted)."""
    deleted = 0
    if scope.kind != "append":
        where = _where(spec, scope, frame, period)
        if where is not None:
            deleted = int(conn.execute(sa.delete(fact_table(spec)).where(where)).rowcount)
    return deleted, insert_frame(conn, spec, frame)


def count_existing(conn: Connection, spec: DomainSpec, frame: pd.DataFrame, period: Period) -> int:
    """Rows of ``frame`` identical in every business column to a stored row of the period
    (reported by supplement append so an accidental double load is visible)."""
    if frame.empty:
        return 0
    table = fact_table(spec)
    stmt = sa.select(*(table.c[c] for c in spec.column_names)).where(table.c[spec.period_column] == period.first_day)
    stored = pd.DataFrame(conn.execute(stmt).fetchall(), columns=spec.column_names)
    if stored.empty:
        return 0
    left = _comparable(frame[spec.column_names], spec)
    right = _comparable(stored, spec).drop_duplicates()
    return int(left.merge(right, how="inner", on=spec.column_names).shape[0])


def _comparable(frame: pd.DataFrame, spec: DomainSpec) -> pd.DataFrame:
    out = pd.DataFrame(index=frame.index)
    for c in spec.columns:
        col = frame[c.name]
        if c.is_date:
            out[c.name] = pd.to_datetime(col).dt.strftime("%Y-%m-%d")
        elif c.type == "numeric":
            # Decimals, ints and text from the backends: compare every amount as a float.
            out[c.name] = as_float(col).round((c.precision or (18, 4))[1])
        else:
            out[c.name] = col.astype("str")
    return out.fillna("\x00").astype(str)


def stored_groups(
    conn: Connection, spec: DomainSpec, columns: tuple[str, ...], start: object, end: object
) -> pd.DataFrame:
    """Row counts of the stored groups whose period value lies in [start, end]."""
    table = fact_table(spec)
    period = table.c[spec.period_column]
    cols = [table.c[c] for c in columns]
    stmt = sa.select(*cols, sa.func.count().label("rows")).where(period >= start, period <= end).group_by(*cols)
    return pd.DataFrame(conn.execute(stmt).fetchall(), columns=[*columns, "rows"])


def scope_totals(
    conn: Connection, spec: DomainSpec, scope: Scope, frame: pd.DataFrame, period: Period, measure: str
) -> tuple[int, object]:
    """Rows stored in the scope and the sum of ``measure`` over them (None when no row has
    one): what a load is verified against."""
    where = _where(spec, scope, frame, period) if scope.kind != "append" else None
    if where is None:
        return 0, None
    table = fact_table(spec)
    query = sa.select(sa.func.count(), sa.func.sum(table.c[measure])).select_from(table).where(where)
    count, total = conn.execute(query).one()
    return int(count), total
