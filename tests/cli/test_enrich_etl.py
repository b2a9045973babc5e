"""Company ids in a real `etl` run (in-process CLI) against the real EQC stand-in, on SQLite
and PostgreSQL: tiers, budget, dry run, token failures, learning, back-patching."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from support.enrich_rows import Row, named, write_month
from support.eqc_server import Company, EqcServer, Reply, running_eqc
from support.warehouse import connect, qualified

AUTH = 'EQC token expired or invalid: run "python -m work_data_hub.cli auth refresh"'
DEFAULT_SALT = "default_dev_salt_change_in_prod"
T_JIA = "INLHDM2XDMVY3K3VAO"  # 甲公司, default salt (spec §4)


@pytest.fixture
def eqc() -> Iterator[EqcServer]:
    with running_eqc() as server:
        yield server


@pytest.fixture
def upgraded(cli) -> None:  # type: ignore[no-untyped-def]
    """PostgreSQL warehouses are migrated by the operator before a run."""
    result = cli("db", "upgrade")
    assert result.code == 0, result.stderr


def etl(cli, eqc: EqcServer, *extra: str, period: str = "202411", env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    args = ["etl", "--domains", "annuity_performance", "--period", period, "--json", *extra]
    result = cli(*args, extra_env=eqc.env() | (env or {}))
    assert result.code == 0, result.stderr + result.stdout
    return result, result.json["domains"][0]


def facts(url: str) -> dict[str, set[str | None]]:
    """customer name → company ids of its rows."""
    out: dict[str, set[str | None]] = {}
    with connect(url) as conn:
        for name, cid in conn.execute(
            sa.text(f"SELECT 客户名称, company_id FROM {qualified(url, 'business', '规模明细')}")
        ):
            out.setdefault(name, set()).add(cid)
    return out


def rows(url: str, table: str, sql: str = "*", where: str = "") -> list[tuple]:  # type: ignore[type-arg]
    with connect(url) as conn:
        return [
            tuple(r) for r in conn.execute(sa.text(f"SELECT {sql} FROM {qualified(url, 'enterprise', table)} {where}"))
        ]


FIVE = ("甲公司", "乙公司", "丙公司", "丁公司", "戊公司")


def test_budget_caps_lookups_hits_are_stored_and_rerun_never_looks_up_a_cached_name(
    cli, upgraded, eqc: EqcServer, data_root: Path, warehouse_url: str
) -> None:
    write_month(data_root, "202411", named(*FIVE, *FIVE))
    eqc.add_company(Company(600000002, "乙公司", former_names="乙旧名公司、乙老公司"))
    eqc.add_company(Company(600000003, "丙公司"))

    _, run = etl(cli, eqc, "--execute", "--enrichment-budget", "2")

    assert eqc.searched() == ["甲公司", "乙公司"]  # budget 2, names in order of first appearance
    assert eqc.count("searchAll") == 1  # the token pre-check
    assert eqc.count("findDepart") == eqc.count("findLabels") == 1  # details of the one hit
    assert all(eqc.token not in r.path for r in eqc.calls())
    enrichment = run["counters"]["enrichment"]
    assert enrichment["live_lookups"]["used"] == 2
    assert enrichment["live_lookups"]["hits"] == 1 and enrichment["live_lookups"]["not_found"] == 1
    assert enrichment["tiers"]["T4"] == {"rows": 2, "names": 1}
    assert enrichment["tiers"]["T5"] == {"rows": 8, "names": 4}
    assert enrichment["temp_ids_issued"] == 4 and enrichment["names_queued"] == 4

    stored = facts(warehouse_url)
    assert stored["乙公司"] == {"600000002"}
    assert stored["甲公司"] == {T_JIA}
    assert all(len(v) == 1 and next(iter(v)).startswith("IN") for k, v in stored.items() if k != "乙公司")
    queued = rows(warehouse_url, "enrichment_requests", "normalized_name, status, temp_id")
    assert sorted(q[0] for q in queued) == ["丁公司", "丙公司", "戊公司", "甲公司"]
    assert {q[1] for q in queued} == {"pending"} and (("甲公司", "pending", T_JIA) in queued)
    cache = {
        (t, k): (c, float(f), s)
        for t, k, c, f, s in rows(
            warehouse_url, "enrichment_index", "lookup_type, lookup_key, company_id, confidence, source"
        )
    }
    assert cache[("customer_name", "乙公司")] == ("600000002", 1.0, "eqc_api")
    assert cache[("former_name", "乙旧名公司")] == ("600000002", 0.9, "eqc_api")
    assert cache[("former_name", "乙老公司")] == ("600000002", 0.9, "eqc_api")
    base = rows(warehouse_url, "base_info", "company_id, search_key_word, company_full_name, raw_business_info")
    assert [b[:3] for b in base] == [("600000002", "乙公司", "乙公司")] and base[0][3] is not None
    with connect(warehouse_url) as conn:
        fingerprint = conn.execute(
            sa.text(f"SELECT salt_fingerprint FROM {qualified(warehouse_url, 'wdh', 'etl_run')}")
        ).scalar()
    assert fingerprint == hashlib.sha256(DEFAULT_SALT.encode()).hexdigest()[:8]

    eqc.reset_log()
    _, again = etl(cli, eqc, "--execute", "--enrichment-budget", "2")
    assert "乙公司" not in eqc.searched()  # cached: never looked up again
    assert eqc.searched() == ["甲公司", "丙公司"]
    assert again["counters"]["enrichment"]["tiers"]["T2:customer_name"] == {"rows": 2, "names": 1}
    assert facts(warehouse_url)["丙公司"] == {"600000003"}
    queued = rows(warehouse_url, "enrichment_requests", "normalized_name, status")
    assert sorted(n for n, s in queued if s == "pending") == ["丁公司", "戊公司", "甲公司"]
    assert [n for n, s in queued if s == "done"] == ["丙公司"]  # the hit closed its request
    assert len(queued) == 4  # nothing queued twice


@pytest.mark.new_warehouse
def test_dry_run_sends_no_request_and_writes_only_the_report(
    cli, eqc: EqcServer, data_root: Path, warehouse_url: str, tmp_path: Path
) -> None:
    write_month(data_root, "202411", named(*FIVE, "", "空白"))
    eqc.add_company(Company(600000002, "乙公司"))
    _, run = etl(cli, eqc, "--enrichment-budget", "3")
    assert eqc.count() == 0
    enrichment = run["counters"]["enrichment"]
    assert enrichment["names_needing_lookup"] == 5
    assert enrichment["live_lookups"]["would_look_up"] == 3 and enrichment["live_lookups"]["used"] == 0
    assert "dry run: 3 names would be looked up (budget 3)" in run["warnings"]
    report = Path(enrichment["unknown_names_file"])
    if not report.is_absolute():
        report = tmp_path / report
    assert report.name == "annuity_performance_unknown_names.csv"
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "name,temporary_id,rows" and f"甲公司,{T_JIA},1" in lines and len(lines) == 6
    if warehouse_url.startswith("sqlite"):
        assert not (tmp_path / "var" / "warehouse.sqlite").exists()
    else:
        with connect(warehouse_url) as conn:
            assert not sa.inspect(conn).get_table_names(schema="enterprise")


@pytest.mark.parametrize("rejection", [Reply(401, {"error": "Unauthorized"}), Reply(200, {"error": "TokenExpired"})])
def test_a_rejected_token_stops_every_further_call_and_the_run_succeeds(
    cli, upgraded, eqc: EqcServer, data_root: Path, warehouse_url: str, rejection: Reply
) -> None:
    write_month(data_root, "202411", named(*FIVE))
    eqc.add_company(Company(600000002, "乙公司"))
    eqc.fail_always("search", rejection)
    result, run = etl(cli, eqc, "--execute", "--enrichment-budget", "5")
    assert eqc.count("search") == 1 and eqc.count() == 2  # pre-check + the first lookup, nothing after
    assert run["status"] == "ok"
    assert run["warnings"].count(AUTH) == 1
    assert AUTH not in result.stderr  # shown once, in the summary
    enrichment = run["counters"]["enrichment"]
    assert enrichment["live_lookups"]["used"] == 1 and enrichment["live_lookups"]["disabled"] == AUTH
    assert enrichment["temp_ids_issued"] == 5 and enrichment["names_queued"] == 5
    assert eqc.token not in result.stdout + result.stderr


def test_an_invalid_token_fails_the_pre_check_and_no_lookup_is_sent(
    cli, upgraded, eqc: EqcServer, data_root: Path, warehouse_url: str
) -> None:
    write_month(data_root, "202411", named(*FIVE))
    env = eqc.env() | {"WDH_EQC_TOKEN": "wrong-token-123"}
    args = ("etl", "--domains", "annuity_performance", "--period", "202411", "--execute", "--enrichment-budget", "5")
    result = cli(*args, extra_env=env)  # the text summary
    assert result.code == 0, result.stderr
    assert [c.endpoint for c in eqc.calls()] == ["searchAll"]
    assert (result.stdout + result.stderr).count(AUTH) == 1  # one message, printed once
    assert "wrong-token-123" not in result.stdout + result.stderr


def test_without_a_token_live_lookups_are_off(cli, upgraded, eqc: EqcServer, data_root: Path, tmp_path: Path) -> None:
    write_month(data_root, "202411", named(*FIVE))
    env = {"WDH_EQC_TOKEN": "", "WDH_EQC_TOKEN_FILE": str(tmp_path / "absent" / "token")}
    _, run = etl(cli, eqc, "--execute", "--enrichment-budget", "5", env=env)
    assert eqc.count() == 0
    assert run["status"] == "ok" and "no EQC token configured" in run["warnings"]
    assert run["counters"]["enrichment"]["names_queued"] == 5


def test_eqc_down_never_fails_the_domain(cli, upgraded, data_root: Path, warehouse_url: str) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    write_month(data_root, "202411", named(*FIVE))
    env = {
        "WDH_EQC_BASE_URL": f"http://127.0.0.1:{port}",
        "WDH_EQC_TOKEN": "t",
        "WDH_EQC_RETRY_BASE": "0.01",
        "WDH_EQC_RATE_LIMIT": "60000",
        "WDH_EQC_WORKERS": "1",  # one lookup at a time: the breaker trips after exactly 3
    }
    result = cli(
        "etl",
        "--domains",
        "annuity_performance",
        "--period",
        "202411",
        "--json",
        "--execute",
        "--enrichment-budget",
        "5",
        extra_env=env,
    )
    assert result.code == 0, result.stderr
    run = result.json["domains"][0]
    live = run["counters"]["enrichment"]["live_lookups"]
    assert run["status"] == "ok" and live["errors"] == 3 and live["used"] == 3  # stopped after 3 failed lookups
    assert run["counters"]["enrichment"]["temp_ids_issued"] == 5
    assert any(w.startswith("EQC unavailable") for w in run["warnings"])


def test_retries_429_then_hit_costs_one_lookup_and_a_failed_lookup_still_costs_one(
    cli, upgraded, eqc: EqcServer, data_root: Path, warehouse_url: str
) -> None:
    write_month(data_root, "202411", named(*FIVE))
    eqc.add_company(Company(600000002, "乙公司"))
    eqc.script("search", Reply(503), Reply(503), Reply(503), Reply(503))  # 甲: fails after 3 retries
    eqc.script("search", Reply(429, headers={"Retry-After": "0"}), Reply(429))  # 乙: 429, 429, then the answer
    _, run = etl(cli, eqc, "--execute", "--enrichment-budget", "2")
    assert eqc.searched() == ["甲公司"] * 4 + ["乙公司"] * 3
    live = run["counters"]["enrichment"]["live_lookups"]
    assert live["used"] == 2 and live["errors"] == 1 and live["hits"] == 1
    assert run["counters"]["enrichment"]["temp_ids_issued"] == 4
    assert run["counters"]["enrichment"]["names_queued"] == 4
    assert facts(warehouse_url)["乙公司"] == {"600000002"}


def test_temporary_ids_equal_the_spec_vectors_and_blank_names_stay_null(
    cli, upgraded, eqc: EqcServer, data_root: Path, warehouse_url: str
) -> None:
    names = ["甲公司", " 甲公司 ", "甲公司-已转出", "（原）甲公司", "中国平安", "", "空白", "0", "NULL", "保留账户管理"]
    write_month(data_root, "202411", [Row(name=n or None, plan="P0290") for n in names])
    _, run = etl(cli, eqc, "--execute", env={"WDH_TEMP_ID_SALT": "wdh-test-salt"})
    stored = facts(warehouse_url)
    assert stored["甲公司"] == {"INGG4UAE3UPSUNG6QY"}
    assert stored["中国平安"] == {"INCC5CLRRL4YEHUBSD"}
    assert stored[None] == {None}  # blank and placeholder names: NULL, never a shared id
    assert stored["保留账户管理"] == {None}  # explicit "no company"
    enrichment = run["counters"]["enrichment"]
    assert enrichment["no_company_rows"] == 1 and enrichment["null_rows"] == 4
    assert sorted(r[0] for r in rows(warehouse_url, "enrichment_requests", "normalized_name")) == ["中国平安", "甲公司"]
    with connect(warehouse_url) as conn:
        fp = conn.execute(
            sa.text(f"SELECT salt_fingerprint FROM {qualified(warehouse_url, 'wdh', 'etl_run')}")
        ).scalar()
    assert fp == hashlib.sha256(b"wdh-test-salt").hexdigest()[:8]


@pytest.mark.slow
def test_a_live_hit_back_patches_earlier_months_and_source_ids_are_learned(
    cli, upgraded, eqc: EqcServer, data_root: Path, warehouse_url: str
) -> None:
    write_month(data_root, "202411", [Row("戊科技有限公司"), Row("丁公司", company_code=600000004.0), Row("甲公司")])
    _, first = etl(cli, eqc, "--execute")  # budget 0: no HTTP
    assert eqc.count() == 0
    assert first["counters"]["enrichment"]["tiers"]["T3"] == {"rows": 1, "names": 1}
    temp = next(iter(facts(warehouse_url)["戊科技有限公司"]))
    assert temp.startswith("IN")

    eqc.add_company(Company(600000005, "戊科技有限公司"))
    write_month(data_root, "202412", [Row("戊科技有限公司-已转出"), Row("丁公司")])
    _, second = etl(cli, eqc, "--execute", "--enrichment-budget", "5", period="202412")
    enrichment = second["counters"]["enrichment"]
    assert eqc.searched() == ["戊科技有限公司"]  # 丁公司 was learned from its source id: a cache hit
    assert enrichment["tiers"]["T2:plan_customer"] == {"rows": 1, "names": 1}  # before customer_name
    patched = enrichment["rows_backpatched"]
    assert patched["business.规模明细"] == 1  # November's temporary id
    # The customer master derived from those rows is re-keyed with them (customer-mdm.md §7).
    assert set(patched) - {"business.规模明细"} == {
        "customer.客户年金计划",
        "customer.客户业务月度快照",
        "customer.客户计划月度快照",
    }
    assert enrichment["requests_done"] == 1
    assert facts(warehouse_url)["戊科技有限公司"] == {"600000005"}
    assert facts(warehouse_url)["丁公司"] == {"600000004"}
    learned = rows(warehouse_url, "enrichment_index", "lookup_key, company_id, confidence, source, hit_count")
    by_key = {k: (c, float(f), s, h) for k, c, f, s, h in learned}
    assert by_key["丁公司"] == ("600000004", 0.9, "source_data", 0)
    assert by_key["P0290|丁公司"] == ("600000004", 0.9, "source_data", 1)  # the entry that served the row
    statuses = dict(rows(warehouse_url, "enrichment_requests", "normalized_name, status"))
    assert statuses == {"戊科技有限公司": "done", "甲公司": "pending"}
    if not warehouse_url.startswith("sqlite"):
        assert any("WDH_TEMP_ID_SALT is not set" in w for w in second["warnings"])
