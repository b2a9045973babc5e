"""Migration 0005 builds the reference tables of reference-data.md §1 on SQLite and
PostgreSQL and seeds them from the committed mapping files (M1, M4, M5, M7); the seed is
idempotent and never overwrites an operator's edit."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.engine import Engine

from support.warehouse import qualified, rows, scalar, sqlite_file
from work_data_hub.core.load import database, migrate
from work_data_hub.core.reference import tables

REPO = Path(__file__).resolve().parents[3]
MIGRATION = REPO / "packages/core/src/work_data_hub/core/load/migrations/versions/0005_reference.py"

# (column, nullable) in table order, from reference-data.md §1 (NO_* names are this build's choice).
SPEC_COLUMNS = {
    ("mapping", "产品线"): [
        ("产品线代码", False), ("产品线", False), ("产品类别", True), ("业务大类", True), ("NO_产品线", True),
    ],
    ("mapping", "组织架构"): [
        ("机构代码", False), ("机构", False), ("年金中心", True), ("战区", True), ("NO_机构", True), ("新架构", True),
        ("行政域", True),
    ],
    ("mapping", "年金计划"): [
        ("id", False), ("年金计划号", False), ("计划简称", True), ("计划全称", True), ("主拓代码", True),
        ("计划类型", True), ("客户名称", True), ("company_id", True), ("管理资格", True), ("计划状态", True),
        ("主拓机构", True), ("组合数", True), ("是否统括", True), ("备注", True), ("created_at", False),
        ("updated_at", False),
    ],
    ("mapping", "组合计划"): [
        ("组合代码", False), ("年金计划号", True), ("组合名称", True), ("组合简称", True), ("组合状态", True),
        ("运作开始日", True), ("组合类型", True), ("子分类", True), ("受托人", True), ("是否存款组合", True),
        ("是否外部组合", True), ("是否PK组合", True), ("投资管理人", True), ("受托管理人", True),
        ("投资组合代码", True), ("投资组合名称", True), ("备注", True), ("created_at", False), ("updated_at", False),
    ],
    ("customer", "客户明细"): [
        ("company_id", False), ("客户名称", True), ("年金客户类型", True), ("年金计划类型", True),
        ("关键年金计划", True), ("主拓机构代码", True), ("主拓机构", True), ("其他年金计划", True), ("客户简称", True),
        ("最新受托规模", True), ("最新投管规模", True), ("管理资格", True),
        ("规模区间", True), ("计划层规模", True), ("年缴费规模", True),
        ("外部受托规模", True), ("上报受托规模", True), ("上报投管规模", True), ("关联机构数", True),
        ("其他开拓机构", True), ("tags", False), ("计划状态", True), ("关联计划数", True), ("备注", True),
        ("created_at", False), ("updated_at", False),
    ],
}  # fmt: skip
KEYS = {
    "产品线": "产品线代码",
    "组织架构": "机构代码",
    "年金计划": "年金计划号",
    "组合计划": "组合代码",
    "客户明细": "company_id",
}
M1 = {
    "PL201": "企年投资", "PL202": "企年受托", "PL203": "职年投资", "PL204": "职年受托", "PL205": "自有险资",
    "PL206": "直投", "PL207": "三方", "PL208": "团养", "PL209": "企康", "PL210": "企业年金", "PL211": "职业年金",
    "PL301": "其他",
}  # fmt: skip


def _engine(url: str) -> Engine:
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return database.create_warehouse_engine(url)


@pytest.fixture
def upgraded(warehouse_url: str) -> Iterator[Engine]:
    engine = _engine(warehouse_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


def where(backend: str, schema: str) -> str | None:
    return schema if backend == "postgres" else None


@pytest.mark.parametrize(("schema", "table"), list(SPEC_COLUMNS))
def test_table_matches_spec(upgraded: Engine, backend: str, schema: str, table: str) -> None:
    inspector = sa.inspect(upgraded)
    found = inspector.get_columns(table, schema=where(backend, schema))
    assert [(c["name"], c["nullable"]) for c in found] == SPEC_COLUMNS[(schema, table)]
    assert inspector.get_pk_constraint(table, schema=where(backend, schema))["constrained_columns"] == [KEYS[table]]


def test_plan_id_is_unique_and_tags_default_to_an_empty_array(upgraded: Engine, backend: str) -> None:
    inspector = sa.inspect(upgraded)
    uniques = inspector.get_unique_constraints("年金计划", schema=where(backend, "mapping"))
    assert [u["column_names"] for u in uniques] == [["id"]]
    tags = {c["name"]: c for c in inspector.get_columns("客户明细", schema=where(backend, "customer"))}["tags"]
    assert "[]" in str(tags["default"])
    if backend == "postgres":
        assert "JSONB" in str(tags["type"]).upper()
        indexes = inspector.get_indexes("客户明细", schema="customer")
        assert any(
            i["column_names"] == ["tags"] and i.get("dialect_options", {}).get("postgresql_using") == "gin"
            for i in indexes
        )


def test_seed_rows(upgraded: Engine, warehouse_url: str) -> None:
    url = warehouse_url
    product_lines = dict(rows(url, f"SELECT 产品线代码, 产品线 FROM {qualified(url, 'mapping', '产品线')}"))
    assert product_lines == M1
    branches = dict(rows(url, f"SELECT 机构代码, 机构 FROM {qualified(url, 'mapping', '组织架构')}"))
    assert len(branches) == 38
    assert sorted(branches) == [f"G{i:02d}" for i in range(38)]
    assert (branches["G00"], branches["G05"], branches["G31"], branches["G37"]) == ("总部", "深圳", "内蒙古", "北总")
    assert not {"深圳分公司", "广州", "内蒙", "战略", "中国", "济南", "北京其他", "北分"} & set(branches.values())
    plans = rows(
        url,
        f"SELECT 年金计划号, 计划类型, 计划全称, company_id FROM {qualified(url, 'mapping', '年金计划')} ORDER BY 1",
    )
    assert plans == [("AN001", "集合计划", None, None), ("AN002", "单一计划", None, None)]
    portfolios = rows(url, f"SELECT 组合代码, 年金计划号 FROM {qualified(url, 'mapping', '组合计划')} ORDER BY 1")
    assert portfolios == [("QTAN001", None), ("QTAN002", None), ("QTAN003", None)]
    assert scalar(url, f"SELECT COUNT(*) FROM {qualified(url, 'customer', '客户明细')}") == 0


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wdh_migration_0005", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _reseed(engine: Engine) -> None:
    """Run the migration's seed step again on an upgraded warehouse."""
    with engine.begin() as conn:
        _migration()._seed(conn, REPO / "config")


