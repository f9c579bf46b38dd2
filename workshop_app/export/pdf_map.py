"""The silo-breaking map in the PDF: lanes as bands, departments as boxes, hand-offs as arrows and the
room's markers as numbered badges.

The map is laid out first (:func:`map_layout`, plain geometry that tests check) and drawn after. The
hand-offs are routed around the other departments' boxes; a marker on a hand-off sits on that
hand-off's own arrow, a marker on a department beside its box, and no badge covers a label.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.graphics.shapes import Circle, Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors

from workshop_app.export.map_route import Box, Point, route_all, segment_crosses
from workshop_app.export.pdf_base import ACCENT, ACCENT_DARK, INK, MUTED, RULE, WARN, ZEBRA
from workshop_app.export.pdf_charts import canvas_of, drawing_font
from workshop_app.export.pdf_text import FONT_BOLD, register_fonts, shown, shown_fit, text_width, wrap_logical
from workshop_app.model.answers import Link, Marker, Node

BOX_W = 76.0
BOX_H = 27.0
LANE_LABEL_W = 82.0
# How far a hand-off keeps from any box: more than half a badge, so a badge on it never touches one.
CLEARANCE = 9.0
PAD_X = CLEARANCE + 4
LANE_PAD = CLEARANCE + 5
# Boxes in one lane keep room between them for a hand-off to pass.
GAP = 2 * CLEARANCE + 2
EMPTY_LANE = 26.0
NODE_SIZE = 7.0
LANE_SIZE = 6.8
BADGE_SIZE = 6.5


@dataclass(frozen=True)
class MapMarker:
    """A marker as the map numbers it: "1", "2" for losses, "P1", "P2" for proposals."""

    label: str
    item: Marker
    proposal: bool


@dataclass(frozen=True)
class Text:
    """A drawn line of text and the rectangle it takes."""

    x: float
    y: float
    text: str
    font: str
    size: float
    colour: colors.Color
    anchor: str
    box: Box


@dataclass(frozen=True)
class Badge:
    """A marker's badge on one of its places (``target``): a circle for a loss, a rounded square for a proposal."""

    marker: MapMarker
    x: float
    y: float
    target: str = ""

    @property
    def box(self) -> Box:
        return badge_box(self.x, self.y, self.marker.proposal)


@dataclass
class Route:
    """A hand-off's arrow: its corners from the source's side to the target's."""

    link: Link
    points: list[Point]


@dataclass
class MapLayout:
    """Everything the map draws, as geometry."""

    width: float
    height: float
    label_w: float
    lanes: list[tuple[float, float]] = field(default_factory=list)  # each lane's top and bottom
    boxes: dict[str, Box] = field(default_factory=dict)
    nodes: dict[str, Node] = field(default_factory=dict)
    texts: list[Text] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
    badges: list[Badge] = field(default_factory=list)

    @property
    def labels(self) -> list[Box]:
        return [t.box for t in self.texts]


def badge_box(x: float, y: float, proposal: bool) -> Box:
    hw, hh = (8.0, 6.0) if proposal else (BADGE_SIZE, BADGE_SIZE)
    return Box(x - hw, y - hh, x + hw, y + hh)


def _text(x: float, y: float, line: str, font: str, size: float, colour: colors.Color, anchor: str) -> Text:
    w = text_width(line, font, size)
    left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    return Text(x, y, line, font, size, colour, anchor, Box(left, y - 0.25 * size, left + w, y + 0.8 * size))


def two_lines(text: str, width: float, font: str, size: float) -> list[str]:
    """A label in at most two drawn lines, broken in reading order (the first line holds the start)."""
    lines = wrap_logical(" ".join(str(text).split()), width, font, size)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [shown_fit(line, width, font, size) for line in lines]


def _columns(nodes: Sequence[Node], left: float, usable: float) -> dict[str, float]:
    """Each box's left edge: the departments' places from left to right, scaled to the width."""
    xs = [n.x for n in nodes] or [0.0]
    xmin, xmax = min(xs), max(xs)
    if xmax > xmin:
        return {n.id: left + (n.x - xmin) * usable / (xmax - xmin) for n in nodes}
    ordered = sorted(nodes, key=lambda n: (n.x, n.order))
    step = usable / max(len(nodes) - 1, 1)
    return {n.id: left + i * step for i, n in enumerate(ordered)}


