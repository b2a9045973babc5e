"""``wdh reconcile``: a month's opening stock against the previous month's closing stock."""

from __future__ import annotations

from typing import Annotated

import typer

from work_data_hub.cli import options as o


def reconcile(
    period: o.Period,
    domains: o.Domains = None,
    database_url: o.DatabaseUrl = None,
    data_root: o.DataRoot = None,
    json_out: o.Json = False,
    largest: Annotated[int, typer.Option("--largest", min=0, help="How many of the largest differences to list.")] = 10,
) -> int:
    """Reconcile the period with the one before (each domain that declares it: for
    规模明细, 期初资产规模 of P against 期末资产规模 of P−1 per 计划代码, 组合代码, company_id).
    Exit 1 when a total differs by more than the tolerance."""
    from work_data_hub.cli import render
    from work_data_hub.core.run_info import reconcile_period

    settings = o.settings(data_root=data_root, database_url=database_url)
    results = reconcile_period(settings, period, o.split_domains(domains))
    render.reconciliations(results, json_out=json_out, largest=largest)
    return 0 if all(r.ok for r in results) else 1
