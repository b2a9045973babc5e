"""The platform's part of turning a raw sheet into rows to load: canonical headers,
the domain's transform, the generic row checks, the period check and the split into
valid and rejected rows. Domain-specific rules live in each domain's transform."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pandas as pd

from work_data_hub.core.cleansing.exact import rounding
from work_data_hub.core.domains.base import DomainSpec, TransformContext
from work_data_hub.core.errors import SourceError, ValidationFailed
from work_data_hub.core.read.workbook import ROW_NUMBER, RawSheet

REJECTED_LEAD = ["source_file", "sheet", "row_number", "reason"]


@dataclass
class Processed:
    valid: pd.DataFrame
    rejected: pd.DataFrame
    rows_read: int
    rows_blank: int
    rows_repeated_header: int
    warnings: list[str] = field(default_factory=list)
    counters: dict[str, object] = field(default_factory=dict)


def canonical_frame(
    raw: RawSheet, spec: DomainSpec, ctx: TransformContext | None = None
) -> tuple[pd.DataFrame, list[str]]:
    """Rename header variants to canonical names; fail on a missing required column."""
    inputs = spec.inputs
    warnings: list[str] = []
    frame = raw.frame
    if spec.reshape is not None and ctx is not None:
        frame = spec.reshape(frame, ctx)
    if inputs.header_rule is not None:
        renamed = {c: inputs.header_rule(c) for c in frame.columns if c != ROW_NUMBER}
        frame = frame.drop(columns=[c for c, new in renamed.items() if not new]).rename(
            columns={c: new for c, new in renamed.items() if new}
        )
    internal = sorted(set(spec.hidden_columns) & set(raw.headers))
    if internal:
        raise SourceError(
            f"{raw.file}: sheet {raw.sheet}: header(s) {', '.join(internal)} are names the platform uses "
            "internally: rename the column(s)"
        )
    present = set(frame.columns)
    rename: dict[str, str] = {}
    ignored: list[str] = []
    # Aliases are tried in their declared order, so an earlier variant wins over a later
    # one (e.g. a full-name header before a reported-name header).
    for header in (a for a in inputs.aliases if a in present):
        target = inputs.aliases[header]
        if target in present or target in rename.values():
            ignored.append(header)
            warnings.append(f"both {target} and {header} present: {target} used, {header} ignored")
        else:
            rename[header] = target
    frame = frame.drop(columns=ignored).rename(columns=rename)
    if raw.duplicate_headers:
        warnings.append(f"duplicate headers ignored (first kept): {', '.join(raw.duplicate_headers)}")

    missing = sorted(inputs.required - set(frame.columns))
    if missing:
        found = ", ".join(c for c in raw.headers) or "none"
        raise SourceError(
            f"{raw.file}: sheet {raw.sheet}: missing required column(s) {', '.join(missing)} (columns found: {found})"
        )
    unknown = [c for c in frame.columns if c != ROW_NUMBER and c not in inputs.known]
    listed = [c for c in unknown if c not in inputs.dropped_silently]
    if listed:
        warnings.append(f"dropped columns: {', '.join(listed)}")
    frame = frame.drop(columns=unknown)
    for column in sorted(inputs.optional - set(frame.columns) - inputs.left_absent):
        frame[column] = pd.Series(pd.NA, index=frame.index, dtype="str")
        if column in inputs.absent_warnings:
            warnings.append(inputs.absent_warnings[column])
        elif column not in inputs.absent_silently:
            warnings.append(f"column {column} missing: loaded as NULL")
    return frame, warnings


def process(raw: RawSheet, spec: DomainSpec, ctx: TransformContext) -> Processed:
    frame, warnings = canonical_frame(raw, spec, ctx)
    frame = _strip_controls(frame, warnings)
    if frame.empty and not spec.empty_sheet_ok:
        raise ValidationFailed(f"{raw.file}: sheet {raw.sheet} has no data rows")
    with rounding() as rounded:
        result = spec.transform(frame, ctx)
    for source, cells in rounded.items():
        warnings.append(f"{source}: {cells} cells with more than 4 decimals rounded half-up")
    out = result.frame
    reasons = result.reasons.copy()
    for column in spec.columns:
        if column.type == "text" and column.length:
            too_long = out[column.name].str.len().gt(column.length).fillna(False)
            if too_long.any():
                note = f"{column.name} longer than {column.length} characters"
                reasons = reasons.where(~too_long, (reasons + "; " + note).fillna(note))

    reasons = _reject_unreadable(reasons, frame[ROW_NUMBER], raw, spec)

    if spec.period_check:
        _check_period(result.months, frame[ROW_NUMBER], ctx, spec)

    skipped = result.skipped if result.skipped is not None else pd.Series(False, index=out.index)
    bad = reasons.notna() & ~skipped
    valid = out.loc[~bad & ~skipped, spec.column_names + spec.hidden_columns].reset_index(drop=True)
    rejected = frame.loc[bad].drop(columns=[ROW_NUMBER])
    rejected.insert(0, "reason", reasons[bad])
    rejected.insert(0, "row_number", frame.loc[bad, ROW_NUMBER].astype("int64"))
    rejected.insert(0, "sheet", raw.sheet)
    rejected.insert(0, "source_file", ctx.source_file)

    counters = dict(result.counters)
    if result.skipped is not None:
        counters["rows_skipped"] = int(skipped.sum())
    # Hidden keys count too: rows that differ only in their source company id are not copies.
    counters["duplicate_rows"] = int(valid.duplicated().sum())
    counters["dropped_columns"] = _dropped_columns(raw, spec)
    return Processed(
        valid=valid,
        rejected=rejected.reset_index(drop=True),
        rows_read=len(frame),
        rows_blank=raw.rows_blank,
        rows_repeated_header=raw.rows_repeated_header,
        warnings=warnings + result.warnings,
        counters=counters,
    )


# C0 controls and DEL, except tab and line breaks (R-TEXT makes those spaces). PostgreSQL
# refuses NUL in text and SQLite keeps it: removed on read, both backends store the same.
_CONTROLS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"


def _strip_controls(frame: pd.DataFrame, warnings: list[str]) -> pd.DataFrame:
    cells = 0
    columns: list[str] = []
    for column in frame.columns:
        if column == ROW_NUMBER or not pd.api.types.is_string_dtype(frame[column].dtype):
            continue
        hit = frame[column].str.contains(_CONTROLS, regex=True, na=False)
        if hit.any():
            if not columns:
                frame = frame.copy()
            frame.loc[hit, column] = frame.loc[hit, column].str.replace(_CONTROLS, "", regex=True)
            cells += int(hit.sum())
            columns.append(column)
    if cells:
        warnings.append(f"control characters removed from {cells} cells ({', '.join(columns)})")
    return frame


def read_columns(raw: RawSheet, spec: DomainSpec) -> set[str]:
    """The workbook's headers (as written) whose column the domain reads."""
    inputs = spec.inputs
    read: set[str] = set()
    for header in raw.headers:
        name = inputs.header_rule(header) if inputs.header_rule is not None else header
        if name and inputs.aliases.get(name, name) in inputs.known:
            read.add(header)
    return read


