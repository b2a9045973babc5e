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
    """The one live display of the long commands (etl, eqc-refresh, enrich-queue, cleanse):
    a rich spinner, the current step, a bar once the total is known, and the elapsed time,
    on stderr. It is shown only on a terminal and never with --json or --quiet: redirected
    output and scripts get the result alone."""

    def __init__(self, label: str, enabled: bool, console: Console | None = None) -> None:
        self.label = label
        self.console = console or _err
        self.enabled = enabled and self.console.is_terminal
        self._live: Any = None
        self._task: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as Live

            self._live = Live(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self._live.__enter__()
            self._task = self._live.add_task(f"{self.label}: starting…", total=None)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._live is not None:
            self._live.__exit__(None, None, None)
            self._live = None

    def step(self, text: str, advance: int = 0) -> None:
        if self._live is not None:
            self._live.update(self._task, description=f"{self.label}: {text}", advance=advance)

    def update(self, domain: str, stage: str) -> None:
        """etl's observer: the domain and the stage it is in."""
        self.step(f"{domain} {stage}…")

    def counts(self, done: int, total: int) -> None:
        if self._live is not None:
            self._live.update(self._task, description=f"{self.label}: {done}/{total}", completed=done, total=total)


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


def skipped(d: Any) -> int:
    """Rows neither loaded nor rejected (a cumulative ledger's earlier years)."""
    return int(d.counters.get("rows_skipped", 0) or 0)


def written_files(d: Any) -> list[tuple[str, str]]:
    """(what, path) of every file the domain's run wrote besides the warehouse."""
    out = [("rejected rows", d.rejected_file)] if d.rejected_file else []
    unknown = (d.counters.get("enrichment") or {}).get("unknown_names_file")
    if unknown:
        out.append(("unknown names", str(unknown)))
    return out


def summary(s: Any, *, json_out: bool, verbose: int, quiet: bool) -> None:
    """The run line, one row per domain (domain, file, version, read, blank, skipped,
    rejected, deleted, inserted, seconds: read = skipped + rejected + inserted, blank rows
    are not read), then every file the run wrote, errors and warnings."""
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
                f"read {d.rows_read} · blank {d.rows_blank} · skipped {skipped(d)} · rejected {d.rows_rejected} · "
                f"{'would delete' if s.dry_run else 'deleted'} {d.rows_deleted} · "
                f"{'would insert' if s.dry_run else 'inserted'} {d.rows_inserted} · {d.seconds:.2f} s"
            )
    for d in s.domains:
        for what, path in written_files(d):
            line(f"{d.domain}: {what}: {path}")
    for d in s.domains:
        if d.error:
            line(f"{d.domain}: error: {d.error}")
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
        "skipped",
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
            str(skipped(d)),
            str(d.rows_rejected),
            str(d.rows_deleted),
            str(d.rows_inserted),
            f"{d.seconds:.2f}",
        )
    _out.print(table)
