"""Reference tables (mapping.产品线, mapping.组织架构, mapping.年金计划, mapping.组合计划,
customer.客户明细) and their seeds from the committed mapping files.

The seed reads config/mappings/*.yml itself instead of importing the application's
mapping loader: a migration must keep working when that code changes later. It inserts
missing keys only, so an operator's edits to a seeded row survive a re-run.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from alembic import context, op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The checkout's config/ folder: .../packages/core/src/work_data_hub/core/load/migrations/versions/
_REPO_CONFIG = Path(__file__).resolve().parents[8] / "config"


def _pg() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _schema(name: str) -> str | None:
    return name if _pg() else None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
        sa.Column("updated_at", sa.DateTime, nullable=False, server_default=sa.func.now()),
    ]


def _money(name: str) -> sa.Column:
    return sa.Column(name, sa.Numeric(18, 4))


def _config_dir() -> Path:
    given = context.config.attributes.get("config_dir") or os.environ.get("WDH_CONFIG_DIR")
    if given:
        return Path(given)
    local = Path("config")
    if (local / "mappings" / "product_lines.yml").is_file():
        return local
    return _REPO_CONFIG


def _mapping_file(config_dir: Path, name: str) -> dict[str, Any]:
    path = config_dir / "mappings" / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RuntimeError(f"{path}: cannot read the seed of the reference tables: {exc}") from None
    if not isinstance(data, dict):
        raise RuntimeError(f"{path}: must be a mapping")
    return data


def _section(config_dir: Path, name: str, key: str) -> dict[str, str]:
    value = _mapping_file(config_dir, name).get(key)
    if not isinstance(value, dict):
        raise RuntimeError(f"{name}: {key}: missing or not a mapping")
    return {str(k): str(v) for k, v in value.items()}


def _seed_rows(config_dir: Path) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """Reference table → (key column, rows): M1, the M4 organisation rows, and the M5 and M7
    placeholder codes (every other column stays NULL until the business supplies it)."""
    product_lines = _section(config_dir, "product_lines.yml", "产品线")
    branches = _section(config_dir, "branches.yml", "组织架构")
    plans = _section(config_dir, "plans.yml", "默认计划代码")
    rules = _mapping_file(config_dir, "portfolios.yml").get("默认组合代码") or []
    portfolio_codes = list(dict.fromkeys(str(r["组合代码"]) for r in rules))
    return {
        "产品线": ("产品线代码", [{"产品线代码": code, "产品线": name} for name, code in product_lines.items()]),
        "组织架构": ("机构代码", [{"机构代码": code, "机构": name} for code, name in branches.items()]),
        "年金计划": ("年金计划号", [{"年金计划号": code, "计划类型": kind} for kind, code in plans.items()]),
        "组合计划": ("组合代码", [{"组合代码": code} for code in portfolio_codes]),
    }


def _seed(bind: sa.Connection, config_dir: Path) -> None:
    pg = bind.dialect.name == "postgresql"
    for table_name, (key, rows) in _seed_rows(config_dir).items():
        columns = {c for row in rows for c in row} | ({"id"} if table_name == "年金计划" else set())
        table = sa.table(table_name, *(sa.column(c) for c in sorted(columns)), schema="mapping" if pg else None)
        existing = {r[0] for r in bind.execute(sa.select(table.c[key]))}
        missing = [row for row in rows if row[key] not in existing]
        if table_name == "年金计划" and not pg and missing:
            # SQLite cannot generate the surrogate id of a non-key column.
            start = bind.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one()
            missing = [{**row, "id": start + i} for i, row in enumerate(missing, start=1)]
        if missing:
            bind.execute(sa.insert(table), missing)


def upgrade() -> None:
    mapping, customer = _schema("mapping"), _schema("customer")
    op.create_table(
        "产品线",
        sa.Column("产品线代码", sa.String(20), primary_key=True),
        sa.Column("产品线", sa.String(50), nullable=False),
        sa.Column("产品类别", sa.String(50)),
        sa.Column("业务大类", sa.String(50)),
        sa.Column("NO_产品线", sa.Integer),
        schema=mapping,
    )
    op.create_table(
        "组织架构",
        sa.Column("机构代码", sa.String(10), primary_key=True),
        sa.Column("机构", sa.String(50), nullable=False),
        sa.Column("年金中心", sa.String(50)),
        sa.Column("战区", sa.String(50)),
        sa.Column("NO_机构", sa.Integer),
        sa.Column("新架构", sa.String(50)),
        sa.Column("行政域", sa.String(50)),
        schema=mapping,
    )
    identity = (sa.Identity(),) if _pg() else ()
    op.create_table(
        "年金计划",
        sa.Column("id", sa.Integer, *identity, nullable=False),
        sa.Column("年金计划号", sa.String(50), primary_key=True),
        sa.Column("计划简称", sa.String(100)),
        sa.Column("计划全称", sa.String(255)),
        sa.Column("主拓代码", sa.String(10)),
        sa.Column("计划类型", sa.String(20)),
        sa.Column("客户名称", sa.String(255)),
        sa.Column("company_id", sa.String(50)),
        sa.Column("管理资格", sa.String(100)),
        sa.Column("计划状态", sa.String(20)),
        sa.Column("主拓机构", sa.String(50)),
        sa.Column("组合数", sa.Integer),
        sa.Column("是否统括", sa.Integer),
        sa.Column("备注", sa.Text),
        *_stamps(),
        sa.UniqueConstraint("id", name="uq_年金计划_id"),
        schema=mapping,
    )
    op.create_table(
        "组合计划",
        sa.Column("组合代码", sa.String(50), primary_key=True),
        sa.Column("年金计划号", sa.String(50)),
        sa.Column("组合名称", sa.String(255)),
        sa.Column("组合简称", sa.String(100)),
        sa.Column("组合状态", sa.String(20)),
        sa.Column("运作开始日", sa.Date),
        sa.Column("组合类型", sa.String(50)),
        sa.Column("子分类", sa.String(50)),
        sa.Column("受托人", sa.String(100)),
        sa.Column("是否存款组合", sa.Integer),
        sa.Column("是否外部组合", sa.Integer),
        sa.Column("是否PK组合", sa.Integer),
        sa.Column("投资管理人", sa.String(100)),
        sa.Column("受托管理人", sa.String(100)),
        sa.Column("投资组合代码", sa.String(50)),
        sa.Column("投资组合名称", sa.String(255)),
        sa.Column("备注", sa.Text),
        *_stamps(),
        schema=mapping,
    )
    op.create_index("ix_组合计划_年金计划号", "组合计划", ["年金计划号"], schema=mapping)
    op.create_table(
        "客户明细",
        sa.Column("company_id", sa.String(50), primary_key=True),
        sa.Column("客户名称", sa.String(255)),
        sa.Column("年金客户类型", sa.String(20)),
        sa.Column("年金计划类型", sa.String(50)),
        sa.Column("关键年金计划", sa.String(50)),
        sa.Column("主拓机构代码", sa.String(10)),
        sa.Column("主拓机构", sa.String(50)),
        sa.Column("其他年金计划", sa.Text),
        sa.Column("客户简称", sa.String(100)),
        _money("最新受托规模"),
        _money("最新投管规模"),
        sa.Column("管理资格", sa.String(100)),
        sa.Column("规模区间", sa.String(50)),
        sa.Column("计划层规模", sa.String(50)),
        _money("年缴费规模"),
        _money("外部受托规模"),
        _money("上报受托规模"),
        _money("上报投管规模"),
        sa.Column("关联机构数", sa.Integer),
        sa.Column("其他开拓机构", sa.Text),
        sa.Column("tags", JSONB() if _pg() else sa.JSON(), nullable=False, server_default="[]"),
        sa.Column("计划状态", sa.String(20)),
        sa.Column("关联计划数", sa.Integer),
        sa.Column("备注", sa.Text),
        *_stamps(),
        schema=customer,
    )
    if _pg():
        op.create_index("ix_客户明细_tags", "客户明细", ["tags"], schema=customer, postgresql_using="gin")
    _seed(op.get_bind(), _config_dir())


def downgrade() -> None:
    op.drop_table("客户明细", schema=_schema("customer"))
    for table in ("组合计划", "年金计划", "组织架构", "产品线"):
        op.drop_table(table, schema=_schema("mapping"))
