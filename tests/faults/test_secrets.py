"""Secrets never leave the process: with an EQC token and a database password set, neither
appears in stdout, stderr, any file under the var dir (reports, logs, the SQLite warehouse)
or the ledger, whether the runs succeed or fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from support.etl import upgrade
from support.months import small_month
from support.warehouse import ledger
from work_data_hub.core.samples.writer import write_workbook

TOKEN = "tok-SECRET-123"
PASSWORD = "pw-SECRET-456"
SECRETS = (TOKEN, PASSWORD)


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text]


@pytest.fixture
def secret_url(warehouse_url: str, backend: str) -> str:
    """The test warehouse, with a password in its URL on PostgreSQL (trust auth ignores it)."""
    if backend == "sqlite":
        return warehouse_url
    return make_url(warehouse_url).set(drivername="postgresql", password=PASSWORD).render_as_string(hide_password=False)


@pytest.mark.slow
def test_no_secret_in_output_files_or_ledger(
    cli, backend: str, secret_url: str, warehouse_url: str, data_root: Path, tmp_path: Path
) -> None:
    month = small_month(data_root, "202411", seed=3)
    # A dirty row so rejected-row reports are written and checked too.
    december = month.path("annuity_performance").name.replace("11月", "12月")
    write_workbook(
        data_root / "202412" / "收集数据" / "数据采集" / "V1" / december,
        {"规模明细": [["月度", "业务类型", "计划类型", "计划代码", "客户名称", "期末资产规模", "机构代码"],
                  ["202412", "企年投资", "单一计划", "P0001", "某公司", "not a number", "G05"]]},
    )  # fmt: skip
    upgrade(warehouse_url)
    env = {"WDH_DATABASE_URL": secret_url, "WDH_EQC_TOKEN": TOKEN, "WDH_EQC_BASE_URL": "http://127.0.0.1:9"}
    unreachable = f"postgresql://postgres:{PASSWORD}@127.0.0.1:1/nowhere"

    results = {
        "etl ok": cli(
            "etl",
            "--domains",
            "annual_award,annual_loss,annuity_performance,annuity_income",
            "--period",
            "202411",
            "--execute",
            "-v",
            extra_env=env,
        ),
        "etl failing": cli(
            "etl",
            "--domains",
            "annual_award,annual_loss,annuity_performance,annuity_income",
            "--period",
            "202412",
            "--execute",
            "--json",
            "-vv",
            extra_env=env,
        ),
        "runs": cli("runs", extra_env=env),
        "runs json": cli("runs", "--json", "--limit", "50", extra_env=env),
        "discover": cli("discover", "--period", "202411", "-v", extra_env=env),
        "unreachable": cli(
            "etl",
            "--domains",
            "annual_award,annual_loss,annuity_performance,annuity_income",
            "--period",
            "202411",
            "--execute",
            "--database-url",
            unreachable,
        ),
    }

    assert results["etl ok"].code == 0, results["etl ok"].stdout + results["etl ok"].stderr
    assert results["etl failing"].code == 1
    assert results["unreachable"].code == 2
    assert "postgres:***@127.0.0.1:1/nowhere" in results["unreachable"].stderr
    if backend == "postgres":
        # The runs did use the URL with the password: it is shown masked.
        assert ":***@" in results["etl failing"].json["database"]
    leaks = {name: _leaks(r.stdout + r.stderr) for name, r in results.items()}
    assert {name: found for name, found in leaks.items() if found} == {}

    files = [p for p in (tmp_path / "var").rglob("*") if p.is_file()]
    assert any(p.suffix == ".csv" for p in files), "a rejected-rows report was expected"
    leaking_files = {str(p): _leaks(p.read_bytes().decode("utf-8", "replace")) for p in files}
    assert {path: found for path, found in leaking_files.items() if found} == {}

    rows = ledger(warehouse_url)
    assert {r["status"] for r in rows} == {"ok", "failed"}
    assert [r for r in rows if _leaks(repr(r))] == []
