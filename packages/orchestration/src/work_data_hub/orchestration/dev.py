"""``invoke dagster``: the Dagster UI and daemon on this machine, with an instance whose
pool limit serialises warehouse writers. ``DAGSTER_HOME`` defaults to ``<var>/dagster``."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from work_data_hub.core.settings import Settings

TEMPLATE = Path(__file__).with_name("dagster.dev.yaml")
MODULE = "work_data_hub.orchestration.definitions"


def prepare_home(home: Path) -> Path:
    """Creates the instance folder; an existing dagster.yaml is the operator's and is kept."""
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        shutil.copyfile(TEMPLATE, config)
    return config


def command(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "dagster", "dev", "-m", MODULE, "--host", host, "--port", str(port)]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m work_data_hub.orchestration.dev", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="interface the UI binds to (default: this machine only)")
    parser.add_argument("--port", type=int, default=3000)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    home = Path(os.environ.get("DAGSTER_HOME") or Settings().var_dir / "dagster").resolve()
    config = prepare_home(home)
    print(f"DAGSTER_HOME={home} (instance: {config})", file=sys.stderr, flush=True)
    cmd = command(args.host, args.port)
    os.execve(cmd[0], cmd, os.environ | {"DAGSTER_HOME": str(home)})


if __name__ == "__main__":
    main()
