"""The company-id cache ``enterprise.enrichment_index`` (enrichment spec §6): one batched
read per run, the upsert rule (confidence never decreases; a different id replaces a
stored one only with strictly higher confidence) and the hit counters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.enrich.tables import enrichment_index
from work_data_hub.core.enrich.temp_ids import looks_temporary

# T2's order: per row the first hit in this order wins.
LOOKUP_TYPES = ("plan_code", "account_number", "plan_customer", "customer_name", "former_name", "account_name")
ID_PLACEHOLDERS = frozenset({"", "0", "N", "NA", "N/A", "NONE", "NULL", "NAN"})
_CHUNK = 500


def usable_id(company_id: object) -> bool:
    """A real company id: not blank, not a placeholder, not temporary."""
    if company_id is None:
        return False
    text = str(company_id).strip()
    return text.upper() not in ID_PLACEHOLDERS and not looks_temporary(text)


@dataclass(frozen=True)
class CacheHit:
    entry_id: int
    company_id: str


# lookup type → lookup key → hit
CacheSnapshot = dict[str, dict[str, CacheHit]]


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def read_cache(conn: Connection, keys: Mapping[str, Collection[str]]) -> CacheSnapshot:
    """Entries for the given keys per lookup type, unusable company ids left out.

    A month asks for tens of thousands of keys; while the cache holds fewer entries than
    that, one scan of it is far cheaper than hundreds of chunked IN queries."""
    t = enrichment_index
    out: CacheSnapshot = {kind: {} for kind in LOOKUP_TYPES}
    wanted_sets = {kind: set(wanted) for kind, wanted in keys.items() if wanted}
    asked = sum(len(v) for v in wanted_sets.values())
    stored = int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
    if stored == 0 or not wanted_sets:
        return out
    if stored <= asked:
        stmt = sa.select(t.c.id, t.c.lookup_type, t.c.lookup_key, t.c.company_id).where(
            t.c.lookup_type.in_(list(wanted_sets))
        )
        for entry_id, kind, key, company_id in conn.execute(stmt):
            if key in wanted_sets[kind] and usable_id(company_id):
                out[kind][key] = CacheHit(int(entry_id), str(company_id).strip())
        return out
    for kind, wanted in wanted_sets.items():
        for chunk in _chunks(sorted(wanted)):
            stmt = sa.select(t.c.id, t.c.lookup_key, t.c.company_id).where(
                t.c.lookup_type == kind, t.c.lookup_key.in_(chunk)
            )
            for entry_id, key, company_id in conn.execute(stmt):
                if usable_id(company_id):
                    out[kind][key] = CacheHit(int(entry_id), str(company_id).strip())
    return out


@dataclass(frozen=True)
class CacheEntry:
    lookup_type: str
    lookup_key: str
    company_id: str
    confidence: Decimal
    source: str
    source_domain: str | None


@dataclass(frozen=True)
class Conflict:
    lookup_type: str
    lookup_key: str
    stored_id: str
    offered_id: str

    def as_dict(self) -> dict[str, str]:
        return {
            "lookup_type": self.lookup_type,
            "lookup_key": self.lookup_key,
            "stored_id": self.stored_id,
            "offered_id": self.offered_id,
        }


@dataclass
class UpsertResult:
    inserted: int = 0
    raised: int = 0  # same id, higher confidence
    replaced: int = 0  # different id, strictly higher confidence
    conflicts: list[Conflict] = field(default_factory=list)

    def merge(self, other: UpsertResult) -> None:
        self.inserted += other.inserted
        self.raised += other.raised
        self.replaced += other.replaced
        self.conflicts.extend(other.conflicts)


def _deduplicated(entries: Iterable[CacheEntry], result: UpsertResult) -> dict[tuple[str, str], CacheEntry]:
    """One offer per key: the highest confidence; the first offer among equals."""
    best: dict[tuple[str, str], CacheEntry] = {}
    for e in entries:
        key = (e.lookup_type, e.lookup_key)
        held = best.get(key)
        if held is None or e.confidence > held.confidence:
            best[key] = e
        elif e.company_id != held.company_id and e.confidence == held.confidence:
            result.conflicts.append(Conflict(e.lookup_type, e.lookup_key, held.company_id, e.company_id))
    return best


def upsert_entries(
    conn: Connection, entries: Iterable[CacheEntry], threshold: Decimal, now: dt.datetime
) -> UpsertResult:
    """Apply the spec's upsert rule. Keys must already be normalised; temporary or
    placeholder ids and entries below ``threshold`` are never written."""
    result = UpsertResult()
    valid = (e for e in entries if e.lookup_key and usable_id(e.company_id) and e.confidence >= threshold)
    offers = _deduplicated(valid, result)
    if not offers:
        return result
    t = enrichment_index
    stored: dict[tuple[str, str], tuple[int, str, Decimal]] = {}
    by_type: dict[str, list[str]] = {}
    for kind, key in offers:
        by_type.setdefault(kind, []).append(key)
    for kind, wanted in by_type.items():
        for chunk in _chunks(wanted):
            stmt = sa.select(t.c.id, t.c.lookup_key, t.c.company_id, t.c.confidence).where(
                t.c.lookup_type == kind, t.c.lookup_key.in_(chunk)
            )
            for entry_id, found, company_id, confidence in conn.execute(stmt):
                stored[(kind, found)] = (int(entry_id), str(company_id), Decimal(str(confidence)))

    inserts: list[dict[str, object]] = []
    for offer_key, offer in offers.items():
        held = stored.get(offer_key)
        if held is None:
            inserts.append(
                {
                    "lookup_type": offer.lookup_type,
                    "lookup_key": offer.lookup_key,
                    "company_id": offer.company_id,
                    "confidence": offer.confidence,
                    "source": offer.source,
                    "source_domain": offer.source_domain,
                    "hit_count": 0,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            continue
        entry_id, stored_id, stored_conf = held
        if stored_id == offer.company_id:
            if offer.confidence > stored_conf:
                conn.execute(sa.update(t).where(t.c.id == entry_id).values(confidence=offer.confidence, updated_at=now))
                result.raised += 1
        elif offer.confidence > stored_conf:
            conn.execute(
                sa.update(t)
                .where(t.c.id == entry_id)
                .values(
                    company_id=offer.company_id,
                    confidence=offer.confidence,
                    source=offer.source,
                    source_domain=offer.source_domain,
                    updated_at=now,
                )
            )
            result.replaced += 1
        else:
            result.conflicts.append(Conflict(offer.lookup_type, offer.lookup_key, stored_id, offer.company_id))
    if inserts:
        result.inserted = _insert_new(conn, inserts)
    return result


def _insert_new(conn: Connection, rows: list[dict[str, object]]) -> int:
    """A concurrent writer may have inserted the same key meanwhile: its row is kept."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    stmt = insert(enrichment_index).on_conflict_do_nothing(index_elements=["lookup_type", "lookup_key"])
    conn.execute(stmt, rows)
    return len(rows)


def record_hits(conn: Connection, hits: Mapping[int, int], now: dt.datetime) -> None:
    """hit_count += rows served, per entry id (batched)."""
    if not hits:
        return
    t = enrichment_index
    stmt = (
        sa.update(t)
        .where(t.c.id == sa.bindparam("entry_id"))
        .values(hit_count=t.c.hit_count + sa.bindparam("n"), last_hit_at=now)
    )
    conn.execute(stmt, [{"entry_id": k, "n": v} for k, v in hits.items()])