def _reject_unreadable(reasons: pd.Series, rows: pd.Series, raw: RawSheet, spec: DomainSpec) -> pd.Series:
    """A cell holding an Excel error or a formula without a saved value would load as NULL
    and look like data: its row is rejected naming the column and the cell."""
    cells = raw.unreadable
    if cells.empty:
        return reasons
    cells = cells[cells["header"].isin(read_columns(raw, spec))]
    if cells.empty:
        return reasons
    notes = (cells["header"] + " " + cells["ref"] + ": " + cells["reason"]).groupby(cells["row_number"]).agg("; ".join)
    extra = rows.map(notes)
    return reasons.where(extra.isna(), (reasons + "; " + extra).fillna(extra))


@contextmanager
def _without_hypothesis() -> Iterator[None]:
    """pandera registers data-synthesis strategies on its first validation and imports
    hypothesis for them when it is installed (a test tool: only in development). We never
    synthesise data, so the check runs as it does in production, without that import."""
    if "hypothesis" in sys.modules:
        yield
        return
    sys.modules["hypothesis"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if sys.modules.get("hypothesis", 0) is None:
            del sys.modules["hypothesis"]


def check_output(spec: DomainSpec, valid: pd.DataFrame, where: str) -> None:
    """P16, once per domain run after company ids are resolved: rows that break the
    output schema are a bug, never bad input, so the domain fails before anything is
    written."""
    from work_data_hub.core.domains import output_schema

    with _without_hypothesis():
        problems = output_schema.check(spec, valid[spec.column_names])
    if problems:
        raise ValidationFailed(
            f"{where}: output schema check failed, nothing written "
            f"(a programming error, not bad input): {'; '.join(problems)}"
        )


def _dropped_columns(raw: RawSheet, spec: DomainSpec) -> list[str]:
    inputs = spec.inputs
    ignored = inputs.known | set(inputs.aliases) | inputs.dropped_silently | {ROW_NUMBER}
    rule = inputs.header_rule or (lambda c: c)
    # A header the domain's rule renames to a known name (or drops) is not a dropped column.
    return [c for c in raw.frame.columns if c not in ignored and rule(c) and rule(c) not in ignored]


def _check_period(months: pd.Series, rows: pd.Series, ctx: TransformContext, spec: DomainSpec) -> None:
    """A wrong workbook in the folder must never delete a month: any parsed month other
    than the period fails the domain before anything is written."""
    first = pd.Timestamp(ctx.period.first_day)
    other = months.notna() & (months != first)
    if not other.any():
        return
    first_bad = int(other.to_numpy().argmax())
    found = pd.Timestamp(months.iloc[first_bad]).strftime("%Y-%m")
    more = int(other.sum()) - 1
    tail = f" (and {more} more rows)" if more else ""
    raise ValidationFailed(
        f"{ctx.source_file}: sheet {ctx.sheet}: {spec.period_column} {found} in row {int(rows.iloc[first_bad])} "
        f"does not match period {ctx.period.label}{tail}"
    )
