"""``wdh sample-data``: write realistic months in the operators' layout from every
registered domain's sample (the committed examples come from here)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from work_data_hub.cli import options as o


def sample_data(
    out: Annotated[Path, typer.Option("--out", help="Data root to write {YYYYMM}/收集数据/… under.")],
    periods: Annotated[str, typer.Option("--periods", help="Comma-separated months YYYYMM.")] = "202411,202412",
    seed: Annotated[int, typer.Option("--seed", help="Random seed: the same options write the same bytes.")] = 20241130,
    dirty: Annotated[
        bool, typer.Option("--dirty/--clean", help="Every dirty value kind of each spec, or clean rows only.")
    ] = True,
    traps: Annotated[
        bool,
        typer.Option("--traps/--no-traps", help="The decoy files of a real delivery (V1/V3, lock, reply, 已写入 …)."),
    ] = True,
    rows: Annotated[
        list[str] | None,
        typer.Option("--rows", help="DOMAIN=N: data rows per sheet (repeatable; default: its example size)."),
    ] = None,
    domains: o.Domains = None,
    expected: Annotated[
        Path | None, typer.Option("--expected", help="Write the counts every domain must report as JSON here.")
    ] = None,
    readme: Annotated[
        Path | None, typer.Option("--readme", help="Refresh the quick-start table of this README (first period).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write even into a folder holding files sample-data did not write.")
    ] = False,
    json_out: o.Json = False,
) -> int:
    """Generate sample months of every registered domain (or --domains) with the exact
    counts a run must report; refuses to overwrite files it did not write."""
    import json

    from work_data_hub.cli import render
    from work_data_hub.core.errors import UsageError
    from work_data_hub.core.period import Period
    from work_data_hub.core.samples.examples import (
        SampleOptions,
        quickstart_table,
        with_quickstart_table,
        write_samples,
    )

    keys = tuple(p.strip() for p in periods.split(",") if p.strip())
    if not keys:
        raise UsageError("--periods: give at least one month YYYYMM")
    for key in keys:
        Period.parse(key)
    sizes: dict[str, int] = {}
    for item in rows or []:
        name, sep, number = item.partition("=")
        if not sep or not number.strip().isdigit():
            raise UsageError(f"--rows {item!r}: expected DOMAIN=N, e.g. annuity_performance=40000")
        sizes[name.strip()] = int(number)
    options = SampleOptions(
        periods=keys,
        seed=seed,
        dirty=dirty,
        traps=traps,
        rows=sizes,
        domains=tuple(o.split_domains(domains) or ()) or None,
    )
    written = write_samples(out, options, force=force)
    if expected is not None:
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(json.dumps(written.expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if readme is not None:
        table = quickstart_table(written.expected, keys[0])
        readme.write_text(with_quickstart_table(readme.read_text(encoding="utf-8"), table), encoding="utf-8")
    if json_out:
        render.print_json({"out": str(out), "files": written.files, "expected": written.expected})
        return 0
    for month in written.months:
        for domain, counts in month.domains.items():
            render.line(
                f"{month.period} {domain}: {counts.file} · read {counts.rows_read} · "
                f"rejected {counts.rows_rejected} · inserted {counts.rows_inserted}"
            )
    render.line(f"wrote {len(written.files)} files under {out}")
    return 0
