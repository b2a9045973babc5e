"""amounts stored exactly on SQLite: every amount column (the domains', the reference
data's, the customer master's balances) becomes decimal text there, each value written
at its column's scale (NUMERIC affinity keeps 15 significant digits). PostgreSQL keeps
NUMERIC(p, s) and is not touched.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 14:40:00
"""

from __future__ import annotations

import re

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

# Table → its amount columns (name, precision, scale) at this revision.
AMOUNTS: dict[str, list[tuple[str, int, int]]] = {
    "中标客户明细": [("计划规模", 18, 4), ("年缴规模", 18, 4)],
    "企康缴费": [("缴费金额", 18, 4), ("考核业绩", 18, 4)],
    "企康缴费_健": [
        ("初始委托资金金额", 18, 4),
        ("初始管理费金额", 18, 4),
        ("合计金额", 18, 4),
        ("管理费率", 18, 6),
        ("中介费率", 18, 6),
        ("净管理费金额_不含中介费", 18, 4),
        ("净管理费率", 18, 6),
    ],
    "企康缴费_养": [("缴费金额", 18, 4), ("初始管理费", 18, 4), ("经办服务费", 18, 4)],
    "减值计提": [("期末余额", 18, 4)],
    "历史浮费": [("浮动金额", 18, 4), ("已计提浮动金额", 18, 4)],
    "团养中标": [("预估中标规模", 18, 4), ("实际费率", 18, 6), ("到账金额", 18, 4)],
    "团养缴费": [("企业应缴金额", 18, 4), ("个人应缴金额", 18, 4), ("应缴金额合计", 18, 4), ("到账金额", 18, 4)],
    "客户业务月度快照": [("aum_balance", 20, 2)],
    "客户明细": [
        ("最新受托规模", 18, 4),
        ("最新投管规模", 18, 4),
        ("年缴费规模", 18, 4),
        ("外部受托规模", 18, 4),
        ("上报受托规模", 18, 4),
        ("上报投管规模", 18, 4),
    ],
    "客户计划月度快照": [("aum_balance", 20, 2)],
    "年金费率统计": [("资产规模", 18, 4), ("合同费率", 18, 6)],
    "手工调整": [
        ("期初资产规模", 18, 4),
        ("期末资产规模", 18, 4),
        ("供款", 18, 4),
        ("流失_含待遇支付", 18, 4),
        ("流失", 18, 4),
        ("待遇支付", 18, 4),
        ("投资收益", 18, 4),
        ("当期收益率", 18, 6),
    ],
    "提费扩面": [("已客提费扩面供款", 18, 4), ("新客供款", 18, 4), ("新客固费费率", 18, 6)],
    "收入明细": [("固费", 18, 4), ("浮费", 18, 4), ("回补", 18, 4), ("税", 18, 4)],
    "流失客户明细": [("计划规模", 18, 4), ("年缴规模", 18, 4)],
    "组合业绩": [
        ("本月以来业绩", 18, 6),
        ("本月以来基准", 18, 6),
        ("本月以来相对表现", 18, 6),
        ("YTD业绩", 18, 6),
        ("YTD基准", 18, 6),
        ("YTD相对表现", 18, 6),
        ("成立以来业绩", 18, 6),
        ("成立以来基准", 18, 6),
        ("成立以来相对表现", 18, 6),
        ("权益仓位", 18, 6),
        ("YTD剔除浮动管理费", 18, 6),
        ("规模", 18, 4),
    ],
    "续签客户清单": [("计划规模", 18, 4), ("年缴规模", 18, 4)],
    "考核收入明细": [("指标达成", 18, 4)],
    "考核收入预算": [("指标预算", 18, 4)],
    "规模明细": [
        ("期初资产规模", 18, 4),
        ("期末资产规模", 18, 4),
        ("供款", 18, 4),
        ("流失_含待遇支付", 18, 4),
        ("流失", 18, 4),
        ("待遇支付", 18, 4),
        ("投资收益", 18, 4),
        ("当期收益率", 10, 6),
    ],
    "计划层规模": [("下限", 18, 4), ("上限", 18, 4)],
    "风准金余额表": [("风准金结转余额", 18, 4), ("结转金额", 18, 4)],
}


def _retype(to_text: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    # The views over these tables name them, not the copies: a rename must not check them
    # while the table is briefly gone (the copy takes the same name back).
    op.execute("PRAGMA legacy_alter_table = ON")
    for table, columns in AMOUNTS.items():
        _rebuild(table, columns, to_text)
    op.execute("PRAGMA legacy_alter_table = OFF")


def _rebuild(table: str, columns: list[tuple[str, int, int]], to_text: bool) -> None:
    """SQLite's own recipe for a column type change (create the new table, copy, drop,
    rename, re-create the indexes), on the table's stored CREATE statement: Alembic's
    batch mode does the same after reflecting every table, at four times the cost, which
    every new warehouse would pay."""
    conn = op.get_bind()
    ddl = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar()
    if ddl is None:
        return
    indexes = [
        r[0]
        for r in conn.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)
        )
    ]
    for name, precision, scale in columns:
        old, new = (f"NUMERIC({precision}, {scale})", "TEXT") if to_text else ("TEXT", f"NUMERIC({precision}, {scale})")
        pattern = rf'(?m)^(\s*)("{re.escape(name)}"|{re.escape(name)}) {re.escape(old)}(?=[ ,\n])'
        ddl, found = re.subn(pattern, rf"\g<1>\g<2> {new}", ddl)
        if found != 1:
            raise RuntimeError(f"{table}.{name}: declared as {old} expected in {ddl!r}")
    copy = f"_wdh_new_{table}"
    head = re.match(r'CREATE TABLE (?:"[^"]+"|\S+)', ddl)
    if head is None:
        raise RuntimeError(f"{table}: unexpected CREATE statement {ddl!r}")
    conn.exec_driver_sql(f'CREATE TABLE "{copy}"' + ddl[head.end() :])
    conn.exec_driver_sql(f'INSERT INTO "{copy}" SELECT * FROM "{table}"')
    conn.exec_driver_sql(f'DROP TABLE "{table}"')
    conn.exec_driver_sql(f'ALTER TABLE "{copy}" RENAME TO "{table}"')
    for index in indexes:
        conn.exec_driver_sql(index)
    if to_text:
        # printf() of NULL is 0.0000: NULLs stay NULL.
        fixed = ", ".join(
            f'"{name}" = CASE WHEN "{name}" IS NULL THEN NULL ELSE printf(\'%.{scale}f\', "{name}") END'
            for name, _p, scale in columns
        )
        conn.exec_driver_sql(f'UPDATE "{table}" SET {fixed}')


def upgrade() -> None:
    _retype(to_text=True)


def downgrade() -> None:
    _retype(to_text=False)
