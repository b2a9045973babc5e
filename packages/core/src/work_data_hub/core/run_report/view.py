"""What the run report shows, gathered from the run record (an executed run, or an old run
for ``runs show --html``) or from the batch summaries (a dry run records nothing), plus
the monitored measures of the last 13 loaded months from the warehouse."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.domains import registry
from work_data_hub.core.domains.base import DomainSpec
from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.load.tables import fact_table
from work_data_hub.core.period import Period
from work_data_hub.core.reports import read_unknown_companies, unknown_companies_path
from work_data_hub.core.summary import BatchSummary

TREND_MONTHS = 13
JSON_FIELDS = ("sheets", "warnings", "counters")


@dataclass
class Trend:
    """Σ ``measure`` of ``domain`` per month and value of ``by``: {value: {YYYYMM: amount}}."""

    domain: str
    measure: str
    by: str
    months: list[str]
    series: dict[str, dict[str, float]]


@dataclass
class RunView:
    run_id: str
    status: str
    dry_run: bool
    periods: list[str]
    started_at: str | None = None
    finished_at: str | None = None
    database: str | None = None
    code_version: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    domains: list[dict[str, Any]] = field(default_factory=list)  # etl_run rows, JSON decoded
    trends: list[Trend] = field(default_factory=list)
    unknown_total: int = 0
    unknown_top: list[dict[str, Any]] = field(default_factory=list)
    unknown_file: str | None = None

    @property
    def reconciliations(self) -> list[dict[str, Any]]:
        return [d["counters"]["reconciliation"] for d in self.domains if "reconciliation" in d.get("counters", {})]


def decoded(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for key in JSON_FIELDS:
        value = out.get(key)
        out[key] = json.loads(value) if isinstance(value, str) else (value or ([] if key != "counters" else {}))
    for key, value in list(out.items()):
        if isinstance(value, dt.datetime):
            out[key] = value.isoformat(timespec="seconds")
    return out


def from_summaries(summaries: list[BatchSummary], code_version: str) -> RunView:
    first = summaries[0]
    domains = []
    for s in summaries:
        for d in s.to_dict()["domains"]:
            domains.append({**d, "period": s.period})
    status = "failed" if any(s.status == "failed" for s in summaries) else "ok"
    return RunView(
        run_id=first.run_id,
        status=status,
        dry_run=first.dry_run,
        periods=[s.period for s in summaries],
        database=first.database,
        code_version=code_version,
        domains=domains,
    )


def from_record(record: dict[str, Any], domain_rows: list[dict[str, Any]], database: str) -> RunView:
    def iso(value: Any) -> str | None:
        return value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value

    return RunView(
        run_id=record["run_id"],
        status=record.get("status") or _derived_status(domain_rows),
        dry_run=False,
        periods=record.get("periods") or sorted({r["period"] for r in domain_rows}),
        started_at=iso(record.get("started_at")),
        finished_at=iso(record.get("finished_at")),
        database=database,
        code_version=record.get("code_version"),
        options=record.get("options") or {},
        domains=[decoded(r) for r in domain_rows],
    )


def _derived_status(rows: list[dict[str, Any]]) -> str:
    return "failed" if any(r["status"] == "failed" for r in rows) else "ok"


def add_unknown_companies(view: RunView, var_dir: Path) -> None:
    path = unknown_companies_path(var_dir, view.run_id)
    view.unknown_total, view.unknown_top = read_unknown_companies(path)
    view.unknown_file = path.as_posix() if path.is_file() else None


def _month_key(value: Any) -> str:
    day = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    return f"{day.year:04d}{day.month:02d}"


def _trend(conn: Connection, spec: DomainSpec, by: str, upto: Period) -> Trend | None:
    table = fact_table(spec)
    month, measure = table.c[spec.period_column], table.c[spec.monitored_measure]
    loaded = sa.select(month).where(month <= upto.first_day).group_by(month).order_by(month.desc()).limit(TREND_MONTHS)
    months = sorted(_month_key(m) for (m,) in conn.execute(loaded))
    if not months:
        return None
    first = Period.parse(months[0]).first_day
    stmt = (
        sa.select(month, table.c[by], sa.func.sum(measure))
        .where(month >= first, month <= upto.first_day)
        .group_by(month, table.c[by])
    )
    frame = pd.DataFrame(conn.execute(stmt).all(), columns=["month", "by", "amount"])
    frame["month"] = frame["month"].map(_month_key)
    frame["by"] = frame["by"].fillna("-").astype(str)
    frame["amount"] = pd.to_numeric(frame["amount"], errors="coerce").fillna(0.0)
    pivot = frame.pivot_table(index="by", columns="month", values="amount", aggfunc="sum", fill_value=0.0)
    order = pivot.sum(axis=1).sort_values(ascending=False).index
    series = {str(k): {m: float(pivot.loc[k].get(m, 0.0)) for m in months} for k in order}
    return Trend(spec.name, spec.monitored_measure, by, months, series)


def add_trends(view: RunView, conn: Connection | None) -> None:
    """For every domain of the run that declares ``trend_by``, the measure over the last 13
    loaded months up to the run's last period."""
    if conn is None or not view.periods:
        return
    upto = Period.parse(max(view.periods))
    names = {d["domain"] for d in view.domains}
    for spec in registry.all_domains():
        if spec.name not in names or not spec.trend_by:
            continue
        if not has_table(conn, fact_table(spec)):
            continue
        for by in spec.trend_by:
            trend = _trend(conn, spec, by, upto)
            if trend is not None:
                view.trends.append(trend)
