"""What a resolved name writes (enrichment spec §6.3, §8.3, §9.1): the company record in
``enterprise.base_info``, the cache entries of a hit, and the back-patch of its temporary
id in every fact table. Callers run these inside one transaction per name (the queue) or
inside the domain's load transaction (a live lookup in a domain run)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.enrich.cache import CacheEntry, UpsertResult, upsert_entries
from work_data_hub.core.enrich.confidence import ConfidenceRules
from work_data_hub.core.enrich.lookup import CompanyRecord, LookupOutcome, normalised_names
from work_data_hub.core.enrich.tables import base_info, enrichment_requests
from work_data_hub.core.load.introspect import has_table

# Run after a temporary id was replaced by a real one, in the same transaction, e.g. the
# customer backfill of reference-data.md §3 R6: ``hook(conn, real_company_id)``.
AFTER_BACKPATCH: list[Callable[[Connection, str], None]] = []


def _cut(value: str | None, length: int) -> str | None:
    return None if value is None else value[:length]


def upsert_base_info(conn: Connection, record: CompanyRecord, now: dt.datetime) -> None:
    """Scalars from the newest hit; a raw payload is replaced only by a non-null one; the
    first search key that found the company is kept."""
    t = base_info
    values: dict[str, object] = {
        "company_full_name": _cut(record.full_name, 255),
        "unite_code": _cut(record.unite_code, 50),
        "match_type": _cut(record.match_type, 20),
        "api_fetched_at": now,
        "updated_at": now,
    }
    for column in ("raw_search", "raw_business_info", "raw_biz_label"):
        payload = getattr(record, column)
        if payload is not None:
            values[column] = payload
    row = conn.execute(sa.select(t.c.search_key_word).where(t.c.company_id == record.company_id)).first()
    stored_key = None if row is None else row[0]
    if row is None:
        insert = _insert(conn, t).values(
            company_id=record.company_id,
            search_key_word=_cut(record.search_key, 255),
            created_at=now,
            **values,
        )
        if conn.execute(insert.on_conflict_do_nothing(index_elements=["company_id"])).rowcount:
            return
    if stored_key is None and record.search_key:
        values["search_key_word"] = _cut(record.search_key, 255)
    conn.execute(sa.update(t).where(t.c.company_id == record.company_id).values(**values))


def _insert(conn: Connection, table: sa.Table):  # type: ignore[no-untyped-def]
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    return insert(table)


def hit_entries(
    outcome: LookupOutcome, rules: ConfidenceRules, source: str, source_domain: str | None
) -> list[CacheEntry]:
    """The searched name at its match confidence, the official name at 1.00 when
    different, each former name at match confidence × factor (all R-NAME'd)."""
    record = outcome.record
    if record is None or outcome.confidence is None or outcome.status != "hit":
        return []
    cid = record.company_id
    entries = [CacheEntry("customer_name", outcome.name_key, cid, outcome.confidence, source, source_domain)]
    keys = normalised_names([record.full_name or "", *record.former_names])
    official, formers = keys[0], keys[1:]
    if official and official != outcome.name_key:
        entries.append(
            CacheEntry("customer_name", official, cid, rules.official_name_confidence, source, source_domain)
        )
    former_conf = rules.for_former_name(record.match_type)
    for former in dict.fromkeys(f for f in formers if f):
        entries.append(CacheEntry("former_name", former, cid, former_conf, source, source_domain))
    return entries


def _fact_tables() -> list[tuple[str, sa.Table, str]]:
    from work_data_hub.core.domains import registry
    from work_data_hub.core.load.tables import fact_table

    return [
        (f"{spec.schema}.{spec.table}", fact_table(spec), spec.enrichment.target)
        for spec in registry.all_domains()
        if spec.enrichment is not None
    ]


def present_fact_tables(conn: Connection) -> list[tuple[str, sa.Table, str]]:
    """Every fact table with a company_id column that the warehouse already holds."""
    return [(label, table, column) for label, table, column in _fact_tables() if has_table(conn, table)]


def backpatch(
    conn: Connection, temp_id: str, company_id: str, tables: list[tuple[str, sa.Table, str]]
) -> dict[str, int]:
    """Replace a temporary id by the real one in every fact table; rows per table."""
    counts: dict[str, int] = {}
    for label, table, column in tables:
        n = conn.execute(sa.update(table).where(table.c[column] == temp_id).values({column: company_id})).rowcount
        if n:
            counts[label] = int(n)
    for hook in AFTER_BACKPATCH:
        hook(conn, company_id)
    return counts


def mark_done(conn: Connection, name_key: str, company_id: str, now: dt.datetime, statuses: tuple[str, ...]) -> int:
    t = enrichment_requests
    stmt = (
        sa.update(t)
        .where(t.c.normalized_name == name_key, t.c.status.in_(statuses))
        .values(status="done", resolved_company_id=company_id, processed_at=now, updated_at=now, next_retry_at=None)
    )
    return int(conn.execute(stmt).rowcount or 0)


@dataclass
class Applied:
    cache: UpsertResult = field(default_factory=UpsertResult)
    backpatched: dict[str, int] = field(default_factory=dict)
    requests_done: int = 0

    def merge(self, other: Applied) -> None:
        self.cache.merge(other.cache)
        for k, v in other.backpatched.items():
            self.backpatched[k] = self.backpatched.get(k, 0) + v
        self.requests_done += other.requests_done


def apply_resolution(
    conn: Connection,
    *,
    name_key: str,
    company_id: str,
    temp_id: str,
    record: CompanyRecord | None,
    entries: list[CacheEntry],
    rules: ConfidenceRules,
    tables: list[tuple[str, sa.Table, str]],
    now: dt.datetime,
    done_statuses: tuple[str, ...] = ("pending",),
) -> Applied:
    """§8.3 steps 1-4 for one resolved name, in the caller's transaction."""
    if record is not None:
        upsert_base_info(conn, record, now)
    applied = Applied(cache=upsert_entries(conn, entries, rules.min_confidence_for_cache, now))
    applied.backpatched = backpatch(conn, temp_id, company_id, tables)
    applied.requests_done = mark_done(conn, name_key, company_id, now, done_statuses)
    return applied
