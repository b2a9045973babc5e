"""Supplement workbooks (spec annuity_income §1, annuity_performance §1.6) through the CLI,
on SQLite and PostgreSQL: never picked by an ordinary run, `--supplement groups` replaces
only the (业务类型, 计划类型) groups the supplement holds (NULL matching NULL), `append`
inserts and counts rows that already existed, and a later ordinary run warns."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from support import warehouse as wh
from support.domain_rows import INCOME_NAME, count, income_row, income_rows_of, place_workbook, stored
from support.etl import upgrade

INCOME = ("business", "收入明细")
SUPPLEMENT = INCOME_NAME.removesuffix(".xlsx") + "-补充企年投资收入.xlsx"
RUN = ("etl", "--domains", "annuity_income", "--period", "202411", "--execute", "--json")


def month_rows() -> list[dict[str, Any]]:
    groups = [
        ("企年投资", "单一计划", 3),
        ("企年投资", "集合计划", 2),
        ("企年投资", None, 2),
        ("企年受托", "单一计划", 4),
        ("企年受托", None, 1),
    ]
    rows: list[dict[str, Any]] = []
    for business_type, plan_type, n in groups:
        for _ in range(n):
            # A blank 计划类型 keeps its keyed code: it loads with 计划类型 NULL.
            rows.append(income_row(len(rows), 业务类型=business_type, 计划类型=plan_type))
    return rows


def supplement_rows() -> list[dict[str, Any]]:
    return [
        income_row(100, 业务类型="企年投资", 计划类型="单一计划", 固费=1),
        income_row(101, 业务类型="企年投资", 计划类型="单一计划", 固费=2),
        income_row(102, 业务类型="企年投资", 计划类型=None, 固费=3),
    ]


def groups(url: str) -> dict[tuple[str, str | None], int]:
    out: dict[tuple[str, str | None], int] = {}
    for business_type, plan_type in stored(url, *INCOME, ["业务类型", "计划类型"]):
        out[(business_type, plan_type)] = out.get((business_type, plan_type), 0) + 1
    return out


@pytest.fixture
def month(cli, backend: str, warehouse_url: str, data_root: Path) -> Path:  # type: ignore[no-untyped-def]
    """202411 loaded from V2 by an ordinary run; the supplement waits in V3."""
    if backend == "postgres":
        upgrade(warehouse_url)
    place_workbook(data_root, "202411", {"收入明细": income_rows_of(*month_rows())}, version="V2")
    supplement = place_workbook(
        data_root, "202411", {"收入明细": income_rows_of(*supplement_rows())}, version="V3", name=SUPPLEMENT
    )
    result = cli(*RUN)
    assert result.code == 0, result.stdout + result.stderr
    run = result.json["domains"][0]
    assert run["version"] == "V2" and run["rows_inserted"] == 12
    # Ordinary runs never pick a supplement, and say it is there.
    rel = supplement.relative_to(data_root).as_posix()
    assert run["supplements"] == [rel]
    assert f"{rel}: supplement — not loaded; load it with --supplement groups|append" in run["warnings"]
    return supplement


def test_file_naming_a_supplement_without_the_mode_fails(cli, month: Path, warehouse_url: str) -> None:  # type: ignore[no-untyped-def]
    before = stored(warehouse_url, *INCOME, ["计划代码", "固费"])
    result = cli(*RUN, "--file", str(month))
    assert result.code == 1
    assert (
        "is a supplement workbook: pass --supplement groups or --supplement append"
        in result.json["domains"][0]["error"]
    )
    assert stored(warehouse_url, *INCOME, ["计划代码", "固费"]) == before


def test_groups_replaces_only_the_groups_of_the_supplement(cli, month: Path, warehouse_url: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(*RUN, "--supplement", "groups", "--file", str(month))
    assert result.code == 0, result.stdout + result.stderr
    run = result.json["domains"][0]
    # (企年投资, 单一计划) 3 and (企年投资, NULL) 2 go; nothing else does. No shrink guard here.
    assert (run["rows_deleted"], run["rows_inserted"]) == (5, 3)
    assert groups(warehouse_url) == {
        ("企年投资", "单一计划"): 2,
        ("企年投资", "集合计划"): 2,
        ("企年投资", None): 1,
        ("企年受托", "单一计划"): 4,
        ("企年受托", None): 1,
    }
    fees = stored(
        warehouse_url, *INCOME, ["固费"], where="WHERE \"业务类型\" = '企年投资' AND \"计划类型\" = '单一计划'"
    )
    assert fees == [(1.0,), (2.0,)]
    modes = [(r["domain"], r["mode"], r["status"]) for r in wh.ledger(warehouse_url)]
    assert modes[-1] == ("annuity_income", "supplement-groups", "ok")

    # A later ordinary run replaces the whole period, supplement rows included, and warns.
    again = cli(*RUN)
    assert again.code == 0, again.stdout + again.stderr
    warnings = again.json["domains"][0]["warnings"]
    assert any(
        w.startswith("period 202411 had a supplement load (run ") and "this run replaces it" in w for w in warnings
    ), warnings
    assert count(warehouse_url, *INCOME) == 12
    # Once replaced, the next ordinary run has nothing to warn about.
    third = cli(*RUN)
    assert not any("had a supplement load" in w for w in third.json["domains"][0]["warnings"])


def test_groups_found_by_discovery_among_supplements_only(cli, month: Path, warehouse_url: str) -> None:  # type: ignore[no-untyped-def]
    result = cli(*RUN, "--supplement", "groups")
    assert result.code == 0, result.stdout + result.stderr
    run = result.json["domains"][0]
    assert run["file"].endswith(SUPPLEMENT) and (run["rows_deleted"], run["rows_inserted"]) == (5, 3)


def test_append_inserts_and_counts_rows_that_already_existed(cli, month: Path, warehouse_url: str) -> None:  # type: ignore[no-untyped-def]
    first = cli(*RUN, "--supplement", "append", "--file", str(month))
    assert first.code == 0, first.stdout + first.stderr
    run = first.json["domains"][0]
    assert (run["rows_deleted"], run["rows_inserted"]) == (0, 3)
    assert run["counters"]["appended_rows_already_existing"] == 0
    assert count(warehouse_url, *INCOME) == 15

    second = cli(*RUN, "--supplement", "append", "--file", str(month), "--force")
    run = second.json["domains"][0]
    assert second.code == 0 and run["rows_inserted"] == 3
    assert run["counters"]["appended_rows_already_existing"] == 3
    assert count(warehouse_url, *INCOME) == 18
    assert wh.ledger(warehouse_url)[-1]["mode"] == "supplement-append"


def test_supplement_mode_does_not_apply_to_the_ledgers(cli, backend: str, warehouse_url: str) -> None:  # type: ignore[no-untyped-def]
    result = cli("etl", "--domains", "annual_award", "--period", "202411", "--supplement", "groups")
    assert result.code == 2
    assert "annual_award has no supplement workbooks" in result.stdout + result.stderr


def test_15_5_appending_the_same_file_twice_is_refused_unless_forced(cli, month: Path, warehouse_url: str) -> None:  # type: ignore[no-untyped-def]
    text_run = tuple(a for a in RUN if a != "--json")
    assert cli(*text_run, "--supplement", "append", "--file", str(month)).code == 0
    assert count(warehouse_url, *INCOME) == 15
    ledger_rows = len(wh.ledger(warehouse_url))

    for execute in (False, True):
        args = text_run if execute else tuple(a for a in text_run if a != "--execute")
        again = cli(*args, "--supplement", "append", "--file", str(month))
        assert again.code == 1, again.stdout + again.stderr
        [error] = [ln for ln in again.stdout.splitlines() if ln.startswith("annuity_income: error: ")]
        assert "was already appended to 2024-11" in error and "same SHA-256" in error, error
        assert "would duplicate 3 rows" in error and "--force" in error, error
        assert count(warehouse_url, *INCOME) == 15

    forced = cli(*text_run, "--supplement", "append", "--file", str(month), "--force")
    assert forced.code == 0, forced.stdout + forced.stderr
    assert count(warehouse_url, *INCOME) == 18
    assert [r["status"] for r in wh.ledger(warehouse_url)[ledger_rows:]] == ["failed", "ok"]
