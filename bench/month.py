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
    """A generated month of every registered domain: the data root and its workbooks
    (by sample workbook key: ``annuity``, ``ledger`` …)."""

    root: Path
    books: dict[str, Path]
    rows: dict[str, int]

    @property
    def annuity(self) -> Path:
        return self.books["annuity"]

    @property
    def ledger(self) -> Path:
        return self.books["ledger"]


def domain_rows(rows: int) -> dict[str, int]:
    """Data rows per sheet of every registered domain's sample for a month whose
    规模明细 has ``rows`` rows: each domain scaled from its example size alike."""
    from work_data_hub.core.samples.layout import registered_samples

    samples = registered_samples()
    factor = rows / samples["annuity_performance"].example_rows
    return {name: max(s.min_dirty_rows, round(s.example_rows * factor)) for name, s in samples.items()}


def ensure_month(cache: Path, rows: int, seed: int) -> Month:
    """Generate the month once per (rows, seed); ``month.json`` is written last, so an
    interrupted generation is redone rather than half used."""
    folder = cache / f"rows{rows}-seed{seed}"
    marker = folder / "month.json"
    if not marker.is_file():
        from work_data_hub.core.samples.layout import registered_samples, write_month

        shutil.rmtree(folder, ignore_errors=True)
        layout = write_month(
            folder / "root", PERIOD, registered_samples(), seed=seed, dirty=True, traps=False, rows=domain_rows(rows)
        )
        info = {"books": {k: w.chosen for k, w in layout.workbooks.items()}, "layout": layout.to_dict()}
        marker.write_text(json.dumps(info, ensure_ascii=False, indent=2), encoding="utf-8")
    info = json.loads(marker.read_text(encoding="utf-8"))
    counts = {name: d["rows_read"] for name, d in info["layout"]["domains"].items()}
    root = folder / "root"
    return Month(root=root, books={k: root / v for k, v in info["books"].items()}, rows=counts)
