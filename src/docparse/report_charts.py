"""Inline SVG charts for the review report: drawn here in Python, so a page needs nothing fetched or run to show them.

Every number is written with a fixed format, so the same counts give the same bytes. Text is escaped; labels too long
for the label column are shortened, with the whole label kept in the hover title.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

# displaCy's entity colours, then a few more: enough for the series of a stacked chart.
PALETTE = (
    "#7aecec",
    "#feca74",
    "#aa9cfc",
    "#bfe1d9",
    "#ff9561",
    "#c887fb",
    "#9cc9cc",
    "#ffeb80",
    "#ff8197",
    "#bfeeb7",
)
OTHER = "other"  # the series that gathers the rest, drawn grey
OTHER_COLOR = "#d0d0d0"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _num(value: float) -> str:
    """A coordinate with at most one decimal: stable bytes, no float noise."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def tick_step(value: float) -> int:
    """A whole step of 1, 2, 3, 4, 5, 6 or 8 times a power of ten, at or above `value`: labels stay round."""
    scale = 1
    while True:
        for step in (1, 2, 3, 4, 5, 6, 8):
            if step * scale >= value:
                return step * scale
        scale *= 10


def hbar_chart(
    title: str,
    rows: Sequence[tuple[str, float, str]],
    *,
    percent: bool = False,
    color: str = PALETTE[0],
    width: int = 580,
    label_width: int = 250,
) -> str:
    """Horizontal bars, one row per (label, value, hover text); `percent` reads values as shares 0..1."""
    if not rows:
        return f'<p class="empty">{_esc(title)}: no data.</p>'
    row_height = 22
    value_width = 64
    plot = width - label_width - value_width
    top = 4
    height = top + row_height * len(rows) + 4
    biggest = 1.0 if percent else max(max(value for _, value, _ in rows), 1)
    parts = [
        f'<svg class="chart" role="img" aria-label="{_esc(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" {FONT} font-size="12">',
        f"<title>{_esc(title)}</title>",
    ]
    for index, (label, value, hover) in enumerate(rows):
        y = top + index * row_height
        bar = plot * value / biggest
        shown = f"{value * 100:.1f}%" if percent else f"{value:,.0f}"
        parts.append(
            f"<g><title>{_esc(hover)}</title>"
            f'<text x="{label_width - 6}" y="{y + 15}" text-anchor="end">{_esc(_clip(label, 34))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{_num(max(bar, 1 if value else 0))}" height="{row_height - 6}"'
            f' fill="{color}" rx="2"/>'
            f'<text x="{_num(label_width + bar + 5)}" y="{y + 15}">{shown}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_columns(
    title: str,
    buckets: Sequence[str],
    series: Sequence[str],
    counts: Mapping[tuple[str, str], int],
    *,
    width: int = 960,
    height: int = 260,
) -> str:
    """Columns per bucket (a month, a year), stacked by series (a document type), with a legend below."""
    if not buckets or not series:
        return f'<p class="empty">{_esc(title)}: no data.</p>'
    colors = {name: (OTHER_COLOR if name == OTHER else PALETTE[i % len(PALETTE)]) for i, name in enumerate(series)}
    left, right, top, bottom = 44, 8, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(counts.get((b, s), 0) for s in series) for b in buckets]
    step = tick_step(max(totals) / 4)  # four gridlines above the axis, each a round number
    y_max = step * 4
    slot = plot_w / len(buckets)
    bar_w = max(slot * 0.8, 0.5)
    parts = [
        f'<svg class="chart" role="img" aria-label="{_esc(title)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg" {FONT} font-size="11">',
        f"<title>{_esc(title)}</title>",
    ]
    for tick in range(5):
        y = top + plot_h - plot_h * tick / 4
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{_num(y)}" y2="{_num(y)}" stroke="#e5e5e5"/>')
        parts.append(f'<text x="{left - 5}" y="{_num(y + 4)}" text-anchor="end">{step * tick:,}</text>')
    label_every = max(1, -(-len(buckets) // 16))  # at most 16 labels under the axis
    for index, bucket in enumerate(buckets):
        x = left + index * slot + (slot - bar_w) / 2
        y = top + plot_h
        for name in series:
            count = counts.get((bucket, name), 0)
            if not count:
                continue
            h = plot_h * count / y_max
            y -= h
            parts.append(
                f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar_w)}" height="{_num(h)}" fill="{colors[name]}">'
                f"<title>{_esc(bucket)} · {_esc(name)}: {count:,}</title></rect>"
            )
        if index % label_every == 0:
            parts.append(
                f'<text x="{_num(left + index * slot + slot / 2)}" y="{height - bottom + 16}" text-anchor="middle">'
                f"{_esc(bucket)}</text>"
            )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="#888"/></svg>'
    )
    legend = "".join(
        f'<li><span class="swatch" style="background:{colors[name]}"></span>{_esc(name)}</li>' for name in series
    )
    return "".join(parts) + f'<ul class="chart-legend">{legend}</ul>'
