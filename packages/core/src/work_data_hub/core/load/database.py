"""Engines for the warehouse: PostgreSQL in production, one SQLite file by default."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url

from work_data_hub.core.errors import DatabaseUnavailable, UsageError

# PostgreSQL schemas; SQLite keeps every table in one file without a prefix.
SCHEMAS = ("business", "customer", "mapping", "enterprise", "finance", "wdh", "bi")


def mask_url(url: str | URL) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unparseable database URL>"


def is_sqlite(url: str | URL) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str | URL) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _normalise(url: str) -> URL:
    try:
        parsed = make_url(url)
    except Exception:
        raise UsageError(f"malformed database URL: {mask_url(url)}") from None
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("postgresql", "sqlite"):
        raise UsageError(f"unsupported database {mask_url(url)}: use postgresql:// or sqlite:///")
    return parsed


def create_warehouse_engine(url: str, *, read_only: bool = False) -> Engine:
    parsed = _normalise(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        if path is not None and read_only:
            parsed = parsed.set(database=f"file:{path.resolve().as_posix()}?mode=ro", query={"uri": "true"})
        engine = sa.create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine.execution_options(schema_translate_map={s: None for s in SCHEMAS})
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def ensure_sqlite_folder(url: str) -> None:
    """``--execute`` and ``db upgrade`` create the SQLite file's folder; one that cannot be
    created is an unreachable warehouse (exit 2), not a crash."""
    path = sqlite_path(_normalise(url))
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DatabaseUnavailable(
            f"database unreachable: {mask_url(url)} (cannot create {path.parent}: {reason})"
        ) from None


def warehouse_exists(url: str) -> bool:
    """A dry run may read the warehouse but must never create it."""
    path = sqlite_path(_normalise(url))
    return path is None or path.is_file()


def check_reachable(engine: Engine, url: str) -> None:
    try:
        with engine.connect() as conn:
            conn.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as exc:
        reason = " ".join(str(getattr(exc, "orig", exc)).split())[:300]
        raise DatabaseUnavailable(f"database unreachable: {mask_url(url)} ({reason})") from None
