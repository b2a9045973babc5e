"""The run report page: one HTML file with its style and charts inline."""

from __future__ import annotations

from html import escape
from typing import Any

from work_data_hub.core.run_report import svg
from work_data_hub.core.run_report.view import RunView

STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:24px;color:#222;font-size:14px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.ok{color:#2a7d2a}.failed,.differs{color:#b00020}
.skipped,.running,.incomplete{color:#a06000}.charts{display:flex;flex-wrap:wrap;gap:24px}
svg.chart text{font-size:12px;fill:#333}svg.chart .chart-title{font-size:13px;font-weight:bold}
code{font-size:12px}
"""
COUNTS = ("rows_read", "rows_blank", "rows_rejected", "rows_deleted", "rows_inserted")


def render(view: RunView) -> str:
    body = [
        _header(view),
        _domains(view),
        _charts(view),
        _rejected(view),
        _warnings(view),
        _reconciliation(view),
        _unknown(view),
    ]
    return (
        '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
        f"<title>WorkDataHub run {escape(view.run_id)}</title><style>{STYLE}</style></head><body>"
        + "".join(body)
        + "</body></html>\n"
    )


def _cell(value: Any, *, numeric: bool = False, **data: str) -> str:
    attrs = "".join(f' data-{k}="{escape(v)}"' for k, v in data.items())
    cls = ' class="n"' if numeric else ""
    return f"<td{cls}{attrs}>{escape('-' if value is None or value == '' else str(value))}</td>"


def _header(view: RunView) -> str:
    mode = "dry run (nothing written to the warehouse)" if view.dry_run else "executed"
    facts = [
        ("status", f'<span id="run-status" class="{escape(view.status)}">{escape(view.status)}</span>'),
        ("periods", escape(", ".join(view.periods))),
        ("mode", mode),
        ("database", escape(view.database or "-")),
        ("code version", f"<code>{escape(view.code_version or '-')}</code>"),
        ("started", escape(view.started_at or "-")),
        ("finished", escape(view.finished_at or "-")),
    ]
    if view.options:
        shown = ", ".join(f"{k}={v}" for k, v in view.options.items() if v not in (None, False, ""))
        facts.append(("options", escape(shown or "-")))
    rows = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in facts)
    return f"<h1>Run <code id='run-id'>{escape(view.run_id)}</code></h1><table id='run'>{rows}</table>"


def _domains(view: RunView) -> str:
    head = (
        "<tr><th>domain</th><th>period</th><th>status</th><th>file</th><th>version</th><th>size</th>"
        "<th>modified</th><th>sha256</th><th>sheets</th><th>read</th><th>blank</th><th>rejected</th>"
        "<th>deleted</th><th>inserted</th><th>workbook total</th><th>s</th><th>note</th></tr>"
    )
    rows = []
    for d in view.domains:
        key = f"{d['domain']}-{d['period']}"
        note = f"unchanged since {d['unchanged_since']}" if d.get("unchanged_since") else d.get("error") or ""
        sha = d.get("sha256") or ""
        rows.append(
            "<tr>"
            + _cell(d["domain"])
            + _cell(d["period"])
            + f'<td class="{escape(d["status"])}">{escape(d["status"])}</td>'
            + _cell(d.get("file"))
            + _cell(d.get("version"))
            + _cell(d.get("file_size"), numeric=True)
            + _cell(d.get("file_mtime"))
            + f'<td><code title="{escape(sha)}">{escape(sha[:12] or "-")}</code></td>'
            + _cell(", ".join(d.get("sheets") or []))
            + "".join(_cell(d.get(c, 0), numeric=True, field=c, key=key) for c in COUNTS)
            + _cell(_measure_total(d), numeric=True)
            + _cell(f"{float(d.get('seconds') or 0):.2f}", numeric=True)
            + _cell(note)
            + "</tr>"
        )
    return f"<h2>Domains</h2><table id='domains'>{head}{''.join(rows)}</table>"


def _measure_total(d: dict[str, Any]) -> str:
    """Σ of the monitored measure over the rows the workbook delivered for loading."""
    total = (d.get("counters") or {}).get("measure_total")
    return f"{total['column']} {svg.amount(float(total['total']))}" if total else "-"


def _charts(view: RunView) -> str:
    charts = []
    per_period = len(view.periods) > 1

    def label(d: dict[str, Any]) -> str:
        return f"{d['domain']} {d['period']}" if per_period else str(d["domain"])

    charts.append(
        svg.bars(
            "rows loaded per domain" if not view.dry_run else "rows that would load, per domain",
            [(label(d), float(d.get("rows_inserted") or 0)) for d in view.domains],
            chart_id="chart-rows",
        )
    )
    charts.append(
        svg.bars(
            "rejected share per domain",
            [
                (label(d), 100.0 * (d.get("rows_rejected") or 0) / d["rows_read"] if d.get("rows_read") else 0.0)
                for d in view.domains
            ],
            unit=" %",
            chart_id="chart-rejected",
        )
    )
    for t in view.trends:
        charts.append(
            svg.lines(
                f"{t.measure} per {t.by}, last {len(t.months)} loaded months ({t.domain})",
                t.months,
                t.series,
                chart_id=f"chart-{t.domain}-{t.by}",
            )
        )
    return "<h2>Charts</h2><div class='charts'>" + "".join(f"<figure>{c}</figure>" for c in charts) + "</div>"


def _rejected(view: RunView) -> str:
    parts = ["<h2>Rejected rows by reason</h2>"]
    any_rejected = False
    for d in view.domains:
        reasons = (d.get("counters") or {}).get("rejected_by_reason") or {}
        if not reasons:
            continue
        any_rejected = True
        rows = "".join(
            f"<tr><td>{escape(str(r))}</td>{_cell(n, numeric=True)}</tr>"
            for r, n in sorted(reasons.items(), key=lambda kv: -int(kv[1]))
        )
        parts.append(
            f"<h3>{escape(d['domain'])} {escape(d['period'])}: {d.get('rows_rejected', 0)} rows "
            f"(<code>{escape(d.get('rejected_file') or '-')}</code>)</h3>"
            f"<table class='reasons'><tr><th>reason</th><th>rows</th></tr>{rows}</table>"
        )
    if not any_rejected:
        parts.append("<p>no rejected rows</p>")
    return "".join(parts)


def _warnings(view: RunView) -> str:
    items = [
        f"<li><b>{escape(d['domain'])}</b>: {escape(str(w))}</li>"
        for d in view.domains
        for w in d.get("warnings") or []
    ]
    errors = [f"<li><b>{escape(d['domain'])}</b>: {escape(d['error'])}</li>" for d in view.domains if d.get("error")]
    out = "<h2>Warnings</h2>" + (f"<ul id='warnings'>{''.join(items)}</ul>" if items else "<p>no warnings</p>")
    if errors:
        out += f"<h2>Errors</h2><ul id='errors'>{''.join(errors)}</ul>"
    return out


def _reconciliation(view: RunView) -> str:
    parts = ["<h2>Reconciliation</h2>"]
    results = view.reconciliations
    if not results:
        why = "a dry run loads nothing to reconcile" if view.dry_run else "no domain of this run declares one"
        parts.append(f"<p>not run: {why} (see <code>reconcile --period P</code>)</p>")
    for r in results:
        parts.append(f"<p class='{escape(r['status'])}'>{escape(r['domain'])}: {escape(r['headline'])}</p>")
        if r["totals"]:
            rows = "".join(
                f"<tr><td>{escape(t['group'])}</td>{_cell(svg.amount(t['opening']), numeric=True)}"
                f"{_cell(svg.amount(t['previous_closing']), numeric=True)}"
                f"{_cell(format(t['difference'], ',.2f'), numeric=True)}"
                f"<td class='{'ok' if t['ok'] else 'differs'}'>{'ok' if t['ok'] else 'differs'}</td></tr>"
                for t in r["totals"]
            )
            parts.append(
                f"<table class='totals'><tr><th>group</th><th>{escape(r['opening'])} {r['period']}</th>"
                f"<th>{escape(r['closing'])} {r['previous']}</th><th>difference</th><th></th></tr>{rows}</table>"
            )
        if r["largest"]:
            names = list(r["largest"][0]["key"])
            head = "".join(f"<th>{escape(n)}</th>" for n in names)
            rows = "".join(
                "<tr>"
                + "".join(_cell(k["key"][n]) for n in names)
                + _cell(k["group"])
                + _cell(f"{k['opening']:,.2f}", numeric=True)
                + _cell(f"{k['previous_closing']:,.2f}", numeric=True)
                + _cell(f"{k['difference']:,.2f}", numeric=True)
                + "</tr>"
                for k in r["largest"]
            )
            parts.append(
                f"<p>largest differences</p><table class='largest'><tr>{head}<th>group</th><th>opening</th>"
                f"<th>previous closing</th><th>difference</th></tr>{rows}</table>"
            )
    return "".join(parts)


def _unknown(view: RunView) -> str:
    head = "<h2>Unknown companies (temporary ids)</h2>"
    if not view.unknown_total:
        return head + "<p>every name resolved to a known company</p>"
    rows = "".join(
        "<tr>"
        + _cell(u.get("name"))
        + _cell(u.get("temporary_id"))
        + _cell(u.get("domain"))
        + _cell(u.get("period"))
        + _cell(u.get("rows"), numeric=True)
        + _cell(svg.amount(float(u.get("amount") or 0)), numeric=True)
        + "</tr>"
        for u in view.unknown_top
    )
    return (
        head
        + f"<p id='unknown-count'>{view.unknown_total} names, most frequent first"
        + (f"; the full list: <code>{escape(view.unknown_file or '')}</code>" if view.unknown_file else "")
        + "</p><table id='unknown'><tr><th>name</th><th>temporary id</th><th>domain</th><th>period</th>"
        f"<th>rows</th><th>amount</th></tr>{rows}</table>"
    )
