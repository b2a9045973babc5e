"""``wdh db``: warehouse migrations."""

from __future__ import annotations

from typing import Annotated

import typer

from work_data_hub.cli import options as o

app = typer.Typer(help="Warehouse schema (Alembic migrations).", no_args_is_help=True)


@app.command("upgrade")
def upgrade(database_url: o.DatabaseUrl = None, data_root: o.DataRoot = None, json_out: o.Json = False) -> int:
    """Apply pending migrations (creates the SQLite file if needed)."""
    from work_data_hub.cli import render
    from work_data_hub.core.catalog import upgrade_database

    settings = o.settings(data_root=data_root, database_url=database_url)
    target, before, after = upgrade_database(settings)
    if json_out:
        render.print_json({"database": target, "before": sorted(before), "after": sorted(after)})
        return 0
    render.line(f"database {target}: {','.join(sorted(before)) or 'empty'} → {','.join(sorted(after))}")
    return 0


@app.command("current")
def current(database_url: o.DatabaseUrl = None, data_root: o.DataRoot = None, json_out: o.Json = False) -> int:
    """Show the applied and the latest migration (exit 1 when they differ)."""
    from work_data_hub.cli import render
    from work_data_hub.core.catalog import database_revision

    settings = o.settings(data_root=data_root, database_url=database_url)
    target, applied, head = database_revision(settings)
    if json_out:
        current = applied == head
        render.print_json({"database": target, "applied": sorted(applied), "latest": sorted(head), "current": current})
        return 0 if current else 1
    render.line(f"database {target}: applied {','.join(sorted(applied)) or 'none'} · latest {','.join(sorted(head))}")
    return 0 if applied == head else 1


@app.command("check")
def check(database_url: o.DatabaseUrl = None, data_root: o.DataRoot = None, json_out: o.Json = False) -> int:
    """Compare the migrated warehouse with the declarations (what `alembic check` does);
    exit 1 on any difference."""
    from work_data_hub.cli import render
    from work_data_hub.core.catalog import check_database

    settings = o.settings(data_root=data_root, database_url=database_url)
    target, differences = check_database(settings)
    if json_out:
        render.print_json({"database": target, "differences": differences})
        return 1 if differences else 0
    if not differences:
        render.line(f"database {target}: matches the declarations of every domain and platform table")
        return 0
    render.line(f"database {target}: {len(differences)} difference(s) from the declarations:")
    for line in differences:
        render.line(f"  {line}")
    render.line('write the migration with `invoke db-revision -m "…"`, then `db upgrade`')
    return 1


@app.command("revision")
def revision(
    message: Annotated[str, typer.Option("-m", "--message", help="What the migration changes (its file name).")],
) -> int:
    """Write the next migration by autogenerate from the declarations (domains and
    platform tables); then review it and commit it — it is frozen from then on."""
    from work_data_hub.cli import render
    from work_data_hub.core.load.autogen import new_revision

    path = new_revision(message)
    if path is None:
        render.line("no changes: the migrations already build every declared table")
        return 0
    render.line(f"wrote {path}")
    return 0
