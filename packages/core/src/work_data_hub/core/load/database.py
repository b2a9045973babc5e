"""Engines for the warehouse: PostgreSQL in production, one SQLite file by default."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url

from work_data_hub.core.errors import DatabaseUnavailable, UsageError

# PostgreSQL schemas; SQLite keeps every table in one file without a prefix.
SCHEMAS = ("business", "customer", "mapping", "enterprise", "finance", "wdh", "bi")


# Query parameters that carry a secret (libpq accepts ``?password=…``, ``?sslpassword=…``).
_SECRET_PARAM = re.compile(r"pass|pwd|secret|token|key", re.IGNORECASE)
MASK = "***"


def _encode_userinfo(text: str) -> str:
    """A password holding an unencoded ``@`` (``user:p@ss@host``) percent-encoded, so that
    make_url does not take its tail for the host (and show it unmasked). The credentials end
    at the last ``@`` before the query string; a URL without a bare ``@`` is unchanged."""
    scheme, sep, rest = text.partition("://")
    if not sep:
        return text
    query_at = rest.find("?")
    at = rest.rfind("@", 0, query_at if query_at >= 0 else len(rest))
    userinfo = rest[:at] if at >= 0 else ""
    if "@" not in userinfo:
        return text
    user, colon, password = userinfo.partition(":")
    encoded = quote(password, safe="%") if colon else ""
    return f"{scheme}://{quote(user, safe='%')}{':' + encoded if colon else ''}@{rest[at + 1 :]}"


def parse_url(url: str | URL) -> URL:
    return url if isinstance(url, URL) else make_url(_encode_userinfo(url.strip()))


def _secrets(url: str | URL) -> list[str]:
    try:
        parsed = parse_url(url)
    except Exception:
        return []
    values = [parsed.password] if parsed.password else []
    for key, value in parsed.query.items():
        if _SECRET_PARAM.search(key):
            values.extend([value] if isinstance(value, str) else value)
    return [str(v) for v in values if v]


def mask_url(url: str | URL) -> str:
    """The one way a database URL is shown (output, --json, ledger, errors): the password
    and every secret query parameter replaced by ``***``."""
    try:
        parsed = parse_url(url)
    except Exception:
        return "<unparseable database URL>"
    masked = {key: (MASK if _SECRET_PARAM.search(key) else value) for key, value in parsed.query.items()}
    text = parsed.set(query={}).render_as_string(hide_password=True)
    if masked:
        pairs = [(k, v) for k, vs in masked.items() for v in ([vs] if isinstance(vs, str) else vs)]
        text += "?" + "&".join(f"{quote(k)}={v if v == MASK else quote(str(v), safe='')}" for k, v in pairs)
    return text


def redact(text: str, url: str | URL) -> str:
    """``text`` (an error from a driver, say) with the URL's secrets, raw or percent-encoded,
    replaced by ``***``."""
    for secret in sorted(_secrets(url), key=len, reverse=True):
        for form in {secret, quote(secret, safe="")}:
            text = text.replace(form, MASK)
    return text


def is_sqlite(url: str | URL) -> bool:
    return parse_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str | URL) -> Path | None:
    parsed = parse_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _normalise(url: str) -> URL:
    try:
        parsed = parse_url(url)
    except Exception:
        raise UsageError(f"malformed database URL: {mask_url(url)}") from None
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() in ("", "psycopg2"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() not in ("postgresql", "sqlite"):
        raise UsageError(f"unsupported database {mask_url(url)}: use postgresql:// or sqlite:///")
    return parsed


def create_warehouse_engine(url: str, *, read_only: bool = False) -> Engine:
    """``read_only``: a SQLite file opened with ``mode=ro`` (read commands and dry runs
    change nothing, not even by creating the ``-wal``/``-shm`` files, and work on a read-only
    folder)."""
    parsed = _normalise(url)
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        if path is not None and read_only:
            parsed = parsed.set(database=_read_only_uri(path), query={"uri": "true"})
        engine = sa.create_engine(parsed, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_read_only_pragmas if read_only else _sqlite_pragmas)
        # pysqlite's legacy transaction control commits before DDL, so a migration killed
        # half-way left tables without their revision stamp. The driver emits no BEGIN of
        # its own; SQLAlchemy emits it, and DDL is transactional like DML (the recipe of
        # SQLAlchemy's SQLite dialect documentation, "Transactions with SQLite").
        event.listen(engine, "begin", _sqlite_begin)
        return engine.execution_options(schema_translate_map={s: None for s in SCHEMAS})
    return sa.create_engine(parsed, pool_pre_ping=True, connect_args={"connect_timeout": 10})


def _read_only_uri(path: Path) -> str:
    """A reader of a WAL database creates ``-wal`` and ``-shm`` unless they exist. When no
    ``-wal`` exists, no writer is connected and every commit is in the main file (the last
    writer checkpoints and deletes it on close), so the file is opened ``immutable``: no
    locks, no side files. A writer that starts meanwhile writes to a new ``-wal``, not to
    the main file, until a checkpoint; a read command then sees the state before it."""
    uri = f"file:{quote(path.resolve().as_posix())}?mode=ro"
    if not Path(f"{path}-wal").exists():
        uri += "&immutable=1"
    return uri


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA synchronous=NORMAL")
    # A month's DELETE and INSERT walk every index of a table holding years of months:
    # 64 MiB of page cache (the default is 2 MiB) keeps those pages in memory (−20% time).
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def _sqlite_read_only_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    immediate = conn.get_execution_options().get(_IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


_IMMEDIATE = "wdh_sqlite_immediate"


def immediate_writes(engine: Engine) -> Engine:
    """An engine whose SQLite transactions take the write lock when they begin, waiting
    ``busy_timeout`` for a concurrent writer. A deferred transaction that reads and then
    writes cannot wait: SQLite fails it at once with "database is locked" (two enrich-queue
    workers did). Not the default: a run waiting for the warehouse lock must not block
    behind another run's open transaction before it reaches ``--lock-timeout``."""
    return engine.execution_options(**{_IMMEDIATE: True})


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
        reason = redact(" ".join(str(getattr(exc, "orig", exc)).split())[:300], url)
        raise DatabaseUnavailable(f"database unreachable: {mask_url(url)} ({reason})") from None
