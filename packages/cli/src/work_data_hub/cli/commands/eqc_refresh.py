"""``wdh eqc-refresh``: re-fetch stored company records from EQC."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from work_data_hub.cli import options as o


def eqc_refresh(
    status: Annotated[bool, typer.Option("--status", help="Show how fresh the stored records are.")] = False,
    stale: Annotated[bool, typer.Option("--stale", help="Companies not fetched for --older-than-days.")] = False,
    older_than_days: Annotated[
        int, typer.Option("--older-than-days", min=0, help="Age that makes a record stale.")
    ] = 90,
    company_ids: Annotated[str | None, typer.Option("--company-ids", help="Comma-separated company ids.")] = None,
    all_companies: Annotated[bool, typer.Option("--all", help="Every stored company, in company_id order.")] = False,
    resume: Annotated[bool, typer.Option("--resume", help="Continue the interrupted --all run.")] = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Companies per checkpointed batch.")] = 20,
    execute: Annotated[bool, typer.Option("--execute", help="Call EQC and write; without it only count.")] = False,
    database_url: o.DatabaseUrl = None,
    json_out: o.Json = False,
    verbose: o.Verbose = 0,
    quiet: o.Quiet = False,
) -> int:
    """Re-fetch company records (rate-limited, checkpointed per batch)."""
    from work_data_hub.cli import render
    from work_data_hub.core.enrich.refresh import Selection
    from work_data_hub.core.enrich.services import refresh_overview, run_refresh
    from work_data_hub.core.errors import UsageError

    o.configure_logging(verbose, quiet)
    settings = o.settings(database_url=database_url)
    ids = tuple(i.strip() for i in (company_ids or "").split(",") if i.strip())
    chosen = [flag for flag, on in (("--status", status), ("--stale", stale), ("--all", all_companies)) if on]
    if company_ids is not None:
        chosen.append("--company-ids")
    if len(chosen) != 1:
        raise UsageError("choose one of --status, --stale, --company-ids a,b or --all")
    if company_ids is not None and not ids:
        raise UsageError("--company-ids: give at least one id")
    if status:
        overview = refresh_overview(settings, older_than_days)
        if json_out:
            render.print_json(overview)
        else:
            render.line(" · ".join(f"{k} {v}" for k, v in overview.items()))
        return 0
    mode = "all" if all_companies else "stale" if stale else "ids"
    selection = Selection(mode=mode, company_ids=ids, older_than_days=older_than_days)  # type: ignore[arg-type]
    with render.Progress("eqc-refresh", enabled=not json_out and not quiet) as bar:
        report = run_refresh(
            settings, selection, resume=resume, execute=execute, batch_size=batch_size, progress=bar.counts
        )
    data = report if isinstance(report, dict) else report.to_dict()
    if json_out:
        render.print_json(data)
    else:
        render.line(" · ".join(f"{k} {v}" for k, v in data.items() if v not in (None, [], {})))
        if not execute:
            render.line("dry run: nothing fetched or written (pass --execute)")
    if data.get("stopped"):
        print(f"error: {data['stopped']}", file=sys.stderr)
        return 1
    return 0
