"""Preparing a warehouse in-process (faster than a CLI run) for tests whose subject
is a later run: the same ``run_batch`` the CLI calls."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from work_data_hub.core.batch import BatchRequest, run_batch
from work_data_hub.core.settings import Settings
from work_data_hub.core.summary import BatchSummary

REPO = Path(__file__).resolve().parents[2]


def settings(url: str, data_root: Path, var_dir: Path) -> Settings:
    return Settings(data_root=data_root, var_dir=var_dir, database_url=url, config_dir=REPO / "config")


def upgrade(url: str) -> None:
    """Apply the migrations (PostgreSQL needs this before ``etl --execute``). A new SQLite
    file is a copy of one this process migrated once: the same migrations, run once per
    test worker instead of once per test (a tenth of a test's time)."""
    from work_data_hub.core.load import database

    path = database.sqlite_path(url)
    if path is not None and not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_migrated_sqlite(), path)
        return
    _migrate(url)


def _migrate(url: str) -> None:
    from work_data_hub.core.load import database, migrate

    engine = database.create_warehouse_engine(url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()


@functools.cache
def _migrated_sqlite() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="wdh-template-"))
    atexit.register(shutil.rmtree, folder, True)
    path = folder / "warehouse.sqlite"
    _migrate(f"sqlite:///{path.as_posix()}")
    # The last connection checkpoints the WAL into the file: a copy of it alone is whole.
    assert not Path(f"{path}-wal").exists(), "the template warehouse kept a -wal file"
    return path


def load(url: str, data_root: Path, var_dir: Path, period: str, file: Path) -> BatchSummary:
    """Load ``file`` as annuity_performance's ``period``; the load must succeed."""
    upgrade(url)
    request = BatchRequest(period=period, domains=["annuity_performance"], execute=True, file=file, max_rejected="100%")
    summary = run_batch(request, settings(url, data_root, var_dir))
    run = summary.domains[0]
    assert run.status == "ok", run.error
    return summary
