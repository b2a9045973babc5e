"""The month checks compare a month with the previous one in the warehouse and warn when
the row count or the monitored measure moves more than the limit, or too many rows were
rejected."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest

from support.orchestration import EXAMPLES, resources
from support.samples import annuity_month
from support.warehouse import scalar
from work_data_hub.core.period import Period
from work_data_hub.orchestration.checks import change_percent
from work_data_hub.orchestration.partitions import previous

KEY = dg.AssetKey(["warehouse", "annuity_performance"])


def run(
    defs: dg.Definitions, url: str, data_root: Path, month: str, **limits: float
) -> dict[str, dg.AssetCheckEvaluation]:
    assets = [a for a in defs.assets or () if isinstance(a, dg.AssetsDefinition) and a.key == KEY]
    checks = [c for c in defs.asset_checks or () if any(k.asset_key == KEY for k in c.check_keys)]
    result = dg.materialize([*assets, *checks], partition_key=month, resources=resources(url, data_root, **limits))
    assert result.success  # the checks warn; they never fail the run
    return {e.check_name: e for e in result.get_asset_check_evaluations()}


@pytest.fixture
def two_months(tmp_path: Path, data_root: Path) -> Path:
    """202411 from the examples (1000 rows, 5 rejected) and a much smaller 202412."""
    shutil.copytree(EXAMPLES / "202411", data_root / "202411")
    annuity_month(data_root, "202412", perf_rows=600, income_rows=300, seed=5, ledger_rows=None)
    return data_root


@pytest.mark.slow
def test_a_month_that_moves_too_much_is_flagged(
    defs: dg.Definitions, core_env: Path, tmp_path: Path, two_months: Path
) -> None:
    url = f"sqlite:///{(tmp_path / 'w.sqlite').as_posix()}"
    run(defs, url, two_months, "202411")
    checks = run(defs, url, two_months, "202412")

    rows = {
        m: scalar(url, 'SELECT COUNT(*) FROM "规模明细" WHERE "月度" = :m', m=m) for m in ("2024-11-01", "2024-12-01")
    }
    sums = {
        m: scalar(url, 'SELECT SUM("期末资产规模") FROM "规模明细" WHERE "月度" = :m', m=m)
        for m in ("2024-11-01", "2024-12-01")
    }
    assert rows == {"2024-11-01": 995, "2024-12-01": 595}

    count = checks["row_count_change"]
    assert not count.passed and count.severity == dg.AssetCheckSeverity.WARN
    assert count.metadata["previous"].value == 995 and count.metadata["current"].value == 595
    assert count.description == "row count moved -40.2% from 2024-11 (over the 30% limit)"

    measure = checks["measure_change"]
    expected = (sums["2024-12-01"] - sums["2024-11-01"]) * 100 / abs(sums["2024-11-01"])
    assert measure.metadata["change_percent"].value == pytest.approx(expected)
    assert measure.passed == (abs(expected) <= 30)

    rejected = checks["rejected_ratio"]  # 5 of 600 rows: 0.83 %
    assert not rejected.passed
    assert rejected.metadata["rows_rejected"].value == 5 and rejected.metadata["rows_read"].value == 600

    # The same month again with the limits a launchpad run may set.
    relaxed = run(defs, url, two_months, "202412", max_change_percent=50.0, max_rejected_percent=1.0)
    assert relaxed["row_count_change"].passed
    assert relaxed["rejected_ratio"].passed


def test_previous_month_and_change() -> None:
    assert previous(Period(2025, 1)) == Period(2024, 12)
    assert previous(Period(2024, 11)) == Period(2024, 10)
    assert change_percent(200.0, 150.0) == -25.0
    assert change_percent(-200.0, -100.0) == 50.0
    assert change_percent(0.0, 10.0) is None


def _next_month(rows: list[list[object]], period: str, bump: float = 0.0) -> list[list[object]]:
    """The same portfolios a month later, opening at last month's close (+ ``bump`` on the
    first data row)."""
    header = rows[0]
    opening, closing, month = header.index("期初资产规模"), header.index("期末资产规模"), header.index("月度")
    out = [list(header)]
    for i, r in enumerate(rows[1:]):
        nxt = list(r)
        nxt[month], nxt[opening] = int(period), round(float(r[closing]) + (bump if i == 0 else 0.0), 2)  # type: ignore[arg-type]
        out.append(nxt)
    return out


@pytest.mark.slow
def test_the_reconciliation_check_compares_opening_with_the_previous_close(
    defs: dg.Definitions, core_env: Path, tmp_path: Path, data_root: Path
) -> None:
    from support.workbooks import clean_rows, place

    october = clean_rows("202410", n=6, seed=4)
    place(data_root, "202410", october)
    place(data_root, "202411", _next_month(october, "202411"))
    place(data_root, "202412", _next_month(_next_month(october, "202411"), "202412", bump=250.0))
    url = f"sqlite:///{(tmp_path / 'w.sqlite').as_posix()}"

    first = run(defs, url, data_root, "202410")["reconciliation"]
    assert first.passed and first.metadata["status"].value == "no previous month"
    agreed = run(defs, url, data_root, "202411")["reconciliation"]
    assert agreed.passed and agreed.metadata["status"].value == "ok"
    assert agreed.metadata["keys_differing"].value == 0
    assert run(defs, url, data_root, "202411")["reconciliation"].passed  # again: the same
    differs = run(defs, url, data_root, "202412")["reconciliation"]
    assert not differs.passed and differs.severity == dg.AssetCheckSeverity.WARN
    assert differs.metadata["keys_differing"].value == 1
    business = str(october[1][october[0].index("业务类型")])
    assert differs.metadata["totals_differing"].value == {business: 250.0}
    assert "totals differ for " + business in (differs.description or "")
