"""The sensor that loads a month when its source file appears or changes."""

from __future__ import annotations

import dagster as dg

from work_data_hub.orchestration.source_sensor import source_file_sensor

defs = dg.Definitions(sensors=[source_file_sensor()])
