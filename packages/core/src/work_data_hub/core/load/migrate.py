"""Applying and checking Alembic migrations, the only way tables change."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from work_data_hub.core.load.introspect import actual_schema, has_table

if TYPE_CHECKING:
    from alembic.config import Config

_SCRIPTS = Path(__file__).with_name("migrations")
VERSIONS = _SCRIPTS / "versions"
_REVISION = re.compile(r'^(down_revision|revision)\s*=\s*["\']?([\w]+)?["\']?', re.MULTILINE)


# Test-only: ``REVISION[:SECONDS]``, the revision inside whose transaction (DDL and stamp
# done, not committed) an upgrade waits (120 s unless given), so a fault test can kill it
# there or race other runs against it; the marker file says the wait has begun.
PAUSE_ENV = "WDH_TEST_PAUSE_IN_MIGRATION"
PAUSE_MARKER_ENV = "WDH_TEST_PAUSE_MARKER"


def pause_in_migration_for_fault_tests(ctx: Any, step: Any, heads: Any, run_args: Any) -> None:
    revision, _, seconds = os.environ.get(PAUSE_ENV, "").partition(":")
    if revision and revision in step.up_revision_ids:
        marker = os.environ.get(PAUSE_MARKER_ENV)
        if marker:
            with open(marker, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")
        time.sleep(float(seconds or 120))


def config() -> Config:
    # Alembic is imported only when a migration must run: every `etl --execute` checks
    # the revision, and that check should not cost Alembic's import time.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(_SCRIPTS))
    return cfg


def head_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return set(ScriptDirectory.from_config(config()).get_heads())


def script_heads() -> set[str]:
    """The heads of the migration files, read from their ``revision``/``down_revision``
    lines (a test pins this against Alembic's own answer)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS.glob("*.py"):
        found = dict((k, v) for k, v in _REVISION.findall(path.read_text(encoding="utf-8")))
        if found.get("revision"):
            revisions.add(found["revision"])
            if found.get("down_revision") and found["down_revision"] != "None":
                parents.add(found["down_revision"])
    return revisions - parents


def current_revisions(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        if not has_table(conn, "alembic_version", "wdh"):
            return set()
        table = sa.table("alembic_version", sa.column("version_num"), schema=actual_schema(conn, "wdh"))
        return {str(v) for (v,) in conn.execute(sa.select(table.c.version_num))}


def is_current(engine: Engine) -> bool:
    return current_revisions(engine) == script_heads()


def upgrade(engine: Engine, revision: str = "head") -> tuple[set[str], set[str]]:
    """Returns (revisions before, revisions after)."""
    before = current_revisions(engine)
    from alembic import command

    cfg = config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
        conn.commit()
    return before, current_revisions(engine)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    cfg = config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
        conn.commit()
