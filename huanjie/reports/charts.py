"""The summary's charts: age and education structure against the previous term, completion by street.

Drawn with matplotlib (Agg, no display) in the CJK font the PDFs use, as PNG for Word and the PDF. For the
summary's web page (`svg=True`) the same values are drawn as SVG markup by huanjie.reports.svgcharts, without
matplotlib (150–350 ms of CPU a chart, up to nine a page: issue 20). Counts only — the charts never show a
figure the tables do not.
"""

from __future__ import annotations

import functools
import io
import textwrap
from collections.abc import Sequence
from typing import Any

from huanjie.core.pdf import FONT_FAMILIES, _font_file
from huanjie.reports import svgcharts
from huanjie.reports.document import Chart

BLUE, GREY, RED, AMBER = "#1f4e79", "#a6a6a6", "#b22222", "#d08c00"


@functools.cache
def _setup() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    # matplotlib finds the system's CJK faces itself (its font cache); adding the file by hand would parse
    # the whole 20 MB collection's name tables on every process start.
    _font_file(FONT_FAMILIES[1])  # PdfError with the Debian package to install when the face is missing
    family = FONT_FAMILIES[1]
    if family not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(_font_file(family)[0]))
    pyplot.rcParams.update(
        {"font.family": [family], "font.size": 10, "axes.unicode_minus": False, "svg.fonttype": "none"}
    )
    return pyplot


def _export(fig: Any, caption: str) -> Chart:
    """PNG for Word and the PDF."""
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=130, bbox_inches="tight", metadata={"Software": None})
    _setup().close(fig)
    return Chart(caption, png.getvalue(), "")


def grouped(
    caption: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    ylabel: str,
    *,
    svg: bool = False,
) -> Chart:
    """Bars for each category, one per series (this term, previous term), each bar labelled with its count."""
    if svg:
        return Chart(caption, b"", svgcharts.grouped(caption, categories, series, ylabel))
    plt = _setup()
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    width = 0.8 / max(1, len(series))
    colours = (BLUE, GREY, AMBER)
    for k, (label, values) in enumerate(series):
        xs = [i + (k - (len(series) - 1) / 2) * width for i in range(len(categories))]
        bars = ax.bar(xs, values, width, label=label, color=colours[k % len(colours)])
        ax.bar_label(bars, padding=2, fontsize=8)
    # English labels ("junior secondary") are long: wrapped, they do not run into each other.
    ax.set_xticks(range(len(categories)), [textwrap.fill(c, 12) for c in categories])
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(caption)
    return _export(fig, caption)


def stacked(
    caption: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]], *, svg: bool = False
) -> Chart:
    """Horizontal stacked bars (completion by street: on time, late, not finished)."""
    if svg:
        return Chart(caption, b"", svgcharts.stacked(caption, categories, series))
    plt = _setup()
    fig, ax = plt.subplots(figsize=(6.4, max(2.2, 0.28 * len(categories) + 1)))
    left = [0] * len(categories)
    for (label, values), colour in zip(series, (BLUE, AMBER, RED), strict=False):
        ax.barh(list(categories), values, left=left, label=label, color=colour)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.set_title(caption)
    return _export(fig, caption)
