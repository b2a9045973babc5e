"""The instance files we ship or document are valid for the installed Dagster, set the
warehouse pool to one writer, and ``invoke dagster`` binds to this machine by default."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from dagster._core.instance.config import dagster_instance_config

from work_data_hub.orchestration import dev
from work_data_hub.orchestration.partitions import POOL

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "docs" / "deploy.md"


def yaml_blocks(text: str) -> list[str]:
    return [textwrap.dedent(b) for b in re.findall(r"```yaml\n(.*?)```", text, flags=re.S)]


def validated(folder: Path, text: str) -> dict[str, Any]:
    """The instance config as Dagster reads it from ``folder/dagster.yaml`` (schema-checked)."""
    (folder / "dagster.yaml").write_text(text, encoding="utf-8")
    config, _ = dagster_instance_config(str(folder))
    return dict(config)


def test_the_documented_production_instance_is_valid(tmp_path: Path) -> None:
    (production,) = [b for b in yaml_blocks(DEPLOY.read_text(encoding="utf-8")) if "(production)" in b]
    config = validated(tmp_path, production)
    assert "postgres" in config["storage"]
    assert config["concurrency"]["pools"]["default_limit"] == 1
    assert config["concurrency"]["runs"]["max_concurrent_runs"] >= 1
    assert config["run_coordinator"]["class"] == "QueuedRunCoordinator"


def test_every_documented_yaml_block_parses() -> None:
    blocks = yaml_blocks(DEPLOY.read_text(encoding="utf-8"))
    assert len(blocks) >= 3
    for block in blocks:
        assert isinstance(yaml.safe_load(block), dict)
    assert f"dagster instance concurrency set {POOL} 1" in DEPLOY.read_text(encoding="utf-8")


def test_the_dev_instance_is_valid_and_kept_when_present(tmp_path: Path) -> None:
    home = tmp_path / "home"
    config_file = dev.prepare_home(home)
    assert validated(home, config_file.read_text(encoding="utf-8"))["concurrency"]["pools"]["default_limit"] == 1
    config_file.write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    dev.prepare_home(home)
    assert config_file.read_text(encoding="utf-8") == "telemetry:\n  enabled: false\n"


@pytest.mark.parametrize(
    ("argv", "host", "port"), [([], "127.0.0.1", "3000"), (["--host", "0.0.0.0", "--port", "3100"], "0.0.0.0", "3100")]
)
def test_the_dev_command_binds_to_this_machine_unless_told(argv: list[str], host: str, port: str) -> None:
    args = dev.parse_args(argv)
    cmd = dev.command(args.host, args.port)
    assert cmd[1:5] == ["-m", "dagster", "dev", "-m"]
    assert cmd[5] == "work_data_hub.orchestration.definitions"
    assert cmd[cmd.index("--host") + 1] == host and cmd[cmd.index("--port") + 1] == port
