"""annuity_income's reference rules (spec reference-data.md §5.2): as annuity_performance,
but a plan keeps only its names and company, and a customer is weighted by 固费, without
管理资格 and 年金计划类型, and typed ``新客*``."""

from __future__ import annotations

from work_data_hub.core.reference.rules import (
    PLANS,
    BackfillRule,
    References,
    code_checks,
    customer_rule,
    first,
    month_note,
    organization_rule,
    portfolio_rule,
    product_line_rule,
)

PLAN_RULE = BackfillRule(
    "fk_plan",
    PLANS,
    "计划代码",
    (
        ("计划全称", first("计划名称")),
        ("客户名称", first("客户名称")),
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
        customer_rule(
            plan="计划代码", weight="固费", month="月度", customer_type="新客*", tag="{YYMM}新建", qualifications=False
        ),
    ),
    checks=code_checks(plan="计划代码", portfolio="组合代码"),
)