def map_layout(
    nodes: Sequence[Node], links: Sequence[Link], markers: Sequence[MapMarker], lanes: Sequence[str], width: float
) -> MapLayout:
    """Where everything of the map goes, in points, the origin at the bottom left."""
    register_fonts()
    lane_names = list(lanes) or [""]
    count = len(lane_names)
    label_w = LANE_LABEL_W if any(lane_names) else 0.0
    px = _columns(nodes, label_w + PAD_X, width - label_w - BOX_W - 2 * PAD_X)
    # Pack each lane's boxes into rows so that none overlaps another, with room between them.
    row_of: dict[str, int] = {}
    lane_of: dict[str, int] = {}
    rows = [0] * count
    for lane in range(count):
        ends: list[float] = []
        for node in sorted(nodes, key=lambda n: (n.x, n.order)):
            if min(max(node.lane, 0), count - 1) != lane:
                continue
            lane_of[node.id] = lane
            x = px[node.id]
            row = next((r for r, end in enumerate(ends) if x >= end + GAP), len(ends))
            if row == len(ends):
                ends.append(0.0)
            ends[row] = x + BOX_W
            row_of[node.id] = row
        rows[lane] = len(ends)
    heights = [r * BOX_H + (r - 1) * GAP + 2 * LANE_PAD if r else EMPTY_LANE for r in rows]
    total = sum(heights)
    layout = MapLayout(width, total, label_w)
    top = total
    for name, h in zip(lane_names, heights, strict=True):
        layout.lanes.append((top, top - h))
        if name:
            font = drawing_font(shown(name), bold=True)
            for k, line in enumerate(two_lines(name, label_w - 10, font, LANE_SIZE)):
                layout.texts.append(_text(6, top - 12 - k * 8.5, line, font, LANE_SIZE, MUTED, "start"))
        top -= h
    for node in nodes:
        box_top = layout.lanes[lane_of[node.id]][0] - LANE_PAD - row_of[node.id] * (BOX_H + GAP)
        box = Box(px[node.id], box_top - BOX_H, px[node.id] + BOX_W, box_top)
        layout.boxes[node.id] = box
        layout.nodes[node.id] = node
        cx, cy = box.centre
        font = drawing_font(shown(node.text))
        lines = two_lines(node.text, BOX_W - 8, font, NODE_SIZE)
        first = cy + (len(lines) - 1) * 4.2 - 2.4
        for k, line in enumerate(lines):
            layout.texts.append(_text(cx, first - k * 8.4, line, font, NODE_SIZE, INK, "middle"))
    _route(layout, links)
    _place_badges(layout, markers)
    return layout


def _route(layout: MapLayout, links: Sequence[Link]) -> None:
    boxes = layout.boxes
    pairs = [(link.id, link.source or "", link.target or "") for link in links
             if link.source in boxes and link.target in boxes and link.source != link.target]
    bounds = Box(layout.label_w + 3, 3, layout.width - 3, layout.height - 3)
    found = route_all(boxes, pairs, bounds, CLEARANCE)
    for link in links:
        if link.id in found:
            layout.routes.append(Route(link, found[link.id]))
        elif link.source in boxes and link.target in boxes and link.source != link.target:
            # Boxes packed too tightly for any clear way round: the straight line between them.
            layout.routes.append(Route(link, _straight(boxes[link.source or ""], boxes[link.target or ""])))


def _straight(a: Box, b: Box) -> list[Point]:
    (ax, ay), (bx, by) = a.centre, b.centre

    def leave(box: Box, dx: float, dy: float) -> Point:
        cx, cy = box.centre
        hw, hh = (box.x1 - box.x0) / 2, (box.y1 - box.y0) / 2
        t = min(hw / abs(dx) if dx else float("inf"), hh / abs(dy) if dy else float("inf"))
        return cx + dx * t, cy + dy * t

    return [leave(a, bx - ax, by - ay), leave(b, ax - bx, ay - by)]


def _free(layout: MapLayout, box: Box, taken: list[Box]) -> bool:
    if box.x0 < layout.label_w or box.x1 > layout.width or box.y0 < 0 or box.y1 > layout.height:
        return False
    return not any(box.meets(other) for other in (*layout.boxes.values(), *layout.labels, *taken))


def _on_other(layout: MapLayout, route: Route, p: Point) -> bool:
    """Whether a point also lies on another hand-off's arrow (a badge there would be ambiguous)."""
    probe = Box(p[0] - 0.5, p[1] - 0.5, p[0] + 0.5, p[1] + 0.5)
    for other in layout.routes:
        if other is route:
            continue
        for a, b in zip(other.points, other.points[1:], strict=False):
            if segment_crosses(a, b, probe):
                return True
    return False


def _spot_on_route(layout: MapLayout, route: Route, proposal: bool, taken: list[Box]) -> Point:
    segments = list(zip(route.points, route.points[1:], strict=False))
    # The stubs at either end run close to the boxes: use the stretches between them when there are any.
    inner = segments[1:-1] or segments
    inner.sort(key=lambda s: -(abs(s[1][0] - s[0][0]) + abs(s[1][1] - s[0][1])))
    # The middle first; on a crowded arrow (a proposal shares it with others) every twentieth of the way.
    fine = tuple(k / 20 for k in range(1, 20))
    for alone, steps, stretch in ((True, (0.5, 0.35, 0.65, 0.2, 0.8, 0.1, 0.9), inner), (True, fine, inner),
                                  (False, fine, inner), (False, fine, segments)):
        for (ax, ay), (bx, by) in stretch:
            for t in steps:
                p = (ax + (bx - ax) * t, ay + (by - ay) * t)
                if (not alone or not _on_other(layout, route, p)) and _free(layout, badge_box(*p, proposal), taken):
                    return p
    (ax, ay), (bx, by) = inner[0]
    return (ax + bx) / 2, (ay + by) / 2


