"""Rendering results: a rich table on a terminal, plain unwrapped lines otherwise, JSON
on request. Paths and error messages are always printed whole."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from rich.console import Console

_out = Console(soft_wrap=True, highlight=False)
_err = Console(stderr=True, soft_wrap=True, highlight=False)


def is_tty() -> bool:
    return sys.stdout.isatty()


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


# C0 controls, DEL and C1 controls: a file name or cell text holding them could move the
# cursor, clear the screen or forge a line of its own on the operator's terminal.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def escape_controls(text: str) -> str:
    """Control characters shown as ``\\xNN`` (``\\n``, ``\\t`` and ``\\r`` by name)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def line(text: str) -> None:
    text = escape_controls(text)
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
    for w in s.workbooks:
        line(f"workbook {w.file}: read {w.reads}× in {w.seconds:.2f} s")
    line(f"status: {s.status} · {s.seconds:.2f} s")


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
