"""annual_award's reference rules (spec reference-data.md §5.3): customers only, weighted
by 计划规模, typed 中标客户, tagged ``YYMM中标`` from 上报月份. The ledger creates no plans:
its unknown plan codes show up in ``reference check``."""

from __future__ import annotations

from work_data_hub.core.reference.rules import References, code_checks, customer_rule

REFERENCES = References(
    backfill=(
        customer_rule(
            plan="年金计划号", weight="计划规模", month="上报月份", customer_type="中标客户", tag="{YYMM}中标"
        ),
    ),
    checks=code_checks(plan="年金计划号"),
)
