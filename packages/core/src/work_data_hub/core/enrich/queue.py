"""The lookup queue ``enterprise.enrichment_requests`` (enrichment spec §8): enqueueing
names left on temporary ids, claiming due requests safely under concurrency, and
resolving them with back-patching, one transaction per name."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from work_data_hub.core.enrich.cache import CacheEntry, Conflict, read_cache
from work_data_hub.core.enrich.confidence import ConfidenceRules
from work_data_hub.core.enrich.eqc_client import AuthFailure, EqcClient
from work_data_hub.core.enrich.lookup import CompanyRecord, lookup_name
from work_data_hub.core.enrich.records import (
    Applied,
    apply_resolution,
    backpatch,
    hit_entries,
    present_fact_tables,
    upsert_base_info,
)
from work_data_hub.core.enrich.tables import WAITING, enrichment_requests
from work_data_hub.core.enrich.temp_ids import temp_id_of_key

STALE_AFTER = dt.timedelta(minutes=15)
RETRY_AFTER = {1: dt.timedelta(minutes=1), 2: dt.timedelta(minutes=5)}
MAX_ATTEMPTS = 3
QUEUE_SOURCE = "eqc_queue"
QUEUE_DOMAIN = "enrich-queue"
_WAITING_SQL = "status IN ('pending', 'processing')"
_CHUNK = 500


def now() -> dt.datetime:
    return dt.datetime.now()


def _insert(conn: Connection):  # type: ignore[no-untyped-def]
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    return insert(enrichment_requests)


def enqueue(conn: Connection, items: list[tuple[str, str | None, str]], domain: str, at: dt.datetime) -> int:
    """(name key, raw name, temporary id) → a pending request unless one is waiting.
    Returns the number of names newly queued."""
    names = [name for name, _, _ in items]
    waiting = _waiting_names(conn, names)
    rows = [
        {
            "raw_name": (raw or name)[:255],
            "normalized_name": name,
            "temp_id": temp,
            "source_domain": domain,
            "status": "pending",
            "attempts": 0,
            "created_at": at,
            "updated_at": at,
        }
        for name, raw, temp in items
        if name not in waiting
    ]
    if rows:
        stmt = _insert(conn).on_conflict_do_nothing(
            index_elements=["normalized_name"], index_where=sa.text(_WAITING_SQL)
        )
        conn.execute(stmt, rows)
    return len(rows)


def _waiting_names(conn: Connection, names: list[str]) -> set[str]:
    """The names among ``names`` that already have a waiting request. Month after month
    the same unknown names come back: reading the waiting queue once is far cheaper than
    hundreds of chunked IN queries, until the queue is much larger than the month."""
    t = enrichment_requests
    is_waiting = t.c.status.in_(WAITING)
    held = int(conn.execute(sa.select(sa.func.count()).select_from(t).where(is_waiting)).scalar_one())
    if held == 0 or not names:
        return set()
    wanted = set(names)
    if held <= 4 * len(wanted):
        return {n for (n,) in conn.execute(sa.select(t.c.normalized_name).where(is_waiting)) if n in wanted}
    found: set[str] = set()
    ordered = sorted(wanted)
    for i in range(0, len(ordered), _CHUNK):
        stmt = sa.select(t.c.normalized_name).where(is_waiting, t.c.normalized_name.in_(ordered[i : i + _CHUNK]))
        found.update(conn.execute(stmt).scalars())
    return found


def reset_stale(engine: Engine, at: dt.datetime) -> int:
    """A crashed worker's requests go back to pending; its attempt is not counted."""
    t = enrichment_requests
    stmt = (
        sa.update(t)
        .where(t.c.status == "processing", t.c.updated_at < at - STALE_AFTER)
        .values(status="pending", attempts=sa.case((t.c.attempts > 0, t.c.attempts - 1), else_=0), updated_at=at)
    )
    with engine.begin() as conn:
        return int(conn.execute(stmt).rowcount or 0)


@dataclass(frozen=True)
class Claimed:
    id: int
    name_key: str
    temp_id: str
    attempts: int


def claim(engine: Engine, at: dt.datetime) -> Claimed | None:
    """Take the oldest due request. One statement: FOR UPDATE SKIP LOCKED on PostgreSQL;
    on SQLite the UPDATE holds the write lock and re-checks status='pending', so two
    processes never claim the same request."""
    t = enrichment_requests
    due = (
        sa.select(t.c.id)
        .where(t.c.status == "pending", sa.or_(t.c.next_retry_at.is_(None), t.c.next_retry_at <= at))
        .order_by(t.c.id)
        .limit(1)
    )
    if engine.dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    stmt = (
        sa.update(t)
        .where(t.c.id == due.scalar_subquery(), t.c.status == "pending")
        .values(status="processing", attempts=t.c.attempts + 1, updated_at=at)
        .returning(t.c.id, t.c.normalized_name, t.c.temp_id, t.c.attempts)
    )
    with engine.begin() as conn:
        row = conn.execute(stmt).first()
    return None if row is None else Claimed(int(row[0]), str(row[1]), str(row[2]), int(row[3]))


def _finish(conn: Connection, request: Claimed, status: str, at: dt.datetime, error: str | None) -> None:
    t = enrichment_requests
    values: dict[str, object] = {"status": status, "updated_at": at, "last_error": (error or None) and error[:255]}
    if status == "pending":
        values["next_retry_at"] = at + RETRY_AFTER[request.attempts]
    else:
        values["processed_at"] = at
        values["next_retry_at"] = None
    conn.execute(sa.update(t).where(t.c.id == request.id).values(**values))


