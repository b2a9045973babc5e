"""annual_loss's reference rules (spec reference-data.md §5.4): customers only, weighted
by 计划规模, typed 流失客户 (only when the customer is new), tagged ``YYMM流失``."""

from __future__ import annotations

from work_data_hub.core.reference.rules import References, code_checks, customer_rule

REFERENCES = References(
    backfill=(
        customer_rule(
            plan="年金计划号", weight="计划规模", month="上报月份", customer_type="流失客户", tag="{YYMM}流失"
        ),
    ),
    checks=code_checks(plan="年金计划号"),
)
