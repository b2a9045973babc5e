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
        if d.unchanged_since:
            line(f"{d.domain}: unchanged since {d.unchanged_since} (same file and code)")
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
    for t in getattr(s, "steps", []):
        line(step_line(t, s.dry_run))
    for w in s.workbooks:
        line(f"workbook {w.file}: read {w.reads}× in {w.seconds:.2f} s")
    if s.unknown_companies_file:
        line(f"unknown companies: {s.unknown_companies_file}")
    if s.report_file:
        line(f"report: {s.report_file}")
    line(f"status: {s.status} · {s.seconds:.2f} s")


def _counts(d: dict[str, Any]) -> str:
    return (
        f"read {d['rows_read'] or 0} · rejected {d['rows_rejected'] or 0} · deleted {d['rows_deleted'] or 0} · "
        f"inserted {d['rows_inserted'] or 0}"
    )


def runs(found: list[dict[str, Any]], *, json_out: bool, verbose: int) -> None:
    """One line per run; with -v one more per domain run."""
    if json_out:
        print_json(found)
        return
    if not found:
        line("no runs recorded yet")
    for r in found:
        periods = ",".join(r["periods"]) or "-"
        line(
            f"{r['run_id']} {r['status']} · period {periods} · {len(r['domains'])} domain runs · "
            f"read {r['rows_read']} · rejected {r['rows_rejected']} · inserted {r['rows_inserted']} · "
            f"started {r['started_at'] or '-'}"
        )
        if not verbose:
            continue
        for d in r["domains"]:
            extra = f" · unchanged since {d['unchanged_since']}" if d.get("unchanged_since") else ""
            extra += f" · error: {d['error']}" if d.get("error") else ""
            line(f"  {d['domain']} {d['period']} {d['status']} · {_counts(d)} · {d['file'] or '-'}{extra}")
        for t in r.get("steps") or []:
            line(f"  {t['domain']} {t['period']} {t['status']} · post-load step · {_counts(t)}")


def run_record(r: dict[str, Any], *, json_out: bool) -> None:
    if json_out:
        print_json(r)
        return
    line(
        f"run {r['run_id']} · {r['status']} · period {','.join(r['periods']) or '-'} · "
        f"started {r['started_at'] or '-'} · finished {r['finished_at'] or '-'}"
    )
    options = ", ".join(f"{k}={v}" for k, v in (r.get("options") or {}).items() if v not in (None, False, ""))
    line(f"code version {r['code_version'] or '-'} · options {options or '-'}")
    line(f"report: {r['report_file']}")
    if r.get("unknown_file"):
        line(f"unknown companies: {r['unknown_total']} names · {r['unknown_file']}")
    for d in r["domains"]:
        line(f"{d['domain']} {d['period']}: {d['status']} · mode {d['mode']} · {float(d['seconds'] or 0):.2f} s")
        if d.get("file"):
            line(
                f"  file {d['file']} · {d.get('file_size') or '-'} bytes · modified {d.get('file_mtime') or '-'} · "
                f"sha256 {d.get('sha256') or '-'}"
            )
        line(f"  version {d.get('version') or '-'} · sheets {', '.join(d.get('sheets') or []) or '-'}")
        line(f"  {_counts(d)} · blank {d['rows_blank'] or 0}")
        if d.get("unchanged_since"):
            line(f"  unchanged since {d['unchanged_since']}")
        if d.get("error"):
            line(f"  error: {d['error']}")
        counters = dict(d.get("counters") or {})
        reasons = counters.pop("rejected_by_reason", {}) or {}
        if d.get("rejected_file"):
            line(f"  rejected rows: {d['rejected_file']}")
        for reason, n in sorted(reasons.items(), key=lambda kv: -int(kv[1])):
            line(f"  rejected {n}: {reason}")
        reconciliation = counters.pop("reconciliation", None)
        if reconciliation:
            line(f"  reconciliation: {reconciliation['status']} · {reconciliation['headline']}")
        for w in d.get("warnings") or []:
            line(f"  warning: {w}")
        if counters:
            line(f"  counters: {json.dumps(counters, ensure_ascii=False, default=str)}")


def reconciliations(results: list[Any], *, json_out: bool, largest: int) -> None:
    if json_out:
        print_json([{**r.to_dict(), "largest": r.to_dict()["largest"][:largest]} for r in results])
        return
    for r in results:
        line(f"{r.domain} {r.period}: {r.status} · {r.headline}")
        for t in r.totals:
            line(
                f"  {t.group}: opening {t.opening:,.2f} · previous closing {t.previous_closing:,.2f} · "
                f"difference {t.difference:,.2f} · {'ok' if t.ok else 'differs'}"
            )
        if r.largest[:largest]:
            line(f"  largest differences ({min(largest, len(r.largest))} of {r.keys_differing}):")
        for k in r.largest[:largest]:
            key = " ".join(f"{n}={v if v is not None else '-'}" for n, v in k.key.items())
            line(
                f"    {key} · {k.group} · opening {k.opening:,.2f} · previous closing {k.previous_closing:,.2f} · "
                f"difference {k.difference:,.2f}"
            )


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
