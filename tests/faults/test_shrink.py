"""Shrink guard of the monthly fact domains: a workbook with fewer than 50% of the rows
stored for the period is refused (both counts in the message, nothing changed) unless
--allow-shrink; exactly 50% is not a shrink."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.months import preload, small_month
from support.tables import content, count

ETL = ("etl", "--domains", "annuity_performance,annuity_income", "--period", "202411", "--execute")


def _errors(stdout: str) -> dict[str, str]:
    found = [line.split(": error: ", 1) for line in stdout.splitlines() if ": error: " in line]
    return {domain: message for domain, message in found}


@pytest.mark.slow
def test_shrink_guard_refuses_a_truncated_month_unless_allowed(
    cli, warehouse: str, data_root: Path, tmp_path: Path
) -> None:
    small_month(data_root, "202411", seed=1, perf_rows=100, income_rows=60)
    preload(warehouse, data_root, tmp_path / "var", "202411", ["annuity_performance", "annuity_income"])
    stored = {d: content(warehouse, d) for d in ("annuity_performance", "annuity_income")}

    small_month(data_root, "202411", seed=2, perf_rows=49, income_rows=29)
    refused = cli(*ETL)
    assert refused.code == 1, refused.stdout + refused.stderr
    assert "Traceback" not in refused.stderr
    errors = _errors(refused.stdout)
    assert set(errors) == {"annuity_performance", "annuity_income"}
    for domain, (new, old) in {"annuity_performance": (49, 100), "annuity_income": (29, 60)}.items():
        assert f"{new} valid rows" in errors[domain] and f"the {old} rows stored" in errors[domain]
        assert "--allow-shrink" in errors[domain]
        assert content(warehouse, domain) == stored[domain]

    small_month(data_root, "202411", seed=3, perf_rows=50, income_rows=30)
    assert cli(*ETL).code == 0
    assert (count(warehouse, "annuity_performance"), count(warehouse, "annuity_income")) == (50, 30)

    small_month(data_root, "202411", seed=4, perf_rows=24, income_rows=14)
    assert cli(*ETL).code == 1
    allowed = cli(*ETL, "--allow-shrink")
    assert allowed.code == 0, allowed.stdout + allowed.stderr
    assert (count(warehouse, "annuity_performance"), count(warehouse, "annuity_income")) == (24, 14)
