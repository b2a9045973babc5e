"""Tests can never damage a real warehouse: the PostgreSQL fixture drops (or lets a test
truncate or downgrade) only databases this test session created, and refuses any other —
proved against databases made outside it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from support.pg import PREFIX, NotOurs, PgServer

pytestmark = pytest.mark.postgres


def _exists(server: PgServer, name: str) -> bool:
    with psycopg.connect(server.admin_url) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


@pytest.fixture
def foreign(pg_server: PgServer) -> Iterator[list[str]]:
    """Databases created here with psycopg, outside the fixture, and dropped here."""
    names = [f"wdh_preexisting_{uuid.uuid4().hex[:8]}", f"{PREFIX}{pg_server.session}_{uuid.uuid4().hex[:6]}"]
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        for name in names:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    yield names
    with psycopg.connect(pg_server.admin_url, autocommit=True) as conn:
        for name in names:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def test_fixture_refuses_databases_it_did_not_create(pg_server: PgServer, foreign: list[str]) -> None:
    # The second name even looks like one of this session's own databases.
    for name in foreign:
        with pytest.raises(NotOurs):
            pg_server.drop_database(name)
        with pytest.raises(NotOurs):
            pg_server.ensure_ours(pg_server.url(name))
        assert _exists(pg_server, name)

    # A session drops every database it created and nothing else.
    other_session = PgServer(pg_server.admin_url)
    other_session.drop_all_created()
    assert all(_exists(pg_server, name) for name in foreign)


def test_fixture_refuses_another_sessions_database_and_drops_its_own(pg_server: PgServer) -> None:
    other_session = PgServer(pg_server.admin_url)
    theirs = other_session.create_database()
    try:
        with pytest.raises(NotOurs):
            pg_server.drop_database(theirs)
        assert _exists(pg_server, theirs)
    finally:
        other_session.drop_database(theirs)
    assert not _exists(pg_server, theirs)

    ours = pg_server.create_database()
    assert pg_server.ensure_ours(pg_server.url(ours)) == ours
    pg_server.drop_database(ours)
    assert not _exists(pg_server, ours)
    with pytest.raises(NotOurs):  # once dropped it is no longer ours to touch
        pg_server.drop_database(ours)
