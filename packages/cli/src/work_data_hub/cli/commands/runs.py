"""``wdh runs``: the run ledger, most recent first."""

from __future__ import annotations

from typing import Annotated

import typer

from work_data_hub.cli import options as o


def runs(
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many domain runs to list.")] = 20,
    database_url: o.DatabaseUrl = None,
    data_root: o.DataRoot = None,
    json_out: o.Json = False,
) -> int:
    """List recent domain runs recorded by `etl --execute`."""
    from work_data_hub.cli import render
    from work_data_hub.core.catalog import recent_runs

    settings = o.settings(data_root=data_root, database_url=database_url)
    rows = recent_runs(settings, limit)
    if json_out:
        render.print_json(rows)
        return 0
    if not rows:
        render.line("no runs recorded yet")
    for r in rows:
        render.line(
            f"{r['run_id']} {r['period']} {r['domain']} {r['status']} · read {r['rows_read']} · "
            f"rejected {r['rows_rejected']} · deleted {r['rows_deleted']} · inserted {r['rows_inserted']} · "
            f"{r['file'] or '-'}" + (f" · error: {r['error']}" if r["error"] else "")
        )
    return 0
