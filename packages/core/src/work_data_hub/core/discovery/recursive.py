"""Keyword discovery below a period's ``收集数据/`` folder, searched recursively (the
kinds that arrive "anywhere below 收集数据"). The platform exclusions apply to every path;
where eligible files lie in version folders ``V<n>``, the highest version of each folder
wins, as for the annuity workbook; two survivors are an ambiguity."""

from __future__ import annotations

from pathlib import Path

from work_data_hub.core.config.data_sources import DomainSource
from work_data_hub.core.discovery.finder import (
    Discovery,
    ExcludedFile,
    FileSelection,
    _none_message,
    choose,
    sort_files,
    version_number,
)
from work_data_hub.core.period import Period


def _version_of(path: Path, base: Path) -> tuple[Path, int, str | None]:
    """The folder holding the file's innermost version folder, that version's number and
    label (``(parent, 0, None)`` for a file outside version folders)."""
    parts = path.relative_to(base).parts[:-1]
    for i in range(len(parts) - 1, -1, -1):
        number = version_number(parts[i])
        if number is not None:
            return base.joinpath(*parts[:i]), number, f"V{number}"
    return path.parent, 0, None


def discover_recursive(
    domain: str,
    source: DomainSource,
    data_root: Path,
    period: Period,
    file_selection: FileSelection | None = None,
    supplements: bool = False,
) -> Discovery:
    result = Discovery(domain=domain, period=period.key, data_root=data_root)
    base = data_root / source.base_path.replace("{YYYYMM}", period.key)
    result.folder = base
    if not base.is_dir():
        result.error = f"{domain}: folder not found: {result.rel(base)}"
        return result

    # Below 收集数据 lie every kind's files: only excluded ones are listed, not all the others.
    files = sorted(p for p in base.rglob("*") if p.is_file())
    eligible = sort_files(result, files, source, supplements, list_ignored=False)

    # Per folder of version folders, only the highest version holding an eligible file counts.
    best: dict[Path, int] = {}
    located = [(path, *_version_of(path, base)) for path in eligible]
    for _path, parent, number, _label in located:
        best[parent] = max(best.get(parent, 0), number)
    winners = []
    for path, parent, number, label in located:
        if number == best[parent]:
            winners.append((path, label))
        else:
            result.excluded.append(ExcludedFile(path, f"superseded by V{best[parent]}"))

    if not winners:
        result.error = _none_message(result, source)
        return result
    versions = {label for _p, label in winners}
    result.version = versions.pop() if len(versions) == 1 else None
    folders = {p.parent for p, _label in winners}
    result.folder = folders.pop() if len(folders) == 1 else base
    choose(result, [p for p, _label in winners], file_selection)
    return result
