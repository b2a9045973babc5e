"""Inline SVG charts for the run report: no script, no external asset, so the file opens
on an intranet machine without network. Every drawn datum carries ``class="mark"``
(the browser test counts them)."""

from __future__ import annotations

from html import escape

PALETTE = ("#2f6db5", "#e07b39", "#3a9a5b", "#c0392b", "#8e6bbf", "#8c6d31", "#d35fa6", "#6b6b6b", "#17a2b8")
OTHERS = "others"


def amount(value: float) -> str:
    """Money and counts as an analyst reads them: thousands separated, at most 2 decimals."""
    if abs(value) >= 1e8:
        return f"{value / 1e8:,.2f} 亿"
    if abs(value) >= 1e4:
        return f"{value / 1e4:,.2f} 万"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def bars(title: str, items: list[tuple[str, float]], *, unit: str = "", chart_id: str) -> str:
    """Horizontal bars, one per item, labelled with the value."""
    label_w, bar_w, row_h = 190, 360, 24
    height = 34 + row_h * max(len(items), 1)
    top = max((v for _, v in items), default=0.0) or 1.0
    parts = [_open(chart_id, title, label_w + bar_w + 120, height)]
    for i, (label, value) in enumerate(items):
        y = 28 + i * row_h
        w = max(bar_w * value / top, 1.0) if value > 0 else 0.0
        parts.append(f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end">{escape(label)}</text>')
        parts.append(
            f'<rect class="mark" x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" '
            f'fill="{PALETTE[0]}"><title>{escape(label)}: {escape(amount(value))}{unit}</title></rect>'
        )
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 15}">{escape(amount(value))}{unit}</text>')
    if not items:
        parts.append(f'<text x="{label_w}" y="46">no data</text>')
    parts.append("</svg>")
    return "".join(parts)


def lines(title: str, months: list[str], series: dict[str, dict[str, float]], *, chart_id: str, keep: int = 8) -> str:
    """One line per series over the months; beyond ``keep`` series the rest are summed as
    ``others`` so a chart of 40 branches stays readable."""
    shown = dict(list(series.items())[:keep])
    rest = list(series.items())[keep:]
    if rest:
        shown[OTHERS] = {m: sum(s.get(m, 0.0) for _, s in rest) for m in months}
    left, plot_w, plot_h, top_pad = 90, 560, 220, 30
    legend_h = 18 * len(shown)
    width, height = left + plot_w + 30, top_pad + plot_h + 40 + legend_h
    peak = max((v for s in shown.values() for v in s.values()), default=0.0) or 1.0
    low = min(0.0, min((v for s in shown.values() for v in s.values()), default=0.0))
    span = (peak - low) or 1.0
    step = plot_w / max(len(months) - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return left + (i * step if len(months) > 1 else plot_w / 2), top_pad + plot_h * (1 - (v - low) / span)

    parts = [_open(chart_id, title, width, height)]
    for frac in (0.0, 0.5, 1.0):
        value = low + span * frac
        y = top_pad + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(amount(value))}</text>')
    for i, m in enumerate(months):
        x, _ = xy(i, low)
        parts.append(f'<text x="{x:.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle">{m[2:4]}-{m[4:]}</text>')
    for n, (name, values) in enumerate(shown.items()):
        colour = PALETTE[n % len(PALETTE)]
        points = [xy(i, values.get(m, 0.0)) for i, m in enumerate(months)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        parts.append(
            f'<polyline class="mark" points="{path}" fill="none" stroke="{colour}" stroke-width="2">'
            f"<title>{escape(name)}</title></polyline>"
        )
        for (x, y), m in zip(points, months, strict=True):
            tip = f"{name} {m}: {amount(values.get(m, 0.0))}"
            dot = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}">'
            parts.append(f"{dot}<title>{escape(tip)}</title></circle>")
        ly = top_pad + plot_h + 34 + 18 * n
        parts.append(f'<rect x="{left}" y="{ly - 9}" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{left + 18}" y="{ly + 1}">{escape(name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _open(chart_id: str, title: str, width: float, height: float) -> str:
    return (
        f'<svg id="{escape(chart_id)}" class="chart" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{escape(title)}">'
        f'<text class="chart-title" x="4" y="16">{escape(title)}</text>'
    )
