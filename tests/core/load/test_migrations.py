"""Alembic builds exactly the tables of the specification, on SQLite and PostgreSQL.

The expected tables are written out here from the spec (annuity_performance.md §7 for
business.规模明细; issue 2 §6 and enrichment.md for the ledger wdh.etl_run) rather than derived from the
code under test."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from support.warehouse import sqlite_file
from work_data_hub.core.load import autogen, database, migrate

pytestmark = pytest.mark.new_warehouse  # the migrations themselves are the subject

# (column, type, nullable) in table order.
SPEC_AP = [
    ("计划代码", "VARCHAR(50)", False),
    ("company_id", "VARCHAR(50)", True),
    ("月度", "DATE", False),
    ("业务类型", "VARCHAR(50)", False),
    ("计划类型", "VARCHAR(50)", True),
    ("计划名称", "VARCHAR(255)", True),
    ("组合代码", "VARCHAR(50)", True),
    ("客户名称", "VARCHAR(255)", True),
    ("期初资产规模", "NUMERIC(18,4)", True),
    ("期末资产规模", "NUMERIC(18,4)", True),
    ("供款", "NUMERIC(18,4)", True),
    ("流失_含待遇支付", "NUMERIC(18,4)", True),
    ("流失", "NUMERIC(18,4)", True),
    ("待遇支付", "NUMERIC(18,4)", True),
    ("机构代码", "VARCHAR(10)", False),
    ("机构名称", "VARCHAR(100)", True),
    ("产品线代码", "VARCHAR(20)", True),
    ("年金账户号", "VARCHAR(50)", True),
    ("年金账户名", "VARCHAR(255)", True),
    ("子企业号", "VARCHAR(50)", True),
    ("子企业名称", "VARCHAR(255)", True),
    ("集团企业客户号", "VARCHAR(50)", True),
    ("集团企业客户名称", "VARCHAR(255)", True),
    ("组合类型", "VARCHAR(100)", True),
    ("组合名称", "VARCHAR(255)", True),
    ("投资收益", "NUMERIC(18,4)", True),
    ("当期收益率", "NUMERIC(10,6)", True),
    ("id", "INTEGER", False),
    ("created_at", "TIMESTAMP", False),
    ("updated_at", "TIMESTAMP", False),
]
SPEC_AP_INDEXES = {
    ("月度",),
    ("月度", "业务类型", "计划类型"),
    ("计划代码",),
    ("company_id",),
    ("机构代码",),
    ("产品线代码",),
    ("年金账户号",),
}

SPEC_LEDGER = [
    ("id", "INTEGER", False),
    ("run_id", "VARCHAR(40)", False),
    ("period", "VARCHAR(6)", False),
    ("domain", "VARCHAR(64)", False),
    ("mode", "VARCHAR(20)", False),
    ("file", "TEXT", True),
    ("version", "VARCHAR(20)", True),
    ("sha256", "VARCHAR(64)", True),
    ("rows_read", "INTEGER", True),
    ("rows_blank", "INTEGER", True),
    ("rows_rejected", "INTEGER", True),
    ("rows_deleted", "INTEGER", True),
    ("rows_inserted", "INTEGER", True),
    ("status", "VARCHAR(20)", False),
    ("error", "TEXT", True),
    ("started_at", "TIMESTAMP", False),
    ("seconds", "FLOAT", True),
    # enrichment.md §3: the temporary-id salt's fingerprint, never the salt.
    ("salt_fingerprint", "VARCHAR(8)", True),
    # issue 20: the run record of each domain run (JSON as text).
    ("file_size", "BIGINT", True),
    ("file_mtime", "TIMESTAMP", True),
    ("sheets", "TEXT", True),
    ("warnings", "TEXT", True),
    ("counters", "TEXT", True),
    ("rejected_file", "TEXT", True),
    ("code_version", "VARCHAR(40)", True),
    ("unchanged_since", "VARCHAR(40)", True),
]
# issue 20: one row per run; status is a plain column a later run may set (incomplete).
SPEC_RUN_RECORD = [
    ("id", "INTEGER", False),
    ("run_id", "VARCHAR(40)", False),
    ("status", "VARCHAR(20)", False),
    ("started_at", "TIMESTAMP", False),
    ("finished_at", "TIMESTAMP", True),
    ("periods", "TEXT", False),
    ("domains", "TEXT", False),
    ("options", "TEXT", True),
    ("code_version", "VARCHAR(40)", True),
    ("report_file", "TEXT", True),
]
SPEC_LEDGER_INDEXES = {("period", "domain"), ("run_id",)}

_SAME_TYPE = {"DATETIME": "TIMESTAMP", "TIMESTAMPWITHOUTTIMEZONE": "TIMESTAMP", "DOUBLEPRECISION": "FLOAT"}


def _type(column: dict, engine: Engine) -> str:  # type: ignore[type-arg]
    text = column["type"].compile(dialect=engine.dialect).replace(" ", "").upper()
    return _SAME_TYPE.get(text, text)


@pytest.fixture
def upgraded(warehouse_url: str) -> Engine:
    path = sqlite_file(warehouse_url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = database.create_warehouse_engine(warehouse_url)
    before, after = migrate.upgrade(engine)
    assert before == set() and after == migrate.head_revisions()
    yield engine  # type: ignore[misc]
    engine.dispose()


@pytest.mark.parametrize(
    ("schema", "table", "columns", "indexes"),
    [
        ("business", "规模明细", SPEC_AP, SPEC_AP_INDEXES),
        ("wdh", "etl_run", SPEC_LEDGER, SPEC_LEDGER_INDEXES),
    ],
)
def test_table_matches_spec(
    upgraded: Engine,
    backend: str,
    schema: str,
    table: str,
    columns: list[tuple[str, str, bool]],
    indexes: set[tuple[str, ...]],
) -> None:
    inspector = sa.inspect(upgraded)
    where = schema if backend == "postgres" else None
    assert inspector.has_table(table, schema=where)
    found = inspector.get_columns(table, schema=where)
    if backend != "postgres":  # SQLite keeps amounts as decimal text (migration 0015)
        columns = [(n, "TEXT" if t.startswith("NUMERIC") else t, null) for n, t, null in columns]
    assert [(c["name"], _type(c, upgraded), c["nullable"]) for c in found] == columns
    assert inspector.get_pk_constraint(table, schema=where)["constrained_columns"] == ["id"]
    assert {tuple(i["column_names"]) for i in inspector.get_indexes(table, schema=where)} == indexes
    assert not any(i["unique"] for i in inspector.get_indexes(table, schema=where))


def test_run_record_table_matches_spec(upgraded: Engine, backend: str) -> None:
    inspector = sa.inspect(upgraded)
    where = "wdh" if backend == "postgres" else None
    found = inspector.get_columns("run_record", schema=where)
    assert [(c["name"], _type(c, upgraded), c["nullable"]) for c in found] == SPEC_RUN_RECORD
    indexes = inspector.get_indexes("run_record", schema=where)
    assert [(tuple(i["column_names"]), bool(i["unique"])) for i in indexes] == [(("run_id",), True)]


def test_branch_code_defaults_to_g00(upgraded: Engine, backend: str) -> None:
    where = "business" if backend == "postgres" else None
    column = {c["name"]: c for c in sa.inspect(upgraded).get_columns("规模明细", schema=where)}["机构代码"]
    assert "G00" in str(column["default"])


def test_postgres_schemas_exist(upgraded: Engine, backend: str) -> None:
    names = set(sa.inspect(upgraded).get_schema_names())
    if backend == "postgres":
        assert {"business", "customer", "mapping", "enterprise", "wdh"} <= names
        assert sa.inspect(upgraded).has_table("alembic_version", schema="wdh")
    else:
        assert sa.inspect(upgraded).has_table("alembic_version")


def test_migrated_database_matches_every_declaration(upgraded: Engine) -> None:
    """What `alembic check` does, for every table of every registered domain and every
    platform table: types, lengths, nullability, server defaults and indexes."""
    assert autogen.differences(upgraded) == []


def test_the_comparison_sees_drift(upgraded: Engine, backend: str) -> None:
    """A migration that built a column differently from its declaration is caught."""
    table = '"规模明细"' if backend == "sqlite" else '"business"."规模明细"'
    index = '"ix_规模明细_2"' if backend == "sqlite" else '"business"."ix_规模明细_2"'
    with upgraded.begin() as conn:
        conn.execute(sa.text(f"DROP INDEX {index}"))
        conn.execute(sa.text(f'ALTER TABLE {table} ADD COLUMN "多余" INTEGER'))
    found = autogen.differences(upgraded)
    assert any(line.startswith("add_index: ix_规模明细_2") for line in found), found
    assert any(line.startswith("remove_column:") and line.endswith("规模明细.多余") for line in found), found


def test_declarations_need_no_new_migration() -> None:
    """Autogenerate against a database at head writes nothing: every declared table is
    already built by the committed migrations."""
    assert autogen.new_revision("nothing to do") is None


def test_upgrade_is_idempotent_and_downgrade_removes_the_tables(upgraded: Engine, backend: str) -> None:
    before, after = migrate.upgrade(upgraded)
    assert before == after == migrate.head_revisions()
    migrate.downgrade(upgraded, "base")
    where = "business" if backend == "postgres" else None
    assert not sa.inspect(upgraded).has_table("规模明细", schema=where)
    migrate.upgrade(upgraded)
    assert sa.inspect(upgraded).has_table("规模明细", schema=where)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_warehouse_is_one_file(upgraded: Engine, backend: str, warehouse_url: str) -> None:
    path = sqlite_file(warehouse_url)
    assert isinstance(path, Path) and path.is_file()
    assert sa.inspect(upgraded).get_schema_names() == ["main"]


def test_the_quick_head_check_agrees_with_alembic() -> None:
    """`etl --execute` checks the revision from the migration files without importing
    Alembic; that reading must give Alembic's own heads."""
    from work_data_hub.core.load import migrate

    assert migrate.script_heads() == migrate.head_revisions()


