"""Charts and the map, drawn with reportlab graphics in the house style."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics

from workshop_app.export.pdf_base import (
    ACCENT,
    ACCENT_DARK,
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
    wrap_logical,
)
from workshop_app.model.answers import Link, Marker, Node


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


# -- the map ----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MapMarker:
    """A marker as the map numbers it: "1", "2" for losses, "P1", "P2" for proposals."""

    label: str
    item: Marker
    proposal: bool


BOX_W = 76.0
BOX_H = 27.0
LANE_LABEL_W = 82.0


def _two_lines(text: str, width: float, font: str, size: float) -> list[str]:
    """A label in at most two drawn lines, broken in reading order (the first line holds the start)."""
    lines = wrap_logical(" ".join(str(text).split()), width, font, size)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [shown_fit(line, width, font, size) for line in lines]


def _clip(cx: float, cy: float, dx: float, dy: float) -> tuple[float, float]:
    """Where the ray from a box's centre along (dx, dy) leaves the box."""
    hw, hh = BOX_W / 2 + 1.5, BOX_H / 2 + 1.5
    t = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return cx + dx * t, cy + dy * t


def map_drawing(
    nodes: Sequence[Node],
    links: Sequence[Link],
    markers: Sequence[MapMarker],
    lanes: Sequence[str],
    width: float,
    max_height: float = 560.0,
) -> Drawing:
    """The map drawn: lanes as bands, departments as boxes, hand-offs as arrows, numbered markers."""
    register_fonts()
    lane_names = list(lanes) or [""]
    nl = len(lane_names)
    label_w = LANE_LABEL_W if any(lane_names) else 0.0
    pad = 8.0
    xs = [n.x for n in nodes] or [0.0]
    xmin, xmax = min(xs), max(xs)
    usable = width - label_w - BOX_W - 2 * pad
    ordered = sorted(nodes, key=lambda n: (n.x, n.order))
    if xmax > xmin:
        px = {n.id: label_w + pad + (n.x - xmin) * usable / (xmax - xmin) for n in nodes}
    else:
        step = usable / max(len(nodes) - 1, 1)
        px = {n.id: label_w + pad + i * step for i, n in enumerate(ordered)}
    # Pack each lane's boxes into rows so that none overlaps another.
    rows_of: dict[str, int] = {}
    lane_rows = [1] * nl
    lane_of: dict[str, int] = {}
    for lane in range(nl):
        ends: list[float] = []
        here = [n for n in ordered if min(max(n.lane, 0), nl - 1) == lane]
        for node in here:
            lane_of[node.id] = lane
            x = px[node.id]
            for r, end in enumerate(ends):
                if x >= end + 6:
                    ends[r] = x + BOX_W
                    rows_of[node.id] = r
                    break
            else:
                ends.append(x + BOX_W)
                rows_of[node.id] = len(ends) - 1
        lane_rows[lane] = max(len(ends), 1)
    vpad, vgap = 9.0, 8.0
    heights = [r * BOX_H + (r - 1) * vgap + 2 * vpad if any(n == i for n in lane_of.values()) else 24.0
               for i, r in enumerate(lane_rows)]
    total_h = sum(heights)
    d = canvas_of(width, total_h)
    tops = []
    y = total_h
    for i, (name, h) in enumerate(zip(lane_names, heights, strict=True)):
        tops.append(y)
        d.add(Rect(0, y - h, width, h, fillColor=ZEBRA if i % 2 == 0 else colors.white, strokeColor=None))
        if name:
            font = drawing_font(shown(name), bold=True)
            lines = _two_lines(name, label_w - 10, font, 6.8)
            for k, line in enumerate(lines):
                d.add(String(6, y - 12 - k * 8.5, line, fontName=font, fontSize=6.8, fillColor=MUTED))
        y -= h
    if label_w:
        d.add(Line(label_w, 0, label_w, total_h, strokeColor=RULE, strokeWidth=0.5))
    centre: dict[str, tuple[float, float]] = {}
    for node in nodes:
        lane = lane_of[node.id]
        top = tops[lane] - vpad - rows_of[node.id] * (BOX_H + vgap)
        centre[node.id] = (px[node.id] + BOX_W / 2, top - BOX_H / 2)
    link_mid: dict[str, tuple[float, float, float, float]] = {}
    for link in links:
        a, b = centre.get(link.source or ""), centre.get(link.target or "")
        if not a or not b or a == b:
            continue
        dx, dy = b[0] - a[0], b[1] - a[1]
        x1, y1 = _clip(a[0], a[1], dx, dy)
        x2, y2 = _clip(b[0], b[1], -dx, -dy)
        dash = [2, 2] if link.hidden else None
        d.add(Line(x1, y1, x2, y2, strokeColor=MUTED, strokeWidth=0.9, strokeDashArray=dash))
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        head, half = 6.0, 2.8
        d.add(Polygon([x2, y2, x2 - ux * head - uy * half, y2 - uy * head + ux * half,
                       x2 - ux * head + uy * half, y2 - uy * head - ux * half],
                      fillColor=MUTED, strokeColor=None))
        link_mid[link.id] = ((x1 + x2) / 2, (y1 + y2) / 2, ux, uy)
    for node in nodes:
        cx, cy = centre[node.id]
        d.add(Rect(cx - BOX_W / 2, cy - BOX_H / 2, BOX_W, BOX_H, rx=3, ry=3, fillColor=colors.white,
                   strokeColor=ACCENT, strokeWidth=0.9, strokeDashArray=[2, 2] if node.hidden else None))
        font = drawing_font(shown(node.text))
        lines = _two_lines(node.text, BOX_W - 8, font, 7)
        first = cy + (len(lines) - 1) * 4.2 - 2.4
        for k, line in enumerate(lines):
            d.add(String(cx, first - k * 8.4, line, fontName=font, fontSize=7, fillColor=INK, textAnchor="middle"))
    placed: dict[str, int] = {}
    for marker in markers:
        target = marker.item.target or ""
        count = placed.get(target, 0)
        placed[target] = count + 1
        if target in link_mid:
            mx, my, ux, uy = link_mid[target]
            # Several markers on one hand-off sit side by side along it.
            offset = count * 15.0
            x, y = mx + ux * offset - uy * 9, my + uy * offset + ux * 9
        elif target in centre:
            cx, cy = centre[target]
            x, y = cx + BOX_W / 2 - 2 - count * 15.0, cy + BOX_H / 2
        else:
            continue
        if marker.proposal:
            d.add(Rect(x - 8, y - 6, 16, 12, rx=3, ry=3, fillColor=ACCENT_DARK, strokeColor=colors.white,
                       strokeWidth=0.8))
        else:
            d.add(Circle(x, y, 6.5, fillColor=WARN, strokeColor=colors.white, strokeWidth=0.8))
        d.add(String(x, y - 2.4, marker.label, fontName=FONT_BOLD, fontSize=6.5, fillColor=colors.white,
                     textAnchor="middle"))
    if total_h > max_height:
        factor = max_height / total_h
        d.scale(factor, factor)
        d.width, d.height = width * factor, max_height
    return d
