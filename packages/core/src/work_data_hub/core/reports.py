"""Report files of a run under ``<var>/rejected/<run_id>/<period>/`` — the only files a
dry run writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def rejected_path(var_dir: Path, run_id: str, period: str, domain: str) -> Path:
    return var_dir / "rejected" / run_id / period / f"{domain}.csv"


# Excel runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_START = r"^[=+\-@\t\r]"


def defuse_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells that Excel would run as a formula, prefixed with ``'`` so they open as text."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            text = values.astype("str")
            risky = text.str.contains(_FORMULA_START, regex=True, na=False) & values.notna()
            if risky.any():
                out[column] = text.where(~risky, "'" + text).where(values.notna(), values)
    return out


def write_rejected(path: Path, rejected: pd.DataFrame) -> Path:
    """UTF-8 with BOM so Excel opens the Chinese headers correctly; formula-like cells are
    defused (they are an operator's file to open in Excel)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    defuse_formulas(rejected).to_csv(path, index=False, encoding="utf-8-sig")
    return path
