"""The database refuses a write in the middle of an --all-domains batch (a trigger raises on
insert into the last domain's table): that domain fails with one line and changes nothing,
the domains loaded before it stay loaded, and the exit code is 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from support.months import small_month
from support.tables import count
from support.warehouse import execute, is_sqlite, ledger

REFUSAL = "refused by the fault test"


def refuse_inserts(url: str) -> None:
    """A trigger that raises on every insert into business.收入明细 (annuity_income)."""
    if is_sqlite(url):
        execute(
            url,
            f"CREATE TRIGGER refuse_income BEFORE INSERT ON \"收入明细\" BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
        )
        return
    execute(
        url,
        "CREATE FUNCTION wdh.refuse_insert() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$",
        'CREATE TRIGGER refuse_income BEFORE INSERT ON business."收入明细" '
        "FOR EACH ROW EXECUTE FUNCTION wdh.refuse_insert()",
    )


@pytest.mark.slow
def test_a_refused_write_fails_only_that_domain(cli, warehouse: str, data_root: Path) -> None:
    small_month(data_root, "202411", seed=5)
    refuse_inserts(warehouse)

    result = cli(
        "etl",
        "--domains",
        "annual_award,annual_loss,annuity_performance,annuity_income",
        "--period",
        "202411",
        "--execute",
    )

    assert result.code == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert len(errors) == 1, errors
    assert errors[0].startswith("annuity_income: error: ")
    assert "refused the write" in errors[0] and REFUSAL in errors[0]

    # Registry order puts the ledgers and annuity_performance before annuity_income.
    assert count(warehouse, "annual_award") == 10
    assert count(warehouse, "annual_loss") == 10
    assert count(warehouse, "annuity_performance") == 100
    assert count(warehouse, "annuity_income") == 0
    statuses = {r["domain"]: (r["status"], r["rows_inserted"]) for r in ledger(warehouse)}
    assert statuses == {
        "annual_award": ("ok", 10),
        "annual_loss": ("ok", 10),
        "annuity_performance": ("ok", 100),
        "annuity_income": ("failed", 0),
    }
