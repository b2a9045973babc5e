"""One writer per warehouse: a PostgreSQL advisory lock, or an OS file lock beside the
SQLite file. Both are released by the operating system or server when the holder dies."""

from __future__ import annotations

import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from filelock import FileLock, Timeout
from sqlalchemy.engine import Engine

from work_data_hub.core.errors import LoadError
from work_data_hub.core.load.database import mask_url, sqlite_path

_LOCK_KEY = zlib.crc32(b"work_data_hub.warehouse")


@contextmanager
def warehouse_lock(engine: Engine, url: str, timeout: float) -> Iterator[None]:
    message = f"another run is writing to {mask_url(url)}; gave up after waiting {timeout:g} s (--lock-timeout)"
    path = sqlite_path(url)
    if engine.dialect.name == "sqlite":
        if path is None:
            yield
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(path) + ".lock")
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise LoadError(message) from None
        try:
            yield
        finally:
            lock.release()
        return
    with engine.connect() as conn:
        deadline = time.monotonic() + timeout
        while not conn.execute(sa.text("SELECT pg_try_advisory_lock(:k)"), {"k": _LOCK_KEY}).scalar():
            if time.monotonic() >= deadline:
                raise LoadError(message)
            time.sleep(0.2)
        conn.commit()
        try:
            yield
        finally:
            conn.execute(sa.text("SELECT pg_advisory_unlock(:k)"), {"k": _LOCK_KEY})
            conn.commit()
