"""Migration 0004 creates exactly the tables the enrichment code uses, on a fresh schema
of both backends (enrichment spec §6.1, §8.1, §9; trap 14)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from work_data_hub.core.enrich import tables
from work_data_hub.core.load.tables import etl_run

ENTERPRISE = [
    tables.enrichment_index,
    tables.enrichment_requests,
    tables.base_info,
    tables.business_info,
    tables.biz_label,
    tables.eqc_refresh_checkpoint,
]


def schema_of(engine: Engine, table: sa.Table) -> str | None:
    return table.schema if engine.dialect.name == "postgresql" else None


def test_columns_match_the_code(engine: Engine) -> None:
    inspector = sa.inspect(engine)
    for table in [*ENTERPRISE, etl_run]:
        found = {c["name"] for c in inspector.get_columns(table.name, schema=schema_of(engine, table))}
        assert found == {c.name for c in table.columns}, table.name


def test_constraints_and_indexes(engine: Engine) -> None:
    inspector = sa.inspect(engine)
    s = schema_of(engine, tables.enrichment_index)
    uniques = inspector.get_unique_constraints("enrichment_index", schema=s)
    assert [u["column_names"] for u in uniques] == [["lookup_type", "lookup_key"]]
    index_columns = {tuple(i["column_names"]) for i in inspector.get_indexes("enrichment_index", schema=s)}
    assert {("company_id",), ("source",)} <= index_columns
    waiting = [i for i in inspector.get_indexes("enrichment_requests", schema=s) if i["unique"]]
    assert [i["column_names"] for i in waiting] == [["normalized_name"]]
    where = waiting[0].get("dialect_options", {})
    assert "pending" in str(where.get("postgresql_where") or where.get("sqlite_where"))
    assert inspector.get_pk_constraint("base_info", schema=s)["constrained_columns"] == ["company_id"]


def test_json_payloads_round_trip(engine: Engine) -> None:
    payload = {"list": [{"companyId": 1, "companyFullName": "甲公司"}], "n": None}
    with engine.begin() as conn:
        conn.execute(sa.insert(tables.base_info).values(company_id="1", raw_search=payload, raw_biz_label=None))
    with engine.connect() as conn:
        row = conn.execute(sa.select(tables.base_info.c.raw_search, tables.base_info.c.raw_biz_label)).one()
        is_null = conn.execute(
            sa.select(sa.func.count()).select_from(tables.base_info).where(tables.base_info.c.raw_biz_label.is_(None))
        ).scalar()
    assert row == (payload, None) and is_null == 1
