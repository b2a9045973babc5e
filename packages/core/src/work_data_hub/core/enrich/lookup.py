"""One live lookup (enrichment spec §7), shared by domain runs, the queue and eqc-refresh:
search the name key, take the first item, rate it, fetch the details of an accepted hit.
Detail failures are tolerated; an auth failure propagates so the caller stops."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

import pandas as pd

from work_data_hub.core.enrich.confidence import ConfidenceRules
from work_data_hub.core.enrich.eqc_client import AuthFailure, EqcClient, EqcFailure

Status = Literal["hit", "not_found", "below_threshold", "error"]
_FORMER_SPLIT = re.compile(r"[、，,；;\r\n]+")


def id_text(value: Any) -> str | None:
    """companyId as text: an integer (or integral float) becomes its digits."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            return None
        value = int(value)
    text = str(value).strip()
    return text or None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


@dataclass
class CompanyRecord:
    """What a lookup learned about one company (the base_info row to upsert)."""

    company_id: str
    full_name: str | None
    unite_code: str | None
    match_type: str | None
    search_key: str | None
    raw_search: dict[str, Any] | None
    raw_business_info: dict[str, Any] | None = None
    raw_biz_label: dict[str, Any] | None = None

    @property
    def former_names(self) -> list[str]:
        dto = (self.raw_business_info or {}).get("businessInfodto")
        if not isinstance(dto, dict):
            return []
        text = _text(dto.get("company_former_name"))
        return [p for p in (s.strip() for s in _FORMER_SPLIT.split(text)) if p] if text else []


@dataclass
class LookupOutcome:
    name_key: str
    status: Status
    record: CompanyRecord | None = None
    confidence: Decimal | None = None
    error: str | None = None
    details_failed: list[str] = field(default_factory=list)

    @property
    def company_id(self) -> str | None:
        return self.record.company_id if self.record is not None and self.status == "hit" else None


def first_item(body: dict[str, Any] | None) -> dict[str, Any] | None:
    items = (body or {}).get("list")
    if not isinstance(items, list) or not items or not isinstance(items[0], dict):
        return None
    item = items[0]
    if id_text(item.get("companyId")) is None or _text(item.get("companyFullName")) is None:
        return None
    return item


def record_from_item(item: dict[str, Any], body: dict[str, Any] | None, search_key: str | None) -> CompanyRecord:
    return CompanyRecord(
        company_id=str(id_text(item.get("companyId"))),
        full_name=_text(item.get("companyFullName")),
        unite_code=_text(item.get("unite_code")),
        match_type=_text(item.get("type")),
        search_key=search_key,
        raw_search=body,
    )


def fetch_details(client: EqcClient, record: CompanyRecord) -> list[str]:
    """findDepart and findLabels; their failures leave the payload None (never erasing a
    stored one). An auth failure is not a detail failure: it stops the caller."""
    failed: list[str] = []
    for endpoint, call in (("findDepart", client.find_depart), ("findLabels", client.find_labels)):
        try:
            body = call(record.company_id)
        except AuthFailure:
            raise
        except EqcFailure:
            failed.append(endpoint)
            continue
        if endpoint == "findDepart":
            record.raw_business_info = body
        else:
            record.raw_biz_label = body
    return failed


def lookup_name(client: EqcClient, name_key: str, rules: ConfidenceRules, *, details: bool = True) -> LookupOutcome:
    """Raises AuthFailure; every other problem is an ``error`` outcome."""
    try:
        body = client.search(name_key)
        item = first_item(body)
        if item is None:
            return LookupOutcome(name_key, "not_found")
        record = record_from_item(item, body, name_key)
        confidence = rules.for_match(record.match_type)
        if not rules.accepted(confidence):
            return LookupOutcome(name_key, "below_threshold", record, confidence)
        failed = fetch_details(client, record) if details else []
        return LookupOutcome(name_key, "hit", record, confidence, details_failed=failed)
    except AuthFailure:
        raise
    except EqcFailure as exc:
        return LookupOutcome(name_key, "error", error=str(exc)[:200])


def normalised_names(names: list[str]) -> list[str | None]:
    """R-NAME of several names at once (former and official names become cache keys)."""
    from work_data_hub.core.cleansing.rules import r_name

    if not names:
        return []
    out = r_name(pd.Series(names, dtype="str"))
    return [None if pd.isna(v) else str(v) for v in out]
