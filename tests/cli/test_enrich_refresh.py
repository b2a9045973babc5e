"""`eqc-refresh` and `cleanse` as real processes: an interrupted `--all` (the process is
killed) resumes after its checkpoint without re-fetching finished companies; cleanse
parses what the refresh stored."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from support.eqc_server import Company, EqcServer, running_eqc
from work_data_hub.core.enrich.lookup import CompanyRecord
from work_data_hub.core.enrich.records import upsert_base_info
from work_data_hub.core.enrich.tables import base_info, eqc_refresh_checkpoint
from work_data_hub.core.load.database import create_warehouse_engine

OLD = dt.datetime(2025, 1, 1)


@pytest.fixture
def eqc() -> Iterator[EqcServer]:
    with running_eqc() as server:
        yield server


@pytest.fixture
def seeded(cli, eqc: EqcServer, warehouse_url: str) -> list[str]:  # type: ignore[no-untyped-def]
    """18 stored company records, fetched long ago; EQC knows each under its full name."""
    assert cli("db", "upgrade").code == 0
    ids = [f"6100{i:05d}" for i in range(18)]
    engine = create_warehouse_engine(warehouse_url)
    with engine.begin() as conn:
        for cid in ids:
            upsert_base_info(conn, CompanyRecord(cid, f"刷新{cid}有限公司", None, "模糊匹配", "k", {"old": 1}), OLD)
            labels = [{"type": "行业", "labels": [{"companyId": None, "lv1Name": "地区分类", "lv2Name": "广东"}]}]
            eqc.add_company(Company(cid, f"刷新{cid}有限公司", labels=labels))
    engine.dispose()
    return ids


def checkpoint(url: str) -> dict[str, object] | None:
    engine = create_warehouse_engine(url)
    try:
        with engine.connect() as conn:
            row = conn.execute(sa.select(eqc_refresh_checkpoint).order_by(eqc_refresh_checkpoint.c.id.desc())).first()
            return dict(row._mapping) if row else None
    finally:
        engine.dispose()


@pytest.mark.slow
def test_killed_all_run_resumes_without_refetching(cli, eqc: EqcServer, seeded: list[str], warehouse_url: str) -> None:
    """A real process: it is SIGKILLed mid-run."""
    eqc.delay = 0.1
    env = cli.env | eqc.env()
    command = [sys.executable, "-m", "work_data_hub.cli", "eqc-refresh", "--all", "--execute", "--batch-size", "3"]
    proc = subprocess.Popen(command, cwd=cli.cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            cp = checkpoint(warehouse_url)
            if cp is not None and int(str(cp["processed"])) >= 6:
                break
            time.sleep(0.1)
    finally:
        proc.kill()  # interrupted mid-run, as a crash or Ctrl-C would
        proc.wait()
    cp = checkpoint(warehouse_url)
    assert cp is not None and cp["status"] == "running"
    last = str(cp["last_company_id"])
    finished = [c for c in seeded if c <= last]
    assert 6 <= len(finished) < len(seeded)

    eqc.reset_log()
    eqc.delay = 0
    result = cli("eqc-refresh", "--all", "--resume", "--execute", "--batch-size", "3", "--json", extra_env=eqc.env())
    assert result.code == 0, result.stderr
    assert result.json["resumed_from"] == last and result.json["processed"] == len(seeded)
    assert eqc.searched() == [f"刷新{c}有限公司" for c in seeded if c > last]  # nothing finished is fetched again
    assert checkpoint(warehouse_url)["status"] == "done"  # type: ignore[index]
    engine = create_warehouse_engine(warehouse_url)
    with engine.connect() as conn:
        stamps = conn.execute(sa.select(base_info.c.api_fetched_at)).scalars().all()
    engine.dispose()
    assert len(stamps) == len(seeded) and all(s > OLD for s in stamps)

    cleanse_dry = cli("cleanse", "--json")
    assert cleanse_dry.code == 0 and cleanse_dry.json["selected"] == {"business_info": 18, "biz_label": 18}
    cleansed = cli("cleanse", "--execute", "--json")
    assert cleansed.code == 0 and cleansed.json["written"] == {"business_info": 18, "biz_label": 18}
    assert cli("cleanse", "--table", "biz_label", "--json").json["selected"] == {"biz_label": 0}


def test_status_dry_run_and_company_ids(cli, eqc: EqcServer, seeded: list[str], warehouse_url: str) -> None:
    status = cli("eqc-refresh", "--status", "--older-than-days", "30", "--json")
    assert status.code == 0 and status.json["companies"] == 18 and status.json["stale"] == 18
    dry = cli("eqc-refresh", "--stale", "--json", extra_env=eqc.env())
    assert dry.code == 0 and dry.json["selected"] == 18 and eqc.count() == 0
    one = cli("eqc-refresh", "--company-ids", f"{seeded[4]},999", "--execute", "--json", extra_env=eqc.env())
    assert one.code == 0 and one.json["updated"] == 1 and one.json["unknown_ids"] == ["999"]
    assert eqc.searched() == [f"刷新{seeded[4]}有限公司"]
    bad = cli("eqc-refresh", "--stale", "--all")
    assert bad.code == 2 and "choose one of" in bad.stderr
    assert json.loads(cli("eqc-refresh", "--status", "--json").stdout)["stale"] == 17
