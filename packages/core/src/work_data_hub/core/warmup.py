"""Start parsing the run's workbooks before the heavy parts of the program are imported
(see ``read.prefetch``). Purely an optimisation: it never raises and never decides
anything; the run discovers and reads again and reports every problem itself."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from work_data_hub.core.config.data_sources import load_data_sources
from work_data_hub.core.discovery import discover
from work_data_hub.core.discovery.finder import FileSelection
from work_data_hub.core.period import Period
from work_data_hub.core.read import prefetch
from work_data_hub.core.read.workbook import FIRST_SHEET
from work_data_hub.core.settings import Settings


def prefetch_sources(
    settings: Settings,
    period: str,
    domains: list[str] | None,
    file: Path | None = None,
    file_selection: str | None = None,
) -> None:
    selection = cast(FileSelection | None, file_selection)
    try:
        sources = load_data_sources(settings.resolved_config_dir() / "data_sources.yml")
        names = domains if domains is not None else list(sources)
        wanted: dict[Path, list[str]] = {}
        for name in names:
            source = sources.get(name)
            if source is None:
                continue
            path = file
            if path is None:
                path = discover(name, source, settings.data_root, Period.parse(period), selection).chosen
            if path is not None:
                sheets = [s for s in source.sheet_names(Period.parse(period).year) if s != FIRST_SHEET]
                wanted.setdefault(path, []).extend(sheets)
        for path, sheets in wanted.items():
            prefetch.start(path, sheets)
    except Exception:  # the run itself reports whatever went wrong here
        return
