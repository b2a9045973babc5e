"""annuity_income's sample: sheet 收入明细 of the monthly annuity workbook (spec AI §2–§3),
from the same plan universe as 规模明细; when dirty, every kind of ``INCOME_KINDS`` on its
own data row, the 202411 V1 headers (计划号, 机构 for the branch code, 客户名称␠), blank
rows and a repeated header row. Exactly 5 rejected rows (4 without a 回补 column)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from work_data_hub.core.domains.annuity_workbook import ANNUITY_WORKBOOK
from work_data_hub.core.samples import vocab
from work_data_hub.core.samples.assemble import (
    Classifier,
    Injection,
    MonthOf,
    assemble,
    branch_kind,
    is_negative,
    month_injections,
)
from work_data_hub.core.samples.declaration import DomainSample, SampleRequest
from work_data_hub.core.samples.model import GeneratedSheet
from work_data_hub.core.samples.universe import Plan, company_name, pick_plans, plan_universe, universe_size

INCOME_SHEET = "收入明细"
INCOME_FEES_OPTIONAL: tuple[str, ...] = ("浮费", "回补", "税")
# Canonical 收入明细 columns; 机构代码 is headed 机构 in current workbooks.
INCOME_HEAD: tuple[str, ...] = (
    "月度", "业务类型", "计划类型", "计划代码", "计划名称", "组合类型", "组合代码", "组合名称",
    "客户名称", "固费",
)  # fmt: skip
INCOME_TAIL: tuple[str, ...] = ("机构代码", "机构名称")
INCOME_DIRTY_HEADERS: dict[str, str] = {"计划代码": "计划号", "机构代码": "机构", "客户名称": "客户名称 "}

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
    p = MonthOf(year, month)
    columns = income_columns(fees)
    rng = random.Random(f"wdh-samples:{seed}:{period}:收入明细")
    plans, cum = pick_plans(plan_universe(seed, universe_size(n)), only_business_type)
    data = [_income_row(rng, p, plans, cum, only_business_type) for _ in range(n)]
    header: list[Any] = [INCOME_DIRTY_HEADERS.get(c, c) if dirty else c for c in columns]
    inj_rng = random.Random(f"wdh-samples:{seed}:{period}:收入明细:dirty")
    injections = _income_injections(p, inj_rng, columns) if dirty else []
    return assemble(
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
    rng: random.Random, p: MonthOf, plans: list[Plan], cum: list[int], only_business_type: str | None
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


def _income_injections(p: MonthOf, rng: random.Random, columns: Sequence[str]) -> list[Injection]:
    name = company_name(rng)
    sponsor = company_name(rng)
    inj: list[Injection] = month_injections(p, serial=False, plain_text=False)
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
        "机构": lambda r: branch_kind(r.get("机构名称")),
        "客户名称": _income_name_kind,
    }
    if "回补" in columns:
        out["回补"] = lambda r: "回补:negative" if is_negative(r.get("回补")) else None
    return out


def income_rows(period: str, n: int, *, seed: int, dirty: bool) -> list[list[Any]]:
    """Rows of sheet 收入明细 (header first, then ``n`` data rows; see :func:`income_sheet`)."""
    return income_sheet(period, n, seed=seed, dirty=dirty).rows


MIN_DIRTY_ROWS_INCOME = len(_income_injections(MonthOf(2024, 11), random.Random(0), income_columns())) + 2


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    return {INCOME_SHEET: income_sheet(req.period, req.rows, seed=req.seed, dirty=req.dirty and req.rows > 0)}


def _supplement(req: SampleRequest) -> dict[str, GeneratedSheet]:
    """A supplement workbook's 收入明细: 企年投资 rows only, a tenth of the month."""
    rows = max(10, req.rows // 10)
    return {INCOME_SHEET: income_sheet(req.period, rows, seed=req.seed, dirty=False, only_business_type="企年投资")}


SAMPLE = DomainSample(
    workbook=ANNUITY_WORKBOOK,
    sheets=_sheets,
    example_rows=600,
    min_dirty_rows=MIN_DIRTY_ROWS_INCOME,
    supplement=_supplement,
)
