"""The customer-master assets: downstream of the three domain assets, monthly
partitioned; materialising the example month's domains then customer_mdm/contracts and
customer_mdm/snapshots gives the contract and snapshot rows of `etl --execute` (whose
post-load step runs the same core code), and the validate check reports the shares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import pytest

from support.etl import upgrade
from support.mdm import contracts, line_snapshots, plan_snapshots
from support.months import preload
from support.orchestration import EXAMPLES, resources
from support.warehouse import ledger

CONTRACTS = dg.AssetKey(["customer_mdm", "contracts"])
SNAPSHOTS = dg.AssetKey(["customer_mdm", "snapshots"])
TRIGGERS = ["annual_award", "annual_loss", "annuity_performance"]


def test_assets_are_downstream_of_the_three_domains(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    assert graph.get(CONTRACTS).parent_keys == {dg.AssetKey(["warehouse", d]) for d in TRIGGERS}
    assert graph.get(SNAPSHOTS).parent_keys == {CONTRACTS}
    assert (
        graph.get(CONTRACTS).partitions_def
        == graph.get(dg.AssetKey(["warehouse", "annuity_performance"])).partitions_def
    )


@pytest.mark.slow
def test_materialise_domains_then_customer_master(
    defs: dg.Definitions, warehouse_url: str, tmp_path: Path, core_env: Path
) -> None:
    upgrade(warehouse_url)  # PostgreSQL: `db upgrade` before any load
    wanted = {dg.AssetKey(["warehouse", d]) for d in TRIGGERS} | {CONTRACTS, SNAPSHOTS}
    assets = [a for a in defs.assets or () if isinstance(a, dg.AssetsDefinition) and a.key in wanted]
    checks = [c for c in defs.asset_checks or () if any(k.asset_key == CONTRACTS for k in c.check_keys)]
    result = dg.materialize(
        [*assets, *checks], partition_key="202411", resources=resources(warehouse_url, EXAMPLES), raise_on_error=False
    )
    assert result.success
    evaluations = result.get_asset_check_evaluations()
    assert [e.check_name for e in evaluations] == ["validate"]
    figures: dict[str, Any] = {k: v.value for k, v in evaluations[0].metadata.items()}
    assert figures["current_contracts"] == len(contracts(warehouse_url, "WHERE valid_to = '9999-12-31'")) > 0
    steps = [(r["domain"], r["mode"]) for r in ledger(warehouse_url, steps=True) if r["domain"] == "customer_mdm"]
    assert steps == [("customer_mdm", "sync"), ("customer_mdm", "snapshot")]
    # The same month through the batch (the CLI's path) on a second warehouse.
    other = f"sqlite:///{(tmp_path / 'cli' / 'warehouse.sqlite').as_posix()}"
    preload(other, EXAMPLES, tmp_path / "var", "202411", TRIGGERS)
    assert contracts(warehouse_url) == contracts(other)
    assert line_snapshots(warehouse_url) == line_snapshots(other)
    assert plan_snapshots(warehouse_url) == plan_snapshots(other)
