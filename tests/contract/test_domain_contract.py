"""The contract every registered domain keeps, on SQLite and PostgreSQL, run from its own
sample month: it loads with the counts its sample promises, a re-run is idempotent, a dry
run writes nothing, a missing sheet or required column fails only that domain (one line,
its table as before), rejected rows carry their reasons, and it is listed by `domains` and
as a Dagster asset. Nothing here names a domain: a new one is covered by registering it."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from contract.conftest import PERIOD, required_column, without_column, without_sheets

from support import tables
from support import warehouse as wh
from support.etl import upgrade
from work_data_hub.core.domains.registry import domain_names, get_domain
from work_data_hub.core.samples.layout import MonthLayout

DOMAINS = domain_names()


def etl(cli, root: Path, domains: list[str], *flags: str):  # type: ignore[no-untyped-def]
    return cli("etl", "--domains", ",".join(domains), "--period", PERIOD, "--data-root", str(root), "--json", *flags)


def run_of(result, domain: str) -> dict:  # type: ignore[type-arg,no-untyped-def]
    return next(d for d in result.json["domains"] if d["domain"] == domain)


def neighbour(layout: MonthLayout, domain: str) -> str:
    """Another domain of the same workbook if there is one (the one a broken sheet could
    take down with it), else the first other registered domain."""
    same = [d for d, c in layout.domains.items() if d != domain and c.file == layout.domains[domain].file]
    return (same or [d for d in DOMAINS if d != domain])[0]


def rejected_rows(cli, run: dict) -> dict[str, dict[str, str]]:  # type: ignore[type-arg,no-untyped-def]
    if not run["rejected_file"]:
        return {}
    out: dict[str, dict[str, str]] = {}
    with (cli.cwd / run["rejected_file"]).open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            assert row["reason"].strip(), row  # every rejected row says why
            out.setdefault(row["sheet"], {})[row["row_number"]] = row["reason"]
    return out


def assert_counts(run: dict, layout: MonthLayout, domain: str) -> None:  # type: ignore[type-arg]
    expected = layout.domains[domain]
    assert run["status"] == "ok", run["error"]
    assert run["file"] == expected.file
    got = (run["rows_read"], run["rows_blank"], run["rows_rejected"], run["rows_inserted"])
    assert got == (expected.rows_read, expected.rows_blank, expected.rows_rejected, expected.rows_inserted)
    assert run["counters"].get("rows_skipped", 0) == expected.rows_skipped


@pytest.mark.slow
@pytest.mark.new_warehouse
@pytest.mark.parametrize("domain", DOMAINS)
def test_sample_month_loads_idempotently_and_a_dry_run_writes_nothing(
    cli, backend: str, warehouse_url: str, sample_month: MonthLayout, domain: str
) -> None:  # type: ignore[no-untyped-def]
    root = sample_month.root
    if backend == "postgres":
        upgrade(warehouse_url)
    dry = etl(cli, root, [domain])
    assert dry.code == 0, dry.stdout + dry.stderr
    assert_counts(run_of(dry, domain), sample_month, domain)
    if backend == "sqlite":
        assert not wh.sqlite_file(warehouse_url).exists()  # type: ignore[union-attr]
    else:
        assert tables.count(warehouse_url, domain) == 0 and wh.ledger(warehouse_url) == []

    first = etl(cli, root, [domain], "--execute")
    assert first.code == 0, first.stdout + first.stderr
    run = run_of(first, domain)
    assert_counts(run, sample_month, domain)
    assert tables.count(warehouse_url, domain) == run["rows_inserted"]
    expected_rejected = {s: r for s, r in sample_month.domains[domain].to_dict()["rejected_rows"].items() if r}
    assert rejected_rows(cli, run) == expected_rejected
    stored = tables.content(warehouse_url, domain)
    ledger_rows = len(wh.ledger(warehouse_url))

    again = etl(cli, root, [domain], "--execute")
    assert again.code == 0, again.stdout + again.stderr
    rerun = run_of(again, domain)
    assert rerun["rows_deleted"] == run["rows_inserted"] and rerun["rows_inserted"] == run["rows_inserted"]
    assert tables.content(warehouse_url, domain) == stored

    check = etl(cli, root, [domain])
    assert check.code == 0 and run_of(check, domain)["rows_deleted"] == run["rows_inserted"]
    assert tables.content(warehouse_url, domain) == stored
    assert len(wh.ledger(warehouse_url)) == ledger_rows + 1  # the re-run's row; the dry run wrote none


@pytest.mark.slow
@pytest.mark.parametrize("broken", ["sheet", "column"])
@pytest.mark.parametrize("domain", DOMAINS)
def test_a_broken_delivery_fails_only_that_domain_and_changes_nothing(
    cli, backend: str, warehouse_url: str, sample_month: MonthLayout, tmp_path: Path, domain: str, broken: str
) -> None:  # type: ignore[no-untyped-def]
    if backend == "postgres":
        upgrade(warehouse_url)
    other = neighbour(sample_month, domain)
    loaded = etl(cli, sample_month.root, [domain, other], "--execute")
    assert loaded.code == 0, loaded.stdout + loaded.stderr
    before = tables.content(warehouse_url, domain)
    bad = (without_sheets if broken == "sheet" else without_column)(tmp_path / "bad", domain)

    result = etl(cli, bad.root, [domain, other], "--execute")
    run = run_of(result, domain)
    spec = get_domain(domain)
    assert run_of(result, other)["status"] == "ok"
    assert tables.content(warehouse_url, domain) == before
    if broken == "sheet" and spec.sheet_optional:
        assert result.code == 0 and run["status"] == "skipped"
        assert any("in this delivery" in w for w in run["warnings"])
        return
    assert result.code == 1
    assert run["status"] == "failed" and "\n" not in run["error"]
    if broken == "sheet":
        assert "not found" in run["error"] and "sheet" in run["error"]
    else:
        assert f"missing required column(s) {required_column(domain)}" in run["error"]


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("domain", DOMAINS)
def test_listed_by_domains_and_a_dagster_asset(cli, domain: str) -> None:  # type: ignore[no-untyped-def]
    import dagster as dg

    from work_data_hub.orchestration.definitions import defs

    listed = {d["domain"]: d for d in cli("domains", "--json").json}
    spec = get_domain(domain)
    assert listed[domain]["table"] == f"{spec.schema}.{spec.table}"
    assert listed[domain]["sheets"]
    keys = defs.get_repository_def().asset_graph.get_all_asset_keys()
    assert dg.AssetKey(["warehouse", domain]) in keys
