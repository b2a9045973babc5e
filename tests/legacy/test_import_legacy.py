"""import-legacy end to end: a MariaDB legacy warehouse written by the tests' own
generator, imported into SQLite and PostgreSQL through the domains' own rules."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from legacy.conftest import PERIODS, Importer

from support.legacy import LegacyMonths, LegacyServer
from support.warehouse import connect, qualified

TABLE_DOMAIN = {
    "business.规模明细": ("annuity_performance", "business", "规模明细", "月度", "期末资产规模"),
    "business.收入明细": ("annuity_income", "business", "收入明细", "月度", "固费"),
    "customer.企年受托中标": ("annual_award", "customer", "中标客户明细", "上报月份", "计划规模"),
    "customer.企年投资中标": ("annual_award", "customer", "中标客户明细", "上报月份", "计划规模"),
    "customer.企年受托流失": ("annual_loss", "customer", "流失客户明细", "上报月份", "计划规模"),
    "customer.企年投资流失": ("annual_loss", "customer", "流失客户明细", "上报月份", "计划规模"),
}


def _stored(url: str, schema: str, table: str, month_column: str, measure: str) -> dict[str, tuple[int, Decimal]]:
    with connect(url) as conn:
        rows = conn.execute(
            sa.text(
                f'SELECT "{month_column}", COUNT(*), SUM("{measure}") FROM {qualified(url, schema, table)} GROUP BY 1'
            )
        ).all()
    return {str(m).replace("-", "")[:6]: (n, Decimal(str(s)).quantize(Decimal("0.01"))) for m, n, s in rows}


def _expected(legacy: LegacyMonths, domain: str) -> dict[str, tuple[int, Decimal]]:
    out: dict[str, tuple[int, Decimal]] = {}
    for (table, period), rows in legacy.rows.items():
        if TABLE_DOMAIN[table][0] == domain:
            n, s = out.get(period, (0, Decimal(0)))
            out[period] = (n + rows, s + legacy.sums[(table, period)])
    return {p: (n, s.quantize(Decimal("0.01"))) for p, (n, s) in out.items()}


def _scalar(url: str, sql: str) -> object:
    with connect(url) as conn:
        return conn.execute(sa.text(sql)).scalar_one()


@pytest.mark.slow
def test_execute_loads_every_legacy_month_through_the_domains_rules(
    importer: Importer, legacy: LegacyMonths, legacy_server: LegacyServer, wdh_env: str
) -> None:
    with_ids = legacy_server.query(
        "business", "SELECT 计划代码, 期末资产规模 FROM `规模明细` WHERE company_id IS NOT NULL"
    )
    assert importer.cli("db", "upgrade").code == 0  # as an operator does once for a PostgreSQL warehouse
    before = legacy_server.checksums()
    out = importer("--execute", "--json")

    assert out.code == 0, out.stderr
    assert legacy_server.checksums() == before  # the legacy warehouse is only read
    report = out.json
    assert report["status"] == "ok" and report["dry_run"] is False
    assert {(m["table"], m["period"]) for m in report["months"]} == set(legacy.rows)
    assert all(m["status"] == "imported" for m in report["months"])
    for domain in ("annuity_performance", "annuity_income", "annual_award", "annual_loss"):
        _, schema, table, month_column, measure = next(v for v in TABLE_DOMAIN.values() if v[0] == domain)
        assert _stored(wdh_env, schema, table, month_column, measure) == _expected(legacy, domain), domain
    # The legacy warehouse's company ids are kept; its 受托/投资 become the domain's business types.
    ap = qualified(wdh_env, "business", "规模明细")
    with connect(wdh_env) as conn:
        kept = conn.execute(sa.text(f"SELECT 计划代码, 期末资产规模, company_id FROM {ap}")).all()
    ids = {(plan, Decimal(str(amount)).quantize(Decimal("0.01"))): cid for plan, amount, cid in kept}
    assert with_ids and all(ids[(p, Decimal(a).quantize(Decimal("0.01")))] == "600000001" for p, a in with_ids)
    award = qualified(wdh_env, "customer", "中标客户明细")
    assert (
        _scalar(wdh_env, f"SELECT COUNT(DISTINCT 业务类型) FROM {award} WHERE 业务类型 IN ('企年受托', '企年投资')")
        == 2
    )
    # One ledger row per (domain, month) naming the legacy tables; one verification row per table-month.
    run = qualified(wdh_env, "wdh", "etl_run")
    assert _scalar(wdh_env, f"SELECT COUNT(*) FROM {run} WHERE mode = 'legacy-import'") == 4 * len(PERIODS)
    assert _scalar(wdh_env, f"SELECT file FROM {run} WHERE domain = 'annual_award' AND period = '202410'") == (
        "legacy customer.企年受托中标, legacy customer.企年投资中标"
    )
    record = qualified(wdh_env, "wdh", "legacy_import")
    assert _scalar(
        wdh_env, f"SELECT legacy_sum FROM {record} WHERE legacy_table = 'business.规模明细' AND period = '202411'"
    ) == str(legacy.sums[("business.规模明细", "202411")])
    # The legacy quirks: text months in three spellings all placed; temp ignored; a legacy-only column warned once.
    assert report["ignored_tables"] == {
        "business.temp": "failed legacy inserts (the legacy loader's dump), never imported"
    }
    dropped = [w for w in report["warnings"] if "旧系统批次" in w]
    assert dropped == [
        "business.规模明细: columns annuity_performance does not read, dropped: 产品线代码, 年金账户号, 旧系统批次"
    ]


@pytest.mark.slow
@pytest.mark.new_warehouse
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_dry_run_counts_every_month_and_writes_nothing(
    importer: Importer, legacy: LegacyMonths, tmp_path: Path
) -> None:
    out = importer()

    assert out.code == 0, out.stderr
    assert "dry run, nothing written" in out.stdout
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("202410 business.规模明细"))
    assert line.startswith("202410 business.规模明细 → annuity_performance: would import · legacy 12 rows")
    assert "would load 12" in line and "rejected 0" in line
    assert not (tmp_path / "var").exists()  # no warehouse file, no rejected or unknown-name files


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_rerun_skips_unchanged_months_reimports_a_changed_one_and_force_reimports_all(
    importer: Importer, legacy_server: LegacyServer, wdh_env: str
) -> None:
    kinds = ("--kinds", "收入明细,企年受托中标")
    assert importer("--execute", *kinds).code == 0
    run = qualified(wdh_env, "wdh", "etl_run")

    again = importer("--execute", *kinds, "--json")
    assert again.code == 0
    assert {m["status"] for m in again.json["months"]} == {"unchanged"}
    assert _scalar(wdh_env, f"SELECT COUNT(*) FROM {run}") == 2 * len(PERIODS)  # nothing loaded twice

    legacy_server.execute("business", "UPDATE `收入明细` SET `固费` = `固费` + 1 WHERE `月度` = '2024-10-01' LIMIT 1")
    changed = importer("--execute", *kinds, "--json")
    redone = {(m["table"], m["period"]) for m in changed.json["months"] if m["status"] == "imported"}
    assert redone == {("business.收入明细", "202410")}

    forced = importer("--execute", *kinds, "--force", "--json")
    assert {m["status"] for m in forced.json["months"]} == {"imported"}
    assert (
        _scalar(wdh_env, f"SELECT COUNT(*) FROM {qualified(wdh_env, 'business', '收入明细')}") == 36
    )  # replaced, not doubled


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_rejected_rows_explain_a_difference_and_are_written_as_for_a_workbook(
    importer: Importer, legacy_server: LegacyServer, wdh_env: str
) -> None:
    legacy_server.execute(
        "business",
        "INSERT INTO `规模明细` (`月度`, `业务类型`, `计划类型`, `计划代码`, `客户名称`, `期末资产规模`) "
        "VALUES ('202410', NULL, '单一计划', 'P9999', '某无计划公司', 1000.5)",
    )
    out = importer("--execute", "--kinds", "规模明细", "--json")

    assert out.code == 0, out.stderr
    month = next(m for m in out.json["months"] if m["period"] == "202410")
    assert (month["legacy_rows"], month["rows_loaded"], month["rows_rejected"]) == (13, 12, 1)
    assert month["rejected_sum"] == "1000.5000"
    rejected = Path(month["rejected_file"]).read_text(encoding="utf-8-sig")
    assert "某无计划公司" in rejected and "legacy business.规模明细" in rejected


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_month_the_warehouse_refuses_fails_alone_and_leaves_the_warehouse_as_before(
    importer: Importer, wdh_env: str
) -> None:
    assert importer.cli("db", "upgrade").code == 0
    with connect(wdh_env) as conn:
        conn.execute(
            sa.text(
                'CREATE TRIGGER refuse BEFORE INSERT ON "规模明细" WHEN NEW."月度" = \'2024-10-01\' '
                "BEGIN SELECT RAISE(ABORT, 'disk quota exceeded'); END"
            )
        )
    out = importer("--execute", "--kinds", "annuity_performance")

    assert out.code == 1
    assert "202410 business.规模明细 → annuity_performance: failed" in out.stdout
    assert "the warehouse refused the write, nothing was changed (disk quota exceeded)" in out.stdout
    stored = _stored(wdh_env, "business", "规模明细", "月度", "期末资产规模")
    assert sorted(stored) == ["202409", "202411"]
    record = qualified(wdh_env, "wdh", "legacy_import")
    assert _scalar(wdh_env, f"SELECT COUNT(*) FROM {record} WHERE period = '202410'") == 0


def test_the_legacy_connection_refuses_writes(legacy: LegacyMonths, legacy_server: LegacyServer) -> None:
    from work_data_hub.core.legacy.source import LegacyDatabase

    legacy = LegacyDatabase(legacy_server.url, {"business": legacy_server.name("business")})
    with pytest.raises(sa.exc.DBAPIError, match="READ ONLY"), legacy.engine.begin() as conn:
        conn.execute(sa.text(f"DELETE FROM `{legacy_server.name('business')}`.`temp`"))


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_password_never_shows(importer: Importer) -> None:
    out = importer(source="mysql://root:Sup3rSecret@127.0.0.1:1/")

    assert out.code == 2
    assert "Sup3rSecret" not in out.stdout + out.stderr
    assert out.stderr.startswith("error: legacy warehouse mysql+pymysql://root:***@127.0.0.1:1/ cannot be reached") or (
        out.stderr.startswith("error: legacy warehouse mysql://root:***@127.0.0.1:1/ cannot be reached")
    )


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_kinds_since_and_until_choose_tables_and_months(importer: Importer) -> None:
    out = importer("--kinds", "企年受托中标,annuity_income", "--since", "202410", "--until", "202410", "--json")

    assert out.code == 0, out.stderr
    assert {(m["table"], m["period"]) for m in out.json["months"]} == {
        ("customer.企年受托中标", "202410"),
        ("business.收入明细", "202410"),
    }
    unknown = importer("--kinds", "收入明细x")
    assert (
        unknown.code == 2 and "--kinds: unknown 收入明细x; known: annual_award (customer.企年受托中标" in unknown.stderr
    )


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_month_value_that_names_no_month_is_named_and_left_out(
    importer: Importer, legacy_server: LegacyServer
) -> None:
    legacy_server.execute(
        "business", "INSERT INTO `规模明细` (`月度`, `业务类型`, `计划代码`) VALUES ('24年2月', '企年受托', 'P1')"
    )
    out = importer("--kinds", "规模明细", "--json")

    assert out.code == 0
    assert "business.规模明细: 1 rows whose 月度 '24年2月' names no month: not imported" in out.json["warnings"]
    assert sum(m["legacy_rows"] for m in out.json["months"]) == 36


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_quiet_prints_only_failed_months(importer: Importer) -> None:
    loud, quiet = importer("--kinds", "规模明细"), importer("--kinds", "规模明细", "--quiet")

    assert "202409 business.规模明细" in loud.stdout
    assert quiet.code == 0 and "202409 business.规模明细" not in quiet.stdout


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_database_option_must_name_both_sides(importer: Importer) -> None:
    out = importer("--database", "business")

    assert out.code == 2 and "--database 'business': expected LEGACY=ACTUAL" in out.stderr
