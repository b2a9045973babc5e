"""Options shared by several commands, and the settings they override."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

DataRoot = Annotated[
    Path | None, typer.Option("--data-root", help="Folder holding the period folders (overrides WDH_DATA_ROOT).")
]
DatabaseUrl = Annotated[str | None, typer.Option("--database-url", help="Warehouse URL (overrides WDH_DATABASE_URL).")]
Period = Annotated[str, typer.Option("--period", help="The month to process, YYYYMM.")]
Domains = Annotated[str | None, typer.Option("--domains", help="Comma-separated domain names, run in the order given.")]
Json = Annotated[bool, typer.Option("--json", help="Print one JSON object on stdout instead of text.")]
Verbose = Annotated[int, typer.Option("-v", "--verbose", count=True, help="More detail (repeatable).")]
Quiet = Annotated[bool, typer.Option("-q", "--quiet", help="Only the summary and errors.")]


def split_domains(text: str | None) -> list[str] | None:
    if text is None:
        return None
    names = [d.strip() for d in text.split(",") if d.strip()]
    if not names:
        from work_data_hub.core.errors import UsageError

        raise UsageError("--domains names no domain: give one or more names, e.g. --domains annuity_performance")
    return names


def settings(data_root: Path | None = None, database_url: str | None = None):  # type: ignore[no-untyped-def]
    from work_data_hub.core.settings import load_settings

    return load_settings(data_root=data_root, database_url=database_url)


def configure_logging(verbose: int, quiet: bool) -> None:
    """Logs go to stderr; stdout carries only results (so --json stays parseable)."""
    import logging
    import sys

    import structlog

    level = logging.DEBUG if verbose >= 2 else logging.INFO if verbose == 1 else logging.WARNING
    if quiet:
        level = logging.ERROR
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            structlog.dev.ConsoleRenderer(colors=False),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
    )
