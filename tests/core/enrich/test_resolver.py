"""The tier order of the resolver on frames (enrichment spec §3, §13 examples), with the
committed override file and a cache snapshot as the warehouse would return it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from work_data_hub.core.config.mappings import Mappings, load_mappings
from work_data_hub.core.domains.base import EnrichmentKeys
from work_data_hub.core.enrich.cache import CacheHit
from work_data_hub.core.enrich.resolver import Resolution
from work_data_hub.core.enrich.temp_ids import temp_id

REPO = Path(__file__).resolve().parents[3]
KEYS = EnrichmentKeys(
    plan_key="__plan_key",
    name_key="客户名称",
    plan_type="计划类型",
    account_number="年金账户号",
    account_name="年金账户名",
    source_id="__source_id",
)
SALT = "default_dev_salt_change_in_prod"


@pytest.fixture(scope="module")
def mappings() -> Mappings:
    return load_mappings(REPO / "config")


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    columns = ["__plan_key", "客户名称", "计划类型", "年金账户号", "年金账户名", "__source_id"]
    data = [{c: r.get(c) for c in columns} for r in rows]
    return pd.DataFrame(data, columns=columns).astype("str")


def run(df: pd.DataFrame, mappings: Mappings, snapshot: dict | None = None, hits: dict | None = None) -> Resolution:  # type: ignore[type-arg]
    res = Resolution(df, KEYS)
    res.overrides(mappings)
    res.cache(snapshot or {})
    res.source_ids()
    res.live(hits or {})
    res.blank_name_defaults(mappings)
    res.temporary(SALT)
    return res


def one(res: Resolution) -> tuple[object, object]:
    c, t = res.company.iloc[0], res.tier.iloc[0]
    return (None if pd.isna(c) else c, None if pd.isna(t) else t)


def test_examples_of_the_spec(mappings: Mappings) -> None:
    cache = {
        "plan_code": {"S1002": CacheHit(1, "600000001")},
        "customer_name": {"丙有限公司": CacheHit(2, "600000003")},
    }
    cases = [
        ({"__plan_key": "FP0001"}, ("614810477", "T1a")),  # 1
        ({"__plan_key": "P0809"}, ("608349737", "T4b")),  # 2
        ({"__plan_key": "P0809", "客户名称": "甲公司"}, ("INLHDM2XDMVY3K3VAO", "T5")),  # 2, named
        ({"客户名称": "宣城城建城市运营管理有限公司-已转出"}, ("1918884945", "T1b")),  # 3
        ({"客户名称": "保留账户管理"}, (None, "T1b")),  # 4
        ({"客户名称": "平安-中信锦绣人生企业年金计划保留计划（受托）"}, (None, "T1b")),  # 5
        ({"__plan_key": "S1002", "计划类型": "单一计划", "客户名称": "乙公司"}, ("600000001", "T2:plan_code")),  # 6
        ({"__plan_key": "S1002", "计划类型": "集合计划", "客户名称": "乙公司"}, (temp_id("乙公司", SALT), "T5")),  # 7
        ({"__plan_key": "AN002", "计划类型": "单一计划"}, (None, None)),  # 8
        ({"客户名称": "丙有限公司（已转出）"}, ("600000003", "T2:customer_name")),  # 9
        ({"客户名称": "丁公司", "__source_id": "600000004.0"}, ("600000004", "T3")),  # 10
    ]
    for row, expected in cases:
        res = run(frame(row), mappings, cache)
        assert one(res) == expected, row


def test_collective_plan_with_name_goes_on_with_the_name(mappings: Mappings) -> None:
    cache = {"plan_code": {"S1002": CacheHit(1, "600000001")}, "customer_name": {"乙公司": CacheHit(2, "600000002")}}
    res = run(frame({"__plan_key": "S1002", "计划类型": "集合计划", "客户名称": "乙公司"}), mappings, cache)
    assert one(res) == ("600000002", "T2:customer_name")


def test_override_by_plan_wins_over_every_other_tier(mappings: Mappings) -> None:
    cache = {"customer_name": {"甲公司": CacheHit(2, "600000002")}}
    res = run(frame({"__plan_key": "FP0001", "客户名称": "甲公司", "__source_id": "600000009"}), mappings, cache)
    assert one(res) == ("614810477", "T1a")


def test_cache_lookup_types_in_order(mappings: Mappings) -> None:
    cache = {
        "account_number": {"123": CacheHit(1, "1")},
        "plan_customer": {"S1|甲公司": CacheHit(2, "2")},
        "customer_name": {"甲公司": CacheHit(3, "3")},
        "former_name": {"甲公司": CacheHit(4, "4"), "乙公司": CacheHit(5, "5")},
        "account_name": {"丙公司": CacheHit(6, "6")},
    }
    rows = [
        {"__plan_key": "S1", "客户名称": "甲公司", "年金账户号": "123"},
        {"__plan_key": "S1", "客户名称": "甲公司"},
        {"__plan_key": "S2", "客户名称": "甲公司"},
        {"客户名称": "乙公司"},
        {"客户名称": "丁公司", "年金账户名": "丙公司-已转出"},
    ]
    res = run(frame(*rows), mappings, cache)
    assert res.company.tolist() == ["1", "2", "3", "5", "6"]
    assert res.tier.tolist() == [
        "T2:account_number", "T2:plan_customer", "T2:customer_name", "T2:former_name", "T2:account_name"
    ]  # fmt: skip
    assert res.hit_counts() == {1: 1, 2: 1, 3: 1, 5: 1, 6: 1}


def test_source_ids_placeholder_temporary_and_unusual(mappings: Mappings) -> None:
    rows = [
        {"客户名称": "甲公司", "__source_id": "0"},
        {"客户名称": "乙公司", "__source_id": "INLHDM2XDMVY3K3VAO"},
        {"客户名称": "丙公司", "__source_id": "ABC123"},
    ]
    res = run(frame(*rows), mappings)
    assert res.tier.tolist() == ["T5", "T5", "T3"]
    assert res.company.iloc[2] == "ABC123" and res.unusual_source_ids == 1
    assert res.learned_entries(Decimal("0.90"), "d") == []  # an unusual id is not learned


def test_live_hit_applies_to_every_row_of_the_name(mappings: Mappings) -> None:
    res = Resolution(frame({"客户名称": "甲公司"}, {"客户名称": "乙公司"}, {"客户名称": "甲公司-已转出"}), KEYS)
    res.overrides(mappings)
    res.source_ids()
    assert res.names_to_look_up() == ["甲公司", "乙公司"]
    res.live({"甲公司": "600000005"})
    res.temporary(SALT)
    assert res.company.tolist()[::2] == ["600000005", "600000005"]
    assert res.report() == {"T4": {"rows": 2, "names": 1}, "T5": {"rows": 1, "names": 1}}


def test_blank_names_without_keys_stay_null_on_many_rows(mappings: Mappings) -> None:
    names = ["", "空白", "0", "NULL"] * 125  # example 19
    res = run(frame(*({"__plan_key": "P0290", "客户名称": n or None} for n in names)), mappings)
    assert res.company.isna().all() and res.tier.isna().all()
    assert res.null_rows == 500


def test_source_learning_entries(mappings: Mappings) -> None:
    row = {
        "__plan_key": "S1002",
        "计划类型": "单一计划",
        "客户名称": "丁公司",
        "年金账户号": "88",
        "年金账户名": "丁公司-已转出",
        "__source_id": "600000004",
    }
    res = run(frame(row, row | {"计划类型": "集合计划", "__plan_key": "P0290"}), mappings)
    entries = {
        (e.lookup_type, e.lookup_key): (e.company_id, e.confidence, e.source)
        for e in res.learned_entries(Decimal("0.90"), "d")
    }
    assert entries == {
        ("customer_name", "丁公司"): ("600000004", Decimal("0.90"), "source_data"),
        ("plan_code", "S1002"): ("600000004", Decimal("0.90"), "source_data"),  # single plans only
        ("account_number", "88"): ("600000004", Decimal("0.90"), "source_data"),
        ("account_name", "丁公司"): ("600000004", Decimal("0.90"), "source_data"),
        ("plan_customer", "S1002|丁公司"): ("600000004", Decimal("0.90"), "source_data"),
        ("plan_customer", "P0290|丁公司"): ("600000004", Decimal("0.90"), "source_data"),
    }


def test_every_registered_domain_declares_keys_the_resolver_reads() -> None:
    from work_data_hub.core.domains import registry

    for spec in registry.all_domains():
        if spec.enrichment is None:
            continue
        assert spec.enrichment.name_key and spec.enrichment.plan_key, spec.name
