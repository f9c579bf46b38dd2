"""The silo-breaking map for the room: lanes as columns, departments as boxes, hand-offs as arrows.

Lanes run left to right (the chain from strategy to after-sales). Each department sits in its lane,
in the vertical order the facilitator dragged it to, pushed apart so no two boxes overlap. Without
lanes, departments are put into columns by their left-to-right position. Markers (where customer
insight is lost) are numbered circles and proposals lettered squares, on their hand-off or
department, with their full text in a legend below the map, so no long text sits on top of arrows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from workshop_app.core.workshop import Workshop
from workshop_app.gui.shared_paint import (
    Box,
    Disc,
    Scene,
    Segment,
    Sizes,
    TextRun,
    Theme,
    largest_fit,
    line_height,
    longest_word,
    plural,
    wrap,
)
from workshop_app.model.answers import Link, Marker, Node
from workshop_app.model.document import Step


@dataclass
class _Node:
    item: Node
    lane: int
    lines: tuple[str, ...]
    rect: QRectF


def _letters(n: int) -> str:
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _lanes(step: Step, nodes: list[Node]) -> tuple[list[str], dict[str, int]]:
    """Lane names and each node's lane; without lanes, columns by left-to-right position."""
    assert step.exercise and step.exercise.map
    names = list(step.exercise.map.lanes)
    if names:
        return names, {n.id: min(max(n.lane, 0), len(names) - 1) for n in nodes}
    count = max(1, math.ceil(math.sqrt(len(nodes))))
    by_x = sorted(nodes, key=lambda n: (n.x, n.y))
    per = max(1, math.ceil(len(nodes) / count))
    return [""] * count, {n.id: k // per for k, n in enumerate(by_x)}


def _edge_point(rect: QRectF, toward: QPointF, gap: float) -> QPointF:
    """Where the line from the centre of ``rect`` to ``toward`` leaves it, plus a small gap."""
    c = rect.center()
    dx, dy = toward.x() - c.x(), toward.y() - c.y()
    if dx == 0 and dy == 0:
        return c
    sx = (rect.width() / 2) / abs(dx) if dx else math.inf
    sy = (rect.height() / 2) / abs(dy) if dy else math.inf
    s = min(sx, sy)
    length = math.hypot(dx, dy)
    s += gap / length
    return QPointF(c.x() + dx * s, c.y() + dy * s)


def map_scene(ws: Workshop, step: Step, rect: QRectF, theme: Theme, sizes: Sizes) -> Scene:
    """Lanes, departments, hand-offs, markers and proposals; a legend with the markers' text."""
    assert step.exercise and step.exercise.map
    spec = step.exercise.map
    items = [i for i in ws.items(step.id) if not i.hidden]
    nodes = [i for i in items if isinstance(i, Node)]
    links = [i for i in items if isinstance(i, Link)]
    markers = [i for i in items if isinstance(i, Marker)]
    if step.answers_hidden:
        scene = Scene()
        msg = f"{plural(len(nodes) + len(links) + len(markers), 'items')} on the map, hidden until revealed"
        scene.text(rect.left(), rect.top(), msg, sizes.answer, theme.muted, rect.width(), bold=True)
        return scene
    lanes, lane_of = _lanes(step, nodes)
    losses = [m for m in markers if not m.proposal]
    proposals = [m for m in markers if m.proposal]
    badge = {m.id: str(k + 1) for k, m in enumerate(losses)} | {m.id: _letters(k) for k, m in enumerate(proposals)}

    def build(px: float, partial: bool) -> Scene | None:
        scene = Scene()
        scene.answer_px = px
        legend_h = _legend(scene, rect, spec.marker_label, spec.proposal_label, losses, proposals, badge, px, theme,
                           partial)
        if legend_h is None:
            return None
        area = QRectF(rect.left(), rect.top(), rect.width(), rect.height() - legend_h)
        placed = _place_nodes(scene, area, lanes, lane_of, nodes, px, theme, partial)
        if placed is None:
            return None
        _draw_links(scene, links, markers, placed, badge, px, theme)
        return scene

    return largest_fit(sizes.answer_steps(), lambda px: build(px, False), lambda px: build(px, True) or Scene())


def _place_nodes(scene: Scene, area: QRectF, lanes: list[str], lane_of: dict[str, int], nodes: list[Node],
                 px: float, theme: Theme, partial: bool) -> dict[str, _Node] | None:
    lane_w = area.width() / len(lanes)
    head_px = px * 0.8
    box_w = lane_w * 0.82
    pad = px * 0.35
    if not partial and (
        any(longest_word(name, head_px, True) > lane_w - px * 0.6 for name in lanes)
        or any(longest_word(n.text, px, True) > box_w - 2 * pad for n in nodes)
    ):
        return None  # a word would be broken: try a smaller size
    heads = [wrap(name, head_px, lane_w - px * 0.6, True) if name else () for name in lanes]
    head_h = max((len(h) for h in heads), default=0) * line_height(head_px, True)
    head_h = head_h + px * 0.6 if head_h else 0.0
    top = area.top() + head_h
    for k, (name, lines) in enumerate(zip(lanes, heads, strict=True)):
        x = area.left() + k * lane_w
        scene.add(Box(QRectF(x, area.top(), lane_w, area.height()), theme.panel if k % 2 == 0 else None))
        if name:
            scene.add(TextRun(x + px * 0.3, area.top() + px * 0.3, lines, head_px, theme.muted, True), name)
    ys = [n.y for n in nodes]
    y_lo, y_hi = (min(ys), max(ys)) if ys else (0.0, 1.0)
    span = (y_hi - y_lo) or 1.0
    gap = px * 1.6  # room between boxes for arrows and marker badges
    placed: dict[str, _Node] = {}
    hidden = 0
    for lane in range(len(lanes)):
        here = sorted((n for n in nodes if lane_of[n.id] == lane), key=lambda n: (n.y, n.x))
        boxes = [(n, wrap(n.text or "?", px, box_w - 2 * pad, True)) for n in here]
        heights = [len(lines) * line_height(px, True) + 2 * pad for _n, lines in boxes]
        room = area.bottom() - top - px * 0.4
        needed = sum(heights) + gap * max(len(heights) - 1, 0)
        if needed > room:
            if not partial:
                return None
            while boxes and sum(heights) + gap * (len(heights) - 1) > room - line_height(px, True):
                boxes.pop()
                heights.pop()
            hidden += len(here) - len(boxes)
        # Where the facilitator put them, then pushed apart downwards and back up from the bottom.
        wanted = [top + (room - h) * (n.y - y_lo) / span for (n, _l), h in zip(boxes, heights, strict=True)]
        for i in range(1, len(wanted)):
            wanted[i] = max(wanted[i], wanted[i - 1] + heights[i - 1] + gap)
        limit = top + room
        for i in range(len(wanted) - 1, -1, -1):
            wanted[i] = min(wanted[i], limit - heights[i])
            limit = wanted[i] - gap
        x = area.left() + lane * lane_w + (lane_w - box_w) / 2
        for (n, lines), y, h in zip(boxes, wanted, heights, strict=True):
            r = QRectF(x, y, box_w, h)
            placed[n.id] = _Node(n, lane, lines, r)
    for node in placed.values():
        r = node.rect
        scene.add(Box(r, theme.neutral_card, theme.accent, max(px * 0.1, 2.0), px * 0.25))
        scene.add(TextRun(r.left() + pad, r.top() + pad, node.lines, px, "#000000", True), node.item.text)
        scene.answer_lines += len(node.lines)
    if hidden:
        label = f"+{hidden} more departments"
        scene.add(TextRun(area.left(), area.bottom() - line_height(px, True), (label,), px, theme.accent, True), label)
        scene.more += hidden
    return placed


def _draw_links(scene: Scene, links: list[Link], markers: list[Marker], placed: dict[str, _Node],
                badge: dict[str, str], px: float, theme: Theme) -> None:
    seen: set[tuple[str, str]] = set()
    mids: dict[str, tuple[QPointF, QPointF]] = {}
    for link in links:
        a, b = placed.get(link.source or ""), placed.get(link.target or "")
        if a is None or b is None or a is b:
            continue
        curve = 0.15 if (link.target, link.source) in seen else 0.0
        seen.add((link.source or "", link.target or ""))
        start = _edge_point(a.rect, b.rect.center(), px * 0.2)
        end = _edge_point(b.rect, a.rect.center(), px * 0.3)
        scene.add(Segment(start, end, theme.text, max(px * 0.12, 2.0), arrow=px * 0.75, curve=curve))
        dx, dy = end.x() - start.x(), end.y() - start.y()
        mid = QPointF((start.x() + end.x()) / 2 - dy * curve, (start.y() + end.y()) / 2 + dx * curve)
        length = math.hypot(dx, dy) or 1.0
        mids[link.id] = (mid, QPointF(-dy / length, dx / length))
    radius = px * 0.62
    count: dict[str, int] = {}
    # A proposal on several hand-offs wears the same badge on each of them.
    for marker, target in ((m, t) for m in markers for t in m.targets):
        k = count.get(target, 0)
        count[target] = k + 1
        proposal = marker.proposal
        fill = theme.proposal if proposal else theme.lost
        if target in mids:
            mid, normal = mids[target]
            offset = radius * 2.3 * ((k + 1) // 2) * (1 if k % 2 else -1)  # 0, +d, -d, +2d...
            centre = QPointF(mid.x() + normal.x() * offset, mid.y() + normal.y() * offset)
        elif target in placed:
            r = placed[target].rect
            centre = QPointF(r.right() - radius * (0.2 + 2.3 * k), r.top() - radius * 0.2)
        else:
            continue
        scene.add(Disc(centre, radius, fill, badge[marker.id], px * 0.8, square=proposal))


def _legend(scene: Scene, rect: QRectF, loss_label: str, proposal_label: str, losses: list[Marker],
            proposals: list[Marker], badge: dict[str, str], px: float, theme: Theme, partial: bool) -> float | None:
    """The markers' and proposals' text, in two columns under the map; its height, or None if too tall."""
    groups = [(loss_label, losses, theme.lost, False), (proposal_label, proposals, theme.proposal, True)]
    groups = [g for g in groups if g[1]]
    if not groups:
        return 0.0
    small = px * 0.85
    gap = px * 0.5
    col_w = (rect.width() - gap * (len(groups) - 1)) / len(groups)
    limit = rect.height() * 0.45
    heights = []
    layouts = []
    for _title, group, _fill, _sq in groups:
        rows = [wrap(m.text or "(no text)", small, col_w - small * 2.2) for m in group]
        layouts.append(rows)
        heights.append(line_height(small, True) * 1.2 + sum(len(r) * line_height(small) + gap * 0.4 for r in rows))
    height = max(heights) + gap
    shown_rows = [len(r) for r in layouts]
    if height > limit:
        if not partial:
            return None
        height = limit
        for g, rows in enumerate(layouts):
            used = line_height(small, True) * 2.4
            n = 0
            for r in rows:
                h = len(r) * line_height(small) + gap * 0.4
                if used + h > limit - gap:
                    break
                used += h
                n += 1
            shown_rows[g] = n
    top = rect.bottom() - height + gap
    scene.add(Box(QRectF(rect.left(), top - gap * 0.6, rect.width(), max(px * 0.06, 2.0)), theme.muted))
    for g, ((title, group, fill, square), rows) in enumerate(zip(groups, layouts, strict=True)):
        x = rect.left() + g * (col_w + gap)
        y = top
        scene.add(TextRun(x, y, (title,), small, theme.text, True), title)
        y += line_height(small, True) * 1.2
        for marker, lines in list(zip(group, rows, strict=True))[: shown_rows[g]]:
            disc_r = line_height(small) * 0.45
            scene.add(Disc(QPointF(x + disc_r, y + line_height(small) / 2), disc_r, fill, badge[marker.id],
                           small * 0.7, square=square))
            scene.add(TextRun(x + small * 2.2, y, lines, small, theme.text), marker.text)
            y += len(lines) * line_height(small) + gap * 0.4
        missing = len(group) - shown_rows[g]
        if missing:
            label = f"+{missing} more"
            scene.add(TextRun(x, y, (label,), small, theme.accent, True), label)
            scene.more += missing
    return height + gap
