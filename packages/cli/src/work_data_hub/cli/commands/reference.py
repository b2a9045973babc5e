"""``wdh reference``: reference data of the warehouse."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from work_data_hub.cli import options as o

app = typer.Typer(help="Reference data (plans, portfolios, branches, product lines).", no_args_is_help=True)
_SHOWN = 20  # rejected rows listed in the text summary


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


@app.command("import")
def import_table(
    table: Annotated[
        str,
        typer.Argument(
            help="The reference table, e.g. mapping.产品明细, mapping.利润指标, mapping.计划层规模, "
            "mapping.组织架构 (attributes), mapping.年金计划, mapping.组合计划, customer.客户明细."
        ),
    ],
    file: Annotated[Path, typer.Argument(help="The operator's .csv (UTF-8 or UTF-16) or .xlsx (first sheet).")],
    execute: Annotated[
        bool, typer.Option("--execute", help="Write the upsert; without it nothing is written (a dry run).")
    ] = False,
    database_url: o.DatabaseUrl = None,
    json_out: o.Json = False,
) -> int:
    """Load an operator's file into a reference table: columns checked against the table,
    upsert by key in one transaction, a summary of inserted / updated / unchanged rows. Any
    rejected row (listed with its reason) means nothing is written; exit 1."""
    from work_data_hub.cli import render
    from work_data_hub.core.reference.importer import import_reference

    settings = o.settings(database_url=database_url)
    report = import_reference(settings, table, file, execute=execute)
    if json_out:
        render.print_json(report.to_dict())
        return report.exit_code
    mode = "execute" if execute else "dry run (nothing written; --execute writes)"
    render.line(f"reference import · {report.table} · {report.file} · sheet {report.sheet} · {mode}")
    render.line(f"database {report.database} · columns {', '.join(report.columns)}")
    render.line(
        f"rows read {report.rows_read} · blank {report.rows_blank} · inserted {report.inserted} · "
        f"updated {report.updated} · unchanged {report.unchanged} · rejected {len(report.rejected)}"
    )
    for rejected in report.rejected[:_SHOWN]:
        render.line(f"  row {rejected.row}: {rejected.reason}")
    if len(report.rejected) > _SHOWN:
        render.line(f"  … and {len(report.rejected) - _SHOWN} more rejected rows")
    for warning in report.warnings:
        render.line(f"warning: {warning}")
    render.line(f"status: {report.status}")
    return report.exit_code
