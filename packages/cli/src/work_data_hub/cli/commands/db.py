"""``wdh db``: warehouse migrations."""

from __future__ import annotations

import typer

from work_data_hub.cli import options as o

app = typer.Typer(help="Warehouse schema (Alembic migrations).", no_args_is_help=True)


@app.command("upgrade")
def upgrade(database_url: o.DatabaseUrl = None, data_root: o.DataRoot = None) -> int:
    """Apply pending migrations (creates the SQLite file if needed)."""
    from work_data_hub.cli import render
    from work_data_hub.core.catalog import upgrade_database

    settings = o.settings(data_root=data_root, database_url=database_url)
    target, before, after = upgrade_database(settings)
    render.line(f"database {target}: {','.join(sorted(before)) or 'empty'} → {','.join(sorted(after))}")
    return 0


@app.command("current")
def current(database_url: o.DatabaseUrl = None, data_root: o.DataRoot = None) -> int:
    """Show the applied and the latest migration."""
    from work_data_hub.cli import render
    from work_data_hub.core.catalog import database_revision

    settings = o.settings(data_root=data_root, database_url=database_url)
    target, applied, head = database_revision(settings)
    render.line(f"database {target}: applied {','.join(sorted(applied)) or 'none'} · latest {','.join(sorted(head))}")
    return 0 if applied == head else 1