def _spot_by_box(layout: MapLayout, box: Box, proposal: bool, taken: list[Box]) -> Point:
    probe = badge_box(0, 0, proposal)
    hw, hh = probe.x1, probe.y1
    cy = box.centre[1]
    spots: list[Point] = []
    for k in range(4):
        x = box.x1 - hw - k * (2 * hw + 2)
        spots += [(x, box.y1 + hh + 1.5), (x, box.y0 - hh - 1.5)]
    spots += [(box.x1 + hw + 1.5, cy), (box.x0 - hw - 1.5, cy)]
    for p in spots:
        if _free(layout, badge_box(*p, proposal), taken):
            return p
    # Nowhere outside: inside the box's corners, clear of its label.
    labels = [*layout.labels, *taken]
    for p in ((box.x1 - hw - 1, box.y1 - hh - 1), (box.x0 + hw + 1, box.y1 - hh - 1),
              (box.x1 - hw - 1, box.y0 + hh + 1), (box.x0 + hw + 1, box.y0 + hh + 1)):
        if not any(badge_box(*p, proposal).meets(other) for other in labels):
            return p
    return box.x1 - hw, box.y1


def _place_badges(layout: MapLayout, markers: Sequence[MapMarker]) -> None:
    routes = {r.link.id: r for r in layout.routes}
    taken: list[Box] = []
    # A proposal on several hand-offs has the same badge on each of them.
    for marker, target in ((m, t) for m in markers for t in m.item.targets):
        if target in routes:
            x, y = _spot_on_route(layout, routes[target], marker.proposal, taken)
        elif target in layout.boxes:
            x, y = _spot_by_box(layout, layout.boxes[target], marker.proposal, taken)
        else:
            continue
        badge = Badge(marker, x, y, target)
        layout.badges.append(badge)
        taken.append(badge.box)


def draw_map(layout: MapLayout) -> Drawing:
    """The map drawn from its layout."""
    d = canvas_of(layout.width, layout.height)
    for i, (top, bottom) in enumerate(layout.lanes):
        d.add(Rect(0, bottom, layout.width, top - bottom, fillColor=ZEBRA if i % 2 == 0 else colors.white,
                   strokeColor=None))
    if layout.label_w:
        d.add(Line(layout.label_w, 0, layout.label_w, layout.height, strokeColor=RULE, strokeWidth=0.5))
    for route in layout.routes:
        dash = [2, 2] if route.link.hidden else None
        pts = route.points
        for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
            d.add(Line(ax, ay, bx, by, strokeColor=MUTED, strokeWidth=0.9, strokeDashArray=dash,
                       strokeLineCap=1))
        (ax, ay), (bx, by) = pts[-2], pts[-1]
        length = ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5 or 1.0
        ux, uy = (bx - ax) / length, (by - ay) / length
        head, half = 6.0, 2.8
        d.add(Polygon([bx, by, bx - ux * head - uy * half, by - uy * head + ux * half,
                       bx - ux * head + uy * half, by - uy * head - ux * half], fillColor=MUTED, strokeColor=None))
    for node_id, box in layout.boxes.items():
        hidden = layout.nodes[node_id].hidden
        d.add(Rect(box.x0, box.y0, BOX_W, BOX_H, rx=3, ry=3, fillColor=colors.white, strokeColor=ACCENT,
                   strokeWidth=0.9, strokeDashArray=[2, 2] if hidden else None))
    for t in layout.texts:
        d.add(String(t.x, t.y, t.text, fontName=t.font, fontSize=t.size, fillColor=t.colour, textAnchor=t.anchor))
    for badge in layout.badges:
        x, y = badge.x, badge.y
        if badge.marker.proposal:
            d.add(Rect(x - 8, y - 6, 16, 12, rx=3, ry=3, fillColor=ACCENT_DARK, strokeColor=colors.white,
                       strokeWidth=0.8))
        else:
            d.add(Circle(x, y, BADGE_SIZE, fillColor=WARN, strokeColor=colors.white, strokeWidth=0.8))
        d.add(String(x, y - 2.4, badge.marker.label, fontName=FONT_BOLD, fontSize=6.5, fillColor=colors.white,
                     textAnchor="middle"))
    return d


def map_drawing(
    nodes: Sequence[Node],
    links: Sequence[Link],
    markers: Sequence[MapMarker],
    lanes: Sequence[str],
    width: float,
    max_height: float = 560.0,
) -> Drawing:
    """The map drawn ``width`` points wide, scaled down to ``max_height`` if it is taller."""
    layout = map_layout(nodes, links, markers, lanes, width)
    d = draw_map(layout)
    if layout.height > max_height:
        factor = max_height / layout.height
        d.scale(factor, factor)
        d.width, d.height = width * factor, max_height
    return d
