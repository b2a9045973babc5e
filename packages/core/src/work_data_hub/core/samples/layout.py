"""A month in the operators' folder layout, from every registered domain's sample: the
domains' sheets grouped into the workbooks they share, each workbook written where it is
delivered, with the traps of a real delivery around it (spec AP §1, annual_award §1):

- a *versioned* workbook (``{YYYYMM}/收集数据/<folder>/``): ``V1/`` an earlier, superseded
  delivery; ``V2/`` the corrected one (**chosen**), an Office lock file and an old delivery
  renamed ``…-已写入.xlsx``; ``V3/`` a supplement (when a domain has supplement rows), a
  reply ``…-深圳分公司回复.xlsx`` and a mail — nothing eligible, so V3
  must not win; and an ``已写入/`` folder holding an old workbook matching the patterns;
- a *flat* workbook: the file in its folder, with a lock file and an unrelated workbook.

Without traps every workbook is written alone (a versioned one in ``V1/``). Nothing here
names a domain: what a month holds follows from the registry."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import DomainSample, Role, Rows, SampleRequest, SampleWorkbook
from work_data_hub.core.samples.model import DomainCounts, GeneratedSheet
from work_data_hub.core.samples.text_writer import write_text_export
from work_data_hub.core.samples.writer import write_workbook

REASON_LOCK = "lock file (~$*)"
REASON_EML = "mail file (*.eml)"
REASON_REPLY = "reply workbook (*回复*)"
REASON_WRITTEN = "path contains 已写入"
WRITTEN_ROWS = 20  # rows per sheet of the old deliveries marked 已写入

# Bytes of a fake Office owner file: what matters is that it is not a zip.
_LOCK_BYTES = b"\x07wdh-ops" + b"\x20" * 46 + b"\x07\x00w\x00d\x00h\x00" + b"\x00" * 20
# A hook for tests: (domain, its sheets) → the sheets to write (drop one, drop a column …).
Edit = Callable[[str, dict[str, GeneratedSheet]], dict[str, GeneratedSheet]]


@dataclass
class WorkbookLayout:
    """Where one workbook went and what discovery must make of the files around it."""

    key: str
    chosen: str
    version: str | None
    superseded: list[str] = field(default_factory=list)
    excluded: dict[str, str] = field(default_factory=dict)
    supplements: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class MonthLayout:
    """What :func:`write_month` wrote: per workbook its files, per domain its counts.
    Paths are POSIX paths relative to ``root``."""

    root: Path
    period: str
    workbooks: dict[str, WorkbookLayout] = field(default_factory=dict)
    domains: dict[str, DomainCounts] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    def path(self, domain: str) -> Path:
        return self.root / self.domains[domain].file

    def to_dict(self) -> dict[str, Any]:
        return {
            "workbooks": {k: w.to_dict() for k, w in self.workbooks.items()},
            "domains": {k: d.to_dict() for k, d in self.domains.items()},
        }


@dataclass(frozen=True)
class _Member:
    domain: str
    sample: DomainSample


def write_month(
    root: Path,
    period: str,
    samples: Mapping[str, DomainSample],
    *,
    seed: int,
    dirty: bool = True,
    traps: bool = True,
    rows: Mapping[str, int] | None = None,
    edit: Edit | None = None,
) -> MonthLayout:
    """Write one month of ``samples`` (domain → its sample) under ``root``; ``rows`` gives
    data rows per sheet for some domains (default: each sample's ``example_rows``)."""
    root = Path(root)
    vocab.parse_period(period)
    layout = MonthLayout(root=root, period=period)
    groups: dict[str, list[_Member]] = {}
    books: dict[str, SampleWorkbook] = {}
    for domain, sample in samples.items():
        groups.setdefault(sample.workbook.key, []).append(_Member(domain, sample))
        books.setdefault(sample.workbook.key, sample.workbook)
    for key, members in groups.items():
        book = books[key]
        counts = {m.domain: (rows or {}).get(m.domain, m.sample.example_rows) for m in members}
        _Writer(layout, book, members, counts, seed, dirty, traps, edit).write()
    layout.files.sort()
    return layout


class _Writer:
    def __init__(
        self,
        layout: MonthLayout,
        book: SampleWorkbook,
        members: list[_Member],
        rows: dict[str, int],
        seed: int,
        dirty: bool,
        traps: bool,
        edit: Edit | None,
    ) -> None:
        self.layout, self.book, self.members, self.rows = layout, book, members, rows
        self.seed, self.dirty, self.traps, self.edit = seed, dirty, traps, edit
        self.period = layout.period
        self.base = layout.root / self.period / "收集数据" / book.folder

    def rel(self, path: Path) -> str:
        rel = path.relative_to(self.layout.root).as_posix()
        self.layout.files.append(rel)
        return rel

    def _sheets(self, seed: int, dirty: bool, rows: Callable[[_Member], int], role: Role) -> dict[str, Rows]:
        out: dict[str, Rows] = {}
        for m in self.members:
            req = SampleRequest(self.period, rows(m), seed, dirty)
            generated = m.sample.sheets(req) if role != "supplement" else _supplement(m.sample, req)
            if role == "chosen" and self.edit is not None:
                generated = self.edit(m.domain, generated)
            if role == "chosen":
                self._count(m.domain, generated)
            out.update({name: sheet.rows for name, sheet in generated.items()})
        return out

    def _count(self, domain: str, generated: dict[str, GeneratedSheet]) -> None:
        self.layout.domains[domain] = DomainCounts(
            domain=domain, file="", version=None, sheets=[g.counts for g in generated.values()]
        )

    def _write(self, path: Path, sheets: dict[str, Rows], decoys: bool) -> None:
        if self.book.text_export:
            if len(sheets) > 1:
                raise ValueError(f"{self.book.key}: a text export holds one table, not {', '.join(sheets)}")
            write_text_export(path, next(iter(sheets.values()), []))
            return
        if decoys and self.book.decoy_sheets is not None:
            for name, rows in self.book.decoy_sheets(self.period, self.seed).items():
                sheets.setdefault(name, rows)  # a sheet a domain writes is never a decoy
        write_workbook(path, sheets, header_format={"bold": True})

    def write(self) -> None:
        chosen_name = self.book.file_name(self.period, "chosen")
        main = self._sheets(self.seed, self.dirty, lambda m: self.rows[m.domain], "chosen")
        if self.book.versioned:
            folder = self.base / ("V2" if self.traps else "V1")
            version: str | None = folder.name
        else:
            folder, version = self.base, None
        chosen = folder / chosen_name
        self._write(chosen, main, decoys=True)
        wl = WorkbookLayout(key=self.book.key, chosen=self.rel(chosen), version=version)
        self.layout.workbooks[self.book.key] = wl
        for m in self.members:
            self.layout.domains[m.domain].file, self.layout.domains[m.domain].version = wl.chosen, version
        if not self.traps:
            return
        lock = folder / f"~${chosen_name}"
        lock.write_bytes(_LOCK_BYTES)
        wl.excluded[self.rel(lock)] = REASON_LOCK
        if self.book.versioned:
            self._versioned_traps(wl, chosen_name)
        elif self.book.unrelated_file is not None:
            unrelated = self.base / self.book.unrelated_file(self.period)
            write_workbook(unrelated, {"汇总": [["机构", "加扣分", "说明"], ["北京", 1.5, "按时报送"]]})
            wl.ignored.append(self.rel(unrelated))

    def _versioned_traps(self, wl: WorkbookLayout, chosen_name: str) -> None:
        first_name = self.book.file_name(self.period, "superseded")
        stem = chosen_name.removesuffix(".xlsx")

        def superseded_rows(m: _Member) -> int:
            return max(m.sample.min_dirty_rows if self.dirty else 1, self.rows[m.domain] * 3 // 10)

        v1 = self.base / "V1" / first_name
        self._write(v1, self._sheets(self.seed + 1, self.dirty, superseded_rows, "superseded"), decoys=True)
        wl.superseded.append(self.rel(v1))

        # Old deliveries the operators marked as loaded: one renamed in V2, one moved to 已写入/.
        written = self._sheets(self.seed + 2, False, lambda m: WRITTEN_ROWS, "written")
        for old in (
            self.base / "V2" / f"{first_name.removesuffix('.xlsx')}-已写入.xlsx",
            self.base / "已写入" / first_name,
        ):
            self._write(old, dict(written), decoys=False)
            wl.excluded[self.rel(old)] = REASON_WRITTEN

        supplement = self._sheets(self.seed + 3, False, lambda m: self.rows[m.domain], "supplement")
        if supplement:
            path = self.base / "V3" / f"{stem}{self.book.supplement_suffix}.xlsx"
            self._write(path, supplement, decoys=False)
            wl.supplements.append(self.rel(path))

        reply = self.base / "V3" / f"{stem}-深圳分公司回复.xlsx"
        write_workbook(
            reply,
            {"回复": [["计划代码", "问题", "回复"], ["P0290", "期末资产规模与上月差异较大", "已核实，系大额缴费"]]},
        )
        wl.excluded[self.rel(reply)] = REASON_REPLY

        mail = self.base / "V3" / f"转发：{stem}.eml"
        mail.write_text(
            "From: ops@example.invalid\r\nTo: data@example.invalid\r\n"
            f"Subject: {stem}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            "附件为更正后的数据，请以V2为准。\r\n",
            encoding="utf-8",
            newline="",
        )
        wl.excluded[self.rel(mail)] = REASON_EML


def _supplement(sample: DomainSample, req: SampleRequest) -> dict[str, GeneratedSheet]:
    return sample.supplement(req) if sample.supplement is not None else {}


def registered_samples(names: Sequence[str] | None = None) -> dict[str, DomainSample]:
    """Every registered domain that has a sample (or those named), in registry order."""
    from work_data_hub.core.domains import registry

    specs = registry.resolve(list(names) if names is not None else None)
    out = {}
    for spec in specs:
        sample = registry.sample_of(spec)
        if sample is not None:
            out[spec.name] = sample
    return out
