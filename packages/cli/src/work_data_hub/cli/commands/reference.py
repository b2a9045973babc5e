"""``wdh reference``: reference data of the warehouse."""

from __future__ import annotations

from typing import Annotated

import typer

from work_data_hub.cli import options as o

app = typer.Typer(help="Reference data (plans, portfolios, branches, product lines).", no_args_is_help=True)


@app.command("check")
def check(
    period: Annotated[
        str | None, typer.Option("--period", help="Only fact rows of this month, YYYYMM (default: all).")
    ] = None,
    database_url: o.DatabaseUrl = None,
    data_root: o.DataRoot = None,
    json_out: o.Json = False,
) -> int:
    """List fact rows whose plan, portfolio, branch or product-line code is missing from
    the reference tables; exit 1 when there are any that a load should have added (codes
    no load adds, e.g. the ledgers' plan codes, are listed but not counted)."""
    from work_data_hub.cli import render
    from work_data_hub.core.reference.check import check_references

    settings = o.settings(data_root=data_root, database_url=database_url)
    report = check_references(settings, period)
    if json_out:
        render.print_json(report.to_dict())
        return report.exit_code
    scope = f"period {report.period}" if report.period else "all periods"
    render.line(f"reference check · database {report.database} · {scope}")
    if not report.warehouse_exists:
        render.line("no warehouse yet: nothing to check")
    for table, counts in report.per_table().items():
        if counts["codes"]:
            render.line(f"{table}: {counts['codes']} code(s) missing, referenced by {counts['rows']} fact row(s)")
        else:
            render.line(f"{table}: no code missing")
        for m in (m for m in report.missing if m.table == table):
            render.line(f"  {m.code}: {m.rows} row(s) of {m.fact_table}.{m.column}")
    if report.left_out:
        render.line(f"not counted (no load adds them by design): {len(report.left_out)} code(s)")
        for m in report.left_out:
            render.line(f"  {m.table} {m.code}: {m.rows} row(s) of {m.fact_table}.{m.column}")
    render.line(f"status: {report.status}")
    return report.exit_code
