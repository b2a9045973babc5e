"""Month-over-month reconciliation of a domain that declares one (``DomainSpec.reconciliation``):
the opening stock of period P per key against the closing stock of P−1, in total per group
and key by key. Read-only; the CLI's ``reconcile``, the batch (after a load) and the Dagster
asset check all call ``reconcile``."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.domains.base import DomainSpec, Reconciliation
from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.load.tables import fact_table
from work_data_hub.core.period import Period, previous

Verdict = Literal["ok", "differs", "no rows", "no previous month"]


@dataclass
class GroupTotal:
    group: str
    opening: float  # Σ opening of P
    previous_closing: float  # Σ closing of P−1
    difference: float
    ok: bool


@dataclass
class KeyDifference:
    key: dict[str, str | None]
    group: str
    opening: float
    previous_closing: float
    difference: float


@dataclass
class ReconciliationResult:
    domain: str
    period: str
    previous: str
    opening: str
    closing: str
    tolerance: float
    status: Verdict
    keys_compared: int = 0
    keys_differing: int = 0
    totals: list[GroupTotal] = field(default_factory=list)
    largest: list[KeyDifference] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Only a total that differs fails; a first month has nothing to compare with."""
        return self.status != "differs"

    @property
    def headline(self) -> str:
        base = f"{self.opening} of {self.period} against {self.closing} of {self.previous}"
        if self.status == "no rows":
            return f"{base}: no rows for {self.period}"
        if self.status == "no previous month":
            return f"{base}: no rows for {self.previous}, nothing to compare"
        bad = [t.group for t in self.totals if not t.ok]
        verdict = f"totals differ for {', '.join(bad)}" if bad else "totals agree"
        return (
            f"{base}: {verdict} (tolerance {self.tolerance:g}); "
            f"{self.keys_differing} of {self.keys_compared} keys differ"
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        data["headline"] = self.headline
        return data


def _month(conn: Connection, spec: DomainSpec, period: Period, measure: str) -> pd.DataFrame:
    rec = spec.reconciliation
    assert rec is not None
    table = fact_table(spec)
    wanted = [*rec.keys, rec.totals_by, measure]
    stmt = sa.select(*(table.c[c] for c in wanted)).where(table.c[spec.period_column] == period.first_day)
    # Plain tuples: pandas unpacks Row objects several times slower.
    found = pd.DataFrame(list(map(tuple, conn.execute(stmt).all())), columns=wanted)
    found[measure] = pd.to_numeric(found[measure], errors="coerce").fillna(0.0).astype("float64")
    for c in (*rec.keys, rec.totals_by):
        found[c] = found[c].astype("string")
    return found


def _rounded(value: object) -> float:
    return round(float(value), 4)  # type: ignore[arg-type]


def _text(value: object) -> str | None:
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else str(value)


def _totals(rec: Reconciliation, now: pd.DataFrame, before: pd.DataFrame) -> list[GroupTotal]:
    opening = now.groupby(rec.totals_by, dropna=False)[rec.opening].sum().rename("opening")
    closing = before.groupby(rec.totals_by, dropna=False)[rec.closing].sum().rename("closing")
    both = pd.concat([opening, closing], axis=1).fillna(0.0).sort_index()
    both["difference"] = both["opening"] - both["closing"]
    both = both.rename_axis("group").reset_index()
    return [
        GroupTotal(
            _text(r["group"]) or "-",
            _rounded(r["opening"]),
            _rounded(r["closing"]),
            _rounded(r["difference"]),
            bool(abs(float(r["difference"])) <= rec.tolerance),
        )
        for r in both.to_dict("records")
    ]


def _keys(rec: Reconciliation, now: pd.DataFrame, before: pd.DataFrame) -> tuple[int, int, list[KeyDifference]]:
    keys = list(rec.keys)
    opening = now.groupby(keys, dropna=False).agg(opening=(rec.opening, "sum"), group=(rec.totals_by, "first"))
    closing = before.groupby(keys, dropna=False).agg(
        closing=(rec.closing, "sum"), group_before=(rec.totals_by, "first")
    )
    both = opening.join(closing, how="outer")
    both[["opening", "closing"]] = both[["opening", "closing"]].fillna(0.0)
    both["difference"] = both["opening"] - both["closing"]
    both["size"] = both["difference"].abs()
    differing = both[both["size"] > rec.tolerance].sort_values("size", ascending=False, kind="stable")
    largest = [
        KeyDifference(
            key={k: _text(r[k]) for k in keys},
            group=_text(r["group"]) or _text(r["group_before"]) or "-",
            opening=_rounded(r["opening"]),
            previous_closing=_rounded(r["closing"]),
            difference=_rounded(r["difference"]),
        )
        for r in differing.head(rec.largest).reset_index().to_dict("records")
    ]
    return len(both), len(differing), largest


def reconcile(conn: Connection, spec: DomainSpec, period: Period) -> ReconciliationResult:
    rec = spec.reconciliation
    if rec is None:
        raise ValueError(f"{spec.name} declares no reconciliation")
    prev = previous(period)
    result = ReconciliationResult(
        spec.name, period.key, prev.key, rec.opening, rec.closing, rec.tolerance, status="no rows"
    )
    if not has_table(conn, fact_table(spec)):
        return result
    now = _month(conn, spec, period, rec.opening)
    if now.empty:
        return result
    before = _month(conn, spec, prev, rec.closing)
    if before.empty:
        result.status = "no previous month"
        return result
    result.totals = _totals(rec, now, before)
    result.keys_compared, result.keys_differing, result.largest = _keys(rec, now, before)
    result.status = "ok" if all(t.ok for t in result.totals) else "differs"
    return result
