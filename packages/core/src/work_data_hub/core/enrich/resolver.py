"""The resolver's tiers (enrichment spec §3), column-wise over a domain's valid rows. Each
tier fills only rows still unresolved; every key is built here from the domain's
``EnrichmentKeys``, so every domain gets the same tiers in the same order.

Tier labels: T1a, T1b, T2:<lookup type>, T3, T4, T4b, T5."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

import pandas as pd

from work_data_hub.core.cleansing.rules import r_id, r_name
from work_data_hub.core.config.mappings import Mappings
from work_data_hub.core.domains.base import EnrichmentKeys
from work_data_hub.core.enrich.cache import LOOKUP_TYPES, CacheEntry, CacheSnapshot, usable_id
from work_data_hub.core.enrich.temp_ids import is_temp_id, temp_ids

PLACEHOLDER_PLANS = frozenset({"AN001", "AN002"})
SINGLE_PLAN = "单一计划"
STR: Final = "str"


def _na(index: pd.Index) -> pd.Series:
    return pd.Series(pd.NA, index=index, dtype=STR)


@dataclass
class RowKeys:
    """The normalised keys of every row (R-NAME names, R-CODE plan keys, R-ID ids)."""

    plan: pd.Series  # NA for AN001/AN002 and blanks
    single: pd.Series  # bool: 计划类型 = 单一计划
    name: pd.Series
    account_number: pd.Series
    account_name: pd.Series
    source_id: pd.Series
    raw_name: pd.Series  # for the queue: the name as keyed

    @classmethod
    def of(cls, frame: pd.DataFrame, keys: EnrichmentKeys) -> RowKeys:
        def col(name: str | None) -> pd.Series:
            if name is None or name not in frame.columns:
                return _na(frame.index)
            values = frame[name].astype(STR).str.strip()
            return values.where(values != "")

        plan = col(keys.plan_key)
        plan = plan.where(~plan.isin(PLACEHOLDER_PLANS))
        single = col(keys.plan_type).eq(SINGLE_PLAN).fillna(False).astype(bool)
        raw = col(keys.account_name) if keys.account_name else col(keys.name_key)
        return cls(
            plan=plan,
            single=single,
            name=r_name(col(keys.name_key)),
            account_number=col(keys.account_number),
            account_name=r_name(col(keys.account_name)),
            source_id=r_id(col(keys.source_id)),
            raw_name=raw.fillna(col(keys.name_key)),
        )

    def by_lookup_type(self) -> dict[str, pd.Series]:
        """Per T2 lookup type, each row's key (NA where the type does not apply)."""
        plan_customer = (self.plan + "|" + self.name).where(self.plan.notna() & self.name.notna())
        return {
            "plan_code": self.plan.where(self.single),
            "account_number": self.account_number,
            "plan_customer": plan_customer,
            "customer_name": self.name,
            "former_name": self.name,
            "account_name": self.account_name,
        }