def _release(engine: Engine, request: Claimed, at: dt.datetime) -> None:
    """Back to pending after an auth failure, the attempt not counted."""
    t = enrichment_requests
    stmt = (
        sa.update(t)
        .where(t.c.id == request.id)
        .values(status="pending", attempts=request.attempts - 1, updated_at=at, last_error="EQC token rejected")
    )
    with engine.begin() as conn:
        conn.execute(stmt)


@dataclass
class QueueReport:
    reset_stale: int = 0
    claimed: int = 0
    done: int = 0
    done_from_cache: int = 0
    failed: int = 0
    retry_later: int = 0
    stopped: str | None = None  # the auth message when the run stopped on a 401
    backpatched: dict[str, int] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    names: list[dict[str, object]] = field(default_factory=list)

    def add(self, applied: Applied) -> None:
        for k, v in applied.backpatched.items():
            self.backpatched[k] = self.backpatched.get(k, 0) + v
        self.conflicts.extend(applied.cache.conflicts)

    def to_dict(self) -> dict[str, object]:
        return {
            "reset_stale": self.reset_stale,
            "claimed": self.claimed,
            "done": self.done,
            "done_from_cache": self.done_from_cache,
            "failed": self.failed,
            "retry_later": self.retry_later,
            "stopped": self.stopped,
            "rows_backpatched": self.backpatched,
            "conflicts": [c.as_dict() for c in self.conflicts],
            "names": self.names,
        }


@dataclass
class QueueWorker:
    engine: Engine
    client: EqcClient
    rules: ConfidenceRules
    salt: str
    progress: Callable[[dict[str, object]], None] = lambda _event: None

    def run(self, limit: int | None) -> QueueReport:
        report = QueueReport(reset_stale=reset_stale(self.engine, now()))
        while limit is None or report.claimed < limit:
            request = claim(self.engine, now())
            if request is None:
                break
            report.claimed += 1
            try:
                outcome = self._one(request, report)
            except AuthFailure as exc:
                _release(self.engine, request, now())
                report.stopped = str(exc)
                report.claimed -= 1
                break
            report.names.append(outcome)
            self.progress(outcome)
        return report

    def _resolved(
        self,
        request: Claimed,
        company_id: str,
        report: QueueReport,
        record: CompanyRecord | None,
        entries: list[CacheEntry],
    ) -> None:
        at = now()
        with self.engine.begin() as conn:
            tables = present_fact_tables(conn)
            applied = apply_resolution(
                conn,
                name_key=request.name_key,
                company_id=company_id,
                temp_id=request.temp_id,
                record=record,
                entries=entries,
                rules=self.rules,
                tables=tables,
                now=at,
                done_statuses=("pending", "processing"),
            )
            # Facts loaded after a salt change carry the current salt's id.
            current = temp_id_of_key(request.name_key, self.salt)
            if current != request.temp_id:
                for k, v in backpatch(conn, current, company_id, tables).items():
                    applied.backpatched[k] = applied.backpatched.get(k, 0) + v
            report.add(applied)

    def _one(self, request: Claimed, report: QueueReport) -> dict[str, object]:
        name = request.name_key
        with self.engine.connect() as conn:
            cached = read_cache(conn, {"customer_name": [name]})["customer_name"].get(name)
        if cached is not None:
            self._resolved(request, cached.company_id, report, record=None, entries=[])
            report.done += 1
            report.done_from_cache += 1
            return {"name": name, "status": "done", "company_id": cached.company_id, "via": "cache"}
        outcome = lookup_name(self.client, name, self.rules)
        if outcome.status == "hit" and outcome.record is not None:
            entries = hit_entries(outcome, self.rules, QUEUE_SOURCE, QUEUE_DOMAIN)
            self._resolved(request, outcome.record.company_id, report, record=outcome.record, entries=entries)
            report.done += 1
            return {"name": name, "status": "done", "company_id": outcome.record.company_id, "via": "eqc"}
        at = now()
        with self.engine.begin() as conn:
            if outcome.status in ("not_found", "below_threshold"):
                if outcome.record is not None:
                    upsert_base_info(conn, outcome.record, at)
                reason = (
                    "not found" if outcome.status == "not_found" else f"confidence {outcome.confidence} below threshold"
                )
                _finish(conn, request, "failed", at, reason)
                report.failed += 1
                return {"name": name, "status": "failed", "error": reason}
            final = request.attempts >= MAX_ATTEMPTS
            _finish(conn, request, "failed" if final else "pending", at, outcome.error)
        if final:
            report.failed += 1
            return {"name": name, "status": "failed", "error": outcome.error, "attempts": request.attempts}
        report.retry_later += 1
        return {"name": name, "status": "pending", "error": outcome.error, "attempts": request.attempts}


def queue_counts(conn: Connection, at: dt.datetime) -> dict[str, int]:
    t = enrichment_requests
    due = sa.and_(t.c.status == "pending", sa.or_(t.c.next_retry_at.is_(None), t.c.next_retry_at <= at))
    stale = sa.and_(t.c.status == "processing", t.c.updated_at < at - STALE_AFTER)
    stmt = sa.select(
        sa.func.count().filter(due),
        sa.func.count().filter(sa.and_(t.c.status == "pending", sa.not_(due))),
        sa.func.count().filter(t.c.status == "processing"),
        sa.func.count().filter(stale),
        sa.func.count().filter(t.c.status == "done"),
        sa.func.count().filter(t.c.status == "failed"),
    )
    row = conn.execute(stmt).one()
    keys = ("due", "waiting_for_retry", "processing", "processing_stale", "done", "failed")
    return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}
