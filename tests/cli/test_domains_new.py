"""`domains new` (issue 13): a scaffolded domain is registered, migrated and loads its own
sample with no platform file edited; and the command refuses what would clash."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "cli")


def copy_tree(tmp: Path) -> dict[str, str]:
    """A copy of the packages' source and config/, and an environment importing from it."""
    for package in PACKAGES:
        shutil.copytree(
            REPO / "packages" / package / "src", tmp / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copytree(REPO / "config", tmp / "config")
    env = {k: v for k, v in os.environ.items() if not k.startswith("WDH_")}
    return env | {
        "PYTHONPATH": os.pathsep.join(str(tmp / p) for p in PACKAGES),
        "WDH_CONFIG_DIR": str(tmp / "config"),
        "WDH_VAR_DIR": str(tmp / "var"),
        "WDH_DATA_ROOT": str(tmp / "data"),
        "PYTHONIOENCODING": "utf-8",
    }


def wdh(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "work_data_hub.cli", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_a_scaffolded_domain_loads_its_sample(tmp_path: Path) -> None:
    """A real process: the scaffold writes into the package tree it imports, here a copy."""
    env = copy_tree(tmp_path)
    made = wdh(env, tmp_path, "domains", "new", "toy_kind", "--sheet", "玩具", "--table", "business.玩具",
               "--pattern", "*玩具登记*.xlsx", "--base-path", "{YYYYMM}/收集数据/业务收集", "--json")  # fmt: skip
    assert made.returncode == 0, made.stderr
    files = json.loads(made.stdout)["files"]
    folder = tmp_path / "core" / "work_data_hub" / "core" / "domains" / "toy_kind"
    assert {Path(f).name for f in files} >= {"spec.py", "transform.py", "sample.py", "data_sources.yml"}
    assert (folder / "spec.py").is_file()
    migration = Path(files[-1])
    assert migration.parent.name == "versions" and migration.name.endswith("_toy_kind_business_玩具.py")
    assert 'op.create_table(\n        "玩具"' in migration.read_text(encoding="utf-8")
    assert "toy_kind:" in (tmp_path / "config" / "data_sources.yml").read_text(encoding="utf-8")
    assert not (REPO / "packages/core/src/work_data_hub/core/domains/toy_kind").exists()

    listed = json.loads(wdh(env, tmp_path, "domains", "--json").stdout)
    assert listed[-1]["domain"] == "toy_kind" and listed[-1]["table"] == "business.玩具"
    sample = wdh(env, tmp_path, "sample-data", "--out", "data", "--periods", "202411", "--domains", "toy_kind")
    assert sample.returncode == 0, sample.stderr
    loaded = wdh(env, tmp_path, "etl", "--domains", "toy_kind", "--period", "202411", "--execute", "--json")
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr
    (run,) = json.loads(loaded.stdout)["domains"]
    assert (run["rows_read"], run["rows_blank"], run["rows_rejected"], run["rows_inserted"]) == (5, 1, 0, 5)
    check = wdh(env, tmp_path, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["annual_award", "--table", "customer.新表"], "domain annual_award exists already"),
        (["Bad-Name", "--table", "business.新表"], "lower-case letters"),
        (["new_kind", "--table", "nowhere"], "expected SCHEMA.TABLE"),
        (["new_kind", "--table", "sales.新表"], "is not a warehouse schema"),
        (["new_kind", "--table", "business.规模明细"], "already writes a table named 规模明细"),
        (["new_kind", "--table", "business.新表", "--base-path", "data/{YYYYMM}"], "must start with {YYYYMM}/收集数据"),
    ],
)
def test_clashes_are_refused_and_nothing_is_written(cli, args: list[str], message: str) -> None:  # type: ignore[no-untyped-def]
    config = (REPO / "config" / "data_sources.yml").read_text(encoding="utf-8")
    rest = ["--sheet", "新表", "--pattern", "*新表*.xlsx"]
    if "--base-path" not in args:
        rest += ["--base-path", "{YYYYMM}/收集数据/业务收集"]
    result = cli("domains", "new", *args, *rest)
    assert result.code == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert (REPO / "config" / "data_sources.yml").read_text(encoding="utf-8") == config
    assert not (REPO / "packages/core/src/work_data_hub/core/domains/new_kind").exists()
