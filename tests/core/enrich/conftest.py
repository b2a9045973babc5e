"""Fixtures for the enrichment tests: a migrated warehouse (SQLite or PostgreSQL), the EQC
stand-in server and a client talking to it, and fact rows to back-patch."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from support.eqc_server import EqcServer, running_eqc
from work_data_hub.core.enrich.confidence import ConfidenceRules, load_confidence
from work_data_hub.core.enrich.eqc_client import EqcClient
from work_data_hub.core.load import database, migrate

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def engine(warehouse_url: str) -> Iterator[Engine]:
    path = database.sqlite_path(warehouse_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    eng = database.create_warehouse_engine(warehouse_url)
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def eqc() -> Iterator[EqcServer]:
    with running_eqc() as server:
        yield server


@pytest.fixture
def client(eqc: EqcServer) -> EqcClient:
    return EqcClient(eqc.url, eqc.token, rate_per_minute=60000, retry_base=0.01, read_timeout=2)


@pytest.fixture(scope="session")
def rules() -> ConfidenceRules:
    return load_confidence(REPO / "config")
