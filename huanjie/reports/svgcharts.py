"""The summary's charts for its web page, drawn as SVG markup directly (issue 20).

matplotlib took some 150–350 ms of CPU a chart, and the district's summary has up to nine: its web page cost
seconds. A bar chart of a few counts is a handful of rectangles and labels, so the page draws them here in
about a millisecond, from the same values as the PNG that Word and the PDF embed (huanjie.reports.charts):
the same title, categories, series, colours and counts. Every text is escaped; the markup is inert (no
script, no link, no external reference).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from html import escape

BLUE, GREY, RED, AMBER = "#1f4e79", "#a6a6a6", "#b22222", "#d08c00"
FONT = 'font-family="Noto Sans CJK SC, Noto Sans SC, sans-serif"'
WIDTH = 640
LEGEND = 120  # the legend's column, right of the plot


def _nice_step(top: int, ticks: int = 5) -> int:
    """A round step (1, 2, 5 × 10ⁿ) that divides 0…top into at most `ticks` intervals."""
    if top <= ticks:
        return 1
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw:
            return int(factor * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def _text(x: float, y: float, text: str, *, size: int = 10, anchor: str = "middle", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _open(caption: str, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="img" {FONT}>',
        f"<title>{escape(caption)}</title>",
        _text((WIDTH - LEGEND) / 2, 18, caption, size=13),
    ]


def _legend(out: list[str], labels: Sequence[str], colours: Sequence[str], top: float) -> None:
    x = WIDTH - LEGEND + 12
    for i, (label, colour) in enumerate(zip(labels, colours, strict=False)):
        y = top + i * 18
        out.append(f'<rect x="{x}" y="{y:.1f}" width="12" height="10" fill="{colour}"/>')
        out.append(_text(x + 17, y + 9, label, anchor="start"))


def grouped(
    caption: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], ylabel: str
) -> str:
    """Bars for each category, one per series (this term, previous term), each labelled with its count."""
    height, left, top, bottom = 320, 56, 34, 56
    plot_w, plot_h = WIDTH - LEGEND - left - 10, height - top - bottom
    colours = (BLUE, GREY, AMBER)
    highest = max([v for _label, values in series for v in values] or [0])
    step = _nice_step(highest)
    scale_top = max(step, math.ceil(highest / step) * step)
    out = _open(caption, height)
    base = top + plot_h
    for tick in range(0, scale_top + 1, step):
        y = base - plot_h * tick / scale_top
        out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5e5"/>')
        out.append(_text(left - 6, y + 3.5, str(tick), anchor="end"))
    out.append(
        _text(14, top + plot_h / 2, ylabel, extra=f' transform="rotate(-90 14 {top + plot_h / 2:.1f})"')
    )
    slot = plot_w / max(1, len(categories))
    width = slot * 0.8 / max(1, len(series))
    for k, (_label, values) in enumerate(series):
        for i, value in enumerate(values):
            x = left + slot * (i + 0.5) + (k - (len(series) - 1) / 2) * width - width / 2
            h = plot_h * value / scale_top
            colour = colours[k % len(colours)]
            out.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{width:.1f}" height="{h:.1f}" fill="{colour}"/>'
            )
            out.append(_text(x + width / 2, base - h - 3, str(value), size=8))
    for i, category in enumerate(categories):
        for n, line in enumerate(textwrap.wrap(category, 12) or [""]):
            out.append(_text(left + slot * (i + 0.5), base + 15 + 12 * n, line))
    out.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{base}" y2="{base}" stroke="#333"/>')
    _legend(out, [label for label, _values in series], colours, top)
    out.append("</svg>")
    return "".join(out)


def stacked(caption: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> str:
    """Horizontal stacked bars, one row per category (completion by street: on time, late, not finished)."""
    row, top, bottom = 22, 34, 30
    height = top + bottom + row * max(1, len(categories))
    left = min(180, 16 + 12 * max([len(c) for c in categories] or [0]))
    plot_w = WIDTH - LEGEND - left - 10
    colours = (BLUE, AMBER, RED)
    totals = [sum(values[i] for _label, values in series) for i in range(len(categories))]
    highest = max(totals or [0])
    step = _nice_step(highest)
    scale_top = max(step, math.ceil(highest / step) * step)
    out = _open(caption, height)
    base = top + row * len(categories)
    for tick in range(0, scale_top + 1, step):
        x = left + plot_w * tick / scale_top
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{base}" stroke="#e5e5e5"/>')
        out.append(_text(x, base + 14, str(tick)))
    for i, category in enumerate(categories):
        y = top + row * i
        out.append(_text(left - 6, y + row / 2 + 4, category, anchor="end"))
        start = 0
        for k, (_label, values) in enumerate(series):
            w = plot_w * values[i] / scale_top
            if w:
                x = left + plot_w * start / scale_top
                colour = colours[k % len(colours)]
                out.append(
                    f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row - 6}" fill="{colour}"/>'
                )
            start += values[i]
    out.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{base}" stroke="#333"/>')
    _legend(out, [label for label, _values in series], colours, top)
    out.append("</svg>")
    return "".join(out)
