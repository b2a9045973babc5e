"""The import-legacy report: one line per (legacy table, month), then what was left out."""

from __future__ import annotations

from typing import Any

from work_data_hub.cli.render import line


def summary(s: Any, *, quiet: bool) -> None:
    mode = "dry run, nothing written" if s.dry_run else "executed"
    line(f"import-legacy run {s.run_id} ({mode}) from {s.source} into {s.database}")
    for m in s.months:
        if quiet and m.status != "failed":
            continue
        figures = (
            f"legacy {m.legacy_rows} rows sum {_amount(m.legacy_sum)} · "
            f"{'would load' if m.status == 'would import' else 'loaded'} {m.rows_loaded} sum {_amount(m.loaded_sum)} · "
            f"rejected {m.rows_rejected} sum {_amount(m.rejected_sum)}"
        )
        if m.status == "unchanged":
            figures = f"legacy {m.legacy_rows} rows sum {_amount(m.legacy_sum)} · already imported (--force re-imports)"
        line(f"{m.period} {m.table} → {m.domain}: {m.status} · {figures}")
        if m.error:
            line(f"  error: {m.error}")
        if m.rejected_file:
            line(f"  rejected rows: {m.rejected_file}")
    if quiet:
        return
    for warning in s.all_warnings():
        line(f"warning: {warning}")
    for table, reason in s.ignored.items():
        line(f"not imported: {table} — {reason}")
    failed = sum(1 for m in s.months if m.status == "failed")
    line(f"{len(s.months)} table-months, {failed} failed, {s.rows_read} legacy rows read in {s.seconds:.1f} s")


def _amount(value: object) -> str:
    return "-" if value is None else str(value)
