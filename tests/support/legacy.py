"""A legacy MySQL warehouse on the local MariaDB, shaped like the legacy system's tables
(spec legacy-data-kinds.md §4) and filled from the domains' own sample generators, with
the legacy quirks: months as text in several spellings, a ``temp`` table of failed
inserts, a column no domain reads, cleaned names beside the delivered ones.

Each test session's databases carry its own prefix and are the only ones it drops."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import pymysql
import pytest

from work_data_hub.core.domains.annuity_income.sample import income_sheet
from work_data_hub.core.domains.annuity_performance.sample import annuity_sheet
from work_data_hub.core.domains.ledger_samples import LEDGER_SHEETS, ledger_sheets
from work_data_hub.core.samples.declaration import SampleRequest

HOST, PORT, USER = "127.0.0.1", 3306, "root"
LEGACY_DATABASES = ("business", "customer")

MONEY = "DECIMAL(20,4)"
AP_TYPES = {
    "id": "INT AUTO_INCREMENT PRIMARY KEY",
    "月度": "VARCHAR(20)",  # text in the legacy table: '2024-09', '202410', '2024-11-01'
    **{c: "VARCHAR(255)" for c in ("业务类型", "计划类型", "计划代码", "计划名称", "组合类型", "组合代码")},
    **{c: "VARCHAR(255)" for c in ("组合名称", "客户名称")},
    **{c: MONEY for c in ("期初资产规模", "期末资产规模", "供款", "流失(含待遇支付)", "流失", "待遇支付", "投资收益")},
    "当期收益率": "DECIMAL(12,6)",
    **{c: "VARCHAR(255)" for c in ("机构代码", "机构名称", "产品线代码", "年金账户号", "年金账户名", "company_id")},
    "旧系统批次": "VARCHAR(20)",  # a column only the legacy table has
}
INCOME_TYPES = {
    "id": "INT AUTO_INCREMENT PRIMARY KEY",
    "月度": "DATE",
    **{c: "VARCHAR(255)" for c in ("业务类型", "计划类型", "计划号", "计划名称", "组合类型", "组合代码", "组合名称")},
    **{c: "VARCHAR(255)" for c in ("客户名称", "company_id")},
    **{c: MONEY for c in ("固费", "浮费", "回补", "税")},
    **{c: "VARCHAR(255)" for c in ("机构代码", "机构名称", "产品线代码", "年金账户名")},
}
LEDGER_TEXT = ("区域", "年金中心", "机构", "机构代码", "业务类型", "客户全称", "company_id", "受托人", "计划类型")
LEDGER_TYPES = {
    "id": "INT AUTO_INCREMENT PRIMARY KEY",
    **{c: "VARCHAR(255)" for c in LEDGER_TEXT},
    "计划规模": MONEY,
    "年缴规模": MONEY,
    "DATE_COLUMN": "DATE",
    "证明材料": "VARCHAR(255)",
    "上报月份": "DATE",
    "上报人": "VARCHAR(255)",
    "考核有效": "INT",
    "年金计划号": "VARCHAR(255)",
    "客户类型": "VARCHAR(255)",
    "备注": "VARCHAR(255)",
}
# legacy table → (sheet of the ledger sample, 业务类型 as the legacy table wrote it, date column)
LEDGER_TABLES = {
    "企年受托中标": (LEDGER_SHEETS[0], "受托", "中标日期"),
    "企年投资中标": (LEDGER_SHEETS[1], "投资", "中标日期"),
    "企年受托流失": (LEDGER_SHEETS[2], "受托", "流失日期"),
    "企年投资流失": (LEDGER_SHEETS[3], "投资", "流失日期"),
}


def connect(database: str | None = None) -> pymysql.connections.Connection:
    # Without TLS: pymysql's opportunistic TLS loads the system CA store per connection
    # (30 ms), nine tenths of writing the legacy months.
    return pymysql.connect(
        host=HOST, port=PORT, user=USER, database=database, charset="utf8mb4", autocommit=True, ssl_disabled=True
    )


@dataclass
class LegacyServer:
    prefix: str
    created: set[str] = field(default_factory=set)

    @property
    def url(self) -> str:
        return f"mysql://{USER}@{HOST}:{PORT}/"

    def name(self, database: str) -> str:
        return f"{self.prefix}_{database}"

    def options(self) -> list[str]:
        """The CLI's ``--database`` options mapping the legacy names to this session's."""
        return [arg for db in LEGACY_DATABASES for arg in ("--database", f"{db}={self.name(db)}")]

    def fresh(self) -> None:
        with connect() as conn, conn.cursor() as cur:
            for db in LEGACY_DATABASES:
                cur.execute(f"DROP DATABASE IF EXISTS `{self.name(db)}`")
                cur.execute(f"CREATE DATABASE `{self.name(db)}` CHARACTER SET utf8mb4")
                self.created.add(self.name(db))

    def drop(self) -> None:
        with connect() as conn, conn.cursor() as cur:
            for name in sorted(self.created):
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")

    def execute(self, database: str, sql: str, rows: list[tuple[object, ...]] | None = None) -> None:
        with connect(self.name(database)) as conn, conn.cursor() as cur:
            if rows is None:
                cur.execute(sql)
            elif rows:
                cur.executemany(sql, rows)

    def query(self, database: str, sql: str) -> list[tuple[object, ...]]:
        with connect(self.name(database)) as conn, conn.cursor() as cur:
            cur.execute(sql)
            return list(cur.fetchall())

    def checksums(self) -> dict[str, object]:
        """Every table of this session's legacy databases with its row count and checksum."""
        out: dict[str, object] = {}
        for db in LEGACY_DATABASES:
            for (table,) in self.query(db, "SHOW TABLES"):
                ((_, checksum),) = self.query(db, f"CHECKSUM TABLE `{table}`")
                ((count,),) = self.query(db, f"SELECT COUNT(*) FROM `{table}`")
                out[f"{db}.{table}"] = (count, checksum)
        return out


