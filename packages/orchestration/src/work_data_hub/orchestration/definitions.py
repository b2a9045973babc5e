"""Dagster's entry point (``dagster dev -m work_data_hub.orchestration.definitions``,
``dg dev``): the definitions of the ``defs/`` folder beside this file."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from work_data_hub.orchestration.logs import route_core_logs_to_stdlib

route_core_logs_to_stdlib()
defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
