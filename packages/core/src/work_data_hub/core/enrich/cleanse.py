"""``cleanse`` (enrichment spec §9.2, §9.3, §11): stored raw payloads of
``enterprise.base_info`` → ``enterprise.business_info`` and ``enterprise.biz_label``.

Pages are taken by key (``company_id > last seen``), never by offset, so rows written
while the run goes on cannot shift a page and make it skip companies. An incremental run
selects companies whose parsed rows are missing or older than their ``api_fetched_at``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from work_data_hub.core.enrich.lookup import id_text
from work_data_hub.core.enrich.tables import base_info, biz_label, business_info

Target = Literal["business_info", "biz_label"]
TARGETS: tuple[Target, ...] = ("business_info", "biz_label")
REGION = "地区分类"

# Column ← response fields, first non-empty variant wins (spec §10.2).
_FIELDS: dict[str, tuple[str, ...]] = {
    "company_name": ("companyFullName", "company_name", "companyName", "name", "coname"),
    "registered_date": ("registered_date", "registeredDate", "est_date", "estDate"),
    "registered_capital": ("registerCaptial", "reg_cap", "registered_capital"),
    "registered_status": ("registered_status", "registeredStatus"),
    "legal_person_name": ("legal_person_name", "legalPersonName", "le_rep"),
    "address": ("address",),
    "credit_code": ("unite_code", "uniteCode", "credit_code", "creditCode"),
    "company_type": ("company_type", "companyType", "type"),
    "industry_name": ("industry_name", "industryName"),
    "industry_code": ("industryCode", "industry_code"),
    "business_scope": ("business_scope", "businessScope"),
    "former_names": ("company_former_name",),
    "province": ("province",),
    "actual_capital": ("actualCapi", "actual_capital"),
    "currency": ("registeredCapitalCurrency", "currency"),
}
_DATE = re.compile(r"(\d{4})\s*[-/.年]?\s*(\d{1,2})\s*[-/.月]?\s*(\d{1,2})")


def as_text(value: Any) -> str | None:
    """Numbers become text (integral ones their digits); empty becomes NULL."""
    if value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 10**11:
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()  # epoch milliseconds
    text = as_text(value)
    if text is None:
        return None
    m = _DATE.search(text)
    if m is None:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_business_info(body: dict[str, Any] | None) -> dict[str, Any] | None:
    """The business_info columns of a findDepart body; None when it holds no details."""
    dto = (body or {}).get("businessInfodto")
    if not isinstance(dto, dict) or not dto:
        return None
    row: dict[str, Any] = {}
    for column, variants in _FIELDS.items():
        value = next((v for v in (as_text(dto.get(k)) for k in variants) if v is not None), None)
        row[column] = value
    raw_date = next((dto.get(k) for k in _FIELDS["registered_date"] if as_text(dto.get(k)) is not None), None)
    row["registered_date"] = as_date(raw_date)
    return row


def parse_labels(body: dict[str, Any] | None, company_id: str) -> tuple[list[dict[str, Any]], int]:
    """(label rows of the company, labels skipped because they name another company)."""
    groups = (body or {}).get("labels")
    rows: list[dict[str, Any]] = []
    skipped = 0
    if not isinstance(groups, list):
        return rows, skipped
    for group in groups:
        if not isinstance(group, dict) or not isinstance(group.get("labels"), list):
            continue
        kind = as_text(group.get("type"))
        for label in group["labels"]:
            if not isinstance(label, dict):
                continue
            owner = id_text(label.get("companyId"))
            if owner is not None and owner != company_id:
                skipped += 1
                continue
            levels = [as_text(label.get(f"lv{i}Name")) for i in range(1, 5)]
            if levels[0] == REGION:
                levels = [*levels[1:], None]
            rows.append({"company_id": company_id, "type": kind, **{f"lv{i}_name": levels[i - 1] for i in range(1, 5)}})
    return rows, skipped


@dataclass
class CleanseReport:
    full: bool
    dry_run: bool
    selected: dict[str, int] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)
    without_details: dict[str, int] = field(default_factory=dict)
    labels_of_other_companies: int = 0
    pages: int = 0

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def _selection(target: Target, full: bool) -> tuple[sa.Select[Any], sa.Column[Any]]:
    b = base_info
    raw = b.c.raw_business_info if target == "business_info" else b.c.raw_biz_label
    stmt = sa.select(b.c.company_id, raw, b.c.api_fetched_at).where(raw.is_not(None))
    if full:
        return stmt, raw
    if target == "business_info":
        bi = business_info
        stmt = stmt.outerjoin(bi, bi.c.company_id == b.c.company_id).where(
            sa.or_(
                bi.c.company_id.is_(None),
                bi.c.source_fetched_at.is_(None),
                bi.c.source_fetched_at < b.c.api_fetched_at,
            )
        )
        return stmt, raw
    fetched = (
        sa.select(biz_label.c.company_id, sa.func.max(biz_label.c.source_fetched_at).label("fetched"))
        .group_by(biz_label.c.company_id)
        .subquery()
    )
    stmt = stmt.outerjoin(fetched, fetched.c.company_id == b.c.company_id).where(
        sa.or_(fetched.c.company_id.is_(None), fetched.c.fetched.is_(None), fetched.c.fetched < b.c.api_fetched_at)
    )
    return stmt, raw


@dataclass
class Cleanser:
    engine: Engine
    page_size: int = 500

    def run(self, targets: tuple[Target, ...], *, full: bool, execute: bool) -> CleanseReport:
        report = CleanseReport(full=full, dry_run=not execute)
        for target in targets:
            stmt, _ = _selection(target, full)
            with self.engine.connect() as conn:
                count = sa.select(sa.func.count()).select_from(stmt.subquery())
                report.selected[target] = int(conn.execute(count).scalar_one())
            report.written[target] = 0
            report.without_details[target] = 0
            if execute:
                self._pages(target, stmt, report)
        return report

    def _pages(self, target: Target, selection: sa.Select[Any], report: CleanseReport) -> None:
        after: str | None = None
        b = base_info
        while True:
            stmt = selection if after is None else selection.where(b.c.company_id > after)
            with self.engine.begin() as conn:
                page = conn.execute(stmt.order_by(b.c.company_id).limit(self.page_size)).all()
                if not page:
                    return
                report.pages += 1
                for company_id, payload, fetched in page:
                    if target == "business_info":
                        self._business_info(conn, str(company_id), payload, fetched, report)
                    else:
                        self._labels(conn, str(company_id), payload, fetched, report)
            after = str(page[-1][0])

    def _business_info(
        self, conn: Connection, company_id: str, payload: Any, fetched: dt.datetime | None, report: CleanseReport
    ) -> None:
        row = parse_business_info(payload if isinstance(payload, dict) else None)
        if row is None:
            report.without_details["business_info"] += 1
            return
        t = business_info
        conn.execute(sa.delete(t).where(t.c.company_id == company_id))
        conn.execute(
            sa.insert(t).values(company_id=company_id, source_fetched_at=fetched, cleansed_at=dt.datetime.now(), **row)
        )
        report.written["business_info"] += 1

    def _labels(
        self, conn: Connection, company_id: str, payload: Any, fetched: dt.datetime | None, report: CleanseReport
    ) -> None:
        rows, skipped = parse_labels(payload if isinstance(payload, dict) else None, company_id)
        report.labels_of_other_companies += skipped
        t = biz_label
        conn.execute(sa.delete(t).where(t.c.company_id == company_id))
        if rows:
            conn.execute(sa.insert(t), [{**r, "source_fetched_at": fetched} for r in rows])
        else:
            report.without_details["biz_label"] += 1
        report.written["biz_label"] += len(rows)
