"""``wdh discover``: which file each domain would load for a period, and why."""

from __future__ import annotations

from typing import Annotated

import typer

from work_data_hub.cli import options as o
from work_data_hub.cli.commands.etl import FileSelection


def discover(
    period: o.Period,
    domains: o.Domains = None,
    data_root: o.DataRoot = None,
    file_selection: Annotated[
        FileSelection | None, typer.Option("--file-selection", help="Pick among several eligible files.")
    ] = None,
    json_out: o.Json = False,
    verbose: o.Verbose = 0,
) -> int:
    """Show the chosen file, version folder and sheets per domain (excluded files with -v)."""
    from work_data_hub.cli import render
    from work_data_hub.core.catalog import discover_period
    from work_data_hub.core.settings import require_data_root

    settings = o.settings(data_root=data_root)
    require_data_root(settings)
    found = discover_period(
        settings, period, o.split_domains(domains), file_selection.value if file_selection else None
    )
    if json_out:
        render.print_json([f.to_dict() for f in found])
    else:
        for f in found:
            if f.chosen:
                render.line(f"{f.domain}: {f.chosen} · version {f.version or '-'} · sheets {', '.join(f.sheets)}")
            else:
                render.line(f"{f.domain}: no file: {f.error}")
            for s in f.supplements:
                render.line(f"{f.domain}:   {s}: supplement — not loaded; load it with --supplement groups|append")
            if verbose:
                for e in f.excluded:
                    render.line(f"{f.domain}:   excluded {e['file']}: {e['reason']}")
    return 0 if all(f.chosen for f in found) else 1
