#!/usr/bin/env bash
# Quick start (1): install into .venv and load the bundled example month into SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -r requirements-dev.txt
.venv/bin/python -m work_data_hub.cli etl --all-domains --period "${1:-202411}" --data-root examples/data --execute
# The everyday commands (README) read the data root from .env; point it at the examples
# unless this checkout already has one.
if [ ! -e .env ]; then
  printf 'WDH_DATA_ROOT=examples/data\n' > .env
  echo "wrote .env: WDH_DATA_ROOT=examples/data (the README's everyday commands use it; point it at the real deliveries later)"
fi
