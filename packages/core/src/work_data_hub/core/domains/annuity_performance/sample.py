"""annuity_performance's sample: sheet 规模明细 of the monthly annuity workbook (spec AP
§2–§3), clean rows from the plan universe and, when dirty, every dirty value kind of the
spec (``AP_KINDS``) each on its own data row, plus header variants (计划号, 期末资产\\n规模 …),
an unknown column 备用, fully blank rows and a repeated header row. A dirty sheet needs at
least ``MIN_DIRTY_ROWS_AP`` rows and holds exactly 5 rejected rows: under the default 1 %
``--max-rejected`` for every n ≥ 1000."""

from __future__ import annotations

import random
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

AP_SHEET = "规模明细"

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
    p = MonthOf(year, month)
    rng = random.Random(f"wdh-samples:{seed}:{period}:规模明细")
    plans, cum = pick_plans(plan_universe(seed, universe_size(n)), only_business_type)
    data = [_ap_row(rng, p, plans, cum, dirty, only_business_type) for _ in range(n)]
    header: list[Any] = [AP_DIRTY_HEADERS.get(c, c) if dirty else c for c in AP_COLUMNS]
    if dirty:
        header.append(AP_EXTRA_COLUMN)
    inj_rng = random.Random(f"wdh-samples:{seed}:{period}:规模明细:dirty")
    injections = _ap_injections(p, inj_rng) if dirty else []
    return assemble(
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
    p: MonthOf,
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


def _ap_injections(p: MonthOf, rng: random.Random) -> list[Injection]:
    name = company_name(rng)
    core, industry = rng.choice(vocab.CORES), rng.choice(vocab.INDUSTRIES)
    place = rng.choice(vocab.PLACES)
    inj: list[Injection] = month_injections(p, serial=True, plain_text=True)
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


_AP_CLASSIFIERS: dict[str, Classifier] = {
    "月度": lambda r: "月度:number" if type(r.get("月度")) is int else None,
    "组合代码": lambda r: "组合代码:blank" if r.get("组合代码") is None else None,
    "机构": lambda r: branch_kind(r.get("机构")),
    "集团企业客户号": lambda r: (
        "集团企业客户号:C_prefixed"
        if isinstance(v := r.get("集团企业客户号"), str) and len(v) == 9 and v[0] == "C" and v[1:].isdigit()
        else None
    ),
    "投资收益": lambda r: "投资收益:negative" if is_negative(r.get("投资收益")) else None,
    "当期收益率": lambda r: "当期收益率:fraction" if type(v := r.get("当期收益率")) is float and abs(v) <= 1 else None,
}


def annuity_rows(period: str, n: int, *, seed: int, dirty: bool) -> list[list[Any]]:
    """Rows of sheet 规模明细: the header row first, then ``n`` data rows.

    A dirty sheet also holds fully blank rows and one repeated header row between the data
    rows (they are not among the ``n``); use :func:`annuity_sheet` for the exact counts.
    ``dirty`` needs ``n ≥ MIN_DIRTY_ROWS_AP``.
    """
    return annuity_sheet(period, n, seed=seed, dirty=dirty).rows


MIN_DIRTY_ROWS_AP = len(_ap_injections(MonthOf(2024, 11), random.Random(0))) + 2


def _sheets(req: SampleRequest) -> dict[str, GeneratedSheet]:
    return {AP_SHEET: annuity_sheet(req.period, req.rows, seed=req.seed, dirty=req.dirty and req.rows > 0)}


def _supplement(req: SampleRequest) -> dict[str, GeneratedSheet]:
    """A supplement workbook's 规模明细: 企年投资 rows only, a twentieth of the month."""
    rows = max(10, req.rows // 20)
    return {AP_SHEET: annuity_sheet(req.period, rows, seed=req.seed, dirty=False, only_business_type="企年投资")}


SAMPLE = DomainSample(
    workbook=ANNUITY_WORKBOOK,
    sheets=_sheets,
    example_rows=1000,
    min_dirty_rows=MIN_DIRTY_ROWS_AP,
    supplement=_supplement,
)