def test_0015_turns_stored_sqlite_amounts_into_text_at_their_scale(tmp_path: Path) -> None:
    """A warehouse loaded before 0015 keeps its rows: each amount becomes its decimal text
    at the column's scale, NULL stays NULL; the downgrade gives numbers back."""
    engine = database.create_warehouse_engine(f"sqlite:///{tmp_path / 'old.sqlite'}")
    migrate.upgrade(engine, "0014")
    columns = ", ".join(f'"{c}"' for c in ("计划代码", "月度", "业务类型", "期末资产规模", "供款", "当期收益率"))
    with engine.begin() as conn:
        conn.exec_driver_sql(
            f'INSERT INTO "规模明细" ({columns}, created_at, updated_at) '
            "VALUES ('P0001', '2024-11-01', '企年受托', 12.5, NULL, 0.05, '2024-12-01', '2024-12-01')"
        )
    migrate.upgrade(engine)
    with engine.connect() as conn:
        row = conn.exec_driver_sql(
            'SELECT "期末资产规模", typeof("期末资产规模"), "供款", "当期收益率" FROM "规模明细"'
        ).one()
    assert tuple(row) == ("12.5000", "text", None, "0.050000")
    migrate.upgrade(engine)  # idempotent
    from alembic import command

    cfg = migrate.config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0014")
        conn.commit()
    with engine.connect() as conn:
        back = conn.exec_driver_sql('SELECT "期末资产规模", typeof("期末资产规模") FROM "规模明细"').one()
    engine.dispose()
    assert tuple(back) == (12.5, "real")
