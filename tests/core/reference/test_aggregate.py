"""Candidate rows of a backfill rule (reference-data.md R4, §4, §6): aggregations, source
order, placeholders and temporary ids, computed from a frame of valid fact rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import pytest

from work_data_hub.core.domains.annual_award.references import REFERENCES as AWARD
from work_data_hub.core.domains.annuity_income.references import REFERENCES as INCOME
from work_data_hub.core.domains.annuity_performance.references import REFERENCES as PERFORMANCE
from work_data_hub.core.reference.aggregate import candidates
from work_data_hub.core.reference.rules import BackfillRule

PLACEHOLDERS = frozenset({"AN001", "AN002", "QTAN001", "QTAN002", "QTAN003"})
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


def rule(refs: Any, name: str) -> BackfillRule:
    return next(r for r in refs.backfill if r.name == name)


def ledger_frame(rows: list[tuple[Any, ...]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(LEDGER_COLUMNS))
    frame["上报月份"] = pd.to_datetime(frame["上报月份"])
    return frame


def worked_example(company: str = "600123456") -> pd.DataFrame:
    """reference-data.md §6: three valid award rows of one company."""
    return ledger_frame(
        [
            (dt.date(2024, 3, 1), "企年受托", "S0123", "单一计划", "北京", "G01", 3.2, company, "甲公司"),
            (dt.date(2024, 11, 1), "企年投资", "P0456", "集合计划", "上海", "G02", 5.0, company, "甲公司"),
            (dt.date(2024, 11, 1), "企年投资", "AN001", "集合计划", "上海", "G02", 9.0, company, "甲公司"),
        ]
    )


def test_worked_example_customer_columns() -> None:
    found = candidates(worked_example(), rule(AWARD, "fk_customer"), PLACEHOLDERS)
    assert list(found.rows.index) == ["600123456"]
    row = found.rows.loc["600123456"].to_dict()
    assert row == {
        "客户名称": "甲公司",
        "主拓机构代码": "G02",
        "主拓机构": "上海",
        "管理资格": "企年受托+企年投资",
        "年金计划类型": "单一计划/集合计划",
        "关键年金计划": "P0456",
        "其他年金计划": "P0456,S0123",
        "关联计划数": 2,
        "关联机构数": 2,
        "其他开拓机构": "上海,北京",
        "年金客户类型": "中标客户",
    }
    assert found.tags["600123456"] == ["2403中标", "2411中标"]
    assert found.temporary_ids == 0


def test_temporary_id_creates_no_candidate_and_is_counted() -> None:
    found = candidates(worked_example(TEMP), rule(AWARD, "fk_customer"), PLACEHOLDERS)
    assert found.rows.empty
    assert found.temporary_ids == 1


def test_blank_and_placeholder_keys_are_skipped() -> None:
    frame = pd.concat(
        [worked_example(c) for c in ("", "   ", "\u3000", "null", "NULL", "空白", "-", "nan", None)],
        ignore_index=True,
    )
    assert candidates(frame, rule(AWARD, "fk_customer"), PLACEHOLDERS).rows.empty


def test_business_types_use_the_canonical_order_then_code_points() -> None:
    frame = ledger_frame(
        [
            (dt.date(2024, 1, 1), bt, "P1", "集合计划", "北京", "G01", 1.0, "600000001", "甲")
            for bt in ("其他", "职年投资", "企年投资", "企业年金", "职年受托", "企年受托", "企年投资")
        ]
    )
    found = candidates(frame, rule(AWARD, "fk_customer"), PLACEHOLDERS)
    assert found.rows.at["600000001", "管理资格"] == "企年受托+企年投资+职年受托+职年投资+企业年金+其他"


def test_max_by_ties_go_to_source_order_and_no_weight_falls_back_to_first() -> None:
    frame = ledger_frame(
        [
            (dt.date(2024, 1, 1), "企年受托", "P1", "集合计划", "北京", "G01", 5.0, "600000001", "甲"),
            (dt.date(2024, 1, 1), "企年受托", "P2", "集合计划", "上海", "G02", 5.0, "600000001", "甲"),
            (dt.date(2024, 1, 1), "企年受托", "P3", "集合计划", "天津", "G03", None, "600000002", "乙"),
            (dt.date(2024, 1, 1), "企年受托", "P4", "集合计划", "广东", "G04", None, "600000002", "乙"),
        ]
    )
    rows = candidates(frame, rule(AWARD, "fk_customer"), PLACEHOLDERS).rows
    assert rows.loc["600000001", ["主拓机构代码", "关键年金计划"]].tolist() == ["G01", "P1"]
    assert rows.loc["600000002", ["主拓机构代码", "关键年金计划"]].tolist() == ["G03", "P3"]


def test_customer_with_only_placeholder_plans_has_no_plan() -> None:
    frame = ledger_frame(
        [(dt.date(2024, 5, 1), "企年受托", "AN002", "单一计划", "北京", "G01", 1.0, "600000001", "甲")]
    )
    row = candidates(frame, rule(AWARD, "fk_customer"), PLACEHOLDERS).rows.loc["600000001"]
    assert pd.isna(row["关键年金计划"]) and pd.isna(row["其他年金计划"])
    assert row["关联计划数"] == 0
    assert row["年金计划类型"] == "单一计划"


def performance_frame() -> pd.DataFrame:
    columns = ["月度", "业务类型", "计划类型", "计划代码", "计划名称", "组合代码", "组合名称", "组合类型"]
    columns += ["客户名称", "company_id", "机构代码", "机构名称", "产品线代码", "期末资产规模"]
    rows = [
        ("企年受托", "集合计划", "P0001", "甲集合计划", "QTAN001", None, None, "甲", TEMP, "G01", "北京", "PL202", 9.0),
        (
            "企年投资", "集合计划", "P0001", "甲集合计划", "P0001A", "稳健存款组合", "固收",
            "乙", "600000002", "G02", "上海", "PL201", 20.0,
        ),
        (
            "企年投资", "集合计划", "P0001", None, "P0001B", "进取组合", "权益",
            "丙", "600000003", "G03", "天津", "PL201", 1.0,
        ),
        (
            "企年投资", "集合计划", "AN001", None, "P0001C", "协存一号", None,
            "丁", "600000004", "G99", None, "PL999", 2.0,
        ),
    ]  # fmt: skip
    frame = pd.DataFrame([(dt.date(2024, 11, 1), *r) for r in rows], columns=columns)
    frame["月度"] = pd.to_datetime(frame["月度"])
    return frame


def test_performance_plan_rule() -> None:
    found = candidates(performance_frame(), rule(PERFORMANCE, "fk_plan"), PLACEHOLDERS)
    assert list(found.rows.index) == ["P0001"]  # AN001 is a placeholder: never backfilled
    assert found.rows.loc["P0001"].to_dict() == {
        "计划全称": "甲集合计划",
        "计划类型": "集合计划",
        "客户名称": "甲",
        "主拓代码": "G02",
        "主拓机构": "上海",
        "管理资格": "企年受托+企年投资",
        "company_id": "600000002",  # the first real id: the temporary one counts as blank
        "备注": "24年11月创建",
    }


def test_income_plan_rule_keeps_names_and_company_only() -> None:
    found = candidates(performance_frame(), rule(INCOME, "fk_plan"), PLACEHOLDERS)
    assert set(found.rows.columns) == {"计划全称", "客户名称", "company_id", "备注"}


def test_portfolio_rule_deposit_flag_and_placeholders() -> None:
    found = candidates(performance_frame(), rule(PERFORMANCE, "fk_portfolio"), PLACEHOLDERS)
    rows = found.rows
    assert list(rows.index) == ["P0001A", "P0001B", "P0001C"]  # QTAN001 is seeded, never backfilled
    assert rows["是否存款组合"].tolist() == [1, 0, 1]
    assert rows["年金计划号"].tolist() == ["P0001", "P0001", "AN001"]
    assert rows.at["P0001A", "组合类型"] == "固收"
    assert set(rows["备注"]) == {"24年11月创建"}


def test_organization_rule_reads_the_branch_name_and_falls_back_to_the_code() -> None:
    rows = candidates(performance_frame(), rule(PERFORMANCE, "fk_organization"), PLACEHOLDERS).rows
    assert rows["机构"].to_dict() == {"G01": "北京", "G02": "上海", "G03": "天津", "G99": "G99"}


@pytest.mark.parametrize("refs", [PERFORMANCE, INCOME, AWARD])
def test_customer_rule_never_takes_a_temporary_id(refs: Any) -> None:
    frame = performance_frame().rename(columns={"月度": "上报月份", "计划代码": "年金计划号"})
    if refs is not AWARD:
        frame = performance_frame().assign(固费=1.0)
    found = candidates(frame, rule(refs, "fk_customer"), PLACEHOLDERS)
    assert TEMP not in found.rows.index
    assert found.temporary_ids == 1
    assert set(found.rows.index) == {"600000002", "600000003", "600000004"}
