"""The plan universe every sample draws from: single, collective and occupational plans
with their sponsors, branches and portfolios, and plausible company names. Seeded and
prefix-stable, so the sheets of one month (and of every domain) talk about the same plans."""

from __future__ import annotations

import random
from dataclasses import dataclass

from work_data_hub.core.samples import vocab


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


def universe_size(n: int) -> int:
    return max(40, n // 25)


def pick_plans(plans: list[Plan], only_business_type: str | None) -> tuple[list[Plan], list[int]]:
    if only_business_type:
        plans = [p for p in plans if only_business_type in p.business_types]
    cum: list[int] = []
    total = 0
    for p in plans:
        total += p.weight
        cum.append(total)
    return plans, cum
