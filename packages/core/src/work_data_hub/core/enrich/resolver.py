"""The resolver's tiers, applied column-wise to a domain's valid rows; each tier fills only
rows still unresolved (enrichment spec §3)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from work_data_hub.core.cleansing.rules import r_name
from work_data_hub.core.config.mappings import Mappings
from work_data_hub.core.domains.base import EnrichmentKeys

PLACEHOLDER_PLANS = frozenset({"AN001", "AN002"})


@dataclass
class Resolution:
    company_id: pd.Series
    tier: pd.Series  # per row: the tier that decided, NA when unresolved
    report: dict[str, dict[str, int]] = field(default_factory=dict)


def _tier_report(tier: pd.Series, names: pd.Series) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for name, rows in tier.dropna().value_counts().items():
        hit = tier == name
        out[str(name)] = {"rows": int(rows), "distinct_names": int(names[hit].nunique())}
    return out


def resolve(frame: pd.DataFrame, keys: EnrichmentKeys, mappings: Mappings) -> Resolution:
    plan = frame[keys.plan_key].where(~frame[keys.plan_key].isin(PLACEHOLDER_PLANS))
    name = frame[keys.name_key]
    company = pd.Series(pd.NA, index=frame.index, dtype="str")
    tier = pd.Series(pd.NA, index=frame.index, dtype="str")

    def fill(values: pd.Series, label: str, allowed: pd.Series | None = None) -> None:
        nonlocal company, tier
        take = company.isna() & tier.isna() & values.notna()
        if allowed is not None:
            take &= allowed
        company = company.mask(take, values)
        tier = tier.mask(take, label)

    fill(plan.map(mappings.company_by_plan).astype("str"), "override_plan")
    name_rules = pd.Series(list(mappings.company_by_name), dtype="str")
    normalised = dict(zip(r_name(name_rules), mappings.company_by_name.values(), strict=True))
    named = name.map({k: v for k, v in normalised.items() if v is not None}).astype("str")
    fill(named, "override_name")
    no_company = name.isin([k for k, v in normalised.items() if v is None]) & tier.isna()
    tier = tier.mask(no_company, "no_company")
    fill(plan.map(mappings.company_by_plan_blank_name).astype("str"), "blank_name_plan", name.isna())
    return Resolution(company_id=company, tier=tier, report=_tier_report(tier, name))
