"""Running a domain on hand-written cells: the cells go into a real workbook, the real
reader reads them back (every cell as text, NA for empty), and the platform's pipeline
or batch runner does the rest. Shared by the annuity_income and ledger tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from work_data_hub.core.config.mappings import load_mappings
from work_data_hub.core.domains.base import TransformContext
from work_data_hub.core.domains.pipeline import Processed, process
from work_data_hub.core.domains.registry import get_domain
from work_data_hub.core.load.amount import Amount
from work_data_hub.core.load.metadata import warehouse_metadata
from work_data_hub.core.period import Period
from work_data_hub.core.read.workbook import RawSheet, WorkbookCache
from work_data_hub.core.samples.writer import write_workbook

if TYPE_CHECKING:
    from work_data_hub.core.summary import BatchSummary, DomainRun

REPO = Path(__file__).resolve().parents[2]
MAPPINGS = load_mappings(REPO / "config")

AWARD_SHEETS = ("企年受托中标(空白)", "企年投资中标(空白)")
LOSS_SHEETS = ("企年受托流失(解约)", "企年投资流失(解约)")
DEFAULT_SHEET = {"annuity_income": "收入明细", "annual_award": AWARD_SHEETS[0], "annual_loss": LOSS_SHEETS[0]}
LEDGER_NAME = "【导入模板】台账登记.xlsx"
INCOME_NAME = "【for年金分战区经营分析】24年11月年金规模收入数据1209采集.xlsx"


def read_sheet(path: Path, sheet: str, rows: Sequence[Sequence[Any]]) -> RawSheet:
    write_workbook(path, {sheet: [list(r) for r in rows]})
    return WorkbookCache().sheet(path, sheet)


def run_rows(
    domain: str, rows: Sequence[Sequence[Any]], tmp_path: Path, *, sheet: str | None = None, period: str = "202411"
) -> Processed:
    """``rows`` (header first) through the reader and the domain's pipeline."""
    name = sheet or DEFAULT_SHEET[domain]
    raw = read_sheet(tmp_path / f"{domain}.xlsx", name, rows)
    ctx = TransformContext(period=Period.parse(period), mappings=MAPPINGS, source_file="book.xlsx", sheet=raw.sheet)
    return process(raw, get_domain(domain), ctx)


def row_outcome(processed: Processed, row_number: int) -> tuple[pd.DataFrame, list[str]]:
    """One sheet row's outcome: its valid output row (an empty frame when rejected) and its
    rejection reasons. Lets examples whose rows are cleaned independently share one sheet."""
    rejected = processed.rejected["row_number"]
    assert len(processed.valid) + len(rejected) == processed.rows_read, "rows skipped: positions unknown"
    reasons = processed.rejected.loc[rejected == row_number, "reason"].tolist()
    if reasons:
        return processed.valid.iloc[0:0], reasons
    at = row_number - 2 - int((rejected < row_number).sum())
    return processed.valid.iloc[[at]].reset_index(drop=True), []


def table(header: Sequence[str], *rows: Mapping[str, Any]) -> list[list[Any]]:
    """A sheet from a header and rows given as {column: cell} (missing cells empty)."""
    return [list(header), *([r.get(h) for h in header] for r in rows)]


def cell(frame: pd.DataFrame, column: str, row: int = 0) -> Any:
    """One output value, with pandas' missing values as None and dates as ISO text."""
    value = frame[column].iloc[row]
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, Decimal):
        # The examples write amounts as the spec does (3.2); exactness has its own tests.
        return float(value)
    return value


def column(frame: pd.DataFrame, name: str) -> list[Any]:
    return [cell(frame, name, i) for i in range(len(frame))]


def ledger_folder(data_root: Path, period: str) -> Path:
    return data_root / period / "收集数据" / "业务收集"


def income_folder(data_root: Path, period: str) -> Path:
    return data_root / period / "收集数据" / "数据采集"


def batch(
    url: str,
    data_root: Path,
    var_dir: Path,
    period: str,
    domains: list[str] | None,
    **request: Any,
) -> BatchSummary:
    """One in-process batch (the CLI's ``run_batch``), executing unless told otherwise."""
    from support.etl import settings, upgrade
    from work_data_hub.core.batch import BatchRequest, run_batch

    upgrade(url)
    options = {"execute": True} | request
    return run_batch(BatchRequest(period=period, domains=domains, **options), settings(url, data_root, var_dir))


def only(summary: BatchSummary) -> DomainRun:
    assert len(summary.domains) == 1
    return summary.domains[0]


# The 202411 V1 layout of 收入明细 (计划号 for the plan code, 机构 for the branch code).
INCOME_HEADER = [
    "月度", "业务类型", "计划类型", "计划号", "计划名称", "组合类型", "组合代码", "组合名称", "客户名称",
    "固费", "浮费", "回补", "税", "机构", "机构名称",
]  # fmt: skip


