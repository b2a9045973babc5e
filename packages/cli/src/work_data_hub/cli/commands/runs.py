"""``wdh runs``: the recorded runs, most recent first; ``runs show RUN_ID``: one run's record."""

from __future__ import annotations

from typing import Annotated

import typer

from work_data_hub.cli import options as o

app = typer.Typer(help="Recorded runs: `runs` lists them, `runs show RUN_ID` prints one.")


@app.callback(invoke_without_command=True)
def runs(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, help="How many runs to list.")] = 20,
    database_url: o.DatabaseUrl = None,
    data_root: o.DataRoot = None,
    json_out: o.Json = False,
    verbose: Annotated[int, typer.Option("-v", "--verbose", count=True, help="One more line per domain run.")] = 0,
) -> int:
    """List recent runs recorded by `etl --execute`: one line per run (with -v, then one
    per domain run)."""
    if ctx.invoked_subcommand is not None:
        return 0
    from work_data_hub.cli import render
    from work_data_hub.core.run_info import list_runs

    found = list_runs(o.settings(data_root=data_root, database_url=database_url), limit)
    render.runs(found, json_out=json_out, verbose=verbose)
    return 0


@app.command("show")
def show(
    run_id: Annotated[str, typer.Argument(help="The run id, as `runs` lists it.")],
    database_url: o.DatabaseUrl = None,
    data_root: o.DataRoot = None,
    json_out: o.Json = False,
    html: Annotated[
        bool, typer.Option("--html", help="Write the run's HTML report again (<var>/reports/RUN_ID.html).")
    ] = False,
) -> int:
    """Everything recorded about one run: files (path, size, SHA-256, modification time),
    sheets, counts, warnings, counters, rejected-rows file, code version and options."""
    from work_data_hub.cli import render
    from work_data_hub.core.run_info import show_run, write_run_report

    settings = o.settings(data_root=data_root, database_url=database_url)
    if html:
        render.line(f"report: {write_run_report(settings, run_id).as_posix()}")
        return 0
    render.run_record(show_run(settings, run_id), json_out=json_out)
    return 0
