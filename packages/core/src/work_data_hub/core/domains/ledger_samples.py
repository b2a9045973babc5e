"""The 台账登记 workbook (spec annual_award.md / annual_loss.md §1–§3) that the award and
loss ledgers (and the other registers of the combined ledger) read: its place in the
layout (业务收集/, a flat folder), the ledger sheets' headers and rows, and the dirty kinds.

Ledger rows: report months from January of the period's year up to the period in mixed
forms (number, ``2024年3月``, date cell), short business and plan types (受托 / 投管 / 集合 …),
plan sizes in 亿元, keyed company ids as numbers or text. Nothing is ever rejected. A *dirty*
ledger also carries, each on its own data row, the values operators really key
(:data:`LEDGER_KINDS`): a blank 业务类型, a placeholder customer name, dates typed as text,
an unparseable 计划规模 (loaded as NULL with a warning), a row of the previous year (skipped,
counted as outside the year), and one fully blank row. A row after the period would be
rejected, so it is left to the tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Callable, Sequence
from typing import Any

from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.declaration import Role, SampleRequest, SampleWorkbook
from work_data_hub.core.samples.model import GeneratedSheet, SheetCounts
from work_data_hub.core.samples.universe import company_name, plan_universe

LEDGER_NAME = "【导入模板】台账登记.xlsx"

AWARD_TRUSTEE = "企年受托中标(空白)"
AWARD_INVEST = "企年投资中标(空白)"
LOSS_TRUSTEE = "企年受托流失(解约)"
LOSS_INVEST = "企年投资流失(解约)"
LEDGER_SHEETS: tuple[str, ...] = (AWARD_TRUSTEE, AWARD_INVEST, LOSS_TRUSTEE, LOSS_INVEST)

_FLAGS = ["战区前五大", "中心前十大", "机构前十大", "五亿以上"]
AWARD_HEADER: list[Any] = [
    "区域", "年金中心", "机构", "业务类型", "客户类型", "客户全称", "受托人", "计划规模", "年缴规模",
    "计划类型", "中标日期", "证明材料", "上报月份", "上报人", "考核有效", "年金计划号", "company_id",
    "备注",
]  # fmt: skip
# The loss sheets carry a stray column with an empty header (observed at column 19).
LOSS_HEADER: list[Any] = [
    "区域", "年金中心", "机构", "客户全称", "company_id", "年金计划号", "计划类型", "受托人", "计划规模",
    "年缴规模", "流失日期", "证明材料", "上报月份", "上报人", "考核有效", "备注", "业务类型", "客户类型",
    None, "考核标签",
]  # fmt: skip

_REGIONS = ("华北", "华东", "华南", "华中", "西南", "西北", "东北")
_CENTRES = ("北方中心", "东部中心", "南方中心", "西部中心")
_TRUSTEES = ("甲养老保险公司", "乙银行", "丙信托", "丁养老金公司", "自建")
_CUSTOMER_TYPES = ("新客户", "已有客户", "战略客户")
_EVIDENCE = ("中标通知书", "合同扫描件", "邮件确认", "董事会决议")
_REPORTERS = ("王某", "李某", "张某", "刘某", "陈某")


def _company_id(name: str) -> int:
    return 600_000_000 + int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:12], 16) % 100_000_000


def _sheet_rows(
    sheet: str, header: list[Any], period: tuple[int, int], n: int, rng: random.Random, seed: int
) -> list[list[Any]]:
    year, month = period
    plans = [p for p in plan_universe(seed, 60) if p.plan_type != "职业年金"]
    award = "中标" in sheet
    invest = "投资" in sheet
    rows: list[list[Any]] = [list(header)]
    for i in range(n):
        report_month = rng.randint(1, month)
        short = rng.choice(("单一", "集合", "单一计划", "集合计划"))
        plan_type = "单一计划" if short.startswith("单一") else "集合计划"
        plan = rng.choice([p for p in plans if p.plan_type == plan_type])
        kinds = ("投资", "投管", "企年投资", None) if invest else ("受托", "企年受托", None)
        form = i % 3
        month_cell: Any = (
            year * 100 + report_month
            if form == 0
            else f"{year}年{report_month}月"
            if form == 1
            else dt.datetime(year, report_month, min(28, 5 + i % 20))
        )
        event_day = dt.datetime(year, report_month, 1 + rng.randint(0, vocab.last_day(year, report_month) - 1))
        customer = plan.sponsor or company_name(rng)
        company_id: Any = None
        if rng.random() < 0.6:
            # One company, one id: a customer keyed on several rows carries the same id.
            cid = _company_id(customer)
            company_id = cid if rng.random() < 0.5 else str(cid)
        if rng.random() < 0.1:
            customer = f" {customer}（集团） "
        cells: dict[str, Any] = {
            "区域": rng.choice(_REGIONS),
            "年金中心": rng.choice(_CENTRES),
            "机构": rng.choice(vocab.BRANCH_POOL),
            "业务类型": rng.choice(kinds),
            "客户类型": rng.choice(_CUSTOMER_TYPES),
            "客户全称": customer,
            "受托人": rng.choice(_TRUSTEES),
            "计划规模": round(10 ** rng.uniform(-2, 1.5), 4),
            "年缴规模": round(10 ** rng.uniform(-3, 0.5), 4),
            "计划类型": short,
            "中标日期": event_day if rng.random() < 0.8 else event_day.strftime("%Y/%m/%d"),
            "流失日期": event_day if rng.random() < 0.8 else event_day.strftime("%Y%m%d"),
            "证明材料": rng.choice(_EVIDENCE),
            "上报月份": month_cell,
            "上报人": rng.choice(_REPORTERS),
            "考核有效": rng.choice((1, 1, 1, 0, "是")),
            "年金计划号": plan.code if rng.random() < 0.85 else None,
            "company_id": company_id,
            "备注": "分公司补报" if rng.random() < 0.05 else None,
            "考核标签": rng.choice(("流失", "解约")) if not award else None,
            "insert_sql": f'=CONCATENATE("insert into … values(\'",F{i + 2},"\')")',
        }
        for flag in _FLAGS:
            cells[flag] = "是" if rng.random() < 0.15 else None
        rows.append([cells.get(h) if h is not None else None for h in header])
    return rows


# Dirty kinds of a dirty ledger: kind → what its row holds. Each is written on its own row.
LEDGER_KINDS: dict[str, str] = {
    "业务类型:short": "'受托' on the trustee sheet (M2 → 企年受托)",
    "业务类型:投管": "'投管' on the investment sheet (M2 → 企年投资)",
    "业务类型:blank": "blank (the sheet's business type)",
    "客户全称:空白": "placeholder name '空白' (kept, 客户名称 NULL, warning)",
    "计划规模:unparseable": "'约3亿' / '待定' (kept, NULL, warning)",
    "上报月份:text": "report month typed as text '24年11月'",
    "流失日期:text": "loss date typed as text '2024/11/3'",
    "上报月份:previous_year": "a row of December of the previous year (skipped, outside the year)",
}
DIRTY_MIN_ROWS = 3


def _dirty_rows(year: int, month: int) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    prev = year - 1
    return {
        AWARD_TRUSTEE: [
            ("业务类型:short", {"业务类型": "受托"}),
            ("业务类型:blank", {"业务类型": None}),
            ("客户全称:空白", {"客户全称": "空白"}),
        ],
        AWARD_INVEST: [
            ("业务类型:投管", {"业务类型": "投管"}),
            ("上报月份:previous_year", {"上报月份": f"{prev}-12", "中标日期": dt.datetime(prev, 12, 18)}),
            ("计划规模:unparseable", {"计划规模": "约3亿"}),
        ],
        LOSS_TRUSTEE: [
            ("上报月份:text", {"上报月份": f"{year % 100:02d}年{month}月"}),
            ("流失日期:text", {"流失日期": f"{year}/{month}/3"}),
            ("业务类型:blank", {"业务类型": None}),
        ],
        LOSS_INVEST: [
            ("上报月份:previous_year", {"上报月份": f"{prev}年12月", "流失日期": dt.datetime(prev, 12, 28)}),
            ("客户全称:空白", {"客户全称": "空白"}),
            ("计划规模:unparseable", {"计划规模": "待定"}),
        ],
    }


def _dirty(
    rows: list[list[Any]], sheet: str, period: tuple[int, int], rng: random.Random
) -> tuple[list[list[Any]], dict[str, int], int, int]:
    """Put the sheet's dirty kinds on distinct data rows; returns the rows, the kinds,
    the blank rows and the skipped rows."""
    header, body = rows[0], rows[1:]
    kinds = _dirty_rows(*period)[sheet]
    if len(body) < DIRTY_MIN_ROWS:
        raise ValueError(f"a dirty ledger needs at least {DIRTY_MIN_ROWS} rows per sheet, got {len(body)}")
    counted: dict[str, int] = {}
    skipped = 0
    for (kind, cells), pos in zip(kinds, rng.sample(range(len(body)), len(kinds)), strict=False):
        for column, value in cells.items():
            if column in header:
                body[pos][header.index(column)] = value
        counted[kind] = counted.get(kind, 0) + 1
        skipped += kind == "上报月份:previous_year"
    blank = 0
    if sheet == AWARD_TRUSTEE:
        # Between two data rows: a blank row after the last one is invisible to a reader.
        body.insert(rng.randint(1, len(body) - 1), [None] * len(header))
        blank = 1
    return [header, *body], counted, blank, skipped


# A register row: (rng, request, row index) → {header: cell}.
RegisterRow = Callable[[random.Random, SampleRequest, int], dict[str, Any]]


def register_sheet(
    req: SampleRequest, sheet: str, header: Sequence[str], row: RegisterRow, dirty: Sequence[tuple[str, dict[str, Any]]]
) -> dict[str, GeneratedSheet]:
    """One register sheet of the ledger (提费扩面, 灌入数据 …): ``req.rows`` rows from ``row``;
    when dirty, the kinds ``dirty`` each on its own data row (none of them rejects) and one
    fully blank row between two data rows."""
    rng = random.Random(f"wdh-samples:{req.seed}:{req.period}:台账登记:{sheet}")
    body = [row(rng, req, i) for i in range(req.rows)]
    counts = SheetCounts(sheet=sheet, header=list(header), rows_read=req.rows)
    if req.dirty and req.rows > len(dirty):
        for pos, (kind, cells) in enumerate(dirty):
            body[pos + 1].update(cells)
            counts.dirty_kinds[kind] = counts.dirty_kinds.get(kind, 0) + 1
    rows: list[list[Any]] = [list(header), *([cells.get(h) for h in header] for cells in body)]
    if req.dirty and req.rows >= 2:
        rows.insert(2, [None] * len(header))
        counts.rows_blank = 1
    return {sheet: GeneratedSheet(rows=rows, counts=counts)}


def ledger_sheets(req: SampleRequest, sheets: Sequence[str]) -> dict[str, GeneratedSheet]:
    """The ledger sheets ``sheets`` of one domain, ``req.rows`` data rows each."""
    per = (req.year, req.month)
    rng = random.Random(f"wdh-samples:{req.seed}:{req.period}:台账登记:{sheets[0]}")
    dirty_rng = random.Random(f"wdh-samples:{req.seed}:{req.period}:台账登记:{sheets[0]}:dirty")
    headers = {
        AWARD_TRUSTEE: [*AWARD_HEADER, "insert_sql"],
        AWARD_INVEST: [*AWARD_HEADER, *_FLAGS, "insert_sql"],
        LOSS_TRUSTEE: [*LOSS_HEADER, "insert_sql"],
        LOSS_INVEST: [*LOSS_HEADER, *_FLAGS, "insert_sql"],
    }
    dirty = req.dirty and req.rows > 0
    out: dict[str, GeneratedSheet] = {}
    for name in sheets:
        header = headers[name]
        rows = _sheet_rows(name, header, per, req.rows, rng, req.seed)
        kinds: dict[str, int] = {}
        blank = skipped = 0
        if dirty:
            rows, kinds, blank, skipped = _dirty(rows, name, per, dirty_rng)
        counts = SheetCounts(
            sheet=name,
            header=list(header),
            rows_read=req.rows,
            rows_blank=blank,
            rows_skipped=skipped,
            dirty_kinds=kinds,
        )
        out[name] = GeneratedSheet(rows=rows, counts=counts)
    return out


def _file_name(_period: str, _role: Role) -> str:
    return LEDGER_NAME


def _unrelated(period: str) -> str:
    year, month = vocab.parse_period(period)
    return f"{year % 100:02d}年{month}月考核加扣分反馈汇总.xlsx"


LEDGER_WORKBOOK = SampleWorkbook(
    key="ledger",
    folder="业务收集",
    file_name=_file_name,
    unrelated_file=_unrelated,
)
