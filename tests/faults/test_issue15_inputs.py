"""Issue 15, bad input is one line, never "internal error": settings, periods, domains,
reserved headers, an in-memory warehouse (15.13) and period ranges (15.14)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from support.etl import upgrade
from support.months import small_month
from support.warehouse import ap_counts, ledger
from support.workbooks import clean_rows, place

ETL = ("etl", "--domains", "annuity_performance", "--period", "202411")


def _one_error(result, says: str) -> None:  # type: ignore[no-untyped-def]
    output = result.stdout + result.stderr
    assert result.code == 2, output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and says in errors[0], output
    assert "internal error" not in output and "Traceback" not in output and "pydantic" not in output


@pytest.mark.new_warehouse
@pytest.mark.parametrize(
    ("args", "env", "says"),
    [
        (("--lock-timeout", "-1"), {}, "lock_timeout (--lock-timeout or WDH_LOCK_TIMEOUT)"),
        (("--lock-timeout", "nan"), {}, "lock_timeout (--lock-timeout or WDH_LOCK_TIMEOUT)"),
        ((), {"WDH_LOCK_TIMEOUT": "abc"}, "lock_timeout (--lock-timeout or WDH_LOCK_TIMEOUT)"),
        (("--period", "190001"), {}, "year 1900 is outside 2000–2099"),
        (("--period", "210001"), {}, "year 2100 is outside 2000–2099"),
        (("--domains", ""), {}, "--domains names no domain"),
        (("--domains", " , "), {}, "--domains names no domain"),
        (("--execute", "--database-url", "sqlite://"), {}, "in-memory SQLite database"),
    ],
)
def test_15_13_bad_arguments_are_exit_2_with_one_line(
    cli, warehouse_url: str, data_root: Path, tmp_path: Path, args: tuple[str, ...], env: dict[str, str], says: str
) -> None:
    small_month(data_root, "202411", seed=1, perf_rows=10, income_rows=10)
    result = cli(*ETL, *args, extra_env=env)
    _one_error(result, says)
    assert not (tmp_path / "var" / "warehouse.sqlite").exists()


@pytest.mark.parametrize("header", ["__row__", "__plan_key"])
def test_15_13_header_colliding_with_an_internal_column_is_one_line(
    cli, warehouse: str, data_root: Path, header: str
) -> None:
    rows = clean_rows("202411", 10, seed=1)
    rows = [[*rows[0], header], *[[*r, "x"] for r in rows[1:]]]
    place(data_root, "202411", rows)

    result = cli(*ETL, "--execute")

    output = result.stdout + result.stderr
    assert result.code == 1, output
    errors = [ln for ln in result.stdout.splitlines() if ln.startswith("annuity_performance: error: ")]
    assert len(errors) == 1 and header in errors[0] and "rename the column" in errors[0], output
    assert "internal error" not in output
    assert ap_counts(warehouse) == {}


def test_15_13_full_disk_names_the_file_and_the_ledger_row_is_written(
    cli, warehouse: str, data_root: Path, tmp_path: Path
) -> None:
    rows = clean_rows("202411", 10, seed=1)
    rows[3][rows[0].index("期末资产规模")] = "abc"
    place(data_root, "202411", rows)
    full = tmp_path / "full"
    full.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(full)], capture_output=True).returncode:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        with pytest.raises(OSError):  # fills the disk: what fits stays
            (full / "filler").write_bytes(b"\0" * (1 << 20))
        result = cli(*ETL, "--execute", "--max-rejected", "100%", extra_env={"WDH_VAR_DIR": str(full)})
    finally:
        subprocess.run(["umount", "-l", str(full)], check=False)

    output = result.stdout + result.stderr
    assert result.code == 1, output
    errors = [ln for ln in result.stdout.splitlines() if ln.startswith("annuity_performance: error: ")]
    assert len(errors) == 1, output
    assert "cannot write the " in errors[0] and f"{full}/rejected/" in errors[0] and ".csv" in errors[0]
    assert "No space left on device" in errors[0] and "internal error" not in output
    assert [r["status"] for r in ledger(warehouse)] == ["failed"]
    assert ap_counts(warehouse) == {}


def test_15_14_a_range_runs_only_months_with_a_folder(cli, warehouse_url: str, data_root: Path) -> None:
    small_month(data_root, "202410", seed=1, perf_rows=10, income_rows=10)
    small_month(data_root, "202501", seed=2, perf_rows=10, income_rows=10)
    upgrade(warehouse_url)

    result = cli("etl", "--domains", "annuity_performance", "--period", "202410..202502", "--execute")

    assert result.code == 0, result.stdout + result.stderr
    notes = [ln for ln in result.stdout.splitlines() if ln.startswith("no period folder")]
    assert notes == ["no period folder, not run: 202411, 202412, 202502"], result.stdout
    assert ap_counts(warehouse_url) == {"2024-10-01": 10, "2025-01-01": 10}
    assert [r["period"] for r in ledger(warehouse_url)] == ["202410", "202501"]


def test_15_14_a_range_over_120_months_is_refused(cli, warehouse_url: str, data_root: Path, tmp_path: Path) -> None:
    small_month(data_root, "202411", seed=1, perf_rows=10, income_rows=10)
    _one_error(cli("etl", "--domains", "annuity_performance", "--period", "201001..202012"), "spans 132 months")
    assert cli("etl", "--domains", "annuity_performance", "--period", "201501..202412").code == 0
