"""Report files of a run under ``<var>/rejected/<run_id>/<period>/`` — the only files a
dry run writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from work_data_hub.core.errors import WdhError


class ReportWriteFailed(WdhError):
    """A report file could not be written (full disk, no permission): the domain fails
    before anything is loaded, and the message names the file."""


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
    return write_report(path, rejected, "rejected-rows")


def write_report(path: Path, rejected: pd.DataFrame, what: str) -> Path:
    """A CSV report for operators (see write_rejected)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        defuse_formulas(rejected).to_csv(path, index=False, encoding="utf-8-sig")
    except OSError as exc:
        # A half-written report is worse than none: the operator would trust it.
        path.unlink(missing_ok=True)
        raise ReportWriteFailed(f"cannot write the {what} file {path}: {exc.strerror or exc}; nothing loaded") from None
    return path
