"""The benchmarks' generated month: written once per (rows, seed) and reused."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

PERIOD = "202411"
SEED = 20241130
AP_SHEET, INCOME_SHEET = "规模明细", "收入明细"


@dataclass(frozen=True)
class Month:
    """A generated month: the data root and its two workbooks."""

    root: Path
    annuity: Path
    ledger: Path
    rows: dict[str, int]


def ensure_month(cache: Path, rows: int, seed: int) -> Month:
    """Generate the month once per (rows, seed); ``month.json`` is written last, so an
    interrupted generation is redone rather than half used."""
    folder = cache / f"rows{rows}-seed{seed}"
    marker = folder / "month.json"
    if not marker.is_file():
        from work_data_hub.core.samples.generator import write_month

        shutil.rmtree(folder, ignore_errors=True)
        layout = write_month(
            folder / "root",
            PERIOD,
            perf_rows=rows,
            income_rows=rows * 3 // 10,
            seed=seed,
            dirty=True,
            with_traps=False,
            ledger_rows=max(5, rows // 100),
        )
        assert layout.ledger is not None
        info = {"annuity": layout.chosen, "ledger": layout.ledger, "layout": layout.to_dict()}
        marker.write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    info = json.loads(marker.read_text(encoding="utf-8"))
    layout = info["layout"]
    counts = {AP_SHEET: layout[AP_SHEET]["rows_read"], INCOME_SHEET: layout[INCOME_SHEET]["rows_read"]}
    counts["ledger rows per sheet"] = next(iter(layout.get("ledger_rows", {0: 0}).values()))
    root = folder / "root"
    return Month(root=root, annuity=root / info["annuity"], ledger=root / info["ledger"], rows=counts)
