"""A month's real folder layout, traps included (spec AP §1, annual_award.md §1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.annuity import INCOME_FEES_OPTIONAL, write_annuity_workbook
from work_data_hub.core.samples.ledger import DIRTY_MIN_ROWS, domain_counts, write_ledger_workbook
from work_data_hub.core.samples.model import GeneratedWorkbook
from work_data_hub.core.samples.writer import write_workbook

NAMINGS: tuple[str, ...] = ("终稿", "规模收入", "规模及收入")
LEDGER_NAME = "【导入模板】台账登记.xlsx"

REASON_LOCK = "lock file (~$*)"
REASON_EML = "mail file (*.eml)"
REASON_REPLY = "reply workbook (*回复*)"
REASON_WRITTEN = "path contains 已写入"

# Bytes of a fake Office owner file: what matters is that it is not a zip.
_LOCK_BYTES = b"\x07wdh-ops" + b"\x20" * 46 + b"\x07\x00w\x00d\x00h\x00" + b"\x00" * 20


def annuity_workbook_name(period: str, collected: str, naming: str = "终稿") -> str:
    """File name of the monthly workbook, e.g. ``【for年金分战区经营分析】24年11月年金终稿数据1209采集.xlsx``.

    ``collected`` is the ``MMDD`` collection date; ``naming`` one of :data:`NAMINGS`
    (older ``年金终稿数据``, current ``年金规模收入数据``, from 202511 ``年金规模及收入数据``).
    """
    year, month = vocab.parse_period(period)
    label = f"{year % 100:02d}年{month}月"
    if naming == "终稿":
        return f"【for年金分战区经营分析】{label}年金终稿数据{collected}采集.xlsx"
    if naming == "规模收入":
        return f"【for年金分战区经营分析】{label}年金规模收入数据{collected}采集.xlsx"
    if naming == "规模及收入":
        return f"{label}年金规模及收入数据{collected}.xlsx"
    raise ValueError(f"unknown naming {naming!r}; expected one of {NAMINGS}")


def _collected(period: str, day: int) -> str:
    """``MMDD`` of ``day`` in the month after ``period`` (when the data is collected)."""
    _, month = vocab.parse_period(period)
    return f"{month % 12 + 1:02d}{day:02d}"


@dataclass
class MonthLayout:
    """What :func:`write_month` wrote and what discovery must make of it.

    Paths are POSIX paths relative to ``root``. ``chosen`` is the one eligible annuity
    workbook (V2's with traps, V1's without); ``excluded`` maps every excluded file to its
    reason; ``supplements`` are never eligible for an ordinary run; ``superseded`` are
    eligible workbooks in lower version folders; ``ignored`` are files that match no pattern.
    """

    root: Path
    period: str
    chosen: str
    workbook: GeneratedWorkbook
    superseded: list[str] = field(default_factory=list)
    excluded: dict[str, str] = field(default_factory=dict)
    supplements: list[str] = field(default_factory=list)
    supplement_workbook: GeneratedWorkbook | None = None
    ledger: str | None = None
    ledger_workbook: GeneratedWorkbook | None = None
    ignored: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def chosen_path(self) -> Path:
        return self.root / self.chosen

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "chosen": self.chosen,
            "superseded": list(self.superseded),
            "excluded": dict(self.excluded),
            "supplements": list(self.supplements),
            "ignored": list(self.ignored),
            "ledger": self.ledger,
        }
        for name, counts in self.workbook.sheets.items():
            out[name] = counts.to_dict()
        if self.ledger_workbook is not None:
            out["ledger_rows"] = {n: c.rows_read for n, c in self.ledger_workbook.sheets.items()}
            out["ledgers"] = domain_counts(self.ledger_workbook)
        return out


def write_month(
    root: Path,
    period: str,
    *,
    perf_rows: int,
    income_rows: int,
    seed: int,
    dirty: bool = True,
    with_traps: bool = True,
    ledger_rows: int | None = 5,
    naming: str | None = None,
    income_fees: tuple[str, ...] = INCOME_FEES_OPTIONAL,
    superseded_rows: tuple[int, int] | None = None,
) -> MonthLayout:
    """Write one month under ``root`` in the operators' folder layout.

    ``{root}/{YYYYMM}/收集数据/数据采集/V1/<workbook>``. With ``with_traps`` (the default):

    - ``V1/``: an earlier, superseded delivery (``superseded_rows`` = (规模明细, 收入明细)
      data rows, default the same as the month);
    - ``V2/``: the corrected workbook (**chosen**), an Office lock file ``~$<name>`` (junk
      bytes) and an old delivery renamed ``…-已写入.xlsx``;
    - ``V3/``: a supplement ``…-补充企年投资收入.xlsx`` (企年投资 rows only), a reply
      ``…-深圳分公司回复.xlsx`` and a mail ``转发：….eml`` — nothing eligible, so V3 must not win;
    - ``已写入/``: an old workbook matching the patterns.

    ``naming`` picks the workbook naming (:data:`NAMINGS`); default ``终稿`` before 202511,
    ``规模收入`` after. The ledger ``{root}/{YYYYMM}/收集数据/业务收集/【导入模板】台账登记.xlsx``
    gets ``ledger_rows`` rows per ledger sheet (``None``: no ledger); with traps its folder
    also holds a lock file and an unrelated ``…考核加扣分反馈汇总.xlsx``.
    """
    root = Path(root)
    year, month = vocab.parse_period(period)
    if naming is None:
        naming = "终稿" if year * 100 + month < 202511 else "规模收入"
    base = root / period / "收集数据" / "数据采集"
    files: list[str] = []

    def rel(path: Path) -> str:
        rel_path = path.relative_to(root).as_posix()
        files.append(rel_path)
        return rel_path

    first_name = annuity_workbook_name(period, _collected(period, 9), naming)
    if not with_traps:
        path = base / "V1" / first_name
        wb = write_annuity_workbook(
            path, period, perf_rows=perf_rows, income_rows=income_rows, seed=seed, dirty=dirty, income_fees=income_fees
        )
        layout = MonthLayout(root=root, period=period, chosen=rel(path), workbook=wb)
    else:
        layout = _write_traps(
            root,
            base,
            period,
            naming,
            first_name,
            perf_rows,
            income_rows,
            seed,
            dirty,
            income_fees,
            superseded_rows,
            rel,
        )

    if ledger_rows is not None:
        ledger_dir = root / period / "收集数据" / "业务收集"
        path = ledger_dir / LEDGER_NAME
        layout.ledger_workbook = write_ledger_workbook(
            path, period, seed=seed, rows_per_sheet=ledger_rows, dirty=dirty and ledger_rows >= DIRTY_MIN_ROWS
        )
        layout.ledger = rel(path)
        if with_traps:
            lock = ledger_dir / f"~${LEDGER_NAME}"
            lock.write_bytes(_LOCK_BYTES)
            layout.excluded[rel(lock)] = REASON_LOCK
            decoy = ledger_dir / f"{year % 100:02d}年{month}月考核加扣分反馈汇总.xlsx"
            write_workbook(decoy, {"汇总": [["机构", "加扣分", "说明"], ["北京", 1.5, "按时报送"]]})
            layout.ignored.append(rel(decoy))
    layout.files = sorted(files)
    return layout


def _write_traps(
    root: Path,
    base: Path,
    period: str,
    naming: str,
    first_name: str,
    perf_rows: int,
    income_rows: int,
    seed: int,
    dirty: bool,
    income_fees: tuple[str, ...],
    superseded_rows: tuple[int, int] | None,
    rel: Any,
) -> MonthLayout:
    v1_perf, v1_income = superseded_rows or (perf_rows, income_rows)
    v1 = base / "V1" / first_name
    write_annuity_workbook(
        v1, period, perf_rows=v1_perf, income_rows=v1_income, seed=seed + 1, dirty=dirty, income_fees=income_fees
    )
    chosen_name = annuity_workbook_name(period, _collected(period, 16), naming)
    stem = chosen_name.removesuffix(".xlsx")
    chosen = base / "V2" / chosen_name
    wb = write_annuity_workbook(
        chosen, period, perf_rows=perf_rows, income_rows=income_rows, seed=seed, dirty=dirty, income_fees=income_fees
    )
    layout = MonthLayout(root=root, period=period, chosen=rel(chosen), workbook=wb)
    layout.superseded.append(rel(v1))

    lock = base / "V2" / f"~${chosen_name}"
    lock.write_bytes(_LOCK_BYTES)
    layout.excluded[rel(lock)] = REASON_LOCK

    # Old deliveries the operators marked as loaded: one renamed in V2, one moved to 已写入/.
    renamed = base / "V2" / f"{first_name.removesuffix('.xlsx')}-已写入.xlsx"
    written = base / "已写入" / first_name
    for old in (renamed, written):
        write_annuity_workbook(
            old, period, perf_rows=20, income_rows=10, seed=seed + 2, dirty=False, with_decoy_sheets=False
        )
        layout.excluded[rel(old)] = REASON_WRITTEN

    supplement = base / "V3" / f"{stem}-补充企年投资收入.xlsx"
    layout.supplement_workbook = write_annuity_workbook(
        supplement,
        period,
        perf_rows=max(10, perf_rows // 20),
        income_rows=max(10, income_rows // 10),
        seed=seed + 3,
        dirty=False,
        with_decoy_sheets=False,
        only_business_type="企年投资",
    )
    layout.supplements.append(rel(supplement))

    reply = base / "V3" / f"{stem}-深圳分公司回复.xlsx"
    write_workbook(
        reply,
        {"回复": [["计划代码", "问题", "回复"], ["P0290", "期末资产规模与上月差异较大", "已核实，系大额缴费"]]},
    )
    layout.excluded[rel(reply)] = REASON_REPLY

    mail = base / "V3" / f"转发：{stem}.eml"
    mail.write_text(
        "From: ops@example.invalid\r\nTo: data@example.invalid\r\n"
        f"Subject: {stem}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
        "附件为更正后的数据，请以V2为准。\r\n",
        encoding="utf-8",
        newline="",
    )
    layout.excluded[rel(mail)] = REASON_EML
    return layout
