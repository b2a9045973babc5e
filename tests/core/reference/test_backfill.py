"""The backfill against real warehouses (reference-data.md R1–R9, §6): inserts inside the
caller's transaction, tags appended to existing customers, a dry-run preview with the same
counts, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from support.warehouse import connect, qualified, rows, scalar, sqlite_file
from work_data_hub.core.config.mappings import Mappings, load_mappings
from work_data_hub.core.domains.annual_award.spec import DOMAIN as AWARD
from work_data_hub.core.domains.annual_loss.spec import DOMAIN as LOSS
from work_data_hub.core.domains.annuity_performance.spec import DOMAIN as PERFORMANCE
from work_data_hub.core.errors import ConfigError
from work_data_hub.core.load import database, migrate
from work_data_hub.core.reference.backfill import Simulated, backfill, ordered, preview
from work_data_hub.core.reference.rules import References

REPO = Path(__file__).resolve().parents[3]
TEMP = "INABCDEFGHIJKLMNOP"
LEDGER_COLUMNS = (
    "上报月份",
    "业务类型",
    "年金计划号",
    "计划类型",
    "机构名称",
    "机构代码",
    "计划规模",
    "company_id",
    "客户名称",
)


@pytest.fixture
def mappings() -> Mappings:
    return load_mappings(REPO / "config")


@pytest.fixture
def engine(warehouse_url: str) -> Iterator[Engine]:
    path = sqlite_file(warehouse_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    eng = database.create_warehouse_engine(warehouse_url)
    migrate.upgrade(eng)
    yield eng
    eng.dispose()


def ledger_frame(rows_: list[tuple[Any, ...]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows_, columns=list(LEDGER_COLUMNS))
    frame["上报月份"] = pd.to_datetime(frame["上报月份"])
    return frame


def worked_example(company: str = "600123456") -> pd.DataFrame:
    return ledger_frame(
        [
            (dt.date(2024, 3, 1), "企年受托", "S0123", "单一计划", "北京", "G01", 3.2, company, "甲公司"),
            (dt.date(2024, 11, 1), "企年投资", "P0456", "集合计划", "上海", "G02", 5.0, company, "甲公司"),
            (dt.date(2024, 11, 1), "企年投资", "AN001", "集合计划", "上海", "G02", 9.0, company, "甲公司"),
        ]
    )


def performance_frame() -> pd.DataFrame:
    columns = ["月度", "业务类型", "计划类型", "计划代码", "计划名称", "组合代码", "组合名称", "组合类型"]
    columns += ["客户名称", "company_id", "机构代码", "机构名称", "产品线代码", "期末资产规模"]
    data = [
        ("企年受托", "集合计划", "P0001", "甲集合计划", "QTAN001", None, None, "甲", TEMP, "G01", "北京", "PL202", 9.0),
        (
            "企年投资", "集合计划", "P0001", "甲集合计划", "P0001A", "稳健存款组合", "固收",
            "乙", "600000002", "G02", "上海", "PL201", 20.0,
        ),
        (
            "企年投资", "单一计划", "S0002", "乙单一计划", "P0001B", "进取组合", "权益",
            "丙", "600000003", "G03", "天津", "PL201", 1.0,
        ),
    ]  # fmt: skip
    frame = pd.DataFrame([(dt.date(2024, 11, 1), *r) for r in data], columns=columns)
    frame["月度"] = pd.to_datetime(frame["月度"])
    return frame


def tags_of(value: Any) -> list[str]:
    return json.loads(value) if isinstance(value, str) else list(value)


def customer(url: str, company_id: str) -> dict[str, Any] | None:
    sql = f"SELECT * FROM {qualified(url, 'customer', '客户明细')} WHERE company_id = :c"
    with connect(url) as conn:
        found = conn.execute(sa.text(sql), {"c": company_id}).mappings().first()
    return dict(found) if found else None


def count(url: str, schema: str, table: str) -> int:
    return int(scalar(url, f"SELECT COUNT(*) FROM {qualified(url, schema, table)}"))


def test_worked_example_case_1_creates_the_customer(engine: Engine, warehouse_url: str, mappings: Mappings) -> None:
    with engine.begin() as conn:
        result = backfill(conn, AWARD, worked_example(), mappings)
    assert result.rows_added == {"customer.客户明细": 1}
    assert (result.tags_appended, result.temporary_ids_skipped) == (2, 0)
    row = customer(warehouse_url, "600123456")
    assert row is not None
    assert {k: row[k] for k in ("主拓机构代码", "主拓机构", "管理资格", "年金计划类型", "关键年金计划")} == {
        "主拓机构代码": "G02",
        "主拓机构": "上海",
        "管理资格": "企年受托+企年投资",
        "年金计划类型": "单一计划/集合计划",
        "关键年金计划": "P0456",
    }
    assert (row["其他年金计划"], row["关联计划数"], row["关联机构数"]) == ("P0456,S0123", 2, 2)
    assert (row["其他开拓机构"], row["年金客户类型"], row["客户名称"]) == ("上海,北京", "中标客户", "甲公司")
    assert tags_of(row["tags"]) == ["2403中标", "2411中标"]


def test_worked_example_case_2_only_appends_the_missing_tag(
    engine: Engine, warehouse_url: str, mappings: Mappings
) -> None:
    table = qualified(warehouse_url, "customer", "客户明细")
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                f"INSERT INTO {table} (company_id, 客户名称, 年金客户类型, 主拓机构代码, 关联计划数, tags) "
                "VALUES ('600123456', '甲公司旧名', '新客', 'G09', 7, :t)"
            ).bindparams(sa.bindparam("t", type_=sa.JSON)),
            {"t": ["2410新建", "2411中标"]},
        )
    before = customer(warehouse_url, "600123456")
    with engine.begin() as conn:
        result = backfill(conn, AWARD, worked_example(), mappings)
    assert result.rows_added == {"customer.客户明细": 0}
    assert result.tags_appended == 1
    after = customer(warehouse_url, "600123456")
    assert before is not None and after is not None
    assert tags_of(after["tags"]) == ["2410新建", "2411中标", "2403中标"]
    unchanged = [c for c in before if c not in ("tags", "updated_at")]
    assert {c: after[c] for c in unchanged} == {c: before[c] for c in unchanged}
    with engine.begin() as conn:  # nothing left to append
        assert backfill(conn, AWARD, worked_example(), mappings).tags_appended == 0


def test_worked_example_case_3_temporary_id_creates_nothing(
    engine: Engine, warehouse_url: str, mappings: Mappings
) -> None:
    with engine.begin() as conn:
        result = backfill(conn, AWARD, worked_example(TEMP), mappings)
    assert result.rows_added == {"customer.客户明细": 0}
    assert (result.tags_appended, result.temporary_ids_skipped) == (0, 1)
    assert count(warehouse_url, "customer", "客户明细") == 0


def test_performance_backfill_fills_every_reference_table(
    engine: Engine, warehouse_url: str, mappings: Mappings
) -> None:
    with engine.begin() as conn:
        result = backfill(conn, PERFORMANCE, performance_frame(), mappings)
    assert result.rows_added == {
        "mapping.年金计划": 2,
        "mapping.组合计划": 2,
        "mapping.产品线": 0,
        "mapping.组织架构": 0,
        "customer.客户明细": 2,
    }
    assert result.temporary_ids_skipped == 1
    plans = dict(
        rows(warehouse_url, f"SELECT 年金计划号, company_id FROM {qualified(warehouse_url, 'mapping', '年金计划')}")
    )
    assert plans == {"AN001": None, "AN002": None, "P0001": "600000002", "S0002": "600000003"}
    ids = [r[0] for r in rows(warehouse_url, f"SELECT id FROM {qualified(warehouse_url, 'mapping', '年金计划')}")]
    assert len(set(ids)) == 4 and None not in ids
    deposit = dict(
        rows(warehouse_url, f"SELECT 组合代码, 是否存款组合 FROM {qualified(warehouse_url, 'mapping', '组合计划')}")
    )
    assert (deposit["P0001A"], deposit["P0001B"], deposit["QTAN001"]) == (1, 0, None)
    customers = [
        r[0] for r in rows(warehouse_url, f"SELECT company_id FROM {qualified(warehouse_url, 'customer', '客户明细')}")
    ]
    assert sorted(customers) == ["600000002", "600000003"]
    with engine.begin() as conn:  # a re-run adds nothing
        again = backfill(conn, PERFORMANCE, performance_frame(), mappings)
    assert set(again.rows_added.values()) == {0} and again.tags_appended == 0


def test_a_failed_transaction_leaves_no_reference_row(engine: Engine, warehouse_url: str, mappings: Mappings) -> None:
    with pytest.raises(RuntimeError), engine.begin() as conn:
        assert backfill(conn, PERFORMANCE, performance_frame(), mappings).rows_added["mapping.年金计划"] == 2
        raise RuntimeError("the fact insert failed")
    assert (count(warehouse_url, "mapping", "年金计划"), count(warehouse_url, "mapping", "组合计划")) == (2, 3)
    assert count(warehouse_url, "customer", "客户明细") == 0


def test_codes_missing_from_the_seed_are_added_with_a_warning(
    engine: Engine, warehouse_url: str, mappings: Mappings
) -> None:
    frame = performance_frame()
    frame.loc[2, ["机构代码", "机构名称", "产品线代码"]] = ["G99", None, "PL999"]
    with engine.begin() as conn:
        result = backfill(conn, PERFORMANCE, frame, mappings)
    assert result.rows_added["mapping.组织架构"] == 1 and result.rows_added["mapping.产品线"] == 1
    assert any("mapping.组织架构: 1 code(s) missing from the seed" in w and "G99" in w for w in result.warnings)
    assert any("mapping.产品线" in w and "PL999" in w for w in result.warnings)
    branch = rows(
        warehouse_url, f"SELECT 机构 FROM {qualified(warehouse_url, 'mapping', '组织架构')} WHERE 机构代码 = 'G99'"
    )
    assert branch == [("G99",)]  # no name in the facts: the NOT NULL name is the code
    assert count(warehouse_url, "mapping", "组织架构") == 39


def test_a_derived_value_too_long_for_its_column_is_null_with_a_warning(
    engine: Engine, warehouse_url: str, mappings: Mappings
) -> None:
    frame = performance_frame()
    frame["机构名称"] = "很长的机构名称" * 10  # 70 characters: 主拓机构 is VARCHAR(50)
    with engine.begin() as conn:
        result = backfill(conn, PERFORMANCE, frame, mappings)
    assert any("mapping.年金计划.主拓机构" in w and "written as NULL" in w for w in result.warnings)
    found = rows(
        warehouse_url,
        f"SELECT 主拓机构 FROM {qualified(warehouse_url, 'mapping', '年金计划')} WHERE 年金计划号 = 'P0001'",
    )
    assert found == [(None,)]


def test_preview_counts_what_backfill_writes_and_writes_nothing(
    engine: Engine, warehouse_url: str, mappings: Mappings
) -> None:
    frame = performance_frame()
    seen = preview(engine, PERFORMANCE, frame, mappings)
    assert count(warehouse_url, "mapping", "年金计划") == 2 and count(warehouse_url, "customer", "客户明细") == 0
    with engine.begin() as conn:
        done = backfill(conn, PERFORMANCE, frame, mappings)
    assert seen.counters == done.counters
    assert preview(engine, PERFORMANCE, frame, mappings).rows_added["mapping.年金计划"] == 0


def test_preview_without_a_warehouse_counts_against_the_seed(mappings: Mappings) -> None:
    frame = performance_frame()
    frame.loc[1, "机构代码"] = "G99"
    result = preview(None, PERFORMANCE, frame, mappings)
    assert result.rows_added == {
        "mapping.年金计划": 2,
        "mapping.组合计划": 2,
        "mapping.产品线": 0,  # PL201, PL202 are seeded
        "mapping.组织架构": 1,  # G99 is not
        "customer.客户明细": 2,
    }


def test_simulated_previews_of_a_batch_equal_its_loads(engine: Engine, mappings: Mappings) -> None:
    award = worked_example()
    loss = ledger_frame(
        [(dt.date(2024, 10, 1), "企年受托", "S0123", "单一计划", "北京", "G01", 1.0, "600123456", "甲公司")]
    )
    simulated = Simulated()
    previews = [preview(engine, AWARD, award, mappings, simulated), preview(engine, LOSS, loss, mappings, simulated)]
    with engine.begin() as conn:
        loads = [backfill(conn, AWARD, award, mappings), backfill(conn, LOSS, loss, mappings)]
    assert [p.counters for p in previews] == [x.counters for x in loads]
    assert loads[1].rows_added == {"customer.客户明细": 0} and loads[1].tags_appended == 1


def test_rules_run_in_dependency_order_and_a_cycle_is_a_config_error() -> None:
    assert PERFORMANCE.references is not None
    rules = PERFORMANCE.references.backfill
    portfolio = next(r for r in rules if r.name == "fk_portfolio")
    names = [r.name for r in ordered((portfolio, *rules))]
    assert names.index("fk_plan") < names.index("fk_portfolio")
    plan = next(r for r in rules if r.name == "fk_plan")
    cyclic = (dataclasses.replace(plan, depends_on=("fk_portfolio",)), portfolio)
    with pytest.raises(ConfigError, match="cycle"):
        ordered(cyclic)
    with pytest.raises(ConfigError, match="unknown rule fk_plan"):
        ordered((portfolio,))


def test_a_domain_without_rules_backfills_nothing(engine: Engine, mappings: Mappings) -> None:
    bare = dataclasses.replace(PERFORMANCE, references=References())
    with engine.begin() as conn:
        result = backfill(conn, bare, performance_frame(), mappings)
    assert result.rows_added == {} and result.counters["reference_tags_appended"] == 0


def test_targets_limit_the_rules(engine: Engine, warehouse_url: str, mappings: Mappings) -> None:
    with engine.begin() as conn:
        result = backfill(conn, PERFORMANCE, performance_frame(), mappings, frozenset({"customer.客户明细"}))
    assert result.rows_added == {"customer.客户明细": 2}
    assert count(warehouse_url, "mapping", "年金计划") == 2
