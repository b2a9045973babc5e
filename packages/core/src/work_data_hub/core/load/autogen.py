"""Writing the next migration from the declarations (Alembic autogenerate), and the same
comparison as a check: a database at head must match the warehouse metadata exactly."""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import sys
import tempfile
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from work_data_hub.core.load import metadata as md
from work_data_hub.core.load import migrate

_QUOTED_SCHEMA = re.compile(r"schema=['\"](\w+)['\"]")


def _include_name(schemas: set[str]) -> Any:
    def include(name: str | None, kind: str, _parent: object) -> bool:
        if kind == "schema":
            return name is None or name in schemas
        if kind == "table":
            return name not in md.ALEMBIC_TABLES
        return True

    return include


def compare_options(dialect: str) -> dict[str, Any]:
    metadata = md.warehouse_metadata()
    return {
        "target_metadata": md.for_backend(metadata, dialect),
        "include_schemas": dialect == "postgresql",
        "include_name": _include_name(md.schemas(metadata)),
        "compare_type": True,
        "compare_server_default": True,
    }


def _qualify(directives: list[Any]) -> None:
    """SQLite compares unqualified tables: give every operation its table's schema back,
    and write no file when nothing differs."""
    from alembic.operations import ops

    schema_of = {t.name: t.schema for t in md.warehouse_metadata().tables.values()}
    script = directives[0]
    upgrade_ops = script.upgrade_ops
    if upgrade_ops is None or upgrade_ops.is_empty():
        directives[:] = []
        return

    def visit(op: Any) -> None:
        if isinstance(op, ops.OpContainer):
            for inner in op.ops:
                visit(inner)
        table = getattr(op, "table_name", None)
        if table is not None and hasattr(op, "schema") and op.schema is None:
            op.schema = schema_of.get(table)

    for container in (script.upgrade_ops, script.downgrade_ops):
        if container is not None:
            visit(container)


def environment_options(dialect: str) -> dict[str, Any]:
    return {**compare_options(dialect), "process_revision_directives": lambda _ctx, _rev, d: _qualify(d)}


def next_revision_id() -> str:
    numbers = [int(p.name[:4]) for p in migrate.VERSIONS.glob("[0-9][0-9][0-9][0-9]_*.py")]
    return f"{max(numbers, default=0) + 1:04d}"


def new_revision(message: str) -> Path | None:
    """Write the next migration by comparing a scratch SQLite database at head with the
    declarations; ``None`` when they already agree (nothing to write)."""
    from alembic import command

    with tempfile.TemporaryDirectory() as scratch:
        engine = sa.create_engine(f"sqlite:///{Path(scratch) / 'head.sqlite'}")
        try:
            migrate.upgrade(engine)
            cfg = migrate.config()
            cfg.set_main_option("file_template", "%%(rev)s_%%(slug)s")
            cfg.attributes["autogenerate"] = True
            # Alembic reports "Generating …" on stdout, which belongs to the command's result.
            with engine.connect() as conn, contextlib.redirect_stdout(io.StringIO()):
                cfg.attributes["connection"] = conn
                script = command.revision(cfg, message=message, autogenerate=True, rev_id=next_revision_id())
        finally:
            engine.dispose()
    if script is None or isinstance(script, list):
        return None
    path = Path(script.path)
    path.write_text(_QUOTED_SCHEMA.sub(r"schema=_schema('\1')", path.read_text(encoding="utf-8")), encoding="utf-8")
    if find_spec("ruff") is not None:  # a development install formats it like the rest of the code
        subprocess.run([sys.executable, "-m", "ruff", "format", "-q", str(path)], check=False)
    return path


def differences(engine: sa.Engine) -> list[str]:
    """What ``alembic check`` reports: every difference between the migrated database and
    the declarations, one line each (empty: they agree)."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        options = compare_options(conn.dialect.name)
        target = options.pop("target_metadata")
        ctx = MigrationContext.configure(conn, opts=options)
        return [_describe(d) for d in compare_metadata(ctx, target)]


def _describe(diff: Any) -> str:
    if isinstance(diff, list):  # column modifications come as a list of one tuple
        return "; ".join(_describe(d) for d in diff)
    kind = diff[0]
    if kind in ("add_table", "remove_table"):
        return f"{kind}: {diff[1].fullname}"
    if kind in ("add_index", "remove_index"):
        index = diff[1]
        return f"{kind}: {index.name} on {index.table.fullname} ({', '.join(c.name for c in index.columns)})"
    if kind in ("add_column", "remove_column"):
        return f"{kind}: {'.'.join(p for p in (diff[1], diff[2]) if p)}.{diff[3].name}"
    if kind.startswith("modify_"):
        _, schema, table, column, _existing, old, new = diff
        where = ".".join(p for p in (schema, table, column) if p)
        return f"{kind}: {where}: database {_plain(old)} → declared {_plain(new)}"
    return f"{kind}: {diff[1:]!r}"


def _plain(value: Any) -> str:
    arg = getattr(value, "arg", None)
    if arg is not None:
        return str(getattr(arg, "text", arg))
    return str(value)
