"""The lookup queue (enrichment spec §8) on SQLite and PostgreSQL with the real EQC
stand-in: states and retry schedule, back-patching every fact table in one transaction
per name, cache hits without HTTP, auth stops, the waiting-name index."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from support.enrich_rows import add_facts, fact_ids, fact_specs
from support.eqc_server import Company, EqcServer, Reply
from work_data_hub.core.enrich.confidence import ConfidenceRules
from work_data_hub.core.enrich.eqc_client import AUTH_MESSAGE, EqcClient
from work_data_hub.core.enrich.queue import QueueWorker, enqueue, reset_stale
from work_data_hub.core.enrich.tables import base_info, enrichment_index, enrichment_requests
from work_data_hub.core.enrich.temp_ids import temp_id

SALT = "default_dev_salt_change_in_prod"
T_JIA = temp_id("甲公司", SALT)  # INLHDM2XDMVY3K3VAO
t = enrichment_requests


def queue(engine: Engine, *names: str) -> None:
    with engine.begin() as conn:
        enqueue(conn, [(n, f"{n}（原）", str(temp_id(n, SALT))) for n in names], "test", dt.datetime.now())


def requests(engine: Engine) -> dict[str, tuple[str, int, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(t.c.normalized_name, t.c.status, t.c.attempts, t.c.resolved_company_id))
        return {n: (s, a, r) for n, s, a, r in rows}


def worker(engine: Engine, client: EqcClient, rules: ConfidenceRules) -> QueueWorker:
    return QueueWorker(engine=engine, client=client, rules=rules, salt=SALT)


def test_a_hit_back_patches_every_fact_table_in_one_transaction(
    engine: Engine, eqc: EqcServer, client: EqcClient, rules: ConfidenceRules
) -> None:  # example 23
    specs = fact_specs()
    for spec in specs:
        add_facts(engine, T_JIA, "614810477", T_JIA, None, domain=spec.name)
    queue(engine, "甲公司")
    eqc.add_company(Company(600000008, "甲公司"))
    report = worker(engine, client, rules).run(limit=None)
    assert report.done == 1 and report.claimed == 1
    for spec in specs:
        assert fact_ids(engine, spec.name) == ["600000008", "614810477", "600000008", None], spec.name
    assert report.backpatched == {f"{s.schema}.{s.table}": 2 for s in specs}
    assert requests(engine)["甲公司"] == ("done", 1, "600000008")
    with engine.connect() as conn:
        cache = conn.execute(sa.select(enrichment_index.c.lookup_key, enrichment_index.c.source)).all()
        assert cache == [("甲公司", "eqc_queue")]
        assert conn.execute(sa.select(base_info.c.company_id)).scalars().all() == ["600000008"]
    assert [c.endpoint for c in eqc.calls()] == ["search", "findDepart", "findLabels"]


def test_a_cached_name_is_done_without_any_http(
    engine: Engine, eqc: EqcServer, client: EqcClient, rules: ConfidenceRules
) -> None:
    add_facts(engine, T_JIA)
    queue(engine, "甲公司")
    with engine.begin() as conn:
        conn.execute(
            sa.insert(enrichment_index).values(
                lookup_type="customer_name", lookup_key="甲公司", company_id="600000009", source="manual"
            )
        )
    report = worker(engine, client, rules).run(limit=None)
    assert eqc.count() == 0
    assert report.done_from_cache == 1 and fact_ids(engine) == ["600000009"]
    assert requests(engine)["甲公司"][0] == "done"


def test_retry_schedule_then_failed(engine: Engine, eqc: EqcServer, client: EqcClient, rules: ConfidenceRules) -> None:
    # example 22: 503 on every attempt → pending +1 min, pending +5 min, failed
    eqc.fail_always("search", Reply(503))
    queue(engine, "甲公司")
    w = worker(engine, client, rules)
    waits = []
    for attempt in (1, 2, 3):
        before = dt.datetime.now()
        w.run(limit=None)
        with engine.begin() as conn:
            status, attempts, retry = conn.execute(sa.select(t.c.status, t.c.attempts, t.c.next_retry_at)).one()
            assert attempts == attempt
            if attempt < 3:
                assert status == "pending"
                waits.append(round((retry - before).total_seconds() / 60))
                assert w.run(limit=None).claimed == 0  # not due yet
                conn.execute(sa.update(t).values(next_retry_at=before - dt.timedelta(seconds=1)))
            else:
                assert status == "failed" and retry is None
    assert waits == [1, 5]
    assert eqc.count("search") == 3 * 4  # each attempt: one call with the client's 3 retries
    assert w.run(limit=None).claimed == 0


@pytest.mark.parametrize("match_type", [None, "拼音"])
def test_not_found_and_below_threshold_are_final(
    engine: Engine, eqc: EqcServer, client: EqcClient, rules: ConfidenceRules, tmp_path, match_type: str | None
) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace
    from decimal import Decimal

    strict = replace(rules, min_confidence_for_cache=Decimal("0.75"))
    if match_type:
        eqc.add_company(Company(600000010, "甲公司", match_type=match_type))
    queue(engine, "甲公司")
    report = worker(engine, client, strict).run(limit=None)
    assert report.failed == 1 and requests(engine)["甲公司"][:2] == ("failed", 1)
    with engine.connect() as conn:
        stored = conn.execute(sa.select(base_info.c.company_id)).scalars().all()
    assert stored == (["600000010"] if match_type else [])


def test_auth_failure_stops_and_does_not_count_the_attempt(
    engine: Engine, eqc: EqcServer, client: EqcClient, rules: ConfidenceRules
) -> None:
    queue(engine, "甲公司", "乙公司")
    eqc.fail_always("search", Reply(401))
    report = worker(engine, client, rules).run(limit=None)
    assert report.stopped == AUTH_MESSAGE and report.claimed == 0
    assert eqc.count() == 1
    assert {n: v[:2] for n, v in requests(engine).items()} == {"甲公司": ("pending", 0), "乙公司": ("pending", 0)}


def test_limit_and_order(engine: Engine, eqc: EqcServer, client: EqcClient, rules: ConfidenceRules) -> None:
    queue(engine, "甲公司", "乙公司", "丙公司")
    report = worker(engine, client, rules).run(limit=2)
    assert report.claimed == 2 and eqc.searched() == ["甲公司", "乙公司"]
    assert requests(engine)["丙公司"][:2] == ("pending", 0)


def test_waiting_names_are_unique_and_a_failed_name_can_be_queued_again(engine: Engine) -> None:
    queue(engine, "甲公司")
    queue(engine, "甲公司")
    assert len(requests(engine)) == 1
    queue(engine, "乙公司", "乙公司")  # twice within one statement: ON CONFLICT … DO NOTHING
    assert len(requests(engine)) == 2
    with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:  # the partial unique index itself
        conn.execute(sa.insert(t).values(normalized_name="甲公司", temp_id=T_JIA, status="processing"))
    with engine.begin() as conn:
        conn.execute(sa.update(t).where(t.c.normalized_name == "甲公司").values(status="failed"))
    queue(engine, "甲公司")
    with engine.connect() as conn:
        jia = t.c.normalized_name == "甲公司"
        assert sorted(conn.execute(sa.select(t.c.status).where(jia)).scalars()) == ["failed", "pending"]
        assert conn.execute(sa.select(t.c.raw_name).where(jia, t.c.status == "pending")).scalar() == "甲公司（原）"


def test_a_crashed_workers_request_goes_back_to_pending(engine: Engine) -> None:
    queue(engine, "甲公司", "乙公司")
    long_ago = dt.datetime.now() - dt.timedelta(minutes=20)
    with engine.begin() as conn:
        conn.execute(
            sa.update(t)
            .where(t.c.normalized_name == "甲公司")
            .values(status="processing", attempts=1, updated_at=long_ago)
        )
        conn.execute(sa.update(t).where(t.c.normalized_name == "乙公司").values(status="processing", attempts=1))
    assert reset_stale(engine, dt.datetime.now()) == 1
    assert {n: v[:2] for n, v in requests(engine).items()} == {"甲公司": ("pending", 0), "乙公司": ("processing", 1)}


@pytest.mark.parametrize("reply", ["400", "error-text"])
def test_15_7_an_error_body_echoing_the_token_is_stored_redacted_in_last_error(
    engine: Engine, eqc: EqcServer, client: EqcClient, rules: ConfidenceRules, reply: str
) -> None:
    echo = f"invalid request: token {eqc.token} not allowed here"
    eqc.fail_always("search", Reply(400, echo) if reply == "400" else Reply(200, {"error": echo}))
    queue(engine, "甲公司")
    worker(engine, client, rules).run(limit=None)
    with engine.connect() as conn:
        stored = conn.execute(sa.select(t.c.last_error)).scalar_one()
    assert stored is not None and eqc.token not in stored and "[token]" in stored
