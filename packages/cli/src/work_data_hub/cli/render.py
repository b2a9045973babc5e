"""Rendering results: a rich table on a terminal, plain unwrapped lines otherwise, JSON
on request. Paths and error messages are always printed whole."""

from __future__ import annotations

import json
import sys
from typing import Any

from rich.console import Console

_out = Console(soft_wrap=True, highlight=False)
_err = Console(stderr=True, soft_wrap=True, highlight=False)


def is_tty() -> bool:
    return sys.stdout.isatty()


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def line(text: str) -> None:
    if is_tty():
        _out.print(text, markup=False)
    else:
        sys.stdout.write(text + "\n")


class Progress:
    """Live progress per domain on a terminal; one plain line per event otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._status: Any = None

    def __enter__(self) -> Progress:
        if self.enabled and is_tty():
            self._status = _err.status("starting…")
            self._status.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._status is not None:
            self._status.__exit__(None, None, None)

    def update(self, domain: str, stage: str) -> None:
        if not self.enabled:
            return
        if self._status is not None:
            self._status.update(f"{domain}: {stage}…")
        elif stage != "start":
            sys.stderr.write(f"{domain}: {stage}\n")


def summaries(items: list[Any], *, json_out: bool, verbose: int, quiet: bool, ranged: bool = False) -> None:
    """One period prints its summary; a range prints each month's, and with --json one
    object holding them all (even when --fail-fast stopped it after one month)."""
    if len(items) == 1 and not ranged:
        summary(items[0], json_out=json_out, verbose=verbose, quiet=quiet)
        return
    if json_out:
        status = "ok" if all(s.status == "ok" for s in items) else "failed"
        print_json({"run_id": items[0].run_id, "status": status, "periods": [s.to_dict() for s in items]})
        return
    for s in items:
        summary(s, json_out=False, verbose=verbose, quiet=quiet)


def summary(s: Any, *, json_out: bool, verbose: int, quiet: bool) -> None:
    if json_out:
        print_json(s.to_dict())
        return
    mode = "dry run (nothing written)" if s.dry_run else "executed"
    line(f"run {s.run_id} · period {s.period} · {mode} · database {s.database}")
    if is_tty():
        _table(s)
    else:
        for d in s.domains:
            line(
                f"{d.domain}: {d.status} · file {d.file or '-'} · version {d.version or '-'} · "
                f"read {d.rows_read} · blank {d.rows_blank} · rejected {d.rows_rejected} · "
                f"{'would delete' if s.dry_run else 'deleted'} {d.rows_deleted} · "
                f"{'would insert' if s.dry_run else 'inserted'} {d.rows_inserted} · {d.seconds:.2f} s"
            )
    for d in s.domains:
        if d.error:
            line(f"{d.domain}: error: {d.error}")
        if d.rejected_file:
            line(f"{d.domain}: rejected rows: {d.rejected_file}")
        if not quiet:
            for w in d.warnings:
                line(f"{d.domain}: warning: {w}")
        if verbose and d.counters:
            line(f"{d.domain}: counters: {json.dumps(d.counters, ensure_ascii=False, default=str)}")
    for t in getattr(s, "steps", []):
        line(step_line(t, s.dry_run))
    for w in s.workbooks:
        line(f"workbook {w.file}: read {w.reads}× in {w.seconds:.2f} s")
    line(f"status: {s.status} · {s.seconds:.2f} s")


def step_line(t: Any, dry_run: bool) -> str:
    """A post-load step: its status and what it wrote (or, in a dry run, would write)."""
    if t.error:
        return f"{t.step}: {t.status} · error: {t.error}"
    c = t.counts
    opened, closed = c.get("contracts_opened", 0), c.get("contracts_closed", 0)
    rows = f"{c.get('snapshot_product_line_rows', 0)} product-line + {c.get('snapshot_plan_rows', 0)} plan"
    if dry_run:
        done = f"contracts to open {opened} · to close {closed} · snapshot rows to write {rows}"
    else:
        done = f"contracts opened {opened} · closed {closed} · snapshot rows written {rows}"
    return f"{t.step}: {t.status} · {done} · {t.seconds:.2f} s"


def _table(s: Any) -> None:
    from rich.table import Table

    verb = "would " if s.dry_run else ""
    table = Table(show_lines=False)
    for title in (
        "domain",
        "status",
        "file",
        "ver",
        "read",
        "blank",
        "rejected",
        f"{verb}delete",
        f"{verb}insert",
        "s",
    ):
        table.add_column(title, overflow="fold")
    for d in s.domains:
        style = {"ok": "green", "failed": "red"}.get(d.status, "yellow")
        table.add_row(
            d.domain,
            f"[{style}]{d.status}[/]",
            d.file or "-",
            d.version or "-",
            str(d.rows_read),
            str(d.rows_blank),
            str(d.rows_rejected),
            str(d.rows_deleted),
            str(d.rows_inserted),
            f"{d.seconds:.2f}",
        )
    _out.print(table)
