"""Command-line wrapper of the sample generator (the project CLI can wrap :func:`main`).

Example (the committed example data)::

    python -c "import sys; from work_data_hub.core.samples.cli import main; sys.exit(main())" \\
        --out examples/data --periods 202411,202412 --perf-rows 1000 --income-rows 600 \\
        --seed 20241130 --superseded-rows 300,120 --naming-map 202412=规模收入 \\
        --expected examples/EXPECTED.json
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path

from work_data_hub.core.samples.layout import NAMINGS, write_month
from work_data_hub.core.samples.vocab import parse_period


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="wdh-samples",
        description="Write realistic monthly annuity workbooks (and the ledger) in the operators' folder layout.",
    )
    p.add_argument("--out", type=Path, required=True, help="data root to write {YYYYMM}/收集数据/… under")
    p.add_argument("--periods", default="202411,202412", help="comma-separated YYYYMM periods (default: %(default)s)")
    p.add_argument("--perf-rows", type=int, default=1000, help="规模明细 data rows (default: %(default)s)")
    p.add_argument("--income-rows", type=int, default=600, help="收入明细 data rows (default: %(default)s)")
    p.add_argument("--ledger-rows", type=int, default=5, help="rows per ledger sheet (default: %(default)s)")
    p.add_argument("--seed", type=int, default=20241130, help="random seed (default: %(default)s)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--dirty", dest="dirty", action="store_true", default=True, help="every dirty value kind (default)"
    )
    mode.add_argument("--clean", dest="dirty", action="store_false", help="clean rows and canonical headers only")
    p.add_argument("--no-traps", dest="traps", action="store_false", help="only V1 and the ledger, no decoy files")
    p.add_argument("--naming", choices=NAMINGS, default=None, help="workbook naming (default: by period)")
    p.add_argument(
        "--naming-map",
        default="",
        help="per-period naming overrides, e.g. 202412=规模收入 (comma-separated)",
    )
    p.add_argument(
        "--superseded-rows",
        default=None,
        metavar="PERF,INCOME",
        help="data rows of the superseded V1 workbook (default: as the month)",
    )
    p.add_argument("--expected", type=Path, default=None, help="write the expected counts as JSON to this file")
    return p


def _replay_argv(args: argparse.Namespace) -> list[str]:
    """The options (without --out/--expected) that reproduce this run."""
    argv = [
        "--periods", args.periods,
        "--perf-rows", str(args.perf_rows),
        "--income-rows", str(args.income_rows),
        "--ledger-rows", str(args.ledger_rows),
        "--seed", str(args.seed),
        "--dirty" if args.dirty else "--clean",
    ]  # fmt: skip
    if not args.traps:
        argv.append("--no-traps")
    if args.naming:
        argv += ["--naming", args.naming]
    if args.naming_map:
        argv += ["--naming-map", args.naming_map]
    if args.superseded_rows:
        argv += ["--superseded-rows", args.superseded_rows]
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        periods = [x.strip() for x in args.periods.split(",") if x.strip()]
        for period in periods:
            parse_period(period)
        overrides = dict(item.split("=", 1) for item in args.naming_map.split(",") if item.strip())
        for name in overrides.values():
            if name not in NAMINGS:
                raise ValueError(f"unknown naming {name!r}; expected one of {NAMINGS}")
        superseded = None
        if args.superseded_rows:
            perf, income = (int(x) for x in args.superseded_rows.split(","))
            superseded = (perf, income)
    except ValueError as exc:
        print(f"error: {exc}")
        return 2
    expected: dict[str, object] = {
        "about": (
            "Expected outcome per period of the generated data: the workbook discovery must choose, the files it "
            "must exclude, and per sheet rows read, blank and repeated header rows dropped, rows rejected (by "
            "reason and Excel row) and rows inserted. Regenerate with work_data_hub.core.samples.cli "
            "(generator.argv plus --out and --expected)."
        ),
        "generator": {
            "seed": args.seed,
            "perf_rows": args.perf_rows,
            "income_rows": args.income_rows,
            "ledger_rows": args.ledger_rows,
            "dirty": args.dirty,
            "traps": args.traps,
            "argv": _replay_argv(args),
        },
        "periods": {},
    }
    for period in periods:
        start = time.perf_counter()
        try:
            layout = write_month(
                args.out,
                period,
                perf_rows=args.perf_rows,
                income_rows=args.income_rows,
                seed=args.seed,
                dirty=args.dirty,
                with_traps=args.traps,
                ledger_rows=args.ledger_rows,
                naming=overrides.get(period, args.naming),
                superseded_rows=superseded,
            )
        except ValueError as exc:
            print(f"error: {period}: {exc}")
            return 2
        wb = layout.workbook
        inc = wb.income
        print(
            f"{period}: {layout.chosen} — 规模明细 {wb.rows_read} rows ({wb.rows_rejected} to reject)"
            + (f", 收入明细 {inc.rows_read} rows ({inc.rows_rejected} to reject)" if inc else "")
            + f"; {len(layout.files)} files in {time.perf_counter() - start:.2f}s"
        )
        expected["periods"][period] = layout.to_dict()  # type: ignore[index]
    if args.expected:
        args.expected.parent.mkdir(parents=True, exist_ok=True)
        args.expected.write_text(json.dumps(expected, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0
