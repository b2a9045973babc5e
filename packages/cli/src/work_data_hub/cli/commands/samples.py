"""``wdh sample-data``: write realistic example workbooks in the operators' layout."""

from __future__ import annotations

import typer


def sample_data(ctx: typer.Context) -> int:
    """Generate example months (options: --out, --periods, --perf-rows, --income-rows, --seed,
    --clean/--dirty, --no-traps, --expected; `wdh sample-data -- --help` lists them)."""
    from work_data_hub.core.samples.cli import main

    return main(list(ctx.args))
