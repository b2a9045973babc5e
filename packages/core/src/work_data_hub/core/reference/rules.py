"""The vocabulary a domain declares its reference rules in (spec reference-data.md §3–§5):
the reference tables (targets), the aggregations that derive a new row's columns from the
fact rows of its key, the backfill rules and the code checks of ``reference check``.

Everything here is data: the platform applies whatever rules the loaded domain declares
and never names a domain (R2)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Target:
    schema: str
    table: str
    key: str

    @property
    def label(self) -> str:
        return f"{self.schema}.{self.table}"


PRODUCT_LINES = Target("mapping", "产品线", "产品线代码")
BRANCHES = Target("mapping", "组织架构", "机构代码")
PLANS = Target("mapping", "年金计划", "年金计划号")
PORTFOLIOS = Target("mapping", "组合计划", "组合代码")
CUSTOMERS = Target("customer", "客户明细", "company_id")

AggKind = Literal["first", "max_by", "concat_distinct", "count_distinct", "constant", "month_note", "contains_any"]


@dataclass(frozen=True)
class Agg:
    """How one target column is computed from a key's rows (§4). Ties go to source order."""

    kind: AggKind
    source: str | None = None
    weight: str | None = None  # max_by: the numeric column
    sep: str = ","  # concat_distinct
    business_type_order: bool = False  # concat_distinct of 业务类型: the canonical order first
    value: object = None  # constant
    words: tuple[str, ...] = ()  # contains_any
    skip_placeholders: bool = False  # R7: placeholder plan codes count as blank
    real_ids_only: bool = False  # R6: temporary company ids count as blank (written as NULL)
    key_if_blank: bool = False  # a NOT NULL name column: the code itself when no row names it


def first(source: str, *, real_ids_only: bool = False, key_if_blank: bool = False) -> Agg:
    return Agg("first", source, real_ids_only=real_ids_only, key_if_blank=key_if_blank)


def max_by(source: str, weight: str, *, skip_placeholders: bool = False) -> Agg:
    return Agg("max_by", source, weight=weight, skip_placeholders=skip_placeholders)


def concat_distinct(
    source: str, sep: str, *, business_type_order: bool = False, skip_placeholders: bool = False
) -> Agg:
    return Agg(
        "concat_distinct",
        source,
        sep=sep,
        business_type_order=business_type_order,
        skip_placeholders=skip_placeholders,
    )


def count_distinct(source: str, *, skip_placeholders: bool = False) -> Agg:
    return Agg("count_distinct", source, skip_placeholders=skip_placeholders)


def constant(value: object) -> Agg:
    return Agg("constant", value=value)


def month_note(source: str) -> Agg:
    """``YY年MM月创建`` from the key's first month: when the legacy system created the row."""
    return Agg("month_note", source)


def contains_any(source: str, words: tuple[str, ...]) -> Agg:
    """1 when the key's first non-blank value contains one of ``words``, else 0."""
    return Agg("contains_any", source, words=words)


@dataclass(frozen=True)
class Tags:
    """One tag per distinct month of the key's rows, e.g. ``{YYMM}中标`` → ``2403中标``."""

    month: str
    fmt: str

    def render(self, yymm: str) -> str:
        return self.fmt.replace("{YYMM}", yymm)


@dataclass(frozen=True)
class BackfillRule:
    name: str
    target: Target
    key: str  # the fact column holding the target's key
    columns: tuple[tuple[str, Agg], ...]  # target column → aggregation
    depends_on: tuple[str, ...] = ()
    tags: Tags | None = None  # appended to existing rows too (R5)
    allow_temporary_ids: bool = False  # R6; no shipped rule sets it
    seeded: bool = False  # R8: the seed holds every known code, so an insertion is warned


@dataclass(frozen=True)
class CodeCheck:
    """A fact column whose codes must exist in ``target`` (``reference check``)."""

    column: str
    target: Target


@dataclass(frozen=True)
class References:
    backfill: tuple[BackfillRule, ...] = ()
    checks: tuple[CodeCheck, ...] = ()


# Building blocks shared by several domains' declarations.

DEPOSIT_WORDS = ("存款", "定存", "协存")


def product_line_rule() -> BackfillRule:
    return BackfillRule(
        "fk_product_line",
        PRODUCT_LINES,
        "产品线代码",
        (("产品线", first("业务类型", key_if_blank=True)),),
        seeded=True,
    )


def organization_rule() -> BackfillRule:
    # Trap 5: the facts carry 机构名称, not 机构.
    return BackfillRule(
        "fk_organization", BRANCHES, "机构代码", (("机构", first("机构名称", key_if_blank=True)),), seeded=True
    )


def portfolio_rule(plan: str, month: str) -> BackfillRule:
    return BackfillRule(
        "fk_portfolio",
        PORTFOLIOS,
        "组合代码",
        (
            ("年金计划号", first(plan)),
            ("组合名称", first("组合名称")),
            ("组合类型", first("组合类型")),
            ("是否存款组合", contains_any("组合名称", DEPOSIT_WORDS)),
            ("备注", month_note(month)),
        ),
        depends_on=("fk_plan",),
    )


def customer_rule(
    *, plan: str, weight: str, month: str, customer_type: str, tag: str, qualifications: bool = True
) -> BackfillRule:
    """fk_customer (§5): the customer's main branch and plan are those of its heaviest row;
    placeholder plans never count as the customer's plan (R7)."""
    columns: list[tuple[str, Agg]] = [
        ("客户名称", first("客户名称")),
        ("主拓机构代码", max_by("机构代码", weight)),
        ("主拓机构", max_by("机构名称", weight)),
    ]
    if qualifications:
        columns += [
            ("管理资格", concat_distinct("业务类型", "+", business_type_order=True)),
            ("年金计划类型", concat_distinct("计划类型", "/")),
        ]
    columns += [
        ("关键年金计划", max_by(plan, weight, skip_placeholders=True)),
        ("其他年金计划", concat_distinct(plan, ",", skip_placeholders=True)),
        ("关联计划数", count_distinct(plan, skip_placeholders=True)),
        ("关联机构数", count_distinct("机构名称")),
        ("其他开拓机构", concat_distinct("机构名称", ",")),
        ("年金客户类型", constant(customer_type)),
    ]
    return BackfillRule("fk_customer", CUSTOMERS, "company_id", tuple(columns), tags=Tags(month, tag))


def code_checks(*, plan: str, portfolio: str | None = None) -> tuple[CodeCheck, ...]:
    checks = [CodeCheck(plan, PLANS)]
    if portfolio is not None:
        checks.append(CodeCheck(portfolio, PORTFOLIOS))
    return (*checks, CodeCheck("机构代码", BRANCHES), CodeCheck("产品线代码", PRODUCT_LINES))
