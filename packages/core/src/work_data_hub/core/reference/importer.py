"""``reference import TABLE FILE`` (issue 18, mappings.md M11): an operator's ``.csv`` or
``.xlsx`` into one of the reference tables only the operators can fill. The file's columns
are checked against the table, every cell is read with the rule of its column type, and
the rows are upserted by the table's key in one transaction: new keys inserted, changed
rows updated (only the file's columns), the rest unchanged. A dry run computes the same
counts and writes nothing.

Bad input never half-loads a table: a file that cannot be read, an unknown or missing
column, or any rejected row (with its reason) leaves the warehouse as it was."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from work_data_hub.core.cleansing.rules import r_date, r_num, r_text
from work_data_hub.core.errors import PendingMigrations, SourceError, UsageError, ValidationFailed
from work_data_hub.core.load import database
from work_data_hub.core.load.amount import Amount
from work_data_hub.core.load.introspect import has_table
from work_data_hub.core.read.cells import stripped
from work_data_hub.core.read.headers import normalise_header
from work_data_hub.core.read.workbook import FIRST_SHEET, ROW_NUMBER, WorkbookCache
from work_data_hub.core.reference import tables as ref
from work_data_hub.core.settings import Settings

# Columns the warehouse keeps itself: never imported.
_MANAGED = frozenset({"id", "created_at", "updated_at", "tags"})
_CHUNK = 1000  # keys per IN (...) list


@dataclass(frozen=True)
class Importable:
    table: sa.Table
    # Attributes only: the keys are seeded from the mapping files; a row must name one of
    # them, and these columns are left as they are (a warning when the file has them).
    attributes_only: bool = False
    kept: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        return f"{self.table.schema}.{self.table.name}"

    @property
    def key(self) -> list[str]:
        return [c.name for c in self.table.primary_key.columns]

    @property
    def columns(self) -> list[str]:
        return [c.name for c in self.table.columns if c.name not in _MANAGED]

    @property
    def required(self) -> list[str]:
        """The key, and for new rows every NOT NULL column without a default."""
        needed = list(self.key)
        if not self.attributes_only:
            needed += [
                c.name
                for c in self.table.columns
                if c.name not in _MANAGED and not c.nullable and not c.primary_key and c.server_default is None
            ]
        return needed


IMPORTABLE: dict[str, Importable] = {
    i.label: i
    for i in (
        Importable(ref.product_details),
        Importable(ref.profit_indicators),
        Importable(ref.plan_size_bands),
        Importable(ref.branches, attributes_only=True, kept=frozenset({"机构"})),
        Importable(ref.plans),
        Importable(ref.portfolios),
        Importable(ref.customers),
    )
}


@dataclass
class Rejected:
    row: int
    reason: str


@dataclass
class ImportReport:
    table: str
    file: str
    sheet: str
    database: str
    execute: bool
    columns: list[str] = field(default_factory=list)
    rows_read: int = 0
    rows_blank: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    written: bool = False

    @property
    def status(self) -> str:
        if self.rejected:
            return "rejected"
        return "ok" if self.execute else "dry-run"

    @property
    def exit_code(self) -> int:
        return 1 if self.rejected else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "table": self.table,
            "file": self.file,
            "sheet": self.sheet,
            "database": self.database,
            "execute": self.execute,
            "status": self.status,
            "written": self.written,
            "columns": self.columns,
            "rows_read": self.rows_read,
            "rows_blank": self.rows_blank,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": [{"row": r.row, "reason": r.reason} for r in self.rejected],
            "warnings": self.warnings,
        }


def importable(label: str) -> Importable:
    found = IMPORTABLE.get(label)
    if found is None:
        raise UsageError(f"reference import: unknown table {label!r} (one of: {', '.join(IMPORTABLE)})")
    return found


def import_reference(settings: Settings, label: str, path: Path, *, execute: bool) -> ImportReport:
    target = importable(label)
    frame, sheet, blank = read_file(path)
    report = ImportReport(
        table=label,
        file=path.as_posix(),
        sheet=sheet,
        database=database.mask_url(settings.resolved_database_url()),
        execute=execute,
        rows_read=len(frame),
        rows_blank=blank,
    )
    where = f"{path.as_posix()}: sheet {sheet}"
    columns = _check_columns(frame, target, where, report)
    report.columns = columns
    values, reasons = _cells(frame, target, columns)
    report.rejected = [Rejected(int(r), str(why)) for r, why in zip(frame[ROW_NUMBER], reasons, strict=True) if why]
    if report.rejected:
        first = report.rejected[0]
        report.warnings.append(f"{where}: row {first.row}: {first.reason}; nothing written")
        return report
    url = settings.resolved_database_url()
    if not database.warehouse_exists(url):
        if execute:
            raise PendingMigrations(f"database {report.database} does not exist: run `db upgrade` first")
        report.inserted = len(values)
        report.warnings.append("no warehouse yet: every row counted as new")
        return report
    engine = database.create_warehouse_engine(url, read_only=not execute)
    try:
        database.check_reachable(engine, url)
        # A dry run only reads; --execute writes every change in one transaction.
        with engine.begin() if execute else engine.connect() as conn:
            _require_table(conn, target, report.database)
            _upsert(conn, target, columns, values, report, where)
        report.written = execute and (report.inserted + report.updated) > 0
    finally:
        engine.dispose()
    return report


def read_file(path: Path) -> tuple[pd.DataFrame, str, int]:
    """Every cell as text (NA for empty) with normalised headers and the row number of each
    row (the header is row 1); fully blank rows dropped and counted."""
    if not path.is_file():
        raise SourceError(f"{path.as_posix()}: file not found")
    head = path.read_bytes()[:4]
    if head.startswith(b"PK"):
        raw = WorkbookCache().sheet(path, FIRST_SHEET)
        return raw.frame, raw.sheet, raw.rows_blank
    if path.suffix.lower() not in (".csv", ".txt"):
        raise SourceError(f"{path.as_posix()}: not a .csv or .xlsx file")
    encoding = "utf-16" if head[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        grid = pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            header=None,
            encoding=encoding,
            sep=None,
            engine="python",
            skip_blank_lines=False,
        )
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        reason = " ".join(str(exc).split())[:200]
        raise SourceError(f"{path.as_posix()}: not a readable CSV file ({reason})") from None
    headers = [normalise_header(h) for h in grid.iloc[0].tolist()]
    body = grid.iloc[1:].copy()
    body.columns = headers
    body = body.mask(stripped(body) == "")
    blank = body.isna().all(axis=1)
    body.insert(len(headers), ROW_NUMBER, range(2, 2 + len(body)))
    frame = body.loc[~blank].reset_index(drop=True).astype({h: "str" for h in headers})
    return frame, "(csv)", int(blank.sum())


def _check_columns(frame: pd.DataFrame, target: Importable, where: str, report: ImportReport) -> list[str]:
    headers = [c for c in frame.columns if c != ROW_NUMBER]
    allowed = set(target.columns)
    unknown = [h for h in headers if h not in allowed]
    if unknown:
        raise SourceError(
            f"{where}: column {', '.join(unknown)} is not a column of {target.label} "
            f"(its columns: {', '.join(target.columns)})"
        )
    missing = [c for c in target.required if c not in headers]
    if missing:
        raise SourceError(f"{where}: missing required column(s) {', '.join(missing)} of {target.label}")
    kept = [h for h in headers if h in target.kept]
    if kept:
        report.warnings.append(f"column {', '.join(kept)} left as stored (only attributes are imported)")
    if frame.empty:
        raise ValidationFailed(f"{where} has no data rows")
    return [h for h in headers if h not in target.kept]


def _cells(frame: pd.DataFrame, target: Importable, columns: list[str]) -> tuple[list[dict[str, Any]], list[str]]:
    """Per row its typed values, and its rejection reasons ('' when valid)."""
    reasons = pd.Series("", index=frame.index, dtype=object)

    def reject(mask: pd.Series, why: str | pd.Series) -> None:
        text = why if isinstance(why, pd.Series) else pd.Series(why, index=frame.index)
        joined = reasons.where(reasons.eq(""), reasons + "; ") + text.astype(str)
        reasons.update(joined.where(mask.fillna(False).astype(bool)))

    typed: dict[str, list[Any]] = {}
    for name in columns:
        column = target.table.c[name]
        raw = frame[name]
        quoted = "'" + raw.fillna("").astype(str) + "'"
        kind = column.type
        if isinstance(kind, sa.Date):
            parsed = r_date(raw)
            reject(parsed.flagged, f"{name} not a date: " + quoted)
            values: pd.Series = _plain(parsed.values.dt.date)
        elif isinstance(kind, sa.Integer):
            num = r_num(raw)
            whole = num.values.notna() & num.values.eq(num.values.round())
            reject(raw.notna() & ~whole, f"{name} not a whole number: " + quoted)
            ints = [int(v) if ok else None for v, ok in zip(num.values, whole, strict=True)]
            values = pd.Series(ints, index=frame.index, dtype=object)
        elif isinstance(kind, sa.Numeric | Amount):
            num = r_num(raw)
            reject(num.flagged, f"{name} not a number: " + quoted)
            values = _plain(num.stored)
        else:
            text = r_text(raw)
            length = getattr(kind, "length", None)
            if length:
                reject(text.str.len().gt(length).fillna(False), f"{name} longer than {length} characters")
            values = _plain(text)
        if name in target.required:
            reject(values.isna(), f"{name} missing")
        typed[name] = values.tolist()
    if target.table is ref.customers:
        ids = pd.Series(typed["company_id"], index=frame.index, dtype=object)
        reject(ids.astype(str).str.startswith("IN") & ids.notna(), "company_id is a temporary IN… id (never loaded)")
    keys = pd.DataFrame({k: typed[k] for k in target.key}, index=frame.index)
    repeated = keys.duplicated(keep="first") & keys.notna().all(axis=1)
    if repeated.any():
        first_row = keys.assign(__row=frame[ROW_NUMBER]).groupby(target.key, dropna=False)["__row"].transform("min")
        reject(repeated, "duplicate key, first in row " + first_row.astype(str))
    rows = [dict(zip(columns, cells, strict=True)) for cells in zip(*(typed[c] for c in columns), strict=True)]
    return rows, reasons.tolist()


def _plain(values: pd.Series) -> pd.Series:
    """Python values for the driver: None for every kind of missing value (never NaN)."""
    return pd.Series([None if pd.isna(v) else v for v in values], index=values.index, dtype=object)


def _require_table(conn: Connection, target: Importable, masked: str) -> None:
    if not has_table(conn, target.table):
        raise PendingMigrations(f"database {masked} lacks {target.label}: run `db upgrade` first")


def _stored(
    conn: Connection, target: Importable, columns: list[str], keys: list[tuple[Any, ...]]
) -> dict[tuple[Any, ...], dict[str, Any]]:
    table = target.table
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    key_cols = [table.c[k] for k in target.key]
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        cond = sa.tuple_(*key_cols).in_(chunk) if len(key_cols) > 1 else key_cols[0].in_([k[0] for k in chunk])
        for row in conn.execute(sa.select(*(table.c[c] for c in columns)).where(cond)).mappings():
            out[tuple(row[k] for k in target.key)] = dict(row)
    return out


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, dt.datetime):
        a = a.date()
    if isinstance(b, dt.datetime):
        b = b.date()
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return abs(float(a) - float(b)) < 5e-5
    return bool(str(a) == str(b)) if type(a) is not type(b) else bool(a == b)


def _upsert(
    conn: Connection,
    target: Importable,
    columns: list[str],
    rows: list[dict[str, Any]],
    report: ImportReport,
    where: str,
) -> None:
    keys = [tuple(r[k] for k in target.key) for r in rows]
    stored = _stored(conn, target, columns, keys)
    new = [r for r, k in zip(rows, keys, strict=True) if k not in stored]
    changed = [
        r
        for r, k in zip(rows, keys, strict=True)
        if k in stored and not all(_same(r[c], stored[k][c]) for c in columns)
    ]
    if target.attributes_only and new:
        missing = ", ".join(str(k[0]) for k in keys if k not in stored)
        raise ValidationFailed(
            f"{where}: {target.label} takes attributes only; unknown {target.key[0]} {missing} "
            "(its codes come from the mapping files)"
        )
    report.inserted, report.updated = len(new), len(changed)
    report.unchanged = len(rows) - len(new) - len(changed)
    if not report.execute:
        return
    table = target.table
    if new:
        conn.execute(table.insert(), _numbered(conn, table, new))
    if changed:
        stamp = {"updated_at": sa.func.now()} if "updated_at" in table.c else {}
        keyed = [{**{f"k_{k}": r[k] for k in target.key}, **{f"v_{c}": r[c] for c in columns}} for r in changed]
        stmt = (
            table.update()
            .where(*(table.c[k] == sa.bindparam(f"k_{k}") for k in target.key))
            .values({**{c: sa.bindparam(f"v_{c}") for c in columns}, **stamp})
        )
        conn.execute(stmt, keyed)


def _numbered(conn: Connection, table: sa.Table, rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """SQLite cannot generate the surrogate id of mapping.年金计划: number new rows here."""
    listed = list(rows)
    if "id" in table.c and table.c.id.identity is not None and conn.dialect.name != "postgresql":
        start = int(conn.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.id), 0))).scalar_one())
        return [{**row, "id": start + i} for i, row in enumerate(listed, start=1)]
    return listed
