"""The warehouse as one run sees it: an engine (or none for a dry run against a warehouse
that does not exist yet), migrations applied or checked, and read-only counts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.errors import PendingMigrations
from work_data_hub.core.load import database, migrate
from work_data_hub.core.load.ledger import appends_of_file_since_full, last_full_load, supplement_loads_since_full
from work_data_hub.core.load.loader import table_exists
from work_data_hub.core.load.scopes import Scope, count_existing, count_scope, stored_groups
from work_data_hub.core.load.tables import fact_table
from work_data_hub.core.load.view import WarehouseView
from work_data_hub.core.period import Period


class Warehouse:
    def __init__(self, url: str, execute: bool) -> None:
        self.url = url
        self.execute = execute
        self.engine: Engine | None = None
        if execute:
            database.ensure_sqlite_folder(url)
            self.engine = database.create_warehouse_engine(url)
        elif database.warehouse_exists(url):
            # A dry run may read the warehouse but must never create or change it.
            self.engine = database.create_warehouse_engine(url, read_only=True)

    def view(self) -> WarehouseView:
        """What a domain hook may see: reads only."""
        return WarehouseView(self.engine)

    def close(self) -> None:
        """Close the pooled connections: the last SQLite connection checkpoints the WAL and
        removes the ``-wal``/``-shm`` files."""
        if self.engine is not None:
            self.engine.dispose()

    @property
    def masked_url(self) -> str:
        return database.mask_url(self.url)

    def prepare(self) -> None:
        """Reachable and, for a writing run, migrated (SQLite) or at head (PostgreSQL).
        A writing caller holds the warehouse lock around this: concurrent first runs
        migrate one after the other (see ``migrate_if_needed``)."""
        self.check_reachable()
        self.migrate_if_needed()

    def check_reachable(self) -> None:
        if self.engine is not None:
            database.check_reachable(self.engine, self.url)

    def migrate_if_needed(self) -> None:
        if self.engine is None or not self.execute:
            return
        if self.engine.dialect.name == "sqlite":
            if not migrate.is_current(self.engine):
                migrate.upgrade(self.engine)
        elif not migrate.is_current(self.engine):
            raise PendingMigrations(
                f"database {self.masked_url} has pending migrations: run `python -m work_data_hub.cli db upgrade` first"
            )

    def stored_rows(self, spec: DomainSpec, scope: Scope, frame: pd.DataFrame, period: Period) -> int:
        if self.engine is None:
            return 0
        with self.engine.connect() as conn:
            if not table_exists(conn, spec):
                return 0
            return count_scope(conn, spec, scope, frame, period)

    def stale_groups(self, spec: DomainSpec, frame: pd.DataFrame, period: Period) -> list[str]:
        """Groups stored for the period's year up to the period that the new rows do not
        contain: a cumulative ledger never deletes them, but an operator must see them."""
        if self.engine is None:
            return []
        columns = spec.refresh_groups
        with self.engine.connect() as conn:
            if not table_exists(conn, spec):
                return []
            stored = stored_groups(conn, spec, columns, dt.date(period.year, 1, 1), period.first_day)
        if stored.empty:
            return []
        key = stored[list(columns)].astype(str).agg(" ".join, axis=1)
        present = set(frame[list(columns)].astype(str).agg(" ".join, axis=1)) if not frame.empty else set()
        stale = stored[~key.isin(present)]
        return [
            f"{' '.join(str(v)[:7] if isinstance(v, dt.date) else str(v) for v in row[:-1])} ({row[-1]} rows)"
            for row in stale.itertuples(index=False, name=None)
        ]

    def supplement_runs(self, domain: str, period: Period) -> list[str]:
        if self.engine is None:
            return []
        with self.engine.connect() as conn:
            return supplement_loads_since_full(conn, domain, period.key)

    def earlier_appends(
        self, spec: DomainSpec, period: Period, sha256: str, frame: pd.DataFrame
    ) -> tuple[list[str], int]:
        """Runs that appended this file (same SHA-256) to the period since its last full
        load, and how many of ``frame``'s rows are already stored."""
        if self.engine is None:
            return [], 0
        with self.engine.connect() as conn:
            runs = appends_of_file_since_full(conn, spec.name, period.key, sha256)
            if not runs or not table_exists(conn, spec):
                return runs, 0
            return runs, count_existing(conn, spec, frame, period)

    def stored_measure(self, spec: DomainSpec, period: Period) -> tuple[float, int, int]:
        """The period's stored sum of the monitored measure, rows where it has a value,
        and rows: what a new load of the month is compared with."""
        if self.engine is None:
            return 0.0, 0, 0
        with self.engine.connect() as conn:
            if not table_exists(conn, spec):
                return 0.0, 0, 0
            table = fact_table(spec)
            column = table.c[spec.monitored_measure]
            stmt = sa.select(sa.func.sum(column), sa.func.count(column), sa.func.count()).where(
                table.c[spec.period_column] == period.first_day
            )
            total, filled, rows = conn.execute(stmt).one()
        return float(total or 0), int(filled), int(rows)

    def last_full_load(self, domain: str, period: Period) -> dict[str, object] | None:
        """None also when a dry run reads a warehouse whose ledger predates the run record
        (migrations pending): such a delivery is simply not known to be unchanged."""
        if self.engine is None:
            return None
        try:
            with self.engine.connect() as conn:
                return last_full_load(conn, domain, period.key)
        except sa.exc.SQLAlchemyError:
            return None
