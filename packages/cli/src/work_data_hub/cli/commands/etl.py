"""``wdh etl``: run domains for a period (dry run unless --execute)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from work_data_hub.cli import options as o

if TYPE_CHECKING:
    from work_data_hub.core.period import Period


class SupplementMode(StrEnum):
    groups = "groups"
    append = "append"


class FileSelection(StrEnum):
    newest = "newest"
    oldest = "oldest"
    first = "first"


def _months_with_folders(months: list[Period], data_root: Path, json_out: bool) -> list[Period]:
    """A range runs only the months that were delivered; the others are named in one line."""
    import sys

    from work_data_hub.core.errors import UsageError
    from work_data_hub.core.period import split_by_folder

    present, missing = split_by_folder(months, data_root)
    if not present:
        raise UsageError(f"no period folder for any month of {months[0].key}..{months[-1].key} under {data_root}")
    if missing:
        note = f"no period folder, not run: {', '.join(p.key for p in missing)}"
        print(note, file=sys.stderr if json_out else sys.stdout)
    return present


def etl(
    period: Annotated[
        str | None,
        typer.Option("--period", help="The month YYYYMM, or an inclusive range YYYYMM..YYYYMM run in order."),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="Run every month from YYYYMM to the latest one in the data root.")
    ] = None,
    domains: o.Domains = None,
    all_domains: Annotated[
        bool, typer.Option("--all-domains", help="Every registered domain, in registry order.")
    ] = False,
    execute: Annotated[
        bool, typer.Option("--execute", help="Write to the warehouse; without it the run is a dry run.")
    ] = False,
    data_root: o.DataRoot = None,
    database_url: o.DatabaseUrl = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="Use this workbook instead of discovery (exactly one domain).")
    ] = None,
    file_selection: Annotated[
        FileSelection | None,
        typer.Option("--file-selection", help="Pick among several eligible files by modification time or name."),
    ] = None,
    fail_fast: Annotated[bool, typer.Option("--fail-fast", help="Stop at the first failed domain.")] = False,
    max_rejected: Annotated[
        str,
        typer.Option("--max-rejected", help="Fail a domain whose rejected rows exceed N rows or P% of its data rows."),
    ] = "1%",
    lock_timeout: Annotated[
        float | None,
        typer.Option("--lock-timeout", help="Seconds to wait for another run's warehouse lock (default 60)."),
    ] = None,
    supplement: Annotated[
        SupplementMode | None,
        typer.Option(
            "--supplement",
            help="Load a supplement workbook: `groups` replaces the (业务类型, 计划类型) groups it holds, "
            "`append` only inserts.",
        ),
    ] = None,
    allow_shrink: Annotated[
        bool,
        typer.Option(
            "--allow-shrink",
            help="Load a month with under 50% of the rows, or of the measure's sum, already stored "
            "(or the measure empty in over 5% of rows).",
        ),
    ] = False,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="With --supplement append: append a workbook already appended for the period (same SHA-256).",
        ),
    ] = False,
    enrichment_budget: Annotated[
        int,
        typer.Option("--enrichment-budget", min=0, help="Live EQC company lookups allowed per domain run (0 = none)."),
    ] = 0,
    skip_unchanged: Annotated[
        bool,
        typer.Option(
            "--skip-unchanged",
            help="Skip a domain whose file has the SHA-256 of its last full load of the period, "
            "loaded by the same code version.",
        ),
    ] = False,
    atomic: Annotated[
        bool,
        typer.Option(
            "--atomic",
            help="Load every domain of a month in one transaction: if one fails or the run is killed, "
            "no table of the month changes.",
        ),
    ] = False,
    json_out: o.Json = False,
    verbose: o.Verbose = 0,
    quiet: o.Quiet = False,
) -> int:
    """Discover, read, clean, validate and (with --execute) load the period's data."""
    from work_data_hub.core.errors import UsageError
    from work_data_hub.core.period import Period, parse_periods, periods_since
    from work_data_hub.core.settings import load_settings, require_data_root
    from work_data_hub.core.warmup import prefetch_sources

    names = o.split_domains(domains)
    if all_domains == (names is not None):
        raise UsageError("name the domains with --domains a,b or pass --all-domains (one of them)")
    if (period is None) == (since is None):
        raise UsageError("give the month with --period YYYYMM (or a range YYYYMM..YYYYMM) or --since YYYYMM")
    settings = load_settings(data_root=data_root, database_url=database_url, lock_timeout=lock_timeout)
    if file is None:  # with --file nothing is discovered under the data root
        require_data_root(settings)
    months = parse_periods(period) if period else periods_since(Period.parse(since or ""), settings.data_root)
    if since is not None or (period is not None and ".." in period):
        months = _months_with_folders(months, settings.data_root, json_out)
    if supplement is None:
        selection = file_selection.value if file_selection else None
        prefetch_sources(settings, months[0].key, None if all_domains else names, file, selection)
    # Imported after the prefetch started, so that their import time overlaps the parsing.
    from work_data_hub.cli import render
    from work_data_hub.core.batch import BatchRequest, run_periods

    o.configure_logging(verbose, quiet)
    request = BatchRequest(
        period=months[0].key,
        domains=None if all_domains else names,
        execute=execute,
        file=file,
        file_selection=file_selection.value if file_selection else None,
        fail_fast=fail_fast,
        max_rejected=max_rejected,
        supplement=supplement.value if supplement else None,
        allow_shrink=allow_shrink,
        force=force,
        enrichment_budget=enrichment_budget,
        skip_unchanged=skip_unchanged,
        atomic=atomic,
    )
    progress = render.Progress("etl", enabled=not json_out and not quiet)
    with progress:
        summaries = run_periods(request, months, settings, observe=progress.update)
    render.summaries(summaries, json_out=json_out, verbose=verbose, quiet=quiet, ranged=len(months) > 1)
    return max(s.exit_code for s in summaries)