@pytest.fixture(scope="session")
def legacy_server() -> Iterator[LegacyServer]:
    server = LegacyServer(prefix=f"wdh_legacy_{uuid.uuid4().hex[:8]}")
    try:
        yield server
    finally:
        server.drop()


@dataclass
class LegacyMonths:
    """What the generator wrote, per legacy table and month: rows and the measure's sum."""

    rows: dict[tuple[str, str], int] = field(default_factory=dict)
    sums: dict[tuple[str, str], Decimal] = field(default_factory=dict)


def _create(server: LegacyServer, database: str, table: str, types: dict[str, str]) -> None:
    columns = ", ".join(f"`{c}` {t}" for c, t in types.items())
    server.execute(database, f"CREATE TABLE `{table}` ({columns}) CHARACTER SET utf8mb4")


def _insert(
    server: LegacyServer, database: str, table: str, columns: list[str], rows: list[tuple[object, ...]]
) -> None:
    names = ", ".join(f"`{c}`" for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    server.execute(database, f"INSERT INTO `{table}` ({names}) VALUES ({marks})", rows)


def _money(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.0001"))


# How the legacy 规模明细 spelled 月度, by month position: the quirks the import must read.
MONTH_SPELLINGS = ("{y}-{m:02d}", "{y}{m:02d}", "{y}-{m:02d}-01")


def write_legacy(server: LegacyServer, periods: list[str], rows: int, seed: int) -> LegacyMonths:
    """Fresh legacy databases holding ``periods`` of every covered kind."""
    server.fresh()
    written = LegacyMonths()
    _create(server, "business", "规模明细", AP_TYPES)
    _create(server, "business", "收入明细", INCOME_TYPES)
    for name, (_sheet, _bt, date_column) in LEDGER_TABLES.items():
        _create(
            server, "customer", name, {(date_column if c == "DATE_COLUMN" else c): t for c, t in LEDGER_TYPES.items()}
        )
    server.execute("business", "CREATE TABLE `temp` (`月度` VARCHAR(20), `payload` TEXT)")
    server.execute("business", "INSERT INTO `temp` VALUES ('2024-10', 'failed batch of an earlier load')")
    for i, period in enumerate(periods):
        year, month = int(period[:4]), int(period[4:])
        _performance(server, period, MONTH_SPELLINGS[i % 3].format(y=year, m=month), rows, seed + i, written)
        _income(server, period, dt.date(year, month, 1), rows, seed + i, written)
        _ledgers(server, period, dt.date(year, month, 1), seed + i, written)
    return written


def write_performance_history(server: LegacyServer, periods: list[str], rows: int, seed: int) -> LegacyMonths:
    """Only business.规模明细, ``rows`` per month: the benchmark's legacy history. One
    generated month is reused for every month (the import cleans each month anew)."""
    server.fresh()
    _create(server, "business", "规模明细", AP_TYPES)
    written = LegacyMonths()
    template = annuity_sheet(periods[0], rows, seed=seed, dirty=False).rows
    for i, period in enumerate(periods):
        year, month = int(period[:4]), int(period[4:])
        _performance(server, period, MONTH_SPELLINGS[i % 3].format(y=year, m=month), rows, seed, written, template)
    return written


def _performance(
    server: LegacyServer,
    period: str,
    spelled: str,
    rows: int,
    seed: int,
    out: LegacyMonths,
    template: list[list[object]] | None = None,
) -> None:
    sheet_rows = template or annuity_sheet(period, rows, seed=seed, dirty=False).rows
    header, body = sheet_rows[0], sheet_rows[1:]
    at = {h: header.index(h) for h in header}
    columns = [c for c in AP_TYPES if c != "id"]
    records = []
    for n, r in enumerate(body):
        if r[at["计划代码"]] is None:  # the sample's blank rows
            continue
        name = r[at["客户名称"]]
        value = {c: r[at[c]] for c in header if c in AP_TYPES}
        value.update(
            月度=spelled,
            机构名称=r[at["机构"]],
            客户名称=None if name is None else str(name).strip(),  # the legacy cleaner's (here: trimmed) name
            年金账户名=name,
            产品线代码="PL202",
            company_id="600000001" if n % 5 == 0 else None,  # ids the legacy warehouse had resolved
            旧系统批次="B1",
        )
        for c in ("期初资产规模", "期末资产规模", "供款", "流失(含待遇支付)", "流失", "待遇支付", "投资收益"):
            value[c] = _money(value.get(c))
        records.append(tuple(value.get(c) for c in columns))
    _insert(server, "business", "规模明细", columns, records)
    key = ("business.规模明细", period)
    out.rows[key] = len(records)
    out.sums[key] = sum((r[columns.index("期末资产规模")] or Decimal(0) for r in records), Decimal(0))


def _income(server: LegacyServer, period: str, month: dt.date, rows: int, seed: int, out: LegacyMonths) -> None:
    sheet = income_sheet(period, rows, seed=seed, dirty=False)
    header, body = sheet.rows[0], sheet.rows[1:]
    at = {h: header.index(h) for h in header}
    columns = [c for c in INCOME_TYPES if c != "id"]
    records = []
    for r in body:
        if r[at["计划代码"]] is None:
            continue
        value = {c: r[at[c]] for c in header if c in INCOME_TYPES}
        value.update(月度=month, 计划号=r[at["计划代码"]], 产品线代码="PL202", 年金账户名=r[at["客户名称"]])
        for c in ("固费", "浮费", "回补", "税"):
            value[c] = _money(value.get(c))
        records.append(tuple(value.get(c) for c in columns))
    _insert(server, "business", "收入明细", columns, records)
    key = ("business.收入明细", period)
    out.rows[key] = len(records)
    out.sums[key] = sum((r[columns.index("固费")] or Decimal(0) for r in records), Decimal(0))


def _ledgers(server: LegacyServer, period: str, month: dt.date, seed: int, out: LegacyMonths) -> None:
    request = SampleRequest(period=period, rows=4, seed=seed, dirty=False)
    sheets = ledger_sheets(request, LEDGER_SHEETS)
    for table, (sheet_name, business_type, date_column) in LEDGER_TABLES.items():
        types = {(date_column if c == "DATE_COLUMN" else c): t for c, t in LEDGER_TYPES.items()}
        rows = sheets[sheet_name].rows
        header, body = rows[0], rows[1:]
        at = {h: header.index(h) for h in header}
        columns = [c for c in types if c != "id"]
        records = []
        for r in body:
            if r[at["客户全称"]] is None:
                continue
            value = {c: r[at[c]] for c in header if c in types}
            value.update(
                上报月份=month,
                业务类型=business_type,
                机构代码=None,
                计划规模=_money(value.get("计划规模")),
                年缴规模=_money(value.get("年缴规模")),
                考核有效=1,
                **{date_column: month},
            )
            records.append(tuple(value.get(c) for c in columns))
        _insert(server, "customer", table, columns, records)
        key = (f"customer.{table}", period)
        out.rows[key] = len(records)
        out.sums[key] = sum((r[columns.index("计划规模")] or Decimal(0) for r in records), Decimal(0))
