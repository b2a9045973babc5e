"""``eqc-refresh`` (enrichment spec §11): re-fetch stored company records by searching the
stored full name and keeping the item whose id is the company's id. Companies are taken
in company_id order, a batch at a time; each batch commits its records together with the
checkpoint, so an interrupted ``--all`` resumes after the last finished batch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from work_data_hub.core.enrich.eqc_client import AuthFailure, EqcClient, EqcFailure
from work_data_hub.core.enrich.lookup import CompanyRecord, fetch_details, id_text, record_from_item
from work_data_hub.core.enrich.records import upsert_base_info
from work_data_hub.core.enrich.tables import base_info, eqc_refresh_checkpoint

Mode = Literal["all", "stale", "ids"]
DEFAULT_STALE_DAYS = 90


@dataclass
class Selection:
    mode: Mode
    company_ids: tuple[str, ...] = ()
    older_than_days: int = DEFAULT_STALE_DAYS

    def where(self, at: dt.datetime) -> sa.ColumnElement[bool]:
        t = base_info
        if self.mode == "ids":
            return t.c.company_id.in_(self.company_ids)
        if self.mode == "stale":
            cutoff = at - dt.timedelta(days=self.older_than_days)
            return sa.or_(t.c.api_fetched_at.is_(None), t.c.api_fetched_at < cutoff)
        return sa.true()


@dataclass
class RefreshReport:
    mode: str
    dry_run: bool
    selected: int = 0
    processed: int = 0
    updated: int = 0
    not_found: int = 0
    no_stored_name: int = 0
    errors: int = 0
    unknown_ids: list[str] = field(default_factory=list)
    resumed_from: str | None = None
    checkpoint_id: int | None = None
    stopped: str | None = None

    def to_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def refresh_status(conn: Connection, older_than_days: int, at: dt.datetime) -> dict[str, object]:
    t = base_info
    cutoff = at - dt.timedelta(days=older_than_days)
    stale = sa.or_(t.c.api_fetched_at.is_(None), t.c.api_fetched_at < cutoff)
    row = conn.execute(
        sa.select(
            sa.func.count(),
            sa.func.count().filter(stale),
            sa.func.min(t.c.api_fetched_at),
            sa.func.max(t.c.api_fetched_at),
        )
    ).one()
    c = eqc_refresh_checkpoint
    last = conn.execute(sa.select(c).order_by(c.c.id.desc()).limit(1)).mappings().first()
    return {
        "companies": int(row[0]),
        "stale": int(row[1]),
        "older_than_days": older_than_days,
        "oldest_fetch": row[2],
        "newest_fetch": row[3],
        "last_refresh": dict(last) if last else None,
    }


def _matching_record(body: dict[str, object] | None, company_id: str) -> CompanyRecord | None:
    items = (body or {}).get("list")
    if not isinstance(items, list):
        return None
    for item in items:
        if isinstance(item, dict) and id_text(item.get("companyId")) == company_id:
            return record_from_item(item, body, None)  # type: ignore[arg-type]
    return None


@dataclass
class Refresher:
    engine: Engine
    client: EqcClient | None  # None for a dry run
    batch_size: int = 20
    progress: Callable[[int, int], None] = lambda _done, _total: None

    def run(self, selection: Selection, *, resume: bool, execute: bool) -> RefreshReport:
        at = dt.datetime.now()
        report = RefreshReport(mode=selection.mode, dry_run=not execute)
        with self.engine.connect() as conn:
            if selection.mode == "ids":
                known = set(
                    conn.execute(
                        sa.select(base_info.c.company_id).where(base_info.c.company_id.in_(selection.company_ids))
                    ).scalars()
                )
                report.unknown_ids = [i for i in selection.company_ids if i not in known]
            report.selected = int(
                conn.execute(sa.select(sa.func.count()).select_from(base_info).where(selection.where(at))).scalar_one()
            )
        if not execute:
            return report
        assert self.client is not None
        checkpoint, after, done = self._start(selection, resume, report.selected, at)
        report.checkpoint_id, report.resumed_from = checkpoint, after
        total = report.selected if after is None else done + self._count_after(selection, after, at)
        report.processed = done
        self.progress(done, total)
        while report.stopped is None:
            batch = self._next_batch(selection, after, at)
            if not batch:
                self._finish(checkpoint)
                break
            after = self._run_batch(batch, checkpoint, report)
            self.progress(report.processed, total)
            if after is None:
                break
        return report

    def _count_after(self, selection: Selection, after: str, at: dt.datetime) -> int:
        t = base_info
        stmt = sa.select(sa.func.count()).select_from(t).where(selection.where(at), t.c.company_id > after)
        with self.engine.connect() as conn:
            return int(conn.execute(stmt).scalar_one())

    def _start(self, selection: Selection, resume: bool, total: int, at: dt.datetime) -> tuple[int, str | None, int]:
        """(checkpoint id, last finished company id, companies done) — a new checkpoint, or
        the interrupted --all run's when resuming."""
        c = eqc_refresh_checkpoint
        with self.engine.begin() as conn:
            running = c.c.status == "running"
            if resume:
                row = conn.execute(
                    sa.select(c.c.id, c.c.last_company_id, c.c.processed)
                    .where(c.c.mode == "all", running)
                    .order_by(c.c.id.desc())
                    .limit(1)
                ).first()
                if row is not None:
                    return int(row[0]), row[1], int(row[2])
            conn.execute(
                sa.update(c).where(c.c.mode == selection.mode, running).values(status="abandoned", updated_at=at)
            )
            new_id = conn.execute(
                sa.insert(c)
                .values(mode=selection.mode, status="running", processed=0, total=total, started_at=at, updated_at=at)
                .returning(c.c.id)
            ).scalar_one()
        return int(new_id), None, 0

    def _finish(self, checkpoint: int) -> None:
        c = eqc_refresh_checkpoint
        at = dt.datetime.now()
        with self.engine.begin() as conn:
            conn.execute(sa.update(c).where(c.c.id == checkpoint).values(status="done", finished_at=at, updated_at=at))

    def _next_batch(self, selection: Selection, after: str | None, at: dt.datetime) -> list[tuple[str, str | None]]:
        t = base_info
        stmt = sa.select(t.c.company_id, t.c.company_full_name).where(selection.where(at))
        if after is not None:
            stmt = stmt.where(t.c.company_id > after)
        stmt = stmt.order_by(t.c.company_id).limit(self.batch_size)
        with self.engine.connect() as conn:
            return [(str(r[0]), r[1]) for r in conn.execute(stmt)]

    def _run_batch(self, batch: list[tuple[str, str | None]], checkpoint: int, report: RefreshReport) -> str | None:
        """Fetch a batch, then commit its records with the checkpoint. Returns the last
        finished company id (None when the run stopped on an auth failure)."""
        assert self.client is not None
        records: list[CompanyRecord] = []
        finished: str | None = None
        for company_id, full_name in batch:
            try:
                record = self._fetch(company_id, full_name, report)
            except AuthFailure as exc:
                report.stopped = str(exc)
                break
            if record is not None:
                records.append(record)
            finished = company_id
            report.processed += 1
        if finished is None:
            return None
        at = dt.datetime.now()
        c = eqc_refresh_checkpoint
        with self.engine.begin() as conn:
            for record in records:
                upsert_base_info(conn, record, at)
            conn.execute(
                sa.update(c)
                .where(c.c.id == checkpoint)
                .values(last_company_id=finished, processed=report.processed, updated_at=at)
            )
        report.updated += len(records)
        return None if report.stopped else finished

    def _fetch(self, company_id: str, full_name: str | None, report: RefreshReport) -> CompanyRecord | None:
        assert self.client is not None
        if not full_name:
            report.no_stored_name += 1
            return None
        try:
            record = _matching_record(self.client.search(full_name), company_id)
            if record is None:
                report.not_found += 1
                return None
            fetch_details(self.client, record)
        except AuthFailure:
            raise
        except EqcFailure:
            report.errors += 1
            return None
        return record
