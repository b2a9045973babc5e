"""eqc-refresh (enrichment spec §11) on SQLite and PostgreSQL: selection modes, matching
the stored id among the search items, checkpoints and resuming."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from support.eqc_server import NORMAL, Company, EqcServer, Reply
from work_data_hub.core.enrich.eqc_client import AUTH_MESSAGE, EqcClient
from work_data_hub.core.enrich.lookup import CompanyRecord
from work_data_hub.core.enrich.records import upsert_base_info
from work_data_hub.core.enrich.refresh import Refresher, Selection, refresh_status
from work_data_hub.core.enrich.tables import base_info, eqc_refresh_checkpoint

OLD = dt.datetime(2025, 1, 1)


def seed(engine: Engine, eqc: EqcServer, n: int, at: dt.datetime = OLD) -> list[str]:
    ids = [f"60000{i:04d}" for i in range(1, n + 1)]
    with engine.begin() as conn:
        for cid in ids:
            record = CompanyRecord(cid, f"公司{cid}", None, "模糊匹配", f"公司{cid}", {"old": True}, {"old": 1}, None)
            upsert_base_info(conn, record, at)
            eqc.add_company(Company(cid, f"公司{cid}", unite_code=f"U{cid}"))
    return ids


def fetched(engine: Engine) -> dict[str, tuple[dt.datetime, str | None]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(base_info.c.company_id, base_info.c.api_fetched_at, base_info.c.unite_code))
        return {c: (a, u) for c, a, u in rows}


def test_company_ids_keep_the_item_with_the_same_id(engine: Engine, eqc: EqcServer, client: EqcClient) -> None:
    ids = seed(engine, eqc, 3)
    other = Company("999", f"公司{ids[0]}")  # another company under the same name comes first
    eqc.add_company(other)
    report = Refresher(engine, client).run(Selection("ids", (ids[0], "404404")), resume=False, execute=True)
    assert report.updated == 1 and report.unknown_ids == ["404404"]
    after = fetched(engine)
    assert after[ids[0]][0] > OLD and after[ids[0]][1] == f"U{ids[0]}"
    assert after[ids[1]][0] == OLD
    with engine.connect() as conn:
        raw = conn.execute(sa.select(base_info.c.raw_search).where(base_info.c.company_id == ids[0])).scalar()
    assert [i["companyId"] for i in raw["list"]] == ["999", ids[0]]


def test_stale_selection_and_status(engine: Engine, eqc: EqcServer, client: EqcClient) -> None:
    ids = seed(engine, eqc, 2)
    with engine.begin() as conn:
        upsert_base_info(conn, CompanyRecord(ids[1], f"公司{ids[1]}", None, None, None, None), dt.datetime.now())
    with engine.connect() as conn:
        assert refresh_status(conn, 30, dt.datetime.now())["stale"] == 1
    dry = Refresher(engine, None).run(Selection("stale", older_than_days=30), resume=False, execute=False)
    assert dry.selected == 1 and eqc.count() == 0
    report = Refresher(engine, client).run(Selection("stale", older_than_days=30), resume=False, execute=True)
    assert report.processed == 1 and eqc.searched() == [f"公司{ids[0]}"]


def test_stopped_run_resumes_after_the_last_finished_company(engine: Engine, eqc: EqcServer, client: EqcClient) -> None:
    ids = seed(engine, eqc, 5)
    eqc.script("search", NORMAL, NORMAL, NORMAL, Reply(401))  # the 4th search is rejected
    first = Refresher(engine, client, batch_size=2).run(Selection("all"), resume=False, execute=True)
    assert first.stopped == AUTH_MESSAGE and first.processed == 3
    with engine.connect() as conn:
        cp = conn.execute(sa.select(eqc_refresh_checkpoint)).mappings().one()
    assert (cp["status"], cp["last_company_id"], cp["processed"]) == ("running", ids[2], 3)
    assert [c for c, (at, _) in fetched(engine).items() if at > OLD] == ids[:3]

    eqc.reset_log()
    fresh = EqcClient(eqc.url, eqc.token, rate_per_minute=60000, retry_base=0.01)
    second = Refresher(engine, fresh, batch_size=2).run(Selection("all"), resume=True, execute=True)
    assert eqc.searched() == [f"公司{c}" for c in ids[3:]]
    assert second.resumed_from == ids[2] and second.processed == 5
    with engine.connect() as conn:
        assert conn.execute(sa.select(eqc_refresh_checkpoint.c.status)).scalar() == "done"
    assert all(at > OLD for at, _ in fetched(engine).values())
