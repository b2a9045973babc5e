"""What the seed of migration 0005 puts into the reference tables, derived from the same
mapping files: a dry run without a warehouse counts against it, so its counts equal those
of the first executed load."""

from __future__ import annotations

from work_data_hub.core.config.mappings import Mappings
from work_data_hub.core.reference.rules import BRANCHES, PLANS, PORTFOLIOS, PRODUCT_LINES


def placeholder_plans(mappings: Mappings) -> frozenset[str]:
    return frozenset(mappings.plan_code_defaults.values())


def placeholder_portfolios(mappings: Mappings) -> frozenset[str]:
    return frozenset(rule.code for rule in mappings.portfolio_defaults)


def placeholders(mappings: Mappings) -> frozenset[str]:
    """M5 and M7 codes: seeded, never backfilled, never a customer's plan (R7)."""
    return placeholder_plans(mappings) | placeholder_portfolios(mappings)


def seed_keys(mappings: Mappings) -> dict[str, frozenset[str]]:
    """Reference table label → the keys the seed inserts."""
    return {
        PRODUCT_LINES.label: frozenset(mappings.product_lines.values()),
        BRANCHES.label: frozenset(mappings.branch_codes),
        PLANS.label: placeholder_plans(mappings),
        PORTFOLIOS.label: placeholder_portfolios(mappings),
    }
