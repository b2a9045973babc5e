"""The run summary of annuity_performance (spec §9) in ``etl --json`` and in the plain
output, on the generator's dirty 规模明细: every counter present, each equal to what the
generator put into the sheet, and warnings written for people (no Python reprs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.samples import MIN_DIRTY_ROWS_AP, write_annuity_workbook
from support.workbooks import place

AP = ("etl", "--domains", "annuity_performance", "--period", "202411", "--max-rejected", "100%")

# §9 counters that live in the domain's `counters` (rows read, blank, repeated header,
# rejected, deleted and loaded are fields of the domain run itself).
SECTION_9 = {
    "rejected_by_reason",
    "duplicate_rows",
    "unmapped_branch_names",
    "unknown_branch_codes",
    "unknown_business_types",
    "unknown_plan_types",
    "plan_codes_corrected",
    "plan_codes_defaulted",
    "portfolio_codes_f_stripped",
    "portfolio_codes_defaulted",
    "yields_read_as_percent",
    "yields_out_of_range",
    "yields_unparseable",
    "dropped_columns",
    "enrichment",  # company_id by resolver tier, temporary ids, live lookups
    "reference_rows_added",
}


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("dirty") / "dirty.xlsx"
    return write_annuity_workbook(path, "202411", perf_rows=MIN_DIRTY_ROWS_AP, income_rows=None, seed=11, dirty=True)


def test_counters_in_etl_json(cli, data_root: Path, dirty) -> None:  # type: ignore[no-untyped-def]
    place(data_root, "202411", dirty.path)
    result = cli(*AP, "--json")
    assert result.code == 0, result.stdout + result.stderr
    run = result.json["domains"][0]
    kinds = dirty.dirty_kinds

    assert (run["rows_read"], run["rows_blank"], run["rows_repeated_header"]) == (
        dirty.rows_read,
        dirty.rows_blank,
        dirty.rows_repeated_header,
    )
    assert (run["rows_rejected"], run["rows_inserted"], run["rows_deleted"]) == (5, dirty.rows_inserted, 0)

    c = run["counters"]
    assert set(c) >= SECTION_9
    assert c["rejected_by_reason"] == dirty.rejected
    assert c["duplicate_rows"] == kinds["row:duplicate"] == 1
    assert c["unmapped_branch_names"] == {"火星": 1}
    assert c["unknown_branch_codes"] == {"G99": 1}
    assert c["unknown_business_types"] == {"新业务": 1}
    assert c["plan_codes_corrected"] == kinds["计划代码:1P0290"] + kinds["计划代码:1p0290"]
    assert c["plan_codes_defaulted"] == {"AN001": 1, "AN002": 1}
    f_kinds = ("组合代码:FQTAN001", "组合代码:fqtan002", "组合代码:F_digits", "组合代码:F_only")
    assert c["portfolio_codes_f_stripped"] == sum(kinds[k] for k in f_kinds)
    assert set(c["portfolio_codes_defaulted"]) <= {"QTAN001", "QTAN002", "QTAN003"}
    assert (c["yields_read_as_percent"], c["yields_out_of_range"], c["yields_unparseable"]) == (1, 1, 1)
    assert c["dropped_columns"] == ["备用"]
    assert c["blank_customer_names"] == kinds["客户名称:空白"]
    assert c["enrichment"]["tiers"]

    warnings = run["warnings"]
    assert "unmapped branch names (机构代码 G00): 火星 (1 row)" in warnings
    assert "unknown branch codes (机构代码 G00): G99 (1 row)" in warnings
    assert "unknown 业务类型 (产品线代码 NULL): 新业务 (1 row)" in warnings
    assert "dropped columns: 备用" in warnings
    assert not [w for w in warnings if "{" in w or "}" in w]


def test_plain_output_shows_the_warnings(cli, data_root: Path, dirty) -> None:  # type: ignore[no-untyped-def]
    place(data_root, "202411", dirty.path)
    result = cli(*AP)
    assert result.code == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "annuity_performance: warning: unmapped branch names (机构代码 G00): 火星 (1 row)" in lines
    assert any(
        line.startswith("annuity_performance: warning: 当期收益率 unparseable in 1 rows (rows ") for line in lines
    )
