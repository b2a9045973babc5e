"""Writing sample months into a folder, and what they must give: the committed examples
(``examples/data``, ``examples/EXPECTED.json`` and the README's quick-start table) come
from here, from the registry's samples alone.

A folder is written only if it holds nothing but what an earlier call wrote (listed in its
manifest ``.wdh-samples.json``), unless ``force``: sample data must never overwrite a real
delivery."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from work_data_hub.core.errors import UsageError
from work_data_hub.core.samples.layout import MonthLayout, registered_samples, write_month

MANIFEST = ".wdh-samples.json"
QUICKSTART_BEGIN = "<!-- quickstart-counts -->"
QUICKSTART_END = "<!-- /quickstart-counts -->"


@dataclass(frozen=True)
class SampleOptions:
    periods: tuple[str, ...]
    seed: int = 20241130
    dirty: bool = True
    traps: bool = True
    rows: Mapping[str, int] = field(default_factory=dict)  # domain → data rows per sheet
    domains: tuple[str, ...] | None = None  # None: every registered domain with a sample

    def argv(self) -> list[str]:
        """The `sample-data` options that reproduce this call (without --out)."""
        out = ["--periods", ",".join(self.periods), "--seed", str(self.seed), "--dirty" if self.dirty else "--clean"]
        if not self.traps:
            out.append("--no-traps")
        for domain, n in sorted(self.rows.items()):
            out += ["--rows", f"{domain}={n}"]
        if self.domains is not None:
            out += ["--domains", ",".join(self.domains)]
        return out


@dataclass
class WrittenSamples:
    out: Path
    months: list[MonthLayout]
    files: list[str]
    expected: dict[str, Any]


def write_samples(out: Path, options: SampleOptions, *, force: bool = False) -> WrittenSamples:
    out = Path(out)
    _check_ours(out, force)
    samples = registered_samples(options.domains)
    unknown = set(options.rows) - set(samples)
    if unknown:
        raise UsageError(f"--rows: no sample for domain(s) {', '.join(sorted(unknown))} (known: {', '.join(samples)})")
    for domain, n in options.rows.items():
        if options.dirty and n < samples[domain].min_dirty_rows:
            raise UsageError(f"--rows {domain}={n}: a dirty sheet needs at least {samples[domain].min_dirty_rows} rows")
    _remove_previous(out)
    months = [
        write_month(out, p, samples, seed=options.seed, dirty=options.dirty, traps=options.traps, rows=options.rows)
        for p in options.periods
    ]
    files = sorted(f for m in months for f in m.files)
    _write_manifest(out, files)
    expected = {
        "about": (
            "Expected outcome per period of the generated data: per workbook the file discovery must choose and the "
            "files it must exclude; per domain rows read, blank and repeated header rows dropped, rows skipped, rows "
            "rejected (by reason and by sheet and Excel row) and rows inserted. Regenerate with "
            "`python -m work_data_hub.cli sample-data` and generator.argv (or `invoke example-data`)."
        ),
        "generator": {"argv": options.argv()},
        "periods": {m.period: m.to_dict() for m in months},
    }
    return WrittenSamples(out=out, months=months, files=files, expected=expected)


def _check_ours(out: Path, force: bool) -> None:
    if not out.exists() or force:
        return
    if not out.is_dir():
        raise UsageError(f"--out {out}: not a folder")
    ours = set(_manifest(out))
    foreign = sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.name != MANIFEST and p.relative_to(out).as_posix() not in ours
    )
    if foreign:
        shown = ", ".join(foreign[:3]) + (f" and {len(foreign) - 3} more" if len(foreign) > 3 else "")
        raise UsageError(
            f"--out {out} holds {len(foreign)} file(s) sample-data did not write ({shown}): "
            "refusing to overwrite them; choose another folder or pass --force"
        )


def _manifest(out: Path) -> list[str]:
    path = out / MANIFEST
    if not path.is_file():
        return []
    try:
        return list(json.loads(path.read_text(encoding="utf-8"))["files"])
    except (ValueError, KeyError, TypeError):
        return []


def _remove_previous(out: Path) -> None:
    for rel in _manifest(out):
        path = out / rel
        if path.is_file():
            path.unlink()


def _write_manifest(out: Path, files: Sequence[str]) -> None:
    entries = {f: hashlib.sha256((out / f).read_bytes()).hexdigest() for f in files}
    body = {"about": "files written by `sample-data`; it overwrites only these", "files": entries}
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).write_text(json.dumps(body, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def quickstart_table(expected: Mapping[str, Any], period: str) -> str:
    """The README's quick-start table: one row per domain of ``period``."""
    lines = [
        "| domain | rows read | blank rows | skipped | rejected | inserted |",
        "|---|---|---|---|---|---|",
    ]
    for domain, d in expected["periods"][period]["domains"].items():
        lines.append(
            f"| {domain} | {d['rows_read']} | {d['rows_blank']} | {d['rows_skipped']} | "
            f"{d['rows_rejected']} | {d['rows_inserted']} |"
        )
    return "\n".join(lines)


def with_quickstart_table(readme: str, table: str) -> str:
    pattern = re.compile(re.escape(QUICKSTART_BEGIN) + r".*?" + re.escape(QUICKSTART_END), re.DOTALL)
    if not pattern.search(readme):
        raise UsageError(f"README has no {QUICKSTART_BEGIN} … {QUICKSTART_END} block to fill")
    return pattern.sub(lambda _m: f"{QUICKSTART_BEGIN}\n{table}\n{QUICKSTART_END}", readme)
