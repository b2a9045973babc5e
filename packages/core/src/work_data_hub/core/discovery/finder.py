"""Version-folder and file choice for one domain and period.

Operators deliver into ``{period}/…/V1``, ``V2`` …, leave lock files, mails and reply
workbooks beside the data, and mark loaded files with 已写入. Only an *eligible* file can
make a version folder win, so a folder holding nothing but such leftovers never does.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Literal

from work_data_hub.core.config.data_sources import DomainSource
from work_data_hub.core.errors import DiscoveryError
from work_data_hub.core.period import Period

_VERSION = re.compile(r"^V(\d+)$")
# A name an operator may have meant as a version folder (V4-修订, V4.1, V4_old): such a
# folder is never used, but it is listed, and a newer-looking one is warned about.
_VERSION_LIKE = re.compile(r"^V(\d+)\D")
LOADED_MARK = "已写入"
# Excluded for every domain whatever the configuration says: (pattern, reason).
ALWAYS_EXCLUDED: tuple[tuple[str, str], ...] = (
    ("~$*", "Office lock file"),
    ("*.eml", "mail file"),
    ("*回复*", "reply workbook"),
)
FileSelection = Literal["newest", "oldest", "first"]


@dataclass(frozen=True)
class ExcludedFile:
    path: Path
    reason: str


@dataclass
class Discovery:
    domain: str
    period: str
    data_root: Path
    folder: Path | None = None
    version: str | None = None
    chosen: Path | None = None
    candidates: list[Path] = field(default_factory=list)
    excluded: list[ExcludedFile] = field(default_factory=list)
    supplements: list[Path] = field(default_factory=list)
    error: str | None = None
    # Folders that look like a version newer than the one used: (folder, why not used).
    newer_unused: list[tuple[Path, str]] = field(default_factory=list)

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.data_root).as_posix()
        except ValueError:
            return path.as_posix()

    def require(self) -> Path:
        if self.chosen is None:
            raise DiscoveryError(self.error or f"{self.domain}: no source file")
        return self.chosen


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _matches(name: str, patterns: tuple[str, ...]) -> bool:
    low = _nfc(name).lower()
    return any(fnmatchcase(low, _nfc(p).lower()) for p in patterns)


def _classify(
    path: Path, source: DomainSource, data_root: Path
) -> tuple[Literal["eligible", "supplement", "excluded", "ignored"], str]:
    name = _nfc(path.name)
    for pattern, reason in ALWAYS_EXCLUDED:
        if _matches(name, (pattern,)):
            return "excluded", reason
    try:
        relative = _nfc(path.relative_to(data_root).as_posix())
    except ValueError:
        relative = _nfc(path.as_posix())
    if LOADED_MARK in relative:
        return "excluded", f"path contains {LOADED_MARK}"
    for pattern in source.exclude_patterns:
        if _matches(name, (pattern,)):
            return "excluded", f"matches exclude pattern '{pattern}'"
    if not _matches(name, source.file_patterns):
        return "ignored", "does not match the file patterns"
    if _matches(name, source.supplement_patterns):
        return "supplement", "supplement — not loaded; load it with --supplement groups|append"
    return "eligible", ""


def sort_files(
    result: Discovery, files: list[Path], source: DomainSource, supplements: bool, *, list_ignored: bool
) -> list[Path]:
    """The eligible ones among ``files``; supplements and excluded files (and, when
    ``list_ignored``, files matching no pattern) are recorded on ``result`` with reasons.
    With ``supplements`` only supplement workbooks are eligible."""
    eligible: list[Path] = []
    for path in files:
        kind, reason = _classify(path, source, result.data_root)
        if supplements and kind in ("eligible", "supplement"):
            kind, reason = ("eligible", "") if kind == "supplement" else ("ignored", "not a supplement")
        if kind == "eligible":
            eligible.append(path)
        elif kind == "supplement":
            result.supplements.append(path)
        elif kind == "excluded" or list_ignored:
            result.excluded.append(ExcludedFile(path, reason))
    return eligible


def is_supplement(path: Path, source: DomainSource) -> bool:
    return _matches(_nfc(path.name), source.supplement_patterns)


def _version_key(name: str) -> str:
    """NFKC (full-width Ｖ４ is V4), trimmed, upper case: how operators really write it."""
    return unicodedata.normalize("NFKC", name).strip().upper()


def version_number(name: str) -> int | None:
    m = _VERSION.match(_version_key(name))
    return int(m.group(1)) if m else None


def version_like_number(name: str) -> int | None:
    """The number of a folder named like a version but not as one (``V4-修订``)."""
    m = _VERSION_LIKE.match(_version_key(name))
    return int(m.group(1)) if m else None


def is_broken_link(path: Path) -> bool:
    return path.is_symlink() and not path.exists()


def _version_folders(base: Path, result: Discovery) -> tuple[list[tuple[int, Path]], list[tuple[int, Path]]]:
    """Version folders, highest first, and folders only named like one (listed as excluded)."""
    found, like_only = [], []
    for child in sorted(base.iterdir()):
        if is_broken_link(child):
            result.excluded.append(ExcludedFile(child, "broken symbolic link"))
            continue
        number = version_number(child.name)
        if number is not None and child.is_dir():
            found.append((number, child))
        elif child.is_dir() and (like := version_like_number(child.name)) is not None:
            result.excluded.append(ExcludedFile(child, "not a version folder name (V<number>): not used"))
            like_only.append((like, child))
    return sorted(found, reverse=True), like_only


def discover(
    domain: str,
    source: DomainSource,
    data_root: Path,
    period: Period,
    file_selection: FileSelection | None = None,
    supplements: bool = False,
) -> Discovery:
    """Choose the source file; never raises for a missing file (``error`` says why).

    With ``supplements`` the choice is made among supplement workbooks only (an operator
    loading one with --supplement), under the same version and ambiguity rules."""
    if source.recursive:
        from work_data_hub.core.discovery.recursive import discover_recursive

        return discover_recursive(domain, source, data_root, period, file_selection, supplements)
    result = Discovery(domain=domain, period=period.key, data_root=data_root)
    base = data_root / source.base_path.replace("{YYYYMM}", period.key)
    result.folder = base
    if not base.is_dir():
        result.error = f"{domain}: folder not found: {result.rel(base)}"
        return result

    folders: list[tuple[str | None, Path]] = []
    like_only: list[tuple[int, Path]] = []
    if source.version_strategy == "highest_number":
        numbered, like_only = _version_folders(base, result)
        folders = [(f"V{n}", p) for n, p in numbered]
    folders.append((None, base))

    winner: tuple[str | None, Path, list[Path]] | None = None
    empty_versions: list[tuple[str, Path]] = []
    for version, folder in folders:
        files = sorted(p for p in folder.iterdir() if p.is_file())
        for link in sorted(p for p in folder.iterdir() if is_broken_link(p)):
            result.excluded.append(ExcludedFile(link, "broken symbolic link"))
        eligible = sort_files(result, files, source, supplements, list_ignored=True)
        if not eligible and version is not None and winner is None:
            empty_versions.append((version, folder))
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            if LOADED_MARK in _nfc(sub.name):
                # Operators look for their file by name, so list each one, not just the folder.
                inside = sorted(p for p in sub.rglob("*") if p.is_file())
                for path in inside or [sub]:
                    result.excluded.append(ExcludedFile(path, f"path contains {LOADED_MARK}"))
        if eligible and winner is None:
            winner = (version, folder, eligible)
        elif eligible and winner is not None:
            # An earlier version's files: listed (discover -v) so the operator sees why.
            result.excluded += [ExcludedFile(path, f"superseded by {winner[0]}") for path in eligible]

    if winner is None:
        result.error = _none_message(result, source)
        return result
    version, folder, eligible = winner
    result.version, result.folder = version, folder
    _keep_newer_unused(result, version, empty_versions, like_only)
    choose(result, eligible, file_selection)
    return result


def _keep_newer_unused(
    result: Discovery, version: str | None, empty: list[tuple[str, Path]], like_only: list[tuple[int, Path]]
) -> None:
    """Only folders that look newer than the one used are worth a warning."""
    used = (version_number(version) if version else None) or 0
    result.newer_unused = [
        (folder, "has no eligible file") for v, folder in empty if (version_number(v) or 0) > used
    ] + [(folder, "is not named V<number>") for number, folder in like_only if number > used]


def choose(result: Discovery, eligible: list[Path], file_selection: FileSelection | None) -> None:
    """One file among the eligible ones of the winning folder, or the ambiguity error."""
    folder = result.folder or result.data_root
    result.candidates = eligible
    if len(eligible) == 1 or file_selection == "first":
        result.chosen = eligible[0]
    elif file_selection in ("newest", "oldest"):
        by_time = sorted(eligible, key=lambda p: (p.stat().st_mtime, p.name))
        result.chosen = by_time[-1] if file_selection == "newest" else by_time[0]
    else:
        names = "; ".join(result.rel(p) for p in eligible)
        result.error = (
            f"{result.domain}: {len(eligible)} eligible files in {result.rel(folder)}: {names} — "
            "keep one, or pass --file-selection newest|oldest|first or --file PATH"
        )


def _none_message(result: Discovery, source: DomainSource) -> str:
    parts = [
        f"{result.domain}: no eligible file in {result.rel(result.folder or result.data_root)}"
        f" (patterns: {', '.join(source.file_patterns)})"
    ]
    skipped = [f"{result.rel(e.path)} ({e.reason})" for e in result.excluded]
    skipped += [f"{result.rel(p)} (supplement — not loaded)" for p in result.supplements]
    if skipped:
        parts.append("excluded: " + "; ".join(skipped))
    return "; ".join(parts)
