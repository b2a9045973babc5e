"""The cache upsert rule and reads (enrichment spec §6) on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from work_data_hub.core.enrich.cache import CacheEntry, read_cache, record_hits, upsert_entries
from work_data_hub.core.enrich.tables import enrichment_index

NOW = dt.datetime(2026, 1, 5, 10, 0, 0)
T = Decimal("0.60")


def entry(key: str, cid: str, conf: str, source: str = "eqc_api", kind: str = "customer_name") -> CacheEntry:
    return CacheEntry(kind, key, cid, Decimal(conf), source, "test")


def stored(engine: Engine) -> dict[tuple[str, str], tuple[str, Decimal, str]]:
    t = enrichment_index
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.lookup_type, t.c.lookup_key, t.c.company_id, t.c.confidence, t.c.source))
        return {(a, b): (c, Decimal(str(d)), e) for a, b, c, d, e in rows}


def test_higher_confidence_replaces_a_different_id(engine: Engine) -> None:  # example 20
    with engine.begin() as conn:
        upsert_entries(conn, [entry("ABC公司", "600000006", "0.80")], T, NOW)
    with engine.begin() as conn:
        result = upsert_entries(conn, [entry("ABC公司", "600000007", "0.90", "source_data")], T, NOW)
    assert result.replaced == 1 and not result.conflicts
    assert stored(engine)[("customer_name", "ABC公司")] == ("600000007", Decimal("0.90"), "source_data")


def test_equal_confidence_keeps_the_stored_row_and_reports_a_conflict(engine: Engine) -> None:  # example 21
    with engine.begin() as conn:
        upsert_entries(conn, [entry("ABC公司", "600000006", "0.80")], T, NOW)
    with engine.begin() as conn:
        result = upsert_entries(conn, [entry("ABC公司", "600000007", "0.80", "source_data")], T, NOW)
    assert [(c.stored_id, c.offered_id) for c in result.conflicts] == [("600000006", "600000007")]
    assert stored(engine)[("customer_name", "ABC公司")] == ("600000006", Decimal("0.80"), "eqc_api")


def test_confidence_never_decreases_and_same_id_raises_it(engine: Engine) -> None:
    with engine.begin() as conn:
        upsert_entries(conn, [entry("甲公司", "1", "0.70")], T, NOW)
        upsert_entries(conn, [entry("甲公司", "1", "0.90")], T, NOW)
        result = upsert_entries(conn, [entry("甲公司", "1", "0.60")], T, NOW)
    assert result.raised == 0 and not result.conflicts
    assert stored(engine)[("customer_name", "甲公司")] == ("1", Decimal("0.90"), "eqc_api")


def test_temporary_placeholder_and_low_confidence_ids_are_never_written(engine: Engine) -> None:
    offers = [
        entry("甲公司", "INLHDM2XDMVY3K3VAO", "1.00"),
        entry("乙公司", "0", "1.00"),
        entry("丙公司", "N/A", "1.00"),
        entry("丁公司", "600000001", "0.54"),
        entry("戊公司", "600000002", "0.60"),
    ]
    with engine.begin() as conn:
        result = upsert_entries(conn, offers, T, NOW)
    assert result.inserted == 1
    assert list(stored(engine)) == [("customer_name", "戊公司")]


def test_one_batch_with_two_ids_for_a_key_keeps_the_first_and_reports_it(engine: Engine) -> None:
    with engine.begin() as conn:
        result = upsert_entries(conn, [entry("甲公司", "1", "0.90"), entry("甲公司", "2", "0.90")], T, NOW)
    assert stored(engine)[("customer_name", "甲公司")][0] == "1"
    assert [(c.stored_id, c.offered_id) for c in result.conflicts] == [("1", "2")]


def test_reads_skip_unusable_ids_and_hits_are_counted(engine: Engine) -> None:
    t = enrichment_index
    with engine.begin() as conn:
        conn.execute(
            sa.insert(t),
            [
                {"lookup_type": "customer_name", "lookup_key": k, "company_id": c, "source": "manual"}
                for k, c in (
                    ("甲公司", "600000001"),
                    ("乙公司", "NULL"),
                    ("丙公司", "INLHDM2XDMVY3K3VAO"),
                    ("丁公司", " "),
                )
            ],
        )
    with engine.connect() as conn:
        snapshot = read_cache(conn, {"customer_name": ["甲公司", "乙公司", "丙公司", "丁公司", "戊公司"]})
    assert {k: h.company_id for k, h in snapshot["customer_name"].items()} == {"甲公司": "600000001"}
    entry_id = snapshot["customer_name"]["甲公司"].entry_id
    with engine.begin() as conn:
        record_hits(conn, {entry_id: 3}, NOW)
        record_hits(conn, {entry_id: 2}, NOW)
    with engine.connect() as conn:
        row = conn.execute(sa.select(t.c.hit_count, t.c.last_hit_at).where(t.c.id == entry_id)).one()
    assert row[0] == 5 and row[1] == NOW
