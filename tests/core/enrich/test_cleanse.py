"""cleanse (enrichment spec §9.2, §9.3): payload variants, label rules, incremental
selection and key pagination, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from work_data_hub.core.enrich.cleanse import Cleanser, parse_business_info, parse_labels
from work_data_hub.core.enrich.lookup import CompanyRecord
from work_data_hub.core.enrich.records import upsert_base_info
from work_data_hub.core.enrich.tables import biz_label, business_info

T0 = dt.datetime(2026, 1, 1, 9, 0, 0)


def store(engine: Engine, company_id: str, depart: Any, labels: Any, at: dt.datetime = T0) -> None:
    record = CompanyRecord(
        company_id, f"{company_id}公司", None, "全称精确匹配", company_id, {"list": []}, depart, labels
    )
    with engine.begin() as conn:
        upsert_base_info(conn, record, at)


def labels_of(engine: Engine) -> list[tuple[Any, ...]]:
    t = biz_label
    with engine.connect() as conn:
        stmt = sa.select(t.c.company_id, t.c.type, t.c.lv1_name, t.c.lv2_name, t.c.lv3_name, t.c.lv4_name)
        return [tuple(r) for r in conn.execute(stmt.order_by(t.c.company_id, t.c.id))]


def test_field_variants_first_non_empty_wins() -> None:
    row = parse_business_info(
        {
            "businessInfodto": {
                "companyFullName": "",
                "companyName": "甲公司",
                "name": "乙",
                "registerCaptial": 1000,
                "est_date": "2001/5/12 00:00:00",
                "legalPersonName": "张三",
                "creditCode": "91110000X",
                "industryCode": 42.0,
                "company_former_name": "甲旧名",
                "actualCapi": "500万",
                "registeredCapitalCurrency": "人民币",
            }
        }
    )
    assert row is not None
    assert row["company_name"] == "甲公司" and row["registered_capital"] == "1000"
    assert row["registered_date"] == dt.date(2001, 5, 12) and row["legal_person_name"] == "张三"
    assert row["credit_code"] == "91110000X" and row["industry_code"] == "42"
    assert row["former_names"] == "甲旧名" and row["actual_capital"] == "500万" and row["currency"] == "人民币"
    assert row["address"] is None
    assert parse_business_info({"businessInfodto": None}) is None
    assert parse_business_info({}) is None


def test_label_rules() -> None:
    body = {
        "labels": [
            {
                "type": "行业",
                "labels": [
                    {"companyId": None, "lv1Name": "地区分类", "lv2Name": "广东", "lv3Name": "深圳", "lv4Name": "南山"},
                    {"companyId": "1", "lv1Name": "制造业", "lv2Name": None},
                    {"companyId": "2", "lv1Name": "别家"},
                ],
            }
        ]
    }
    rows, skipped = parse_labels(body, "1")
    assert skipped == 1
    assert [(r["lv1_name"], r["lv2_name"], r["lv3_name"], r["lv4_name"]) for r in rows] == [
        ("广东", "深圳", "南山", None),
        ("制造业", None, None, None),
    ]


def test_incremental_paging_never_skips_and_reruns_only_changed(engine: Engine) -> None:
    for i in range(1, 8):
        depart = {"businessInfodto": {"companyFullName": f"公司{i}", "registered_date": "2001-01-01"}}
        labels = {"labels": [{"type": "t", "labels": [{"companyId": None, "lv1Name": f"L{i}"}]}]}
        store(engine, f"c{i}", depart, labels)
    store(engine, "c8", None, None)  # no payloads: never selected

    dry = Cleanser(engine, page_size=2).run(("business_info", "biz_label"), full=False, execute=False)
    assert dry.selected == {"business_info": 7, "biz_label": 7} and dry.written == {"business_info": 0, "biz_label": 0}
    with engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(business_info)).scalar() == 0

    report = Cleanser(engine, page_size=2).run(("business_info", "biz_label"), full=False, execute=True)
    assert report.written == {"business_info": 7, "biz_label": 7} and report.pages == 8
    with engine.connect() as conn:
        names = conn.execute(sa.select(business_info.c.company_name).order_by(business_info.c.company_id)).scalars()
        assert list(names) == [f"公司{i}" for i in range(1, 8)]

    again = Cleanser(engine, page_size=2).run(("business_info", "biz_label"), full=False, execute=True)
    assert again.selected == {"business_info": 0, "biz_label": 0}

    later = T0 + dt.timedelta(days=1)
    store(engine, "c3", {"businessInfodto": {"companyFullName": "公司3新"}}, {"labels": []}, at=later)
    changed = Cleanser(engine, page_size=2).run(("business_info", "biz_label"), full=False, execute=True)
    assert changed.selected == {"business_info": 1, "biz_label": 1}
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(business_info.c.company_name, business_info.c.source_fetched_at).where(
                business_info.c.company_id == "c3"
            )
        ).one()
    assert row == ("公司3新", later)
    assert [r[0] for r in labels_of(engine)] == ["c1", "c2", "c4", "c5", "c6", "c7"]  # c3's set replaced by none

    full = Cleanser(engine, page_size=3).run(("business_info",), full=True, execute=True)
    assert full.selected == {"business_info": 7} and full.written == {"business_info": 7}


def test_a_failed_detail_call_never_erases_a_stored_payload(engine: Engine) -> None:
    store(engine, "c1", {"businessInfodto": {"companyFullName": "甲"}}, {"labels": []})
    store(engine, "c1", None, None, at=T0 + dt.timedelta(hours=1))  # a later hit whose details failed
    Cleanser(engine).run(("business_info",), full=True, execute=True)
    with engine.connect() as conn:
        assert conn.execute(sa.select(business_info.c.company_name)).scalar() == "甲"