def test_seed_is_idempotent_and_keeps_operator_edits(upgraded: Engine, warehouse_url: str) -> None:
    url = warehouse_url
    pl = qualified(url, "mapping", "产品线")
    with upgraded.begin() as conn:
        conn.execute(
            sa.text(
                f"UPDATE {qualified(url, 'mapping', '组织架构')} "
                "SET 机构 = '北京分公司', 战区 = '华北' WHERE 机构代码 = 'G01'"
            )
        )
        conn.execute(sa.text(f"DELETE FROM {pl} WHERE 产品线代码 = 'PL205'"))
    _reseed(upgraded)
    assert scalar(url, f"SELECT COUNT(*) FROM {pl}") == 12
    assert scalar(url, f"SELECT 产品线 FROM {pl} WHERE 产品线代码 = 'PL205'") == "自有险资"
    g01 = rows(url, f"SELECT 机构, 战区 FROM {qualified(url, 'mapping', '组织架构')} WHERE 机构代码 = 'G01'")
    assert g01 == [("北京分公司", "华北")]
    assert scalar(url, f"SELECT COUNT(*) FROM {qualified(url, 'mapping', '年金计划')}") == 2


@pytest.mark.new_warehouse
def test_seed_reads_the_configured_mapping_files(
    warehouse_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The seed follows the files (WDH_CONFIG_DIR), so editing them changes the seed."""
    config = tmp_path / "config"
    shutil.copytree(REPO / "config", config)
    product_lines = config / "mappings" / "product_lines.yml"
    text = product_lines.read_text(encoding="utf-8").replace("  其他: PL301\n", "  其他: PL301\n  养老金: PL302\n")
    product_lines.write_text(text, encoding="utf-8")
    monkeypatch.setenv("WDH_CONFIG_DIR", str(config))
    engine = _engine(warehouse_url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    found = rows(
        warehouse_url, f"SELECT 产品线 FROM {qualified(warehouse_url, 'mapping', '产品线')} WHERE 产品线代码 = 'PL302'"
    )
    assert found == [("养老金",)]
    assert scalar(warehouse_url, f"SELECT COUNT(*) FROM {qualified(warehouse_url, 'mapping', '产品线')}") == 13


def test_core_tables_agree_with_the_migration(upgraded: Engine, backend: str) -> None:
    pg = backend == "postgres"
    target = sa.MetaData()
    for t in tables.BY_LABEL.values():
        t.to_metadata(target, schema=t.schema if pg else None)
    wanted = {t.name for t in tables.BY_LABEL.values()}
    with upgraded.connect() as conn:
        ctx = MigrationContext.configure(
            conn,
            opts={
                "include_schemas": pg,
                "compare_type": True,
                "include_name": lambda name, kind, _parent: kind != "table" or name in wanted,
            },
        )
        diffs = [d for d in compare_metadata(ctx, target) if not str(d[0]).endswith("_index")]
    assert diffs == []


def test_downgrade_removes_the_reference_tables(upgraded: Engine, backend: str) -> None:
    migrate.downgrade(upgraded, "0004")
    inspector = sa.inspect(upgraded)
    for schema, table in SPEC_COLUMNS:
        assert not inspector.has_table(table, schema=where(backend, schema))
    assert inspector.has_table("客户年金计划", schema=where(backend, "customer"))  # 0003's table stays
    migrate.upgrade(upgraded)
    assert sa.inspect(upgraded).has_table("客户明细", schema=where(backend, "customer"))
