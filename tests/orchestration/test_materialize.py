"""Materialising a domain asset for a month loads exactly what ``etl --execute`` loads, and a
failed domain run fails the materialisation with the domain's one-line error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import pandas as pd
import pytest
import sqlalchemy as sa

from support.etl import upgrade
from support.orchestration import EXAMPLES, resources
from support.warehouse import connect, ledger
from work_data_hub.core.domains.registry import get_domain
from work_data_hub.core.load.tables import fact_table

DOMAIN = "annuity_performance"
KEY = dg.AssetKey(["warehouse", DOMAIN])
TECHNICAL = ["id", "created_at", "updated_at"]
LEDGER_RUN_FIELDS = ["id", "run_id", "started_at", "seconds"]
# Run record fields that name the run's own report files (under each run's var dir).
LEDGER_RUN_FIELDS += ["rejected_file", "counters"]
SECRET = "pw-never-logged"


@pytest.fixture
def cli_warehouse_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """A second warehouse, for the CLI's run."""
    if backend == "sqlite":
        yield f"sqlite:///{(tmp_path / 'cli' / 'warehouse.sqlite').as_posix()}"
        return
    server = request.getfixturevalue("pg_server")
    name = server.create_database()
    yield server.url(name)
    server.drop_database(name)


def materialize(defs: dg.Definitions, url: str, data_root: Path, period: str) -> dg.ExecuteInProcessResult:
    # The definitions as loaded, before the repository binds the default resources.
    assets = [a for a in defs.assets or () if isinstance(a, dg.AssetsDefinition) and a.key == KEY]
    checks = [c for c in defs.asset_checks or () if any(k.asset_key == KEY for k in c.check_keys)]
    assert len(assets) == 1 and len(checks) == 4  # rows, measure, rejected share, reconciliation
    return dg.materialize(
        [*assets, *checks], partition_key=period, resources=resources(url, data_root), raise_on_error=False
    )


def table_content(url: str) -> pd.DataFrame:
    table = fact_table(get_domain(DOMAIN))
    with connect(url) as conn:
        if not sa.inspect(conn).has_table(table.name, schema=table.schema if conn.dialect.name != "sqlite" else None):
            return pd.DataFrame()
        stmt = sa.select(table) if conn.dialect.name != "sqlite" else sa.text(f'SELECT * FROM "{table.name}"')
        frame = pd.DataFrame(conn.execute(stmt).mappings().all())
    if frame.empty:
        return frame
    frame = frame.drop(columns=TECHNICAL).astype(str)
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def ledger_rows(url: str) -> list[dict[str, Any]]:
    return [{k: v for k, v in row.items() if k not in LEDGER_RUN_FIELDS} for row in ledger(url)]


@pytest.mark.slow
def test_materialising_a_month_loads_exactly_what_the_cli_loads(
    defs: dg.Definitions, core_env: Path, warehouse_url: str, cli_warehouse_url: str, cli: Any, backend: str
) -> None:
    resource_url = warehouse_url
    if backend == "postgres":
        upgrade(warehouse_url)
        upgrade(cli_warehouse_url)
        # The server trusts local connections, so a password is accepted and must never show.
        resource_url = warehouse_url.replace("postgres@", f"postgres:{SECRET}@")
    result = materialize(defs, resource_url, EXAMPLES, "202411")
    assert result.success
    out = cli(
        "etl", "--domains", DOMAIN, "--period", "202411", "--execute", "--json",
        "--data-root", str(EXAMPLES), extra_env={"WDH_DATABASE_URL": cli_warehouse_url},
    )  # fmt: skip
    assert out.code == 0, out.stderr
    by_cli = out.json["domains"][0]

    dagster_rows, cli_rows = table_content(warehouse_url), table_content(cli_warehouse_url)
    assert len(dagster_rows) == by_cli["rows_inserted"] == 995
    pd.testing.assert_frame_equal(dagster_rows, cli_rows)
    assert ledger_rows(warehouse_url) == ledger_rows(cli_warehouse_url)

    (materialization,) = result.asset_materializations_for_node("warehouse__annuity_performance")
    assert materialization.partition == "202411"
    meta = {k: v.value for k, v in materialization.metadata.items()}
    for field in ("file", "version", "sha256", "rows_read", "rows_rejected", "rows_inserted"):
        assert meta[field] == by_cli[field], field
    assert meta["version"] == "V2"
    assert meta["run_id"] == ledger(warehouse_url)[0]["run_id"]
    assert meta["seconds"] > 0
    assert SECRET not in repr(result.all_events)

    evaluations = {e.check_name: e for e in result.get_asset_check_evaluations()}
    assert set(evaluations) == {"row_count_change", "measure_change", "rejected_ratio", "reconciliation"}
    assert evaluations["reconciliation"].metadata["status"].value == "no previous month"
    assert all(e.partition == "202411" for e in evaluations.values())
    assert evaluations["rejected_ratio"].metadata["rows_rejected"].value == 5
    assert evaluations["row_count_change"].passed  # no earlier month to compare with


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_failed_domain_run_fails_the_materialisation_with_its_error(
    defs: dg.Definitions, core_env: Path, tmp_path: Path, cli: Any, data_root: Path
) -> None:
    url = f"sqlite:///{(tmp_path / 'dagster' / 'warehouse.sqlite').as_posix()}"
    result = materialize(defs, url, data_root, "202411")
    assert not result.success
    (failure,) = [e for e in result.all_events if e.is_step_failure]
    message = failure.step_failure_data.user_failure_data.description  # type: ignore[union-attr]

    out = cli("etl", "--domains", DOMAIN, "--period", "202411", "--execute", "--json")
    assert out.code == 1
    assert message == out.json["domains"][0]["error"]
    assert message.startswith(f"{DOMAIN}: folder not found: 202411/")
    assert "\n" not in message
    assert table_content(url).empty
    assert [r["status"] for r in ledger(url)] == ["failed"]
    assert result.asset_materializations_for_node("warehouse__annuity_performance") == []
