"""The warehouse as one run sees it: an engine (or none for a dry run against a warehouse
that does not exist yet), migrations applied or checked, and read-only counts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy.engine import Engine

from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.errors import PendingMigrations
from work_data_hub.core.load import database, migrate
from work_data_hub.core.load.ledger import supplement_loads_since_full
from work_data_hub.core.load.loader import table_exists
from work_data_hub.core.load.scopes import Scope, count_scope, stored_groups
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
