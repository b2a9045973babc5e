"""A test session's own PostgreSQL databases. Every database this creates is recorded,
and only those are ever dropped: a fixture can never drop a database it did not make."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

ADMIN_URL = os.environ.get("WDH_TEST_PG_ADMIN_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
PREFIX = "wdh_test_"


class NotOurs(Exception):
    """Refusal to drop or alter a database this session did not create."""


@dataclass
class PgServer:
    admin_url: str
    session: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    created: set[str] = field(default_factory=set)

    @classmethod
    def connect(cls) -> PgServer | None:
        try:
            with psycopg.connect(ADMIN_URL, connect_timeout=5) as conn:
                conn.execute("SELECT 1")
        except psycopg.Error:
            return None
        return cls(ADMIN_URL)

    def url(self, name: str, driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://postgres@127.0.0.1:5432/{name}"

    def create_database(self) -> str:
        name = f"{PREFIX}{self.session}_{uuid.uuid4().hex[:6]}"
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created.add(name)
        return name

    def ensure_ours(self, database: str) -> str:
        """The name of ``database`` (a name or a URL) if this session created it; otherwise
        NotOurs. Anything that drops, truncates or downgrades calls this first."""
        name = make_url(database).database if "://" in database else database
        if name is None or name not in self.created:
            raise NotOurs(f"refusing to touch database {name}: not created by this test session")
        return name

    def drop_database(self, name: str) -> None:
        self.ensure_ours(name)
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        self.created.discard(name)

    def drop_all_created(self) -> None:
        for name in list(self.created):
            self.drop_database(name)
