"""Report files of a run under ``<var>/rejected/<run_id>/<period>/`` — the only files a
dry run writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def rejected_path(var_dir: Path, run_id: str, period: str, domain: str) -> Path:
    return var_dir / "rejected" / run_id / period / f"{domain}.csv"


def write_rejected(path: Path, rejected: pd.DataFrame) -> Path:
    """UTF-8 with BOM so Excel opens the Chinese headers correctly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rejected.to_csv(path, index=False, encoding="utf-8-sig")
    return path
