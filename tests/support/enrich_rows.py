"""Data for the company-id tests: 规模明细 workbooks whose customer names, plan codes and
company codes a test chooses (placed where discovery looks), and fact rows written
straight into any domain's table to be back-patched."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from support.workbooks import place
from work_data_hub.core.domains.annuity_performance.sample import AP_COLUMNS

HEADER = [*AP_COLUMNS, "公司代码"]


@dataclass(frozen=True)
class Row:
    name: str | None
    plan: str | None = "P0290"
    plan_type: str = "集合计划"
    company_code: Any = None
    customer_no: str | None = None


def cells(period: str, row: Row, i: int) -> list[Any]:
    values: dict[str, Any] = {c: None for c in HEADER}
    values.update(
        {
            "月度": int(period),
            "业务类型": "企年投资",
            "计划类型": row.plan_type,
            "计划代码": row.plan,
            "计划名称": "测试企业年金计划",
            "组合代码": "QTAN001" if row.plan_type == "集合计划" else "QTAN002",
            "客户名称": row.name,
            "期初资产规模": 1000.0 + i,
            "期末资产规模": 1100.0 + i,
            "供款": 10.0,
            "流失(含待遇支付)": 0.0,
            "流失": 0.0,
            "待遇支付": 0.0,
            "投资收益": 90.0,
            "当期收益率": 0.01,
            "机构代码": "G28",
            "机构": "宁夏",
            "集团企业客户号": row.customer_no,
            "公司代码": row.company_code,
        }
    )
    return [values[c] for c in HEADER]


def write_month(data_root: Path, period: str, rows: list[Row]) -> Path:
    return place(data_root, period, [HEADER, *(cells(period, r, i) for i, r in enumerate(rows))])


def named(*names: str, plan: str = "P0290") -> list[Row]:
    return [Row(name=n, plan=plan) for n in names]


def _row(spec, company_id: str | None, month: dt.date) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """A row satisfying the table's NOT NULL columns; domain-agnostic."""
    fill = {"text": "X", "date": month, "numeric": 0, "integer": 0}
    row: dict[str, object] = {c.name: fill.get(c.type, "X") for c in spec.columns if not c.nullable}
    row[spec.period_column] = month
    row[spec.enrichment.target] = company_id
    return row


def fact_specs():  # type: ignore[no-untyped-def]
    from work_data_hub.core.domains import registry

    return [s for s in registry.all_domains() if s.enrichment is not None]


def add_facts(engine: Engine, *company_ids: str | None, domain: str = "annuity_performance") -> None:
    from work_data_hub.core.domains import registry
    from work_data_hub.core.load.tables import fact_table

    spec = registry.get_domain(domain)
    with engine.begin() as conn:
        conn.execute(sa.insert(fact_table(spec)), [_row(spec, cid, dt.date(2024, 11, 1)) for cid in company_ids])


def fact_ids(engine: Engine, domain: str = "annuity_performance") -> list[str | None]:
    from work_data_hub.core.domains import registry
    from work_data_hub.core.load.tables import fact_table

    spec = registry.get_domain(domain)
    table = fact_table(spec)
    with engine.connect() as conn:
        return [r[0] for r in conn.execute(sa.select(table.c[spec.enrichment.target]).order_by(table.c.id))]
