"""`enrich-queue` as real processes against the EQC stand-in, on SQLite and PostgreSQL:
queued names from a real etl run are resolved and back-patched; two concurrent
processes claim each name once; a rejected token stops the command."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from support.enrich_rows import named, write_month
from support.eqc_server import Company, EqcServer, Reply, running_eqc
from support.warehouse import connect, qualified

AUTH = 'EQC token expired or invalid: run "python -m work_data_hub.cli auth refresh"'


@pytest.fixture
def eqc() -> Iterator[EqcServer]:
    with running_eqc() as server:
        yield server


def loaded(cli, eqc: EqcServer, data_root: Path, names: list[str]) -> None:  # type: ignore[no-untyped-def]
    """A real etl run without live lookups: every name ends on a temporary id and is queued."""
    assert cli("db", "upgrade").code == 0
    write_month(data_root, "202411", named(*names, *names[:3]))
    result = cli("etl", "--domains", "annuity_performance", "--period", "202411", "--execute", "--json")
    assert result.code == 0, result.stderr
    assert result.json["domains"][0]["counters"]["enrichment"]["names_queued"] == len(names)


def company_ids(url: str) -> dict[str, set[str]]:
    with connect(url) as conn:
        rows = conn.execute(sa.text(f"SELECT 客户名称, company_id FROM {qualified(url, 'business', '规模明细')}"))
        out: dict[str, set[str]] = {}
        for name, cid in rows:
            out.setdefault(name, set()).add(cid)
        return out


def statuses(url: str) -> Counter[str]:
    with connect(url) as conn:
        table = qualified(url, "enterprise", "enrichment_requests")
        return Counter(r[0] for r in conn.execute(sa.text(f"SELECT status FROM {table}")))


def test_dry_run_counts_and_execute_resolves_and_back_patches(
    cli, eqc: EqcServer, data_root: Path, warehouse_url: str
) -> None:
    names = ["甲公司", "乙公司", "丙公司"]
    loaded(cli, eqc, data_root, names)
    eqc.add_company(Company(600000001, "甲公司"))
    eqc.add_company(Company(600000002, "乙公司"))

    dry = cli("enrich-queue", "--json", extra_env=eqc.env())
    assert dry.code == 0 and dry.json["would_process"] == 3 and eqc.count() == 0

    result = cli("enrich-queue", "--execute", "--json", extra_env=eqc.env())
    assert result.code == 0, result.stderr
    run = result.json["run"]
    assert (run["claimed"], run["done"], run["failed"]) == (3, 2, 1)  # 丙公司 is unknown to EQC: failed
    assert run["rows_backpatched"]["business.规模明细"] == 4
    assert set(run["rows_backpatched"]) - {"business.规模明细"} == {
        "customer.客户年金计划",
        "customer.客户业务月度快照",
        "customer.客户计划月度快照",
    }  # the customer master, re-keyed
    ids = company_ids(warehouse_url)
    assert ids["甲公司"] == {"600000001"} and ids["乙公司"] == {"600000002"}
    assert next(iter(ids["丙公司"])).startswith("IN")
    assert statuses(warehouse_url) == Counter({"done": 2, "failed": 1})
    assert eqc.searched() == names

    eqc.reset_log()
    again = cli("enrich-queue", "--execute", "--json", extra_env=eqc.env())
    assert again.code == 0 and again.json["run"]["claimed"] == 0 and eqc.count() == 0


@pytest.mark.slow
def test_two_concurrent_processes_claim_each_name_once(
    cli, eqc: EqcServer, data_root: Path, warehouse_url: str
) -> None:
    """Real processes: two workers racing for the same names is the subject."""
    names = [f"并发测试{i:02d}有限公司" for i in range(24)]
    loaded(cli, eqc, data_root, names)
    for i, name in enumerate(names):
        eqc.add_company(Company(610000000 + i, name))
    eqc.delay = 0.1  # each name takes ~0.3 s (search + two detail calls): the runs overlap
    env = cli.env | eqc.env()
    command = [sys.executable, "-m", "work_data_hub.cli", "enrich-queue", "--execute", "--json"]
    procs = [
        subprocess.Popen(command, cwd=cli.cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=240) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outputs]
    import json

    claimed = [json.loads(out)["run"]["claimed"] for out, _ in outputs]
    assert sum(claimed) == len(names) and min(claimed) > 0  # both worked, no name twice
    assert sorted(eqc.searched()) == sorted(names)  # each name looked up exactly once
    assert statuses(warehouse_url) == Counter({"done": len(names)})
    assert all(not cid.startswith("IN") for ids in company_ids(warehouse_url).values() for cid in ids)


def test_a_rejected_token_stops_the_command(cli, eqc: EqcServer, data_root: Path, warehouse_url: str) -> None:
    loaded(cli, eqc, data_root, ["甲公司", "乙公司"])
    eqc.fail_always("search", Reply(401))
    result = cli("enrich-queue", "--execute", extra_env=eqc.env())
    assert result.code == 1 and AUTH in result.stderr
    assert eqc.count() == 1 and eqc.token not in result.stdout + result.stderr
    assert statuses(warehouse_url) == Counter({"pending": 2})
