"""The warehouse and data root come from WDH_DATABASE_URL / WDH_DATA_ROOT as EnvVars (the UI
shows names, never values) and fall back to core's defaults when unset."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from support.orchestration import EXAMPLES
from support.warehouse import ledger
from work_data_hub.core.settings import Settings
from work_data_hub.orchestration.resources import WarehouseResource, default_resources


def test_unset_variables_fall_back_to_core_defaults(
    core_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # not the checkout, whose .env (written by the quick start) sets a data root
    monkeypatch.delenv("WDH_DATABASE_URL", raising=False)
    monkeypatch.delenv("WDH_DATA_ROOT", raising=False)
    warehouse = default_resources()["warehouse"]
    assert isinstance(warehouse, WarehouseResource)
    assert (warehouse.database_url, warehouse.data_root) == ("", "")
    settings = warehouse.settings()
    assert settings.resolved_database_url() == Settings().resolved_database_url()
    assert settings.resolved_database_url().endswith("var-dagster/warehouse.sqlite")
    assert settings.data_root == Path("./data")


def test_set_variables_are_bound_by_name_and_resolved_at_run_time(
    defs: dg.Definitions, core_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{(tmp_path / 'from-env.sqlite').as_posix()}"
    monkeypatch.setenv("WDH_DATABASE_URL", url)
    monkeypatch.setenv("WDH_DATA_ROOT", str(EXAMPLES))
    bound = default_resources()
    warehouse = bound["warehouse"]
    assert isinstance(warehouse, WarehouseResource)
    assert isinstance(warehouse.database_url, dg.EnvVar)
    assert warehouse.database_url.env_var_name == "WDH_DATABASE_URL"

    key = dg.AssetKey(["warehouse", "annuity_performance"])
    assets = [a for a in defs.assets or () if isinstance(a, dg.AssetsDefinition) and a.key == key]
    result = dg.materialize(assets, partition_key="202411", resources=bound)
    assert result.success
    assert [(r["domain"], r["period"], r["rows_inserted"]) for r in ledger(url)] == [
        ("annuity_performance", "202411", 995)
    ]