class Resolution:
    """Company id and deciding tier per row, filled tier by tier."""

    def __init__(self, frame: pd.DataFrame, keys: EnrichmentKeys) -> None:
        self.keys = RowKeys.of(frame, keys)
        self.company = _na(frame.index)
        self.tier = _na(frame.index)
        self.cache_entry = pd.Series(pd.NA, index=frame.index, dtype="Int64")
        self.unusual_source_ids = 0

    @property
    def open(self) -> pd.Series:
        return self.tier.isna()

    def _fill(self, values: pd.Series, label: str, allowed: pd.Series | None = None) -> pd.Series:
        take = self.open & values.notna()
        if allowed is not None:
            take &= allowed
        self.company = self.company.mask(take, values)
        self.tier = self.tier.mask(take, label)
        return take

    # T1a, T1b
    def overrides(self, mappings: Mappings) -> None:
        k = self.keys
        self._fill(k.plan.map(mappings.company_by_plan).astype(STR), "T1a")
        rules = pd.Series(list(mappings.company_by_name), dtype=STR)
        normalised = dict(zip(r_name(rules), mappings.company_by_name.values(), strict=True))
        ids = {key: v for key, v in normalised.items() if isinstance(key, str) and v is not None}
        self._fill(k.name.map(ids).astype(STR), "T1b")
        none = {key for key, v in normalised.items() if isinstance(key, str) and v is None}
        # Explicit "no company": decided (NULL) and resolution stops for the row.
        self.tier = self.tier.mask(self.open & k.name.isin(none), "T1b")

    # T2
    def cache(self, snapshot: CacheSnapshot) -> None:
        for kind, key in self.keys.by_lookup_type().items():
            hits = snapshot.get(kind) or {}
            if not hits:
                continue
            ids = key.map({k: h.company_id for k, h in hits.items()}).astype(STR)
            taken = self._fill(ids, f"T2:{kind}")
            entries = key.map({k: h.entry_id for k, h in hits.items()})
            self.cache_entry = self.cache_entry.mask(taken, entries.astype("Int64"))

    # T3
    def source_ids(self) -> None:
        sid = self.keys.source_id
        usable = sid.notna() & ~is_temp_id(sid)
        taken = self._fill(sid.where(usable), "T3")
        self.unusual_source_ids = int((taken & ~sid.str.fullmatch(r"\d+").fillna(False).astype(bool)).sum())

    def names_to_look_up(self) -> list[str]:
        """Distinct unresolved name keys in order of first appearance."""
        names = self.keys.name[self.open & self.keys.name.notna()]
        return [str(n) for n in names.drop_duplicates()]

    # T4
    def live(self, hits: dict[str, str]) -> None:
        if hits:
            self._fill(self.keys.name.map(hits).astype(STR), "T4")

    # T4b
    def blank_name_defaults(self, mappings: Mappings) -> None:
        k = self.keys
        self._fill(k.plan.map(mappings.company_by_plan_blank_name).astype(STR), "T4b", k.name.isna())

    # T5
    def temporary(self, salt: str) -> pd.DataFrame:
        """Temporary ids for named unresolved rows; one row per name (name, temporary id,
        rows, raw name), in order of first appearance."""
        k = self.keys
        named = self.open & k.name.notna()
        ids = temp_ids(k.name.where(named), salt)
        self._fill(ids, "T5", named)
        rows = self.tier == "T5"
        table = pd.DataFrame({"name": k.name[rows], "temporary_id": self.company[rows], "raw_name": k.raw_name[rows]})
        counts = table["name"].value_counts()
        table = table.drop_duplicates("name").reset_index(drop=True)
        table["rows"] = table["name"].map(counts).astype(int)
        return table[["name", "temporary_id", "rows", "raw_name"]]

    def learned_entries(self, confidence: Decimal, domain: str) -> list[CacheEntry]:
        """Source learning (§6.3): keys of rows resolved by a source id (digits only)."""
        rows = (self.tier == "T3") & self.company.str.fullmatch(r"\d+").fillna(False).astype(bool)
        if not rows.any():
            return []
        keys = self.keys.by_lookup_type()
        parts = [
            pd.DataFrame({"type": kind, "key": keys[kind][rows], "id": self.company[rows]})
            for kind in ("customer_name", "plan_code", "account_number", "account_name", "plan_customer")
        ]
        table = pd.concat(parts, ignore_index=True).dropna().drop_duplicates()
        return [
            CacheEntry(t, k, i, confidence, "source_data", domain)
            for t, k, i in table.itertuples(index=False, name=None)
            if usable_id(i)
        ]

    def hit_counts(self) -> dict[int, int]:
        counts = self.cache_entry.dropna().value_counts()
        return {int(str(k)): int(v) for k, v in counts.items()}

    def report(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        order = ["T1a", "T1b", *(f"T2:{t}" for t in LOOKUP_TYPES), "T3", "T4", "T4b", "T5"]
        counts = self.tier.value_counts()
        for label in order:
            if label in counts.index:
                hit = self.tier == label
                out[label] = {"rows": int(counts[label]), "names": int(self.keys.name[hit].nunique())}
        return out

    @property
    def no_company_rows(self) -> int:
        return int(((self.tier == "T1b") & self.company.isna()).sum())

    @property
    def null_rows(self) -> int:
        """Rows left without a company id (explicit "no company" rows counted apart)."""
        return int((self.company.isna() & self.tier.isna()).sum())
