"""``wdh customer-mdm``: the customer master (contracts, snapshots, year boundary).
Dry run unless --execute, like `etl`; exit 0 ok, 1 failed, 2 could not start."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from work_data_hub.cli import options as o

app = typer.Typer(
    help="Customer master data: SCD2 contracts, monthly snapshots, annual cutover (dry run unless --execute).",
    no_args_is_help=True,
)
Execute = Annotated[bool, typer.Option("--execute", help="Write to the warehouse; without it nothing is written.")]
Year = Annotated[int, typer.Option("--year", help="The year, YYYY (2020–2050).")]


def _render(result: Any, json_out: bool) -> int:
    from work_data_hub.cli import render

    if json_out:
        render.print_json(result.to_dict())
        return result.exit_code
    mode = "dry run (nothing written)" if result.dry_run else "executed"
    head = f"customer-mdm {result.command}" + (f" · period {result.period}" if result.period else "")
    render.line(f"{head} · {mode}")
    would = "would be " if result.dry_run else ""
    for key, value in result.counts.items():
        render.line(f"{key.replace('_', ' ')}: {value}{' (' + would.strip() + ')' if would else ''}")
    if result.periods:
        render.line(f"replayed: {', '.join(result.periods)}")
    for key, value in result.figures.items():
        render.line(f"{key.replace('_', ' ')}: {value}")
    if result.error:
        render.line(f"error: {result.error}")
    render.line(f"status: {result.status} · {result.seconds:.2f} s")
    return result.exit_code


@app.command("sync")
def sync(
    period: Annotated[str | None, typer.Option("--period", help="The month to sync, YYYYMM.")] = None,
    rebuild_from: Annotated[
        str | None,
        typer.Option(
            "--rebuild-from",
            help="Delete what was derived from this month on and replay it and every later month in order.",
        ),
    ] = None,
    execute: Execute = False,
    database_url: o.DatabaseUrl = None,
    data_root: o.DataRoot = None,
    json_out: o.Json = False,
) -> int:
    """Close and open contract rows from the month's 规模明细 (+ year initialisation in January)."""
    from work_data_hub.core.customer_mdm import commands

    settings = o.settings(data_root=data_root, database_url=database_url)
    return _render(commands.sync(settings, period, rebuild_from, execute), json_out)


@app.command("snapshot")
def snapshot(
    period: o.Period,
    execute: Execute = False,
    database_url: o.DatabaseUrl = None,
    data_root: o.DataRoot = None,
    json_out: o.Json = False,
) -> int:
    """Replace the month's product-line and plan snapshots."""
    from work_data_hub.core.customer_mdm import commands

    settings = o.settings(data_root=data_root, database_url=database_url)
    return _render(commands.snapshot(settings, period, execute), json_out)


@app.command("init-year")
def init_year(
    year: Year,
    execute: Execute = False,
    database_url: o.DatabaseUrl = None,
    data_root: o.DataRoot = None,
    json_out: o.Json = False,
) -> int:
    """Upgrade current contracts from December of the previous year (strategic, existing)."""
    from work_data_hub.core.customer_mdm import commands

    settings = o.settings(data_root=data_root, database_url=database_url)
    return _render(commands.init_year(settings, year, execute), json_out)


@app.command("cutover")
def cutover(
    year: Year,
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: every current contract is closed on Y-01-01.")] = False,
    execute: Execute = False,
    database_url: o.DatabaseUrl = None,
    data_root: o.DataRoot = None,
    json_out: o.Json = False,
) -> int:
    """Close every current contract on Y-01-01 and open the year from December's AUM."""
    from work_data_hub.core.customer_mdm import commands

    settings = o.settings(data_root=data_root, database_url=database_url)
    return _render(commands.cutover(settings, year, execute, yes), json_out)


@app.command("validate")
def validate(
    year: Annotated[int | None, typer.Option("--year", help="Only current contracts of this status year.")] = None,
    database_url: o.DatabaseUrl = None,
    data_root: o.DataRoot = None,
    json_out: o.Json = False,
) -> int:
    """Print the strategic and existing shares of current contracts; exit 1 when outside the bounds."""
    from work_data_hub.core.customer_mdm import commands

    settings = o.settings(data_root=data_root, database_url=database_url)
    return _render(commands.validate(settings, year), json_out)
