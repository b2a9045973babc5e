"""The definitions load, match the committed snapshot, and keep the package layering."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import dagster as dg

from work_data_hub.core.domains.registry import all_domains

SNAPSHOT = Path(__file__).with_name("definitions_snapshot.json")
REPO = Path(__file__).resolve().parents[2]


def describe(defs: dg.Definitions) -> dict[str, Any]:
    repo = defs.get_repository_def()
    graph = repo.asset_graph
    assets: dict[str, Any] = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        parts = node.partitions_def
        assert isinstance(parts, dg.TimeWindowPartitionsDefinition)
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "pool": node.assets_def.op.pool,
            "partitions": {
                "first_keys": parts.get_partition_keys_between_indexes(0, 3),
                "fmt": parts.fmt,
                "timezone": parts.timezone,
            },
            "checks": sorted(c.name for c in graph.asset_check_keys if c.asset_key == key),
        }
    checks_partitioned_like_assets = all(
        graph.get(c).partitions_def == graph.get(c.asset_key).partitions_def  # type: ignore[union-attr]
        for c in graph.asset_check_keys
    )
    jobs = {}
    for job in defs.resolve_all_job_defs():
        if job.name.startswith("__"):
            continue
        # The job's steps (one per asset, one per check) and the pool each waits for.
        steps = {node.name: node.pool for node in sorted(job.graph.node_defs, key=lambda n: n.name)}
        jobs[job.name] = _domain_steps(steps)
    schedules = {
        s.name: {
            "job": s.job_name,
            "cron": s.cron_schedule,
            "timezone": s.execution_timezone,
            "default_status": s.default_status.value,
        }
        for s in repo.schedule_defs
    }
    sensors = {
        s.name: {
            "jobs": sorted(t.job_name for t in s.targets),
            "minimum_interval_seconds": s.minimum_interval_seconds,
            "default_status": s.default_status.value,
        }
        for s in repo.sensor_defs
    }
    return {
        "assets": _one_per_domain(assets, "warehouse/{}"),
        "asset_checks_partitioned_like_their_assets": checks_partitioned_like_assets,
        "jobs": jobs,
        "schedules": schedules,
        "sensors": sensors,
        "resources": sorted(defs.resources or {}),
    }


DOMAIN = "<domain>"


def _one_per_domain(items: dict[str, Any], pattern: str) -> dict[str, Any]:
    """Every registered domain's entry has the same shape: the snapshot keeps it once,
    under ``<domain>``, so adding a domain changes no snapshot."""
    from work_data_hub.orchestration.warehouse_reads import measure_column

    names = [pattern.format(spec.name) for spec in all_domains()]
    # A register without an amount (measure_column None) has no measure_change check;
    # otherwise its asset has the same shape as every other domain's.
    shapes = [_with_measure_check(items[pattern.format(s.name)], measure_column(s)) for s in all_domains()]
    assert all(shape == shapes[0] for shape in shapes), "the domains' definitions differ in shape"
    out = {k: v for k, v in items.items() if k not in names}
    out[pattern.format(DOMAIN)] = shapes[0]
    return dict(sorted(out.items()))


def _with_measure_check(shape: Any, measure: str | None) -> Any:
    if measure is not None or not isinstance(shape, dict) or "checks" not in shape:
        return shape
    return {**shape, "checks": sorted({*shape["checks"], "measure_change"})}


def _domain_steps(steps: dict[str, Any]) -> dict[str, Any]:
    names = sorted((spec.name for spec in all_domains()), key=len, reverse=True)
    out: dict[str, Any] = {}
    for step, pool in steps.items():
        for name in names:
            prefix = f"warehouse__{name}"
            if step == prefix or step.startswith(prefix + "_"):
                step = f"warehouse__{DOMAIN}" + step[len(prefix) :]
                break
        out[step] = pool
    return dict(sorted(out.items()))


def test_definitions_load_one_asset_per_registered_domain(defs: dg.Definitions) -> None:
    repo = defs.get_repository_def()
    keys = {k.to_user_string() for k in repo.asset_graph.get_all_asset_keys()}
    derived = {"customer_mdm/contracts", "customer_mdm/snapshots"}  # the post-load step's assets
    assert keys == {f"warehouse/{spec.name}" for spec in all_domains()} | derived
    assert {j.name for j in defs.resolve_all_job_defs()} >= {"month_end"}


def test_definitions_match_the_snapshot(defs: dg.Definitions) -> None:
    actual = describe(defs)
    if os.environ.get("WDH_UPDATE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert actual == expected, (
        "the Dagster definitions changed; if intended (e.g. a new domain), rerun with "
        "WDH_UPDATE_SNAPSHOT=1 and commit tests/orchestration/definitions_snapshot.json"
    )


def test_dg_project_points_at_the_definitions_module() -> None:
    import tomllib

    project = tomllib.loads((REPO / "packages/orchestration/pyproject.toml").read_text(encoding="utf-8"))
    dg_project = project["tool"]["dg"]["project"]
    assert dg_project["root_module"] == "work_data_hub.orchestration"
    assert project["tool"]["dagster"]["module_name"] == "work_data_hub.orchestration.definitions"


def test_core_and_cli_never_import_dagster() -> None:
    """A real process: what a fresh interpreter imports is the subject."""
    code = (
        "import sys\n"
        "import work_data_hub.core.batch, work_data_hub.core.catalog, work_data_hub.cli.app\n"
        "from work_data_hub.core.domains.registry import all_domains\n"
        "all_domains()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'dagster' or m.startswith('work_data_hub.orch')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"


def test_orchestration_imports_core_only() -> None:
    sources = (REPO / "packages/orchestration/src").rglob("*.py")
    offenders = [p.name for p in sources if "work_data_hub.cli" in p.read_text(encoding="utf-8")]
    assert offenders == []
