"""The legacy MySQL warehouse, only ever read: every session is READ ONLY on the server's
side, so not even a bug of ours can write to it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import URL, make_url

from work_data_hub.core.errors import DatabaseUnavailable, UsageError
from work_data_hub.core.legacy.declaration import LegacyTable
from work_data_hub.core.legacy.months import period_key
from work_data_hub.core.load.database import mask_url
from work_data_hub.core.read.cells import stripped
from work_data_hub.core.read.workbook import ROW_NUMBER

MYSQL_BACKENDS = ("mysql", "mariadb")


@dataclass
class MonthTotal:
    """A legacy table's rows of one month: how many, the sum of the measure, and the raw
    month values (one month may be spelled several ways in one table)."""

    rows: int = 0
    measure_sum: Decimal | None = None
    raw_values: list[object] = field(default_factory=list)

    def add(self, raw: object, rows: int, measure_sum: object) -> None:
        self.rows += rows
        self.raw_values.append(raw)
        if measure_sum is not None:
            self.measure_sum = (self.measure_sum or Decimal(0)) + Decimal(str(measure_sum))


@dataclass
class Totals:
    months: dict[str, MonthTotal]
    unplaced: dict[str, int]  # month values that name no month → rows


class LegacyDatabase:
    def __init__(self, url: str, databases: Mapping[str, str] | None = None) -> None:
        self.masked = mask_url(url)
        self.databases = dict(databases or {})
        try:
            parsed = make_url(url)
        except Exception:
            raise UsageError(f"--from {self.masked}: not a database URL (expected mysql://user:pw@host/)") from None
        if parsed.get_backend_name() not in MYSQL_BACKENDS:
            raise UsageError(f"--from {self.masked}: the legacy warehouse is MySQL (mysql://user:pw@host/)")
        self.engine = sa.create_engine(
            _with_driver(parsed),
            connect_args={"init_command": "SET SESSION TRANSACTION READ ONLY", "connect_timeout": 10},
            pool_pre_ping=True,
        )

    def actual(self, database: str) -> str:
        """The name the legacy database has on this server (a restored copy may be renamed)."""
        return self.databases.get(database, database)

    def check_reachable(self) -> None:
        try:
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError as exc:
            reason = " ".join(str(getattr(exc, "orig", exc)).split())[:300]
            raise DatabaseUnavailable(f"legacy warehouse {self.masked} cannot be reached ({reason})") from None

    def tables(self, database: str) -> list[str]:
        try:
            return sorted(sa.inspect(self.engine).get_table_names(schema=self.actual(database)))
        except sa.exc.SQLAlchemyError:
            return []  # the database itself is absent: the caller names the missing tables

    def reflect(self, legacy: LegacyTable) -> sa.Table:
        return sa.Table(legacy.table, sa.MetaData(), schema=self.actual(legacy.database), autoload_with=self.engine)

    def totals(self, table: sa.Table, legacy: LegacyTable, measure: str | None) -> Totals:
        month = table.c[legacy.month_column]
        summed = sa.func.sum(table.c[measure]) if measure is not None else sa.null()
        query = sa.select(month, sa.func.count(), summed).group_by(month)
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        months: dict[str, MonthTotal] = {}
        unplaced: dict[str, int] = {}
        for raw, count, total in rows:
            key = period_key(raw)
            if key is None:
                unplaced[str(raw)] = unplaced.get(str(raw), 0) + int(count)
            else:
                months.setdefault(key, MonthTotal()).add(raw, int(count), total)
        return Totals(months, unplaced)

    def read_month(
        self, table: sa.Table, legacy: LegacyTable, raw_values: list[object], columns: list[str]
    ) -> pd.DataFrame:
        """The month's rows as text, NA for NULL and blank, in legacy row order; the legacy
        ``id`` (or the position) stands in for the row number in rejected-row files."""
        where = table.c[legacy.month_column].in_(raw_values)
        order = [table.c.id] if "id" in table.c else []
        frame = self._joined(table, columns, where, order)
        if frame is None:
            frame = self._per_cell(table, columns, where, order)
        numbers = frame["id"].astype("int64") if "id" in frame else pd.Series(range(1, len(frame) + 1))
        text = stripped(frame)
        text = text.mask(frame.isna() | (text == ""))
        text.insert(0, ROW_NUMBER, numbers.to_numpy())
        return text.drop(columns=["id"], errors="ignore")

    def _joined(
        self, table: sa.Table, columns: list[str], where: sa.ColumnElement[bool], order: list[sa.Column[object]]
    ) -> pd.DataFrame | None:
        """Each row as one string of its cells' text, split again here: the pure-Python
        driver then decodes one value per row instead of one per cell, which halves the
        read. None when a cell holds the separator itself (the caller reads cell by cell)."""
        cells = [sa.func.coalesce(sa.cast(table.c[c], sa.String), sa.literal_column("CHAR(30)")) for c in columns]
        query = sa.select(sa.func.concat_ws(sa.literal_column("CHAR(31)"), *cells)).where(where).order_by(*order)
        with self.engine.connect() as conn:
            lines = pd.Series(conn.execute(query).scalars().all(), dtype="str")
        if lines.empty:
            return pd.DataFrame({c: pd.Series(dtype="str") for c in columns})
        if not lines.str.count(_SEPARATOR).eq(len(columns) - 1).all():
            return None
        frame = lines.str.split(_SEPARATOR, expand=True, regex=False)
        frame.columns = columns
        return frame.mask(frame == _NULL)

    def _per_cell(
        self, table: sa.Table, columns: list[str], where: sa.ColumnElement[bool], order: list[sa.Column[object]]
    ) -> pd.DataFrame:
        # Every cell as the server's own text (exact decimals, ISO dates), as the domain reads it.
        query = sa.select(*(sa.cast(table.c[c], sa.String).label(c) for c in columns)).where(where).order_by(*order)
        with self.engine.connect() as conn:
            result = conn.execute(query)
            return pd.DataFrame(result.fetchall(), columns=list(result.keys()), dtype="str")


_SEPARATOR, _NULL = "\x1f", "\x1e"  # ASCII unit separator between cells; record separator for NULL


def _with_driver(url: URL) -> URL:
    if "+" in url.drivername:
        return url
    return url.set(drivername="mysql+pymysql", query={**url.query, "charset": "utf8mb4"})
