"""annuity_performance's reference rules (spec reference-data.md §5.1): plans, portfolios,
product lines, branches and customers, weighted by 期末资产规模."""

from __future__ import annotations

from work_data_hub.core.reference.rules import (
    PLANS,
    BackfillRule,
    References,
    code_checks,
    concat_distinct,
    customer_rule,
    first,
    max_by,
    month_note,
    organization_rule,
    portfolio_rule,
    product_line_rule,
)

WEIGHT = "期末资产规模"

PLAN_RULE = BackfillRule(
    "fk_plan",
    PLANS,
    "计划代码",
    (
        ("计划全称", first("计划名称")),
        ("计划类型", first("计划类型")),
        ("客户名称", first("客户名称")),
        ("主拓代码", max_by("机构代码", WEIGHT)),
        ("主拓机构", max_by("机构名称", WEIGHT)),
        ("管理资格", concat_distinct("业务类型", "+", business_type_order=True)),
        ("company_id", first("company_id", real_ids_only=True)),
        ("备注", month_note("月度")),
    ),
)

REFERENCES = References(
    backfill=(
        PLAN_RULE,
        portfolio_rule(plan="计划代码", month="月度"),
        product_line_rule(),
        organization_rule(),
        customer_rule(plan="计划代码", weight=WEIGHT, month="月度", customer_type="新客", tag="{YYMM}新建"),
    ),
    checks=code_checks(plan="计划代码", portfolio="组合代码"),
)
