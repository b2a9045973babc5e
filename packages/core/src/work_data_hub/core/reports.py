"""Report files of a run: the rejected rows under ``<var>/rejected/<run_id>/<period>/``,
and the run's report and unknown-companies list under ``<var>/reports/`` — the only files
a dry run writes."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from work_data_hub.core.cleansing.exact import as_float
from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.enrich.temp_ids import TEMP_ID_PATTERN
from work_data_hub.core.errors import WdhError

UNKNOWN_COLUMNS = ["name", "temporary_id", "domain", "period", "rows", "measure", "amount"]


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


def report_path(var_dir: Path, run_id: str) -> Path:
    return var_dir / "reports" / f"{run_id}.html"


def unknown_companies_path(var_dir: Path, run_id: str) -> Path:
    return var_dir / "reports" / f"{run_id}-unknown-companies.csv"


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


def measure_total(spec: DomainSpec, valid: pd.DataFrame) -> dict[str, object]:
    """Σ of the monitored measure over the rows to load: the workbook's total, kept in the
    run record to compare with what the warehouse holds later."""
    numeric = {c.name for c in spec.columns if c.type == "numeric" or c.is_integer}
    if spec.monitored_measure not in numeric or spec.monitored_measure not in valid.columns:
        return {}
    total = as_float(valid[spec.monitored_measure]).sum()
    return {"measure_total": {"column": spec.monitored_measure, "total": round(float(total), 4)}}


def unknown_companies(spec: DomainSpec, valid: pd.DataFrame, period: str) -> pd.DataFrame:
    """The names of the rows that got a temporary company id, with their rows and the sum
    of the domain's monitored measure (the AUM they carry, for 规模明细)."""
    keys = spec.enrichment
    if keys is None or keys.target not in valid.columns or keys.name_key not in valid.columns or valid.empty:
        return pd.DataFrame(columns=UNKNOWN_COLUMNS)
    ids = valid[keys.target].astype("string")
    temporary = valid[ids.str.fullmatch(TEMP_ID_PATTERN).fillna(False).astype(bool)]
    if temporary.empty:
        return pd.DataFrame(columns=UNKNOWN_COLUMNS)
    numeric = {c.name for c in spec.columns if c.type == "numeric"}
    measured = spec.monitored_measure in numeric
    amount = (
        as_float(temporary[spec.monitored_measure]).fillna(0.0) if measured else pd.Series(0.0, index=temporary.index)
    )
    frame = pd.DataFrame({"name": temporary[keys.name_key], "temporary_id": temporary[keys.target], "amount": amount})
    out = frame.groupby(["name", "temporary_id"], as_index=False, dropna=False).agg(
        rows=("amount", "size"), amount=("amount", "sum")
    )
    out["domain"] = spec.name
    out["period"] = period
    out["measure"] = spec.monitored_measure if measured else ""
    return out[UNKNOWN_COLUMNS]


def write_unknown_companies(path: Path, parts: list[pd.DataFrame]) -> Path | None:
    """One list per run, most frequent first. A range of months adds to the file its
    earlier months wrote under the same run id."""
    frames = [p for p in parts if not p.empty]
    if not frames:
        return None
    if path.is_file():
        frames.insert(0, pd.read_csv(path, encoding="utf-8-sig", dtype={"period": "string"}))
    every = pd.concat(frames, ignore_index=True)
    every["amount"] = pd.to_numeric(every["amount"]).round(4)
    every = every.sort_values(["rows", "amount", "name"], ascending=[False, False, True], kind="stable")
    path.parent.mkdir(parents=True, exist_ok=True)
    every[UNKNOWN_COLUMNS].to_csv(path, index=False, encoding="utf-8-sig")
    return path


def read_unknown_companies(path: Path, limit: int = 20) -> tuple[int, list[dict[str, object]]]:
    """How many names the list holds, and its first ``limit``."""
    if not path.is_file():
        return 0, []
    frame = pd.read_csv(path, encoding="utf-8-sig", dtype={"period": "string", "name": "string"})
    return len(frame), frame.head(limit).to_dict("records")  # type: ignore[return-value]
