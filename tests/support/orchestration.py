"""Resources for materialising the Dagster definitions against a test's warehouse."""

from __future__ import annotations

from pathlib import Path

from work_data_hub.orchestration.resources import MonthChecksResource, WarehouseResource

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "data"


def resources(url: str, data_root: Path, **checks: float) -> dict[str, object]:
    return {
        "warehouse": WarehouseResource(database_url=url, data_root=str(data_root)),
        "month_checks": MonthChecksResource(**checks),
    }
