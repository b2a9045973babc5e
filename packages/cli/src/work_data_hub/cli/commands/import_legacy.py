"""``wdh import-legacy``: the legacy MySQL warehouse's months into the warehouse, through
each domain's own rules, verified month by month."""

from __future__ import annotations

from typing import Annotated

import typer

from work_data_hub.cli import options as o
from work_data_hub.core.errors import UsageError


def _databases(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, actual = pair.partition("=")
        if not sep or not name.strip() or not actual.strip():
            raise UsageError(f"--database {pair!r}: expected LEGACY=ACTUAL, e.g. business=legacy_business")
        out[name.strip()] = actual.strip()
    return out


def import_legacy(
    source: Annotated[
        str, typer.Option("--from", help="The legacy MySQL server, mysql://user:password@host[:port]/ (only read).")
    ],
    kinds: Annotated[
        str | None,
        typer.Option(
            "--kinds", help="Comma-separated domains or legacy tables (规模明细, customer.企年受托中标); default all."
        ),
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="First month to import, YYYYMM.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Last month to import, YYYYMM.")] = None,
    execute: Annotated[bool, typer.Option("--execute", help="Load; without it only read, clean and count.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Re-import months already imported with the same legacy figures.")
    ] = False,
    database: Annotated[
        list[str] | None,
        typer.Option("--database", help="LEGACY=ACTUAL: a legacy database restored under another name (repeatable)."),
    ] = None,
    database_url: o.DatabaseUrl = None,
    json_out: o.Json = False,
    verbose: o.Verbose = 0,
    quiet: o.Quiet = False,
) -> int:
    """Import the legacy warehouse month by month; exit 1 when a month does not reconcile."""
    from work_data_hub.cli import legacy_render, render
    from work_data_hub.core.legacy.importer import ImportRequest
    from work_data_hub.core.legacy.importer import import_legacy as run

    o.configure_logging(verbose, quiet)
    request = ImportRequest(
        source_url=source,
        kinds=tuple(o.split_domains(kinds) or ()),
        since=since,
        until=until,
        execute=execute,
        force=force,
        databases=_databases(database or []),
    )
    summary = run(request, o.settings(database_url=database_url))
    if json_out:
        render.print_json(summary.to_dict())
    else:
        legacy_render.summary(summary, quiet=quiet)
    return 0 if summary.status == "ok" else 1
