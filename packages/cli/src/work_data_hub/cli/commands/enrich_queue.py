"""``wdh enrich-queue``: resolve queued company names and back-patch temporary ids."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from work_data_hub.cli import options as o


def enrich_queue(
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Process at most N queued names.")] = None,
    execute: Annotated[
        bool, typer.Option("--execute", help="Call EQC and write; without it only the due names are counted.")
    ] = False,
    database_url: o.DatabaseUrl = None,
    json_out: o.Json = False,
    verbose: o.Verbose = 0,
    quiet: o.Quiet = False,
) -> int:
    """Look up the names waiting in enterprise.enrichment_requests (one transaction per name).

    Exit 0 when the queue ran, even if some names failed; 1 when it stopped on a rejected token.
    """
    from work_data_hub.cli import render
    from work_data_hub.core.enrich.services import run_queue

    o.configure_logging(verbose, quiet)
    settings = o.settings(database_url=database_url)

    with render.Progress("enrich-queue", enabled=not json_out and not quiet) as live:
        result = run_queue(
            settings,
            limit=limit,
            execute=execute,
            progress=lambda event: live.step(f"{event['name']}: {event['status']}", advance=1),
        )
    run = result.get("run")
    stopped = isinstance(run, dict) and run.get("stopped")
    if json_out:
        render.print_json(result)
    elif result["queue"] is None:
        render.line("no enrichment queue in this warehouse yet")
    else:
        render.line(f"queue: {_counts(result['queue'])}")
        if not execute:
            render.line(f"dry run: {result['would_process']} names would be looked up (pass --execute)")
        if isinstance(run, dict):
            render.line(
                f"processed {run['claimed']} · done {run['done']} (from cache {run['done_from_cache']}) · "
                f"failed {run['failed']} · retry later {run['retry_later']} · back-patched {run['rows_backpatched']}"
            )
            render.line(f"queue now: {_counts(result['queue_after'])}")
    if stopped:
        print(f"error: {stopped}", file=sys.stderr)
        return 1
    return 0


def _counts(counts: object) -> str:
    return " · ".join(f"{k} {v}" for k, v in dict(counts).items())  # type: ignore[call-overload]
