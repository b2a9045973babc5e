"""What the enrichment commands call: each opens the warehouse like a batch run does
(SQLite migrated on --execute, PostgreSQL checked), builds the EQC client from the
settings, runs, and returns a report the CLI renders."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.engine import Engine

from work_data_hub.core.enrich.cleanse import Cleanser, CleanseReport, Target
from work_data_hub.core.enrich.confidence import load_confidence
from work_data_hub.core.enrich.eqc_client import AUTH_MESSAGE, NO_TOKEN_MESSAGE, EqcClient
from work_data_hub.core.enrich.queue import QueueWorker, now, queue_counts
from work_data_hub.core.enrich.refresh import Refresher, RefreshReport, Selection, refresh_status
from work_data_hub.core.enrich.tables import base_info, enrichment_requests, table_present
from work_data_hub.core.enrich.tokens import load_token, make_client, store_token, token_file
from work_data_hub.core.errors import ConfigError, UsageError
from work_data_hub.core.load.database import immediate_writes
from work_data_hub.core.settings import Settings
from work_data_hub.core.warehouse import Warehouse


def _engine(settings: Settings, execute: bool) -> Engine | None:
    warehouse = Warehouse(settings.resolved_database_url(), execute)
    warehouse.prepare()
    return warehouse.engine


def _client(settings: Settings) -> EqcClient:
    token = load_token(settings)
    if token.value is None:
        raise ConfigError(f'{NO_TOKEN_MESSAGE}: run "python -m work_data_hub.cli auth refresh" or set WDH_EQC_TOKEN')
    return make_client(settings, token.value)


def _has(engine: Engine | None, table: Any) -> bool:
    if engine is None:
        return False
    with engine.connect() as conn:
        return table_present(conn, table)


def run_queue(
    settings: Settings, *, limit: int | None, execute: bool, progress: Callable[[dict[str, object]], None]
) -> dict[str, object]:
    engine = _engine(settings, execute)
    if not _has(engine, enrichment_requests):
        return {"dry_run": not execute, "queue": None}
    assert engine is not None
    with engine.connect() as conn:
        before = queue_counts(conn, now())
    out: dict[str, object] = {"dry_run": not execute, "queue": before}
    if not execute:
        due = before["due"] + before["processing_stale"]
        out["would_process"] = due if limit is None else min(due, limit)
        return out
    with _client(settings) as client:
        worker = QueueWorker(
            engine=immediate_writes(engine),  # two workers: each claim waits, none fails
            client=client,
            rules=load_confidence(settings.resolved_config_dir()),
            salt=settings.temp_id_salt,
            progress=progress,
        )
        out["run"] = worker.run(limit).to_dict()
    with engine.connect() as conn:
        out["queue_after"] = queue_counts(conn, now())
    return out


def auth_refresh(settings: Settings, token: str) -> dict[str, object]:
    token = token.strip()
    if not token:
        raise UsageError("no token given")
    with make_client(settings, token) as client:
        validity = client.validate()
    path = token_file(settings)
    if validity == "invalid":
        return {"validity": validity, "stored": False, "token_file": str(path), "message": AUTH_MESSAGE}
    store_token(path, token)
    return {"validity": validity, "stored": True, "token_file": str(path)}


def auth_status(settings: Settings) -> dict[str, object]:
    token = load_token(settings)
    path = token_file(settings)
    out: dict[str, object] = {
        "token_file": str(path),
        "token_file_exists": path.is_file(),
        "source": token.source,
        "stored": token.value is not None,
    }
    out["validity"] = None
    if token.value is not None:
        with make_client(settings, token.value) as client:
            out["validity"] = client.validate()
    return out


def run_refresh(
    settings: Settings,
    selection: Selection,
    *,
    resume: bool,
    execute: bool,
    batch_size: int,
    progress: Callable[[int, int], None],
) -> RefreshReport | dict[str, object]:
    if resume and selection.mode != "all":
        raise UsageError("--resume continues an interrupted --all run: pass it with --all")
    engine = _engine(settings, execute)
    if not _has(engine, base_info):
        return {"dry_run": not execute, "companies": 0}
    assert engine is not None
    client = _client(settings) if execute else None
    try:
        return Refresher(engine, client, batch_size=batch_size, progress=progress).run(
            selection, resume=resume, execute=execute
        )
    finally:
        if client is not None:
            client.close()


def refresh_overview(settings: Settings, older_than_days: int) -> dict[str, object]:
    engine = _engine(settings, False)
    if not _has(engine, base_info):
        return {"companies": 0}
    assert engine is not None
    with engine.connect() as conn:
        return refresh_status(conn, older_than_days, now())


def run_cleanse(settings: Settings, targets: tuple[Target, ...], *, full: bool, execute: bool) -> CleanseReport | None:
    engine = _engine(settings, execute)
    if not _has(engine, base_info):
        return None
    assert engine is not None
    return Cleanser(engine).run(targets, full=full, execute=execute)


__all__ = ["AUTH_MESSAGE", "auth_refresh", "auth_status", "refresh_overview", "run_cleanse", "run_queue", "run_refresh"]
