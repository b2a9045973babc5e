"""Issue 15 point 8: a database URL is shown masked everywhere (output, --json, the run
ledger, errors), also when the password is a query parameter or holds an unencoded ``@``."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from support.months import small_month
from support.processes import InProcess
from support.warehouse import ledger
from work_data_hub.core.load.database import mask_url, redact

SECRET = "pw-SECRET-789"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"postgresql://u:{SECRET}@db.example:5432/wh", "postgresql://u:***@db.example:5432/wh"),
        (f"postgresql://u@db.example/wh?password={SECRET}&sslmode=require",
         "postgresql://u@db.example/wh?password=***&sslmode=require"),
        (f"postgresql://u:p@ss@{SECRET}@db.example/wh", "postgresql://u:***@db.example/wh"),
        (f"postgresql://u:{SECRET}@x/y@db.example/wh", "postgresql://u:***@db.example/wh"),
        (f"postgresql://u:a@db.example/wh?sslpassword={SECRET}", "postgresql://u:***@db.example/wh?sslpassword=***"),
        (f"postgresql://u@db.example/wh?password=a@{SECRET}", "postgresql://u@db.example/wh?password=***"),
    ],
)  # fmt: skip
def test_15_8_mask_url_hides_every_form_of_password(url: str, shown: str) -> None:
    assert mask_url(url) == shown
    assert SECRET not in redact(f"connection to {url} failed", url)


@pytest.fixture
def run(cli, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> InProcess:
    return InProcess(cli, monkeypatch, capsys)


def test_15_8_url_masked_in_output_json_ledger_and_errors(
    run: InProcess, backend: str, warehouse_url: str, data_root: Path
) -> None:
    small_month(data_root, "202411", seed=4)
    unreachable = [
        f"postgresql://postgres@127.0.0.1:1/nowhere?password={SECRET}",
        f"postgresql://postgres:p@ss@{SECRET}@127.0.0.1:1/nowhere",
    ]
    etl = (
        "etl",
        "--domains",
        "annual_award,annual_loss,annuity_performance,annuity_income",
        "--period",
        "202411",
        "--execute",
    )
    results = {u: run(*etl, "--database-url", u) for u in unreachable}
    for result in results.values():
        assert result.code == 2
        assert result.stderr.startswith("error: database unreachable: postgresql://postgres")
        assert "@127.0.0.1:1/nowhere" in result.stderr  # the host is the real one, not the password's tail
    if backend == "postgres":
        # Trust authentication ignores the password, so these URLs reach the test database.
        base = make_url(warehouse_url).set(drivername="postgresql")
        as_param = base.update_query_dict({"password": SECRET}).render_as_string(hide_password=False)
        with_at = base.render_as_string(hide_password=False).replace("postgres@", f"postgres:p@ss@{SECRET}@", 1)
        for url in (as_param, with_at):
            env = {"WDH_DATABASE_URL": url}
            results[f"upgrade {url}"] = upgrade = run("db", "upgrade", extra_env=env)
            assert upgrade.code == 0, upgrade.stderr
            four = "annual_award,annual_loss,annuity_performance,annuity_income"
            results[f"etl {url}"] = etl = run(
                "etl", "--domains", four, "--period", "202411", "--execute", "--json", extra_env=env
            )
            assert etl.code == 0, etl.stderr
            assert etl.json["database"] == mask_url(url) and "***" in etl.json["database"]
            results[f"runs {url}"] = run("runs", "--json", extra_env=env)
            results[f"current {url}"] = run("db", "current", extra_env=env)
        assert [r for r in ledger(warehouse_url) if SECRET in repr(r)] == []
        assert {r["status"] for r in ledger(warehouse_url)} == {"ok"}
    leaks = {name: r.stdout + r.stderr for name, r in results.items() if SECRET in r.stdout + r.stderr}
    assert leaks == {}
