"""One batch's enrichment state: the salt, confidence rules, warehouse engine, live-lookup
budget and EQC client (validated once before the first domain), the switch that stops
live lookups for the rest of the batch, and each domain's writes waiting for its load
transaction (``persist``)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import structlog
from sqlalchemy.engine import Connection, Engine

from work_data_hub.core.config.mappings import Mappings
from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.enrich.cache import CacheEntry, read_cache, record_hits, upsert_entries
from work_data_hub.core.enrich.confidence import ConfidenceRules, load_confidence
from work_data_hub.core.enrich.eqc_client import AUTH_MESSAGE, NO_TOKEN_MESSAGE, AuthFailure, EqcClient
from work_data_hub.core.enrich.lookup import LookupOutcome, lookup_name
from work_data_hub.core.enrich.queue import enqueue
from work_data_hub.core.enrich.records import (
    Applied,
    apply_resolution,
    hit_entries,
    present_fact_tables,
    upsert_base_info,
)
from work_data_hub.core.enrich.resolver import Resolution
from work_data_hub.core.enrich.tables import enrichment_index, table_present
from work_data_hub.core.enrich.temp_ids import DEFAULT_SALT, salt_fingerprint, temp_id_of_key
from work_data_hub.core.settings import Settings

log = structlog.get_logger("work_data_hub.enrich")

LIVE_SOURCE = "eqc_api"
# Consecutive failed lookups (after the client's retries) that mean EQC is down for this run.
BREAKER = 3
MAX_LISTED_CONFLICTS = 50


@dataclass
class DomainWrites:
    """What a domain run writes with its facts (only with --execute)."""

    hits: dict[int, int] = field(default_factory=dict)  # cache entry id → rows served
    learned: list[CacheEntry] = field(default_factory=list)
    live: list[LookupOutcome] = field(default_factory=list)  # outcomes carrying a company record
    queue: list[tuple[str, str | None, str]] = field(default_factory=list)  # (name, raw name, temp id)


@dataclass
class Resolved:
    company_id: pd.Series
    counters: dict[str, object]
    unknown_names: pd.DataFrame  # name, temporary_id, rows


class EnrichmentSession:
    def __init__(
        self,
        *,
        salt: str,
        rules: ConfidenceRules,
        engine: Engine | None = None,
        execute: bool = False,
        budget: int = 0,
        workers: int = 2,
        var_dir: Path = Path("./var"),
        run_id: str = "",
        period_key: str = "",
    ) -> None:
        self.salt = salt
        self.rules = rules
        self.engine = engine
        self.execute = execute
        self.budget = max(0, budget)
        self.workers = workers
        self.var_dir = var_dir
        self.run_id = run_id
        self.period_key = period_key
        self.client: EqcClient | None = None
        self.live_disabled: str | None = None
        self._notices: list[str] = []
        self._lock = threading.Lock()
        self._errors_in_row = 0
        self._pending: dict[str, DomainWrites] = {}
        self._cache_present: bool | None = None

    @classmethod
    def open(
        cls,
        settings: Settings,
        engine: Engine | None,
        *,
        execute: bool,
        budget: int,
        run_id: str,
        period_key: str,
    ) -> EnrichmentSession:
        """Validates the token once (one cheap call) when live lookups may run."""
        session = cls(
            salt=settings.temp_id_salt,
            rules=load_confidence(settings.resolved_config_dir()),
            engine=engine,
            execute=execute,
            budget=budget,
            workers=settings.eqc_workers,
            var_dir=settings.var_dir,
            run_id=run_id,
            period_key=period_key,
        )
        if settings.temp_id_salt == DEFAULT_SALT and engine is not None and engine.dialect.name == "postgresql":
            session._notice("WDH_TEMP_ID_SALT is not set: temporary ids use the built-in development salt")
        if execute and session.budget > 0:
            session._connect(settings)
        return session

    @classmethod
    def offline(cls, config_dir: Path, salt: str = DEFAULT_SALT) -> EnrichmentSession:
        """No warehouse, no live lookups: overrides, source ids and temporary ids only."""
        return cls(salt=salt, rules=load_confidence(config_dir))

    @property
    def salt_fingerprint(self) -> str:
        return salt_fingerprint(self.salt)

    def take_notices(self) -> list[str]:
        with self._lock:
            out, self._notices = self._notices, []
        return out

    def _notice(self, message: str) -> None:
        # Shown once, as a warning of the domain where it arose; the log only records it.
        log.info("enrichment_notice", message=message)
        with self._lock:
            self._notices.append(message)

    def _disable(self, reason: str) -> None:
        with self._lock:
            if self.live_disabled is not None:
                return
            self.live_disabled = reason
        self._notice(reason)

    def _connect(self, settings: Settings) -> None:
        from work_data_hub.core.enrich.tokens import load_token, make_client

        token = load_token(settings)
        if token.value is None:
            self._disable(NO_TOKEN_MESSAGE)
            return
        client = make_client(settings, token.value)
        validity = client.validate()
        if validity == "invalid":
            self._disable(AUTH_MESSAGE)
            return
        if validity == "unknown":
            log.info("eqc_token_unverified", detail="could not verify the EQC token; the first lookup decides")
        self.client = client

    # -- resolution ------------------------------------------------------------------
    def _read_cache(self, keys: Mapping[str, pd.Series]) -> dict:  # type: ignore[type-arg]
        if self.engine is None:
            return {}
        with self.engine.connect() as conn:
            if self._cache_present is None:
                self._cache_present = table_present(conn, enrichment_index)
            if not self._cache_present:
                return {}
            wanted = {kind: key.dropna().astype("str").unique().tolist() for kind, key in keys.items()}
            return read_cache(conn, {k: v for k, v in wanted.items() if v})

    def resolve(self, frame: pd.DataFrame, spec: DomainSpec, mappings: Mappings) -> Resolved:
        assert spec.enrichment is not None
        res = Resolution(frame, spec.enrichment)
        res.overrides(mappings)
        open_rows = res.open
        res.cache(self._read_cache({k: v[open_rows] for k, v in res.keys.by_lookup_type().items()}))
        res.source_ids()
        names = res.names_to_look_up()
        outcomes = self._look_up(names)
        res.live({o.name_key: o.company_id for o in outcomes if o.company_id is not None})
        res.blank_name_defaults(mappings)
        unknown = res.temporary(self.salt)

        counters: dict[str, object] = {
            "tiers": res.report(),
            "no_company_rows": res.no_company_rows,
            "null_rows": res.null_rows,
            "temp_ids_issued": len(unknown),
            "temp_id_rows": int(unknown["rows"].sum()) if len(unknown) else 0,
            "names_needing_lookup": len(names),
            "unusual_source_ids": res.unusual_source_ids,
            "live_lookups": self._live_counters(outcomes, len(names)),
        }
        if self.execute:
            self._pending[spec.name] = DomainWrites(
                hits=res.hit_counts(),
                learned=res.learned_entries(self.rules.source_learning_confidence, spec.name),
                live=[o for o in outcomes if o.record is not None],
                queue=_queue_items(unknown),
            )
        else:
            counters["names_to_queue"] = len(unknown)
        return Resolved(res.company, counters, unknown[["name", "temporary_id", "rows"]])

    def _live_counters(self, outcomes: list[LookupOutcome], wanted: int) -> dict[str, object]:
        status = [o.status for o in outcomes]
        out: dict[str, object] = {
            "budget": self.budget,
            "used": len(outcomes),
            "hits": status.count("hit"),
            "not_found": status.count("not_found"),
            "below_threshold": status.count("below_threshold"),
            "errors": status.count("error"),
            "disabled": self.live_disabled,
        }
        if not self.execute:
            out["would_look_up"] = min(wanted, self.budget)
        return out

    def _look_up(self, names: list[str]) -> list[LookupOutcome]:
        """T4: at most ``budget`` names, the first alone (a 401 then stops everything
        before a second call), the rest on the worker pool; results in name order."""
        if not self.execute or not names or self.budget <= 0 or self.client is None or self.live_disabled:
            return []
        todo = names[: self.budget]
        first = self._attempt(todo[0])
        rest: list[LookupOutcome | None] = []
        if len(todo) > 1 and self.live_disabled is None:
            with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="eqc") as pool:
                rest = list(pool.map(self._attempt, todo[1:]))
        return [o for o in (first, *rest) if o is not None]

    def _attempt(self, name: str) -> LookupOutcome | None:
        """None when the name was never tried (live lookups stopped meanwhile)."""
        client = self.client
        if client is None or self.live_disabled is not None or client.auth_failed.is_set():
            return None
        try:
            outcome = lookup_name(client, name, self.rules)
        except AuthFailure:
            self._disable(AUTH_MESSAGE)
            return LookupOutcome(name, "error", error="EQC token rejected")
        with self._lock:
            self._errors_in_row = self._errors_in_row + 1 if outcome.status == "error" else 0
            broken = self._errors_in_row >= BREAKER
        if broken:
            self._disable(f"EQC unavailable ({outcome.error}): live lookups stopped for this run")
        return outcome

    # -- the load transaction -----------------------------------------------------------
    def discard(self, domain: str) -> None:
        self._pending.pop(domain, None)

    def persist(self, conn: Connection, spec: DomainSpec, counters: dict[str, object]) -> None:
        """The domain's enrichment writes, inside its load transaction: hit counters,
        source learning, live-lookup records with their cache entries and back-patches,
        and the queue."""
        writes = self._pending.pop(spec.name, None)
        if writes is None or not self.execute:
            return
        at = dt.datetime.now()
        record_hits(conn, writes.hits, at)
        learned = upsert_entries(conn, writes.learned, self.rules.min_confidence_for_cache, at)
        applied = Applied(cache=learned)
        tables = present_fact_tables(conn) if writes.live else []
        for outcome in writes.live:
            record = outcome.record
            assert record is not None
            if outcome.status != "hit":
                upsert_base_info(conn, record, at)
                continue
            applied.merge(
                apply_resolution(
                    conn,
                    name_key=outcome.name_key,
                    company_id=record.company_id,
                    temp_id=temp_id_of_key(outcome.name_key, self.salt),
                    record=record,
                    entries=hit_entries(outcome, self.rules, LIVE_SOURCE, spec.name),
                    rules=self.rules,
                    tables=tables,
                    now=at,
                )
            )
        queued = enqueue(conn, writes.queue, spec.name, at)
        cache = applied.cache
        enrichment = counters.setdefault("enrichment", {})
        assert isinstance(enrichment, dict)
        enrichment.update(
            {
                "names_queued": queued,
                "cache_entries_written": cache.inserted + cache.raised + cache.replaced,
                "conflicts": len(cache.conflicts),
                "conflicts_listed": [c.as_dict() for c in cache.conflicts[:MAX_LISTED_CONFLICTS]],
                "rows_backpatched": applied.backpatched,
                "requests_done": applied.requests_done,
            }
        )


def _queue_items(unknown: pd.DataFrame) -> list[tuple[str, str | None, str]]:
    """(name key, raw name, temporary id) per distinct name, built column-wise: a month
    leaves tens of thousands of names on temporary ids."""
    raw = unknown["raw_name"].astype(object)
    raw = raw.where(unknown["raw_name"].notna(), None)
    return list(zip(unknown["name"].tolist(), raw.tolist(), unknown["temporary_id"].tolist(), strict=True))
