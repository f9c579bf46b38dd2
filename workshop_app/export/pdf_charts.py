"""Charts and the map, drawn with reportlab graphics in the house style."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics

from workshop_app.export.pdf_base import (
    ACCENT,
    ACCENT_MID,
    INK,
    MUTED,
    RULE,
    WARN,
    ZEBRA,
    hex_colour,
)
from workshop_app.export.pdf_text import (
    FONT,
    FONT_BOLD,
    fallback_font,
    font_runs,
    register_fonts,
    shown,
    shown_fit,
)


def canvas_of(width: float, height: float) -> Drawing:
    """An empty drawing that starts in the embedded font (reportlab's default would name Helvetica)."""
    register_fonts()
    d = Drawing(width, height)
    d.initialFontName = FONT
    d.initialFontSize = 8
    return d


def drawing_font(text: str, bold: bool = False) -> str:
    """One font for a drawn string: the first fallback it needs, if the main font lacks any character."""
    for _, font in font_runs(text):
        if font:
            return fallback_font(font)
    return FONT_BOLD if bold else FONT


def scale_colours(n: int) -> list[colors.Color]:
    """Colours for the options of a scale, from the accent (first option) to a light grey (last)."""
    start, end = ACCENT, colors.HexColor("#C9D2D9")
    if n <= 1:
        return [start]
    if n == 3:
        return [ACCENT, ACCENT_MID, colors.HexColor("#D5DCE2")]
    return [colors.linearlyInterpolatedColor(start, end, 0, n - 1, i) for i in range(n)]


def legend_markup(labels: Sequence[str], palette: Sequence[colors.Color]) -> str:
    """Inline legend markup: a coloured square before each label (labels are escaped by the caller)."""
    parts = [f'<font color="{hex_colour(c)}">■</font>&nbsp;{label}'
             for label, c in zip(labels, palette, strict=False)]
    return "&nbsp;&nbsp;&nbsp;&nbsp;".join(parts)


def stacked_bar(counts: Sequence[int], width: float, height: float = 11) -> Drawing:
    """One horizontal bar split into the shares of each option, counts written in segments wide enough."""
    register_fonts()
    d = canvas_of(width, height)
    total = sum(counts)
    d.add(Rect(0, 0, width, height, fillColor=ZEBRA, strokeColor=None))
    if not total:
        return d
    palette = scale_colours(len(counts))
    x = 0.0
    for count, colour in zip(counts, palette, strict=False):
        w = width * count / total
        if w <= 0:
            continue
        d.add(Rect(x, 0, w, height, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6))
        label = str(count)
        if w > pdfmetrics.stringWidth(label, FONT_BOLD, 6.8) + 4:
            light = colour in (palette[0],) or colour.red + colour.green + colour.blue < 1.6
            d.add(String(x + w / 2, height / 2 - 2.4, label, fontName=FONT_BOLD, fontSize=6.8,
                         fillColor=colors.white if light else INK, textAnchor="middle"))
        x += w
    return d


def mini_histogram(
    distribution: Sequence[int], low: int, width: float = 84, height: float = 22, strong: bool = False
) -> Drawing:
    """A small column chart of how many chose each score, the scores written under the columns."""
    register_fonts()
    d = canvas_of(width, height)
    n = len(distribution)
    peak = max(distribution) if distribution else 0
    base = 7.5
    slot = width / max(n, 1)
    for i, count in enumerate(distribution):
        x = i * slot
        h = (height - base - 1) * count / peak if peak else 0
        if count:
            d.add(Rect(x + slot * 0.18, base, slot * 0.64, max(h, 0.8), fillColor=ACCENT if strong else ACCENT_MID, strokeColor=None))
        d.add(String(x + slot / 2, 0.5, str(low + i), fontName=FONT, fontSize=5.6, fillColor=MUTED,
                     textAnchor="middle"))
    d.add(Line(0, base, width, base, strokeColor=RULE, strokeWidth=0.5))
    return d


def mean_chart(labels: Sequence[str], means: Sequence[float], low: int, high: int, width: float) -> Drawing:
    """Mean score per dimension as a horizontal bar chart; the weakest bar in the warning colour."""
    register_fonts()
    n = len(labels)
    row = 17.0
    label_w = min(220.0, width * 0.45)
    height = n * row + 22
    d = canvas_of(width, height)
    chart = HorizontalBarChart()
    chart.x = label_w
    chart.y = 14
    chart.width = width - label_w - 26
    chart.height = n * row
    # The category axis runs bottom-up; reverse so the list reads top-down like the table below it.
    values = list(reversed([float(m) for m in means]))
    chart.data = [values]
    chart.valueAxis.valueMin = low
    chart.valueAxis.valueMax = high
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 6.8
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = 1
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.gridStrokeWidth = 0.4
    chart.categoryAxis.visibleTicks = 0
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.labels.visible = 0
    chart.barWidth = row * 0.6
    chart.groupSpacing = row * 0.4
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = ACCENT
    weakest = min(range(n), key=lambda i: values[i]) if n else -1
    if n > 1:
        chart.bars[(0, weakest)].fillColor = WARN
    chart.barLabelFormat = "%.1f"
    chart.barLabels.fontName = FONT_BOLD
    chart.barLabels.fontSize = 6.8
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    d.add(chart)
    for i, label in enumerate(reversed(list(labels))):
        y = chart.y + (i + 0.5) * row - 2.6
        font = drawing_font(shown(label))
        d.add(String(label_w - 6, y, shown_fit(label, label_w - 10, font, 7.2), fontName=font, fontSize=7.2,
                     fillColor=INK, textAnchor="end"))
    return d
