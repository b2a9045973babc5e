"""annuity_income: the worked examples of spec §10 and the traps of §11 that concern the
transform, run on real workbook cells through the reader and the platform's pipeline.
Loading, discovery and supplement examples are in tests/cli/test_annuity_income_*.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from support.domain_rows import column, run_rows, table
from work_data_hub.core.errors import SourceError

# The 202411 V1 layout: 计划号 for the plan code, 机构 for the branch code.
HEADER = [
    "月度", "业务类型", "计划类型", "计划号", "计划名称", "组合类型", "组合代码", "组合名称", "客户名称",
    "固费", "浮费", "回补", "税", "机构", "机构名称",
]  # fmt: skip
BASE: dict[str, Any] = {
    "月度": 202411,
    "业务类型": "企年投资",
    "计划类型": "单一计划",
    "计划号": "S1002",
    "计划名称": "甲有限公司企业年金计划",
    "客户名称": "甲有限公司",
    "固费": 100,
    "浮费": 0,
    "回补": 0,
    "税": 0,
    "机构": "G01",
    "机构名称": "北京",
}


def rows_of(*cells: dict[str, Any], header: list[str] = HEADER) -> list[list[Any]]:
    return table(header, *({**BASE, **c} for c in cells))


# (cells of each row, expected output columns: one value per row). Every row is valid.
EXAMPLES = [
    pytest.param(
        [{"计划号": "S2001", "机构": "G12", "机构名称": None}],
        {"计划代码": ["S2001"], "机构代码": ["G12"], "机构名称": [None]},
        id="1-202411-layout-plan-number-and-branch-code",
    ),
    pytest.param(
        [
            {"月度": 202411},
            {"月度": "2024年11月"},
            {"月度": "2024-11"},
            {"月度": "24年11月"},
            {"月度": dt.datetime(2024, 11, 30)},
            {"月度": "２０２４年１１月"},
        ],
        {"月度": ["2024-11-01"] * 6},
        id="3-month-forms",
    ),
    pytest.param(
        [{"固费": "3,414.26"}, {"固费": "￥1,200"}, {"固费": 88.5}, {"固费": None}, {"固费": "-"}, {"固费": "1.2e3"}],
        {"固费": [3414.26, 1200.0, 88.5, 0.0, 0.0, 1200.0]},
        id="5-fixed-fee-forms",
    ),
    pytest.param(
        [{"回补": "-120.5", "税": "0"}],
        {"回补": [-120.5], "税": [0.0]},
        id="7-negative-rebate-zero-tax",
    ),
    pytest.param(
        [{"计划类型": "单一计划", "客户名称": None, "计划名称": "中关村发展集团股份有限公司企业年金计划"}],
        {"年金账户名": ["中关村发展集团股份有限公司"], "客户名称": ["中关村发展集团股份有限公司"]},
        id="8-name-derived-from-single-plan-name",
    ),
    pytest.param(
        [
            {"计划类型": "单一计划", "客户名称": "0", "计划名称": "企业年金计划"},
            {"计划类型": "单一计划", "客户名称": "0", "计划名称": "某某职业年金计划"},
        ],
        {"客户名称": [None, None], "年金账户名": ["0", "0"]},
        id="9-no-derived-name",
    ),
    pytest.param(
        [{"计划类型": "单一计划", "客户名称": "abc有限公司-已转出", "计划名称": "XYZ企业年金计划"}],
        {"年金账户名": ["abc有限公司-已转出"], "客户名称": ["ABC有限公司"]},
        id="11-keyed-name-wins",
    ),
    pytest.param(
        [{"机构名称": "深圳分公司", "机构": "G01"}],
        {"机构代码": ["G05"], "机构名称": ["深圳分公司"]},
        id="12-branch-name-wins-over-code",
    ),
    pytest.param(
        [
            {"机构名称": None, "机构": "g12"},
            {"机构名称": None, "机构": "北京"},
            {"机构名称": None, "机构": "G99"},
            {"机构名称": None, "机构": None},
        ],
        {"机构代码": ["G12", "G01", "G00", "G00"], "机构名称": [None, "北京", None, None]},
        id="13-branch-code-column",
    ),
    pytest.param(
        [{"机构名称": "null", "机构": None}],
        {"机构名称": [None], "机构代码": ["G00"]},
        id="14-branch-name-placeholder",
    ),
    pytest.param(
        [
            {"计划号": "1p0290", "计划类型": "集合计划"},
            {"计划号": " P-0807 ", "计划类型": "集合计划"},
            {"计划号": None, "计划类型": "单一计划"},
        ],
        {"计划代码": ["P0290", "P0807", "AN002"]},
        id="15-plan-codes",
    ),
    pytest.param(
        [
            {"组合代码": "FQTAN002"},
            {"组合代码": None, "业务类型": "职年投资", "计划类型": "职业年金", "计划号": "Z0005"},
            {"组合代码": None, "业务类型": "企年投资", "计划类型": "集合计划", "计划号": "P0290"},
        ],
        {"组合代码": ["QTAN002", "QTAN003", "QTAN001"]},
        id="16-portfolio-codes",
    ),
    pytest.param(
        [{"业务类型": "企年投资"}, {"业务类型": "新业务"}],
        {"产品线代码": ["PL201", None], "业务类型": ["企年投资", "新业务"]},
        id="17-business-types",
    ),
    pytest.param(
        [{"浮费": "1,000", "回补": "￥-5", "税": "1e2"}],
        {"浮费": [1000.0], "回补": [-5.0], "税": [100.0]},
        id="4.1-optional-fees-follow-the-fixed-fee-rules",
    ),
]


@pytest.mark.parametrize(("cells", "expected"), EXAMPLES)
def test_worked_example(tmp_path: Path, cells: list[dict[str, Any]], expected: dict[str, list[Any]]) -> None:
    out = run_rows("annuity_income", rows_of(*cells), tmp_path)
    assert out.rejected.empty, out.rejected["reason"].tolist()
    assert len(out.valid) == len(cells)
    for name, values in expected.items():
        got = column(out.valid, name)
        if values and isinstance(values[0], float):
            assert got == pytest.approx(values), name
        else:
            assert got == values, name


# (cells of a row that is rejected, the reason). A valid row is always added next to it.
REJECTIONS = [
    pytest.param({"计划号": None, "计划类型": "职业年金", "业务类型": "职年受托"},
                 "计划代码 missing and 计划类型 '职业年金' has no default", id="15-occupational-without-code"),
    pytest.param({"业务类型": None}, "业务类型 missing", id="17-business-type-blank"),
    pytest.param({"月度": None}, "月度 missing", id="18-month-blank"),
    pytest.param({"月度": "2024年13月"}, "月度 unparseable: '2024年13月'", id="18-month-unparseable"),
    pytest.param({"回补": "待定"}, "回补 not a number: '待定'", id="6-rebate-unreadable"),
    pytest.param({"固费": "约300"}, "固费 not a number: '约300'", id="4.1-fee-flagged"),
    pytest.param({"浮费": "12%"}, "浮费 not a number: '12%'", id="4.1-fee-percent"),
    pytest.param({"税": "100000000000000"}, "税 out of range: '100000000000000'", id="4.1-fee-out-of-range"),
    pytest.param({"组合名称": "组" * 256}, "组合名称 longer than 255 characters", id="6.1-text-too-long"),
    pytest.param(
        {"月度": None, "业务类型": None, "固费": "约300"},
        "月度 missing; 业务类型 missing; 固费 not a number: '约300'",
        id="6.1-every-reason-listed",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("cells", "reason"), REJECTIONS)
def test_rejected_row(tmp_path: Path, cells: dict[str, Any], reason: str) -> None:
    out = run_rows("annuity_income", rows_of({}, cells, {}), tmp_path)
    assert out.rejected[["row_number", "reason"]].to_dict("records") == [{"row_number": 3, "reason": reason}]
    # Trap 2: one bad row changes nothing for the others.
    assert len(out.valid) == 2 and column(out.valid, "月度") == ["2024-11-01", "2024-11-01"]


def test_example_2_202412_layout_reads_canonical_headers_and_trailing_space(tmp_path: Path) -> None:
    header = [
        "月度", "业务类型", "计划类型", "计划代码", "计划名称", "组合类型", "组合代码", "组合名称", "客户名称 ",
        "固费", "机构代码", "机构名称",
    ]  # fmt: skip
    rows = table(header, {**BASE, "计划代码": "P0290", "计划类型": "集合计划", "客户名称 ": "乙公司", "机构代码": "G03",
                          "机构名称": None})  # fmt: skip
    out = run_rows("annuity_income", rows, tmp_path)
    assert column(out.valid, "计划代码") == ["P0290"]
    assert column(out.valid, "客户名称") == ["乙公司"]
    assert column(out.valid, "机构代码") == ["G03"]


def test_example_13_unknown_branch_code_is_listed(tmp_path: Path) -> None:
    out = run_rows("annuity_income", rows_of({"机构名称": None, "机构": "G99"}), tmp_path)
    assert out.counters["unknown_branch_codes"] == {"G99": 1}
    assert any("G99" in w for w in out.warnings)


def test_example_17_unknown_business_type_is_listed(tmp_path: Path) -> None:
    out = run_rows("annuity_income", rows_of({"业务类型": "新业务"}, {}), tmp_path)
    assert out.counters["unknown_business_types"] == {"新业务": 1}
    assert any("新业务" in w for w in out.warnings)


def test_example_20_missing_fixed_fee_column_fails_the_domain(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "固费"]
    with pytest.raises(SourceError) as err:
        run_rows("annuity_income", rows_of({}, header=header), tmp_path)
    message = err.value.message
    assert "收入明细" in message and "固费" in message
    assert "月度, 业务类型, 计划类型" in message  # the columns found


def test_example_27_current_12_column_layout_loads_fees_as_zero_with_three_warnings(tmp_path: Path) -> None:
    header = [h for h in HEADER if h not in ("浮费", "回补", "税")]
    assert len(header) == 12
    out = run_rows("annuity_income", rows_of({}, {"固费": "5"}, header=header), tmp_path)
    assert out.rejected.empty and len(out.valid) == 2
    for fee in ("浮费", "回补", "税"):
        assert column(out.valid, fee) == [0.0, 0.0]
    absent = sorted(w for w in out.warnings if "absent" in w)
    assert absent == sorted(f"收入明细: column {f} absent; loaded as 0" for f in ("浮费", "回补", "税"))


def test_example_28_absent_tax_and_a_blank_floating_fee(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "税"]
    out = run_rows("annuity_income", rows_of({"浮费": None}, {"浮费": 7}, header=header), tmp_path)
    assert column(out.valid, "税") == [0.0, 0.0]
    assert column(out.valid, "浮费") == [0.0, 7.0]
    assert [w for w in out.warnings if "absent" in w] == ["收入明细: column 税 absent; loaded as 0"]
    assert out.counters["fees_defaulted_to_0"]["浮费"] == 1


def test_example_29_absent_floating_fee_column(tmp_path: Path) -> None:
    header = [h for h in HEADER if h != "浮费"]
    out = run_rows("annuity_income", rows_of({}, header=header), tmp_path)
    assert len(out.valid) == 1 and column(out.valid, "浮费") == [0.0]
    assert [w for w in out.warnings if "absent" in w] == ["收入明细: column 浮费 absent; loaded as 0"]


# --------------------------------------------------------------------------------------
# Traps (§11)


def test_trap_1_blank_rows_and_text_numbers_never_reject_the_sheet(tmp_path: Path) -> None:
    rows = rows_of({"固费": "3,414.26"}, {"固费": "1.2e3"}, {"固费": " 88 "})
    rows.insert(2, [None] * len(HEADER))
    rows.insert(4, ["  "] + [None] * (len(HEADER) - 1))  # whitespace only is blank too
    out = run_rows("annuity_income", rows, tmp_path)
    assert out.rows_blank == 2 and out.rows_read == 3
    assert out.rejected.empty and column(out.valid, "固费") == pytest.approx([3414.26, 1200.0, 88.0])


def test_trap_4_the_code_column_is_used_when_the_name_is_blank(tmp_path: Path) -> None:
    out = run_rows(
        "annuity_income", rows_of({"机构名称": None, "机构": "G12"}, {"机构名称": "北京", "机构": "G12"}), tmp_path
    )
    assert column(out.valid, "机构代码") == ["G12", "G01"]


def test_trap_5_placeholder_plan_codes_are_never_resolution_keys(tmp_path: Path) -> None:
    out = run_rows(
        "annuity_income",
        rows_of({"计划号": None, "计划类型": "集合计划"}, {"计划号": "1p0290", "计划类型": "集合计划"}),
        tmp_path,
    )
    assert column(out.valid, "计划代码") == ["AN001", "P0290"]
    assert column(out.valid, "__plan_key") == [None, "P0290"]


def test_trap_8_collective_and_occupational_plans_are_never_named_from_the_plan(tmp_path: Path) -> None:
    out = run_rows(
        "annuity_income",
        rows_of(
            {"计划类型": "集合计划", "计划号": "P0290", "客户名称": None, "计划名称": "丙有限公司企业年金计划"},
            {
                "计划类型": "职业年金",
                "计划号": "Z0005",
                "业务类型": "职年受托",
                "客户名称": None,
                "计划名称": "丁有限公司企业年金计划",
            },
            {"计划类型": "单一计划", "客户名称": None, "计划名称": "企业年金计划"},
            {"计划类型": "单一计划", "客户名称": None, "计划名称": "戊有限公司企业年金计划（二期）"},
        ),
        tmp_path,
    )
    assert column(out.valid, "客户名称") == [None, None, None, None]
    assert column(out.valid, "年金账户名") == [None, None, None, None]
    assert out.counters["names_derived_from_plan_name"] == 0


def test_trap_9_account_name_is_the_name_before_normalisation(tmp_path: Path) -> None:
    out = run_rows("annuity_income", rows_of({"客户名称": "  （原）abc科技有限公司 "}), tmp_path)
    assert column(out.valid, "年金账户名") == ["（原）abc科技有限公司"]
    assert column(out.valid, "客户名称") == ["ABC科技有限公司"]


def test_trap_13_no_forward_fill_and_no_deduplication(tmp_path: Path) -> None:
    out = run_rows(
        "annuity_income",
        rows_of({"计划名称": "己有限公司企业年金计划"}, {"计划名称": None, "客户名称": "庚公司"}, {}, {}),
        tmp_path,
    )
    base = BASE["计划名称"]
    assert column(out.valid, "计划名称") == ["己有限公司企业年金计划", None, base, base]
    assert out.counters["duplicate_rows"] == 1


def test_names_derived_and_null_names_are_counted(tmp_path: Path) -> None:
    out = run_rows(
        "annuity_income",
        rows_of(
            {"客户名称": None, "计划名称": "中关村发展集团股份有限公司企业年金计划"},
            {"计划类型": "集合计划", "计划号": "P0290", "客户名称": None},
        ),
        tmp_path,
    )
    assert out.counters["names_derived_from_plan_name"] == 1
    assert out.counters["null_customer_names_by_plan_type"] == {"集合计划": 1}


def test_identical_rows_and_unknown_columns(tmp_path: Path) -> None:
    header = [*HEADER, "收入金额", "id", "备注"]
    out = run_rows("annuity_income", rows_of({"收入金额": 5, "id": 1, "备注": "x"}, header=header), tmp_path)
    assert len(out.valid) == 1
    assert any("收入金额" in w for w in out.warnings)
    assert not any("备注" in w or w.endswith(" id") for w in out.warnings)
