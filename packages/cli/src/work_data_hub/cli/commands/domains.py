"""``wdh domains``: the registered domains in registry order."""

from __future__ import annotations

from work_data_hub.cli import options as o


def domains(json_out: o.Json = False) -> int:
    """List the registered domains, their sheets and output tables."""
    from work_data_hub.cli import render
    from work_data_hub.core.catalog import list_domains

    items = list_domains(o.settings())
    if json_out:
        render.print_json(items)
        return 0
    for d in items:
        render.line(f"{d['domain']}: {d['description']} · sheets {', '.join(d['sheets'])} · table {d['table']}")
    return 0
