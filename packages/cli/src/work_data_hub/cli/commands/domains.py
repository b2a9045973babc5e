"""``wdh domains``: the registered domains in registry order; ``domains new`` scaffolds one."""

from __future__ import annotations

from typing import Annotated

import typer

from work_data_hub.cli import options as o

app = typer.Typer(help="The registered domains; `domains new` adds one.")


@app.callback(invoke_without_command=True)
def domains(ctx: typer.Context, json_out: o.Json = False) -> int:
    """List the registered domains, their sheets and output tables."""
    if ctx.invoked_subcommand is not None:
        return 0
    from work_data_hub.cli import render
    from work_data_hub.core.catalog import list_domains

    items = list_domains(o.settings())
    if json_out:
        render.print_json(items)
        raise typer.Exit(0)
    for d in items:
        render.line(f"{d['domain']}: {d['description']} · sheets {', '.join(d['sheets'])} · table {d['table']}")
    raise typer.Exit(0)


@app.command("new")
def new(
    name: Annotated[str, typer.Argument(help="The domain's name, e.g. fee_expansion.")],
    sheet: Annotated[str, typer.Option("--sheet", help="The sheet it reads.")],
    table: Annotated[str, typer.Option("--table", help="Its output table, SCHEMA.TABLE.")],
    pattern: Annotated[str, typer.Option("--pattern", help="File-name glob of its workbook, e.g. *台账登记*.xlsx.")],
    base_path: Annotated[
        str, typer.Option("--base-path", help="Where its files are, e.g. {YYYYMM}/收集数据/业务收集.")
    ],
    recursive: Annotated[
        bool, typer.Option("--recursive", help="Search every folder below --base-path for the pattern.")
    ] = False,
    json_out: o.Json = False,
) -> int:
    """Create the domain folder (spec with a placeholder column, transform, sample), its
    config/data_sources.yml block and its migration (see docs/adding-a-domain.md)."""
    from work_data_hub.cli import render
    from work_data_hub.core.scaffold.new_domain import NewDomain, parse_table, scaffold

    schema, table_name = parse_table(table)
    settings = o.settings()
    made = scaffold(
        NewDomain(name, sheet, schema, table_name, pattern, base_path, recursive), settings.resolved_config_dir()
    )
    written = [str(p) for p in made.files] + [str(made.config), str(made.migration)]
    if json_out:
        render.print_json({"domain": name, "files": written})
        return 0
    for path in written:
        render.line(f"wrote {path}")
    render.line(
        "next: fill in the columns, rules and sample, then `invoke db-revision -m …` (if the columns changed) "
        "and `invoke example-data`"
    )
    return 0
