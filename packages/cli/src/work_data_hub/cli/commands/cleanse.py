"""``wdh cleanse``: parse stored EQC payloads into business_info and biz_label."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from work_data_hub.cli import options as o


class Table(StrEnum):
    business_info = "business_info"
    biz_label = "biz_label"
    all = "all"


def cleanse(
    table: Annotated[Table, typer.Option("--table", help="Which parsed table to build.")] = Table.all,
    full: Annotated[bool, typer.Option("--full", help="Every stored payload, not only new or changed ones.")] = False,
    execute: Annotated[bool, typer.Option("--execute", help="Write; without it only count.")] = False,
    database_url: o.DatabaseUrl = None,
    json_out: o.Json = False,
    verbose: o.Verbose = 0,
    quiet: o.Quiet = False,
) -> int:
    """Raw payloads in enterprise.base_info → enterprise.business_info / enterprise.biz_label."""
    from work_data_hub.cli import render
    from work_data_hub.core.enrich.cleanse import TARGETS
    from work_data_hub.core.enrich.services import run_cleanse

    o.configure_logging(verbose, quiet)
    targets = TARGETS if table is Table.all else (table.value,)
    with render.Progress("cleanse", enabled=not json_out and not quiet) as live:
        live.step(", ".join(targets))
        report = run_cleanse(o.settings(database_url=database_url), targets, full=full, execute=execute)  # type: ignore[arg-type]
    data = report.to_dict() if report is not None else {"dry_run": not execute, "selected": {}}
    if json_out:
        render.print_json(data)
        return 0
    if report is None:
        render.line("no company records in this warehouse yet")
        return 0
    for target in report.selected:
        verb = "would parse" if report.dry_run else "parsed"
        render.line(
            f"{target}: {report.selected[target]} companies selected · {verb} · "
            f"{report.written[target]} rows written · {report.without_details[target]} without details"
        )
    return 0
