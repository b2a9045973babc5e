"""The monthly annuity workbook: sheets 规模明细 and 收入明细 (spec AP §2–§3, AI §2–§3).

A sheet is generated in three passes, all driven by seeded ``random.Random`` streams:

1. **Clean rows** from a plan universe (single, collective and occupational plans with their
   customers, branches and portfolios) and realistic amounts (1e4–1e9 with 2 decimals,
   ``期末 = 期初 + 供款 − 流失(含待遇支付) + 投资收益``, yields such as ``0.050861``).
2. **Dirty kinds** (``dirty=True``): every kind of :data:`AP_KINDS` / :data:`INCOME_KINDS`
   is written on its own data row, at positions drawn from the seed. Header variants,
   fully blank rows (one of them holding only whitespace) and one repeated header row are
   added, and 规模明细 gets an unknown column ``备用``.
3. **Counting**: every row is tagged with the kinds it carries (explicit tags from step 2,
   plus the column classifiers for kinds that are also a column's clean format), giving the
   exact counts of :class:`~work_data_hub.core.samples.model.SheetCounts`.

A dirty sheet needs at least :data:`MIN_DIRTY_ROWS_AP` (规模明细) or
:data:`MIN_DIRTY_ROWS_INCOME` (收入明细) data rows. It always holds exactly 5 rejected rows
(4 in a 收入明细 without a 回补 column): under 1 % of the rows whenever ``n > 500`` (so for
every ``n ≥ 1000``), and the default ``--max-rejected`` of 1 % passes. Smaller dirty sheets
exceed 1 % (a test of them must pass e.g. ``--max-rejected 10%``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.model import GeneratedSheet, GeneratedWorkbook, SheetCounts
from work_data_hub.core.samples.writer import write_workbook

AP_SHEET = "规模明细"
INCOME_SHEET = "收入明细"

# The 23-column reference layout of 规模明细 (202411), canonical names.
AP_COLUMNS: tuple[str, ...] = (
    "月度", "业务类型", "计划类型", "计划代码", "计划名称", "组合类型", "组合代码", "组合名称",
    "客户名称", "期初资产规模", "期末资产规模", "供款", "流失(含待遇支付)", "流失", "待遇支付",
    "投资收益", "当期收益率", "机构代码", "机构", "子企业号", "子企业名称", "集团企业客户号",
    "集团企业客户名称",
)  # fmt: skip
# Header variants written by a dirty 规模明细 (canonical → as written), plus an unknown column.
AP_DIRTY_HEADERS: dict[str, str] = {
    "计划代码": "计划号",
    "客户名称": "客户名称 ",
    "期末资产规模": "期末资产\n规模",
    "流失(含待遇支付)": "流失（含待遇支付）",
}
AP_EXTRA_COLUMN = "备用"

INCOME_FEES_OPTIONAL: tuple[str, ...] = ("浮费", "回补", "税")
# Canonical 收入明细 columns; 机构代码 is headed 机构 in current workbooks.
INCOME_HEAD: tuple[str, ...] = (
    "月度", "业务类型", "计划类型", "计划代码", "计划名称", "组合类型", "组合代码", "组合名称",
    "客户名称", "固费",
)  # fmt: skip
INCOME_TAIL: tuple[str, ...] = ("机构代码", "机构名称")
INCOME_DIRTY_HEADERS: dict[str, str] = {"计划代码": "计划号", "机构代码": "机构", "客户名称": "客户名称 "}

# Kind → description. Kinds marked (clean format) are also produced by clean rows and are
# counted over every row; all others appear only where the dirty pass put them.
AP_KINDS: dict[str, str] = {
    "月度:number": "number cell 202411 (clean format)",
    "月度:text": "text '202411'",
    "月度:text_dash": "text '2024-11'",
    "月度:cn": "text '2024年11月'",
    "月度:cn_short": "text '24年11月'",
    "月度:date_cell": "date cell, last day of the month",
    "月度:serial": "number cell holding an Excel serial day of the month (e.g. 45607)",
    "月度:fullwidth": "text '２０２４年１１月'",
    "月度:blank": "blank (rejected: 月度 missing)",
    "月度:invalid": "text '2024年13月' (rejected: 月度 unparseable)",
    "业务类型:unknown": "'新业务' (kept, 产品线代码 NULL)",
    "业务类型:blank": "blank (rejected: 业务类型 missing)",
    "计划类型:short": "'集合' (M3 alias)",
    "计划类型:blank": "blank 计划类型 with a plan code (kept)",
    "计划代码:1P0290": "'1P0290' (M6 correction)",
    "计划代码:1p0290": "'1p0290' (corrected after uppercasing)",
    "计划代码:spaced": "' p-02 90 ' (R-CODE → P0290)",
    "计划代码:underscore": "'P_0807' (R-CODE → P0807)",
    "计划代码:number": "number cell 12345",
    "计划代码:blank_集合计划": "blank with 计划类型 集合计划 (→ AN001)",
    "计划代码:blank_单一计划": "blank with 计划类型 单一计划 (→ AN002)",
    "计划代码:blank_职业年金": "blank with 计划类型 职业年金 (rejected: no default)",
    "组合代码:blank": "blank (clean format; defaults QTAN00x)",
    "组合代码:FQTAN001": "'FQTAN001'",
    "组合代码:fqtan002": "'fqtan002'",
    "组合代码:F_digits": "'F12345'",
    "组合代码:number": "number cell 12345",
    "组合代码:Z0003P": "'Z0003P'",
    "组合代码:F_only": "' F ' (empty after the F strip → default)",
    "客户名称:spaces_status": "outer spaces and '-已转出'",
    "客户名称:inner_space": "a space inside the name",
    "客户名称:fullwidth": "full-width letters and '(已转出)'",
    "客户名称:原_bracket": "leading '（原）'",
    "客户名称:空白": "placeholder '空白'",
    "客户名称:原_real": "a real name starting with 原 ('原平市…', unchanged)",
    "客户名称:subsidiaries": "'…及下属子企业-养老'",
    "机构:name": "an organisation name with its code (clean format)",
    "机构:alias": "an alias name (内蒙, 深圳分公司 …) with its code (clean format)",
    "机构:wrong_code": "'新疆' with 机构代码 'G99' (code ignored → G23)",
    "机构:unmapped": "'火星' (→ G00, listed)",
    "机构:blank_code_lower": "blank name, 机构代码 'g12' (→ G12)",
    "机构:blank_code_unknown": "blank name, 机构代码 'G99' (→ G00, listed)",
    "机构:blank_both": "blank name and code (→ G00)",
    "机构:placeholder": "name 'null' (→ NULL, G00)",
    "集团企业客户号:C_prefixed": "'C' + 8 digits (clean format, 'C12345678')",
    "集团企业客户号:CC": "'CC001' (→ C001)",
    "集团企业客户号:number": "number cell 12345",
    "集团企业客户号:C_only": "'C' (→ NULL)",
    "子企业号:number": "number cell 12345",
    "期初资产规模:thousands": "text '1,234.5'",
    "期末资产规模:currency": "text '￥2,000'",
    "供款:dash": "text '-' (→ NULL)",
    "供款:unparseable": "text '约3万' (rejected: not a number)",
    "待遇支付:sci": "text '1e9'",
    "流失:blank": "blank (→ NULL)",
    "投资收益:negative": "a negative number (clean format)",
    "当期收益率:fraction": "a fraction such as 0.050861 (clean format)",
    "当期收益率:percent_text": "text '5.5%'",
    "当期收益率:percent_number": "number 5.5 (read as percent, warning)",
    "当期收益率:over_100_percent": "text '150%' (→ 1.5, warning)",
    "当期收益率:unparseable": "text 'abc' (→ NULL, warning, kept)",
    "row:duplicate": "a data row identical to an earlier data row",
}

INCOME_KINDS: dict[str, str] = {
    "月度:number": "number cell 202411 (clean format)",
    "月度:cn": "text '2024年11月'",
    "月度:text_dash": "text '2024-11'",
    "月度:cn_short": "text '24年11月'",
    "月度:date_cell": "date cell, last day of the month",
    "月度:fullwidth": "text '２０２４年１１月'",
    "月度:blank": "blank (rejected: 月度 missing)",
    "月度:invalid": "text '2024年13月' (rejected)",
    "业务类型:unknown": "'新业务' (kept)",
    "业务类型:blank": "blank (rejected)",
    "计划代码:1p0290": "'1p0290' (→ P0290)",
    "计划代码:spaced": "' P-0807 ' (→ P0807)",
    "计划代码:blank_单一计划": "blank with 单一计划 (→ AN002)",
    "计划代码:blank_职业年金": "blank with 职业年金 (rejected)",
    "组合代码:blank": "blank (clean format)",
    "组合代码:FQTAN002": "'FQTAN002' (→ QTAN002)",
    "客户名称:derived_from_plan": "blank name on a 单一计划 whose 计划名称 ends with 企业年金计划 (clean format)",
    "客户名称:blank": "blank name that is not derivable (clean format: 集合计划, 职业年金 …)",
    "客户名称:zero_suffix_only": "'0' with 计划名称 '企业年金计划' (no derived name)",
    "客户名称:blank_occupational_plan_name": "blank on 单一计划 named '…职业年金计划' (no derived name)",
    "客户名称:keyed_with_status": "'…有限公司-已转出' on a 单一计划 (keyed name wins)",
    "客户名称:keyed": "a keyed company name (clean format)",
    "客户名称:保留账户管理": "'保留账户管理' (M9 explicit no company)",
    "固费:thousands": "text '3,414.26'",
    "固费:currency": "text '￥1,200'",
    "固费:blank": "blank (→ 0)",
    "固费:dash": "text '-' (→ 0)",
    "固费:sci": "text '1.2e3'",
    "浮费:blank": "blank (→ 0)",
    "回补:negative": "a negative number (clean format, -120.5)",
    "回补:unparseable": "text '待定' (rejected)",
    "税:zero": "number 0",
    "机构:name": "a name and its code (clean format)",
    "机构:alias": "an alias name and its code (clean format)",
    "机构:name_overrides_code": "名称 '深圳分公司' with 机构 'G01' (→ G05)",
    "机构:blank_code_lower": "blank name, 机构 'g12' (→ G12)",
    "机构:blank_code_is_name": "blank name, 机构 '北京' (a name in the code column → G01)",
    "机构:blank_code_unknown": "blank name, 机构 'G99' (→ G00, listed)",
    "机构:blank_both": "blank name and code (→ G00)",
    "机构:placeholder": "名称 'null' (→ NULL, G00)",
    "row:duplicate": "a data row identical to an earlier data row",
}


# --------------------------------------------------------------------------------------
# Plan universe


@dataclass(frozen=True)
class Plan:
    code: str
    plan_type: str  # 集合计划 / 单一计划 / 职业年金
    name: str
    sponsor: str | None  # the company of a single plan
    branch: str
    business_types: tuple[str, ...]
    portfolios: tuple[tuple[str, str, str], ...]  # (组合代码, 组合名称, 组合类型)
    weight: int


# Codes named by the specification come first, so every universe contains them.
_FIXED_PLANS: tuple[tuple[str, str], ...] = (
    ("P0290", "集合计划"),
    ("S1002", "单一计划"),
    ("Z0005", "职业年金"),
    ("XNP596", "集合计划"),
    ("FP0001", "单一计划"),
    ("P0807", "集合计划"),
    ("P0809", "集合计划"),
    ("P0456", "集合计划"),
)


def company_name(rng: random.Random) -> str:
    """A plausible company name such as ``杭州华信科技有限公司``."""
    return (
        rng.choice(vocab.PLACES) + rng.choice(vocab.CORES) + rng.choice(vocab.INDUSTRIES) + rng.choice(vocab.SUFFIXES)
    )


def plan_universe(seed: int, count: int) -> list[Plan]:
    """``count`` plans; plan *i* is the same for every ``count > i`` (prefix-stable)."""
    rng = random.Random(f"wdh-samples:{seed}:plans")
    used: set[str] = set()
    plans: list[Plan] = []
    for i in range(count):
        if i < len(_FIXED_PLANS):
            code, plan_type = _FIXED_PLANS[i]
        else:
            r = rng.random()
            plan_type = "单一计划" if r < 0.55 else "集合计划" if r < 0.82 else "职业年金"
            code = _new_code(rng, plan_type, used)
        used.add(code)
        plans.append(_make_plan(rng, code, plan_type))
    return plans


_CROWDED_AFTER = 30  # draws of taken codes before a plan type moves on to longer codes


def _new_code(rng: random.Random, plan_type: str, used: set[str]) -> str:
    # The usual code ranges hold a few thousand plans; a large universe (a scale benchmark's
    # month) moves on to longer codes once the usual range is crowded instead of looping on it.
    for attempt in range(_CROWDED_AFTER + 10_000):
        wide = attempt >= _CROWDED_AFTER
        if plan_type == "单一计划":
            code = f"S{rng.randint(10000, 99999)}" if wide else f"S{rng.randint(1003, 9999):04d}"
        elif plan_type == "集合计划":
            if rng.random() < 0.3:
                code = f"XNP{rng.randint(1000, 9999)}" if wide else f"XNP{rng.randint(100, 999)}"
            else:
                code = f"P{rng.randint(10000, 99999)}" if wide else f"P{rng.randint(100, 999):04d}"
        else:
            code = f"Z{rng.randint(10000, 99999)}" if wide else f"Z{rng.randint(10, 999):04d}"
        if code not in used:
            return code
    raise ValueError(f"no free {plan_type} code left after {len(used)} plans")


def _make_plan(rng: random.Random, code: str, plan_type: str) -> Plan:
    sponsor = None
    if plan_type == "单一计划":
        sponsor = company_name(rng)
        name = f"{sponsor}企业年金计划"
        business_types = vocab.ENTERPRISE_TYPES if rng.random() < 0.6 else (rng.choice(vocab.ENTERPRISE_TYPES),)
        weight = 1
    elif plan_type == "集合计划":
        name = f"{rng.choice(vocab.COLLECTIVE_BRANDS)}企业年金集合计划"
        business_types = vocab.ENTERPRISE_TYPES
        weight = 10
    else:
        numeral = f"（{rng.choice(vocab.CN_NUMERALS)}号）" if rng.random() < 0.5 else ""
        name = f"{rng.choice(vocab.PROVINCES)}{numeral}职业年金计划"
        business_types = vocab.OCCUPATIONAL_TYPES
        weight = 4
    portfolios: list[tuple[str, str, str]] = []
    if not code.startswith("F"):  # a source code starting with F would lose it to the F strip
        for k in range(rng.randint(0, 3)):
            style, kind = rng.choice(vocab.PORTFOLIO_STYLES)
            pcode = f"{code}P" if k == 0 else f"{code}P{k + 1}"
            portfolios.append((pcode, f"{name[:6]}{style}组合", kind))
    return Plan(
        code=code,
        plan_type=plan_type,
        name=name,
        sponsor=sponsor,
        branch=rng.choice(vocab.BRANCH_POOL),
        business_types=business_types,
        portfolios=tuple(portfolios),
        weight=weight,
    )


def _universe_size(n: int) -> int:
    return max(40, n // 25)


# --------------------------------------------------------------------------------------
# Shared machinery


@dataclass(frozen=True)
class _Period:
    year: int
    month: int

    @property
    def number(self) -> int:
        return self.year * 100 + self.month

    @property
    def yy(self) -> str:
        return f"{self.year % 100:02d}"


Injection = tuple[str, dict[str, Any], str | None]  # (kind, cells to set, rejection reason)
Classifier = Callable[[dict[str, Any]], str | None]


def _month_injections(p: _Period, *, serial: bool, plain_text: bool) -> list[Injection]:
    y, m = p.year, p.month
    out: list[Injection] = []
    if plain_text:
        out.append(("月度:text", {"月度": f"{y}{m:02d}"}, None))
    out += [
        ("月度:text_dash", {"月度": f"{y}-{m:02d}"}, None),
        ("月度:cn", {"月度": f"{y}年{m}月"}, None),
        ("月度:cn_short", {"月度": f"{p.yy}年{m}月"}, None),
        ("月度:date_cell", {"月度": dt.datetime(y, m, vocab.last_day(y, m))}, None),
    ]
    if serial:
        out.append(("月度:serial", {"月度": vocab.excel_serial(dt.date(y, m, 11))}, None))
    out += [
        ("月度:fullwidth", {"月度": vocab.full_width(f"{y}年{m}月")}, None),
        ("月度:blank", {"月度": None}, "月度 missing"),
        ("月度:invalid", {"月度": f"{y}年13月"}, f"月度 unparseable: '{y}年13月'"),
    ]
    return out


def _assemble(
    *,
    sheet: str,
    columns: Sequence[str],
    header: list[Any],
    data: list[dict[str, Any]],
    injections: list[Injection],
    classifiers: dict[str, Classifier],
    dirty: bool,
    rng: random.Random,
) -> GeneratedSheet:
    """Apply the dirty kinds to ``data``, add blank and header rows, and count everything."""
    n = len(data)
    tags: list[dict[str, str]] = [{} for _ in range(n)]  # per row: column prefix → kind
    reasons: dict[int, str] = {}
    blank_rows = 0
    repeated = 0
    gaps: dict[int, list[Any]] = {}
    if dirty:
        slots = len(injections) + 1  # + the duplicate row
        minimum = slots + 1
        if n < minimum:
            raise ValueError(f"a dirty {sheet} needs at least {minimum} data rows, got {n}")
        positions = rng.sample(range(n), slots)
        for (kind, cells, reason), pos in zip(injections, positions[:-1], strict=True):
            data[pos].update(cells)
            tags[pos][kind.split(":")[0]] = kind
            if reason:
                reasons[pos] = reason
        # A double paste: the duplicate copies the nearest clean row before it (or after it).
        dup = positions[-1]
        taken = set(positions)
        source = next((j for j in range(dup - 1, -1, -1) if j not in taken), None)
        if source is None:
            source = next(j for j in range(dup + 1, n) if j not in taken)
        data[dup] = dict(data[source])
        tags[dup]["row"] = "row:duplicate"
        # Fully blank rows (the first one holds only whitespace) and one repeated header row,
        # always between two data rows (a blank row after the last data row is invisible).
        blank_rows = 3 + n // 1000
        where = rng.sample(range(1, n), blank_rows + 1)
        width = len(header)
        for k, gap in enumerate(where[:-1]):
            blank: list[Any] = [None] * width
            if k == 0:
                blank[0], blank[min(8, width - 1)] = " ", "\u3000"
            gaps[gap] = blank
        gaps[where[-1]] = list(header)
        repeated = 1

    counter: Counter[str] = Counter()
    for i, record in enumerate(data):
        row_tags = tags[i]
        for prefix, classify in classifiers.items():
            if prefix not in row_tags:
                found = classify(record)
                if found:
                    row_tags[prefix] = found
        counter.update(row_tags.values())

    extra = len(header) - len(columns)
    out: list[list[Any]] = [list(header)]
    rejected_rows: dict[int, str] = {}
    for i, record in enumerate(data):
        gap_row = gaps.get(i)
        if gap_row is not None:
            out.append(gap_row)
        values = [record.get(c) for c in columns]
        if extra:
            values.append(record.get("__extra__"))
        out.append(values)
        if i in reasons:
            rejected_rows[len(out)] = reasons[i]
    counts = SheetCounts(
        sheet=sheet,
        header=list(header),
        rows_read=n,
        rows_blank=blank_rows,
        rows_repeated_header=repeated,
        dirty_kinds=dict(sorted(counter.items())),
        rejected=_in_order(Counter(rejected_rows.values()), [r for _, _, r in injections if r]),
        rejected_rows=rejected_rows,
    )
    return GeneratedSheet(rows=out, counts=counts)


def _in_order(counts: Counter[str], order: list[str]) -> dict[str, int]:
    """``counts`` as a dict in the order the reasons were declared (the spec's order)."""
    return {reason: counts[reason] for reason in dict.fromkeys(order) if counts[reason]}


def _branch_kind(name: Any) -> str | None:
    if name in vocab.BRANCH_ALIASES:
        return "机构:alias"
    if name in vocab.BRANCH_CODE:
        return "机构:name"
    return None


def _pick_plans(plans: list[Plan], only_business_type: str | None) -> tuple[list[Plan], list[int]]:
    if only_business_type:
        plans = [p for p in plans if only_business_type in p.business_types]
    cum: list[int] = []
    total = 0
    for p in plans:
        total += p.weight
        cum.append(total)
    return plans, cum


# --------------------------------------------------------------------------------------
# 规模明细


def annuity_sheet(
    period: str,
    n: int,
    *,
    seed: int,
    dirty: bool,
    only_business_type: str | None = None,
) -> GeneratedSheet:
    """Sheet 规模明细 with ``n`` data rows, and its counts (see the module docstring)."""
    year, month = vocab.parse_period(period)
    p = _Period(year, month)
    rng = random.Random(f"wdh-samples:{seed}:{period}:规模明细")
    plans, cum = _pick_plans(plan_universe(seed, _universe_size(n)), only_business_type)
    data = [_ap_row(rng, p, plans, cum, dirty, only_business_type) for _ in range(n)]
    header: list[Any] = [AP_DIRTY_HEADERS.get(c, c) if dirty else c for c in AP_COLUMNS]
    if dirty:
        header.append(AP_EXTRA_COLUMN)
    inj_rng = random.Random(f"wdh-samples:{seed}:{period}:规模明细:dirty")
    injections = _ap_injections(p, inj_rng) if dirty else []
    return _assemble(
        sheet=AP_SHEET,
        columns=AP_COLUMNS,
        header=header,
        data=data,
        injections=injections,
        classifiers=_AP_CLASSIFIERS,
        dirty=dirty,
        rng=inj_rng,
    )


def _ap_row(
    rng: random.Random,
    p: _Period,
    plans: list[Plan],
    cum: list[int],
    dirty: bool,
    only_business_type: str | None,
) -> dict[str, Any]:
    rand = rng.random
    uniform = rng.uniform
    plan = rng.choices(plans, cum_weights=cum)[0]
    business_type = only_business_type or rng.choice(plan.business_types)
    if plan.plan_type == "单一计划":
        customer = plan.sponsor
    elif plan.plan_type == "集合计划":
        customer = company_name(rng)
    else:
        customer = plan.name
    row: dict[str, Any] = {
        "月度": p.number,
        "业务类型": business_type,
        "计划类型": plan.plan_type,
        "计划代码": plan.code,
        "计划名称": plan.name,
        "客户名称": customer,
    }
    if plan.portfolios and business_type.endswith("投资") and rand() < 0.6:
        pcode, pname, ptype = rng.choice(plan.portfolios)
        row["组合代码"], row["组合名称"], row["组合类型"] = pcode, pname, ptype
    opening = round(10 ** uniform(4, 9), 2)
    contribution = 0.0 if rand() < 0.35 else round(opening * uniform(0.001, 0.05), 2)
    outflow = 0.0 if rand() < 0.5 else round(opening * uniform(0.0005, 0.03), 2)
    benefits = 0.0 if rand() < 0.4 else round(opening * uniform(0.0005, 0.02), 2)
    rate = round(uniform(-0.03, 0.06), 6)
    income = round(opening * rate, 2)
    total_out = round(outflow + benefits, 2)
    row.update(
        {
            "期初资产规模": opening,
            "期末资产规模": round(opening + contribution - total_out + income, 2),
            "供款": contribution,
            "流失(含待遇支付)": total_out,
            "流失": outflow,
            "待遇支付": benefits,
            "投资收益": income,
            "当期收益率": rate,
        }
    )
    branch = plan.branch if rand() < 0.9 else rng.choice(vocab.BRANCH_POOL)
    row["机构"], row["机构代码"] = branch, vocab.branch_code(branch)
    if rand() < 0.03:
        row["子企业号"] = str(rng.randint(10000, 99999))
        row["子企业名称"] = company_name(rng)
    if rand() < 0.08:
        row["集团企业客户号"] = f"C{rng.randint(10_000_000, 99_999_999)}"
        row["集团企业客户名称"] = customer
    if dirty and rand() < 0.01:
        row["__extra__"] = rng.choice(vocab.FILLER_REMARKS)
    return row


def _ap_injections(p: _Period, rng: random.Random) -> list[Injection]:
    name = company_name(rng)
    core, industry = rng.choice(vocab.CORES), rng.choice(vocab.INDUSTRIES)
    place = rng.choice(vocab.PLACES)
    inj: list[Injection] = _month_injections(p, serial=True, plain_text=True)
    inj += [
        ("业务类型:unknown", {"业务类型": "新业务"}, None),
        ("业务类型:blank", {"业务类型": None}, "业务类型 missing"),
        ("计划类型:short", {"计划类型": "集合", "计划代码": "P0456", "业务类型": "企年受托"}, None),
        ("计划类型:blank", {"计划类型": None}, None),
        ("计划代码:1P0290", {"计划代码": "1P0290", "计划类型": "集合计划", "业务类型": "企年受托"}, None),
        ("计划代码:1p0290", {"计划代码": "1p0290", "计划类型": "集合计划", "业务类型": "企年投资"}, None),
        ("计划代码:spaced", {"计划代码": " p-02 90 ", "计划类型": "集合计划", "业务类型": "企年受托"}, None),
        ("计划代码:underscore", {"计划代码": "P_0807", "计划类型": "集合计划", "业务类型": "企年投资"}, None),
        ("计划代码:number", {"计划代码": 12345}, None),
        ("计划代码:blank_集合计划", {"计划代码": None, "计划类型": "集合计划", "业务类型": "企年受托"}, None),
        ("计划代码:blank_单一计划", {"计划代码": None, "计划类型": "单一计划", "业务类型": "企年投资"}, None),
        (
            "计划代码:blank_职业年金",
            {"计划代码": None, "计划类型": "职业年金", "业务类型": "职年受托"},
            "计划代码 missing and 计划类型 '职业年金' has no default",
        ),
        ("组合代码:FQTAN001", {"组合代码": "FQTAN001"}, None),
        ("组合代码:fqtan002", {"组合代码": "fqtan002"}, None),
        ("组合代码:F_digits", {"组合代码": "F12345"}, None),
        ("组合代码:number", {"组合代码": 12345}, None),
        ("组合代码:Z0003P", {"组合代码": "Z0003P"}, None),
        ("组合代码:F_only", {"组合代码": " F "}, None),
        ("客户名称:spaces_status", {"客户名称": f"  {name}-已转出 "}, None),
        ("客户名称:inner_space", {"客户名称": f"{place} {core}{industry}有限公司"}, None),
        ("客户名称:fullwidth", {"客户名称": f"{vocab.full_width('XY')}{core}有限公司(已转出)"}, None),
        ("客户名称:原_bracket", {"客户名称": f"（原）abc{core}科技有限公司"}, None),
        ("客户名称:空白", {"客户名称": "空白"}, None),
        ("客户名称:原_real", {"客户名称": f"原平市{core}{industry}有限公司"}, None),
        ("客户名称:subsidiaries", {"客户名称": f"{name}及下属子企业-养老"}, None),
        ("机构:name", {"机构": "北京", "机构代码": "G01"}, None),
        ("机构:alias", {"机构": "内蒙", "机构代码": "G31"}, None),
        ("机构:alias", {"机构": "深圳分公司", "机构代码": "G05"}, None),
        ("机构:wrong_code", {"机构": "新疆", "机构代码": "G99"}, None),
        ("机构:unmapped", {"机构": "火星", "机构代码": None}, None),
        ("机构:blank_code_lower", {"机构": None, "机构代码": "g12"}, None),
        ("机构:blank_code_unknown", {"机构": None, "机构代码": "G99"}, None),
        ("机构:blank_both", {"机构": None, "机构代码": None}, None),
        ("机构:placeholder", {"机构": "null", "机构代码": None}, None),
        ("集团企业客户号:C_prefixed", {"集团企业客户号": "C12345678", "集团企业客户名称": name}, None),
        ("集团企业客户号:CC", {"集团企业客户号": "CC001", "集团企业客户名称": name}, None),
        ("集团企业客户号:number", {"集团企业客户号": 12345, "集团企业客户名称": name}, None),
        ("集团企业客户号:C_only", {"集团企业客户号": "C"}, None),
        ("子企业号:number", {"子企业号": 12345, "子企业名称": company_name(rng)}, None),
        ("期初资产规模:thousands", {"期初资产规模": "1,234.5"}, None),
        ("期末资产规模:currency", {"期末资产规模": "￥2,000"}, None),
        ("供款:dash", {"供款": "-"}, None),
        ("供款:unparseable", {"供款": "约3万"}, "供款 not a number: '约3万'"),
        ("待遇支付:sci", {"待遇支付": "1e9"}, None),
        ("流失:blank", {"流失": None}, None),
        ("投资收益:negative", {"投资收益": -3.2}, None),
        ("当期收益率:fraction", {"当期收益率": 0.050861}, None),
        ("当期收益率:percent_text", {"当期收益率": "5.5%"}, None),
        ("当期收益率:percent_number", {"当期收益率": 5.5}, None),
        ("当期收益率:over_100_percent", {"当期收益率": "150%"}, None),
        ("当期收益率:unparseable", {"当期收益率": "abc"}, None),
    ]
    return inj


def _negative(v: Any) -> bool:
    """A number cell below zero."""
    return (type(v) is int or type(v) is float) and v < 0


_AP_CLASSIFIERS: dict[str, Classifier] = {
    "月度": lambda r: "月度:number" if type(r.get("月度")) is int else None,
    "组合代码": lambda r: "组合代码:blank" if r.get("组合代码") is None else None,
    "机构": lambda r: _branch_kind(r.get("机构")),
    "集团企业客户号": lambda r: (
        "集团企业客户号:C_prefixed"
        if isinstance(v := r.get("集团企业客户号"), str) and len(v) == 9 and v[0] == "C" and v[1:].isdigit()
        else None
    ),
    "投资收益": lambda r: "投资收益:negative" if _negative(r.get("投资收益")) else None,
    "当期收益率": lambda r: "当期收益率:fraction" if type(v := r.get("当期收益率")) is float and abs(v) <= 1 else None,
}


def annuity_rows(period: str, n: int, *, seed: int, dirty: bool) -> list[list[Any]]:
    """Rows of sheet 规模明细: the header row first, then ``n`` data rows.

    A dirty sheet also holds fully blank rows and one repeated header row between the data
    rows (they are not among the ``n``); use :func:`annuity_sheet` for the exact counts.
    ``dirty`` needs ``n ≥ MIN_DIRTY_ROWS_AP``.
    """
    return annuity_sheet(period, n, seed=seed, dirty=dirty).rows


# --------------------------------------------------------------------------------------
# 收入明细


def income_columns(fees: Sequence[str] = INCOME_FEES_OPTIONAL) -> tuple[str, ...]:
    """Canonical 收入明细 columns with the optional fee columns ``fees`` (in spec order)."""
    unknown = set(fees) - set(INCOME_FEES_OPTIONAL)
    if unknown:
        raise ValueError(f"unknown optional fee columns {sorted(unknown)}")
    return INCOME_HEAD + tuple(f for f in INCOME_FEES_OPTIONAL if f in fees) + INCOME_TAIL


def income_sheet(
    period: str,
    n: int,
    *,
    seed: int,
    dirty: bool,
    fees: Sequence[str] = INCOME_FEES_OPTIONAL,
    only_business_type: str | None = None,
) -> GeneratedSheet:
    """Sheet 收入明细 with ``n`` data rows and its counts.

    ``fees`` chooses the optional fee columns present (default all of 浮费, 回补, 税; pass
    ``()`` for the current 12-column layout). Dirty sheets use the 202411 V1 headers
    (``计划号``, ``机构`` for the branch code, ``客户名称␠``); clean ones the canonical names.
    """
    year, month = vocab.parse_period(period)
    p = _Period(year, month)
    columns = income_columns(fees)
    rng = random.Random(f"wdh-samples:{seed}:{period}:收入明细")
    plans, cum = _pick_plans(plan_universe(seed, _universe_size(n)), only_business_type)
    data = [_income_row(rng, p, plans, cum, only_business_type) for _ in range(n)]
    header: list[Any] = [INCOME_DIRTY_HEADERS.get(c, c) if dirty else c for c in columns]
    inj_rng = random.Random(f"wdh-samples:{seed}:{period}:收入明细:dirty")
    injections = _income_injections(p, inj_rng, columns) if dirty else []
    return _assemble(
        sheet=INCOME_SHEET,
        columns=columns,
        header=header,
        data=data,
        injections=injections,
        classifiers=_income_classifiers(columns),
        dirty=dirty,
        rng=inj_rng,
    )


def _income_row(
    rng: random.Random, p: _Period, plans: list[Plan], cum: list[int], only_business_type: str | None
) -> dict[str, Any]:
    rand = rng.random
    uniform = rng.uniform
    plan = rng.choices(plans, cum_weights=cum)[0]
    business_type = only_business_type or rng.choice(plan.business_types)
    customer = None
    if plan.plan_type == "单一计划" and rand() < 0.15:
        customer = plan.sponsor  # most single-plan names are blank (derived from 计划名称)
    row: dict[str, Any] = {
        "月度": p.number,
        "业务类型": business_type,
        "计划类型": plan.plan_type,
        "计划代码": plan.code,
        "计划名称": plan.name,
        "客户名称": customer,
    }
    if plan.portfolios and business_type.endswith("投资") and rand() < 0.6:
        pcode, pname, ptype = rng.choice(plan.portfolios)
        row["组合代码"], row["组合名称"], row["组合类型"] = pcode, pname, ptype
    fixed = round(10 ** uniform(1.7, 5.7), 2)
    floating = 0.0 if rand() < 0.85 else round(fixed * uniform(0.05, 0.5), 2)
    rebate = 0.0 if rand() < 0.9 else -round(fixed * uniform(0.01, 0.2), 2)
    row.update({"固费": fixed, "浮费": floating, "回补": rebate, "税": round((fixed + floating) * 0.06, 2)})
    branch = plan.branch if rand() < 0.9 else rng.choice(vocab.BRANCH_POOL)
    row["机构名称"], row["机构代码"] = branch, vocab.branch_code(branch)
    return row


def _income_injections(p: _Period, rng: random.Random, columns: Sequence[str]) -> list[Injection]:
    name = company_name(rng)
    sponsor = company_name(rng)
    inj: list[Injection] = _month_injections(p, serial=False, plain_text=False)
    inj += [
        ("业务类型:unknown", {"业务类型": "新业务"}, None),
        ("业务类型:blank", {"业务类型": None}, "业务类型 missing"),
        ("计划代码:1p0290", {"计划代码": "1p0290", "计划类型": "集合计划", "业务类型": "企年投资"}, None),
        ("计划代码:spaced", {"计划代码": " P-0807 ", "计划类型": "集合计划", "业务类型": "企年受托"}, None),
        ("计划代码:blank_单一计划", {"计划代码": None, "计划类型": "单一计划", "业务类型": "企年受托"}, None),
        (
            "计划代码:blank_职业年金",
            {"计划代码": None, "计划类型": "职业年金", "业务类型": "职年投资"},
            "计划代码 missing and 计划类型 '职业年金' has no default",
        ),
        ("组合代码:FQTAN002", {"组合代码": "FQTAN002"}, None),
        (
            "客户名称:derived_from_plan",
            {"客户名称": None, "计划类型": "单一计划", "业务类型": "企年受托", "计划名称": f"{sponsor}企业年金计划"},
            None,
        ),
        ("客户名称:zero_suffix_only", {"客户名称": "0", "计划类型": "单一计划", "计划名称": "企业年金计划"}, None),
        (
            "客户名称:blank_occupational_plan_name",
            {"客户名称": None, "计划类型": "单一计划", "计划名称": f"{rng.choice(vocab.PROVINCES)}某某职业年金计划"},
            None,
        ),
        (
            "客户名称:keyed_with_status",
            {"客户名称": f"{name}-已转出", "计划类型": "单一计划", "计划名称": f"{company_name(rng)}企业年金计划"},
            None,
        ),
        ("客户名称:保留账户管理", {"客户名称": "保留账户管理"}, None),
        ("固费:thousands", {"固费": "3,414.26"}, None),
        ("固费:currency", {"固费": "￥1,200"}, None),
        ("固费:blank", {"固费": None}, None),
        ("固费:dash", {"固费": "-"}, None),
        ("固费:sci", {"固费": "1.2e3"}, None),
        ("浮费:blank", {"浮费": None}, None),
        ("回补:negative", {"回补": -120.5}, None),
        ("回补:unparseable", {"回补": "待定"}, "回补 not a number: '待定'"),
        ("税:zero", {"税": 0}, None),
        ("机构:name", {"机构名称": "北京", "机构代码": "G01"}, None),
        ("机构:name_overrides_code", {"机构名称": "深圳分公司", "机构代码": "G01"}, None),
        ("机构:blank_code_lower", {"机构名称": None, "机构代码": "g12"}, None),
        ("机构:blank_code_is_name", {"机构名称": None, "机构代码": "北京"}, None),
        ("机构:blank_code_unknown", {"机构名称": None, "机构代码": "G99"}, None),
        ("机构:blank_both", {"机构名称": None, "机构代码": None}, None),
        ("机构:placeholder", {"机构名称": "null", "机构代码": None}, None),
    ]
    present = set(columns)
    return [i for i in inj if set(i[1]) <= present]


def _income_name_kind(r: dict[str, Any]) -> str:
    name = r.get("客户名称")
    if name is not None:
        return "客户名称:keyed"
    plan_name = r.get("计划名称")
    if (
        r.get("计划类型") == "单一计划"
        and isinstance(plan_name, str)
        and plan_name.strip().endswith("企业年金计划")
        and plan_name.strip()[: -len("企业年金计划")].strip()
    ):
        return "客户名称:derived_from_plan"
    return "客户名称:blank"


def _income_classifiers(columns: Sequence[str]) -> dict[str, Classifier]:
    out: dict[str, Classifier] = {
        "月度": lambda r: "月度:number" if type(r.get("月度")) is int else None,
        "组合代码": lambda r: "组合代码:blank" if r.get("组合代码") is None else None,
        "机构": lambda r: _branch_kind(r.get("机构名称")),
        "客户名称": _income_name_kind,
    }
    if "回补" in columns:
        out["回补"] = lambda r: "回补:negative" if _negative(r.get("回补")) else None
    return out


def income_rows(period: str, n: int, *, seed: int, dirty: bool) -> list[list[Any]]:
    """Rows of sheet 收入明细 (header first, then ``n`` data rows; see :func:`income_sheet`)."""
    return income_sheet(period, n, seed=seed, dirty=dirty).rows


MIN_DIRTY_ROWS_AP = len(_ap_injections(_Period(2024, 11), random.Random(0))) + 2
MIN_DIRTY_ROWS_INCOME = len(_income_injections(_Period(2024, 11), random.Random(0), income_columns())) + 2


# --------------------------------------------------------------------------------------
# Decoy sheets and the workbook


def decoy_sheets(period: str, *, seed: int) -> dict[str, list[list[Any]]]:
    """The other sheets of the real 202411 workbook (no domain reads them)."""
    year, month = vocab.parse_period(period)
    yymm = f"{year % 100:02d}{month:02d}"
    rng = random.Random(f"wdh-samples:{seed}:{period}:decoys")
    collective = [p for p in plan_universe(seed, 40) if p.plan_type == "集合计划"]
    layer: list[list[Any]] = [["计划代码", "组合代码", "组合名称", "期末资产规模"]]
    month_data: list[list[Any]] = [["计划代码", "计划名称", "期末资产规模", "投资收益"]]
    for plan in collective[:5]:
        pcode, pname, _ = plan.portfolios[0] if plan.portfolios else (None, None, None)
        layer.append([plan.code, pcode, pname, round(10 ** rng.uniform(7, 9), 2)])
        month_data.append([plan.code, plan.name, round(10 ** rng.uniform(7, 9), 2), round(rng.uniform(-1e6, 5e6), 2)])
    return {f"{yymm}企年投资集合计划组合层": layer, f"企年投资集合计划{yymm}当月数据": month_data}


def write_annuity_workbook(
    path: Path,
    period: str,
    *,
    perf_rows: int | None,
    income_rows: int | None,
    seed: int,
    dirty: bool,
    income_fees: Sequence[str] = INCOME_FEES_OPTIONAL,
    with_decoy_sheets: bool = True,
    only_business_type: str | None = None,
) -> GeneratedWorkbook:
    """Write the monthly annuity workbook and return its exact expected counts.

    ``perf_rows`` / ``income_rows`` are the data rows of 规模明细 / 收入明细 (``rows_read``);
    ``None`` leaves that sheet out (``0`` writes a header-only sheet). A dirty workbook needs
    at least :data:`MIN_DIRTY_ROWS_AP` / :data:`MIN_DIRTY_ROWS_INCOME` rows per sheet and
    holds 5 rejected rows per sheet: under 1 % only for more than 500 rows (every
    ``n ≥ 1000``). ``with_decoy_sheets`` adds the two sheets of the real workbook that no
    domain reads; ``only_business_type`` restricts both sheets to one 业务类型 (supplements).
    """
    sheets: dict[str, list[list[Any]]] = {}
    counts: dict[str, SheetCounts] = {}
    if perf_rows is not None:
        ap = annuity_sheet(
            period, perf_rows, seed=seed, dirty=dirty and perf_rows > 0, only_business_type=only_business_type
        )
        sheets[AP_SHEET], counts[AP_SHEET] = ap.rows, ap.counts
    if income_rows is not None:
        inc = income_sheet(
            period,
            income_rows,
            seed=seed,
            dirty=dirty and income_rows > 0,
            fees=income_fees,
            only_business_type=only_business_type,
        )
        sheets[INCOME_SHEET], counts[INCOME_SHEET] = inc.rows, inc.counts
    decoys = decoy_sheets(period, seed=seed) if with_decoy_sheets else {}
    sheets.update(decoys)
    write_workbook(path, sheets, header_format={"bold": True})
    primary = AP_SHEET if AP_SHEET in counts else INCOME_SHEET
    return GeneratedWorkbook(path=Path(path), period=period, sheets=counts, primary=primary, decoy_sheets=list(decoys))