def income_row(n: int, **cells: Any) -> dict[str, Any]:
    """A valid 收入明细 row; ``n`` makes its customer and fee distinct."""
    row: dict[str, Any] = {
        "月度": 202411,
        "业务类型": "企年受托",
        "计划类型": "单一计划",
        "计划号": f"S{3000 + n}",
        "计划名称": f"客户{n}有限公司企业年金计划",
        "客户名称": f"客户{n}有限公司",
        "固费": 100 + n,
        "浮费": 0,
        "回补": 0,
        "税": 6,
        "机构": "G01",
        "机构名称": "北京",
    }
    return row | cells


def income_rows_of(*rows: Mapping[str, Any], header: Sequence[str] = INCOME_HEADER) -> list[list[Any]]:
    return table(header, *rows)


def place_workbook(
    data_root: Path,
    period: str,
    sheets: Mapping[str, Sequence[Sequence[Any]]],
    *,
    version: str | None = "V1",
    name: str | None = None,
) -> Path:
    """The monthly annuity workbook with ``sheets``, where discovery looks for it."""
    folder = income_folder(data_root, period)
    if version:
        folder = folder / version
    return write_workbook(
        folder / (name or INCOME_NAME.replace("24年11月", f"{period[2:4]}年{int(period[4:])}月")), sheets
    )


def stored(url: str, schema: str, table_name: str, columns: Sequence[str], where: str = "") -> list[tuple[Any, ...]]:
    """Stored rows (sorted), with dates as ISO text, numbers as floats and NULL as None,
    so SQLite and PostgreSQL compare alike; empty when the table does not exist."""
    import datetime as dt
    import decimal

    from support import warehouse as wh

    if not wh.table_exists(url, schema, table_name):
        return []

    def plain(v: Any) -> Any:
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, decimal.Decimal | float) and not isinstance(v, bool):
            return float(v)
        return v

    # SQLite keeps amounts as decimal text (exact); compared here as numbers.
    tables = [t for t in warehouse_metadata().tables.values() if t.name == table_name]
    amounts = {c.name for t in tables for c in t.columns if isinstance(c.type, Amount)}
    numeric = [c in amounts for c in columns]

    def value(v: Any, is_amount: bool) -> Any:
        return float(v) if is_amount and isinstance(v, str) else plain(v)

    cols = ", ".join(f'"{c}"' for c in columns)
    found = wh.rows(url, f"SELECT {cols} FROM {wh.qualified(url, schema, table_name)} {where}")
    return sorted(
        (tuple(value(v, a) for v, a in zip(r, numeric, strict=True)) for r in found),
        key=lambda r: tuple("" if v is None else str(v) for v in r),
    )


def count(url: str, schema: str, table_name: str) -> int:
    from support import warehouse as wh

    if not wh.table_exists(url, schema, table_name):
        return 0
    return int(wh.scalar(url, f"SELECT COUNT(*) FROM {wh.qualified(url, schema, table_name)}"))


def ledger_row(month: Any, n: int, **cells: Any) -> dict[str, Any]:
    """A valid award or loss ledger row reported in ``month``; ``n`` makes it distinct."""
    row: dict[str, Any] = {
        "区域": "华北",
        "机构": "北京",
        "客户全称": f"客户{n}有限公司",
        "上报月份": month,
        "计划类型": "单一计划",
        "年金计划号": f"S{5000 + n}",
        "计划规模": round(1 + n / 100, 2),
        "考核有效": 1,
    }
    return row | cells


def ledger_sheets(
    award: tuple[Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]] = ((), ()),
    loss: tuple[Sequence[Mapping[str, Any]], Sequence[Mapping[str, Any]]] = ((), ()),
) -> dict[str, list[list[Any]]]:
    """The four ledger sheets from rows given per (受托, 投资) sheet."""
    from work_data_hub.core.domains.ledger_samples import AWARD_HEADER, LOSS_HEADER

    loss_header = [h for h in LOSS_HEADER if h is not None]
    return {
        AWARD_SHEETS[0]: table(AWARD_HEADER, *award[0]),
        AWARD_SHEETS[1]: table(AWARD_HEADER, *award[1]),
        LOSS_SHEETS[0]: table(loss_header, *loss[0]),
        LOSS_SHEETS[1]: table(loss_header, *loss[1]),
    }


def place_ledger(
    data_root: Path,
    period: str,
    sheets: Mapping[str, Sequence[Sequence[Any]]],
    *,
    version: str | None = None,
    name: str = LEDGER_NAME,
) -> Path:
    """The 台账登记 workbook with exactly ``sheets`` (plus one unrelated sheet)."""
    folder = ledger_folder(data_root, period)
    if version:
        folder = folder / version
    book = {**{k: [list(r) for r in v] for k, v in sheets.items()}, "提费扩面": [["月度", "备注"], ["202411", "无关"]]}
    return write_workbook(folder / name, book)
