"""Looking into a warehouse from a test: row counts, content fingerprints, ledger rows.

Opened with plain SQLAlchemy (not the platform's engine helpers) so a test sees the
database as any other client would."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, make_url

# Business columns of business.规模明细 (spec annuity_performance §7), in table order.
AP_COLUMNS = (
    "计划代码", "company_id", "月度", "业务类型", "计划类型", "计划名称", "组合代码", "客户名称",
    "期初资产规模", "期末资产规模", "供款", "流失_含待遇支付", "流失", "待遇支付", "机构代码", "机构名称",
    "产品线代码", "年金账户号", "年金账户名", "子企业号", "子企业名称", "集团企业客户号", "集团企业客户名称",
    "组合类型", "组合名称", "投资收益", "当期收益率",
)  # fmt: skip


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_file(url: str) -> Path | None:
    return Path(make_url(url).database or "") if is_sqlite(url) else None


def qualified(url: str, schema: str, table: str) -> str:
    return f'"{table}"' if is_sqlite(url) else f'"{schema}"."{table}"'


def ap_table(url: str) -> str:
    return qualified(url, "business", "规模明细")


def ledger_table(url: str) -> str:
    return qualified(url, "wdh", "etl_run")


@contextmanager
def connect(url: str) -> Iterator[Connection]:
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def rows(url: str, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    with connect(url) as conn:
        return [tuple(r) for r in conn.execute(sa.text(sql), params)]


def scalar(url: str, sql: str, **params: Any) -> Any:
    with connect(url) as conn:
        return conn.execute(sa.text(sql), params).scalar()


def execute(url: str, *statements: str) -> None:
    with connect(url) as conn:
        for statement in statements:
            conn.execute(sa.text(statement))
        conn.commit()


def table_exists(url: str, schema: str, table: str) -> bool:
    if is_sqlite(url):
        path = sqlite_file(url)
        if path is None or not path.is_file():
            return False
    with connect(url) as conn:
        return sa.inspect(conn).has_table(table, schema=None if is_sqlite(url) else schema)


def month_key(url: str) -> str:
    """SQL for 月度 as 'YYYY-MM-DD' text on both backends."""
    return '"月度"' if is_sqlite(url) else "to_char(\"月度\", 'YYYY-MM-DD')"


def ap_counts(url: str) -> dict[str, int]:
    """Stored 规模明细 rows per 月度 ('YYYY-MM-DD' → count); empty without the table."""
    if not table_exists(url, "business", "规模明细"):
        return {}
    key = month_key(url)
    found = rows(url, f"SELECT {key}, COUNT(*) FROM {ap_table(url)} GROUP BY {key}")
    return {str(k): int(n) for k, n in found}


def ap_content(url: str, month: str | None = None) -> list[tuple[str, ...]]:
    """Business columns of the stored rows (optionally one month, 'YYYY-MM-DD'), as sorted
    text tuples: equal lists mean identical content apart from the technical columns."""
    if not table_exists(url, "business", "规模明细"):
        return []
    columns = ", ".join(f'"{c}"' for c in AP_COLUMNS)
    where = f" WHERE {month_key(url)} = :m" if month else ""
    found = rows(url, f"SELECT {columns} FROM {ap_table(url)}{where}", m=month)
    return sorted(tuple("" if v is None else str(v) for v in r) for r in found)


def fingerprint(url: str) -> tuple[int, str]:
    """Row count and a checksum of every stored 规模明细 row's business columns."""
    content = ap_content(url)
    digest = hashlib.sha256(repr(content).encode("utf-8")).hexdigest()
    return len(content), digest


# Post-load steps (derived data) write ledger rows of their own under these names.
STEP_NAMES = ("customer_mdm",)


def ledger(url: str, *, steps: bool = False) -> list[dict[str, Any]]:
    """Ledger rows of domain runs (``steps``: also the post-load steps'), oldest first;
    empty without the table."""
    if not table_exists(url, "wdh", "etl_run"):
        return []
    with connect(url) as conn:
        result = conn.execute(sa.text(f"SELECT * FROM {ledger_table(url)} ORDER BY id"))
        rows = [dict(r._mapping) for r in result]
    return rows if steps else [r for r in rows if r["domain"] not in STEP_NAMES]
