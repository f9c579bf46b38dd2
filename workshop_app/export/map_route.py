"""Routing the map's hand-offs around the departments' boxes: plain geometry, no drawing.

Each hand-off leaves its department's box from the middle of a side (or a little to either side of
the middle on the top and bottom), runs in horizontal and vertical segments that keep ``clearance``
points away from every box, and enters its target's box the same way. The route is the cheapest
path on a grid made of the lines that run that clearance away from the boxes' sides, where a turn
costs extra and a stretch another hand-off already uses costs more, so routes keep apart.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Sequence
from dataclasses import dataclass

Point = tuple[float, float]

# What a turn costs, in points of length: routes with fewer bends read more easily.
TURN = 24.0
# A stretch another route already runs along costs this many times its length more.
SHARED = 2.0
# Where on a top or bottom side a route may leave or enter, from the middle.
PORT_OFFSETS = (0.0, -20.0, 20.0)

_DIRECTIONS = ((1, 0), (-1, 0), (0, 1), (0, -1))


@dataclass(frozen=True)
class Box:
    """A department's box: left, bottom, right, top."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def centre(self) -> Point:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def grown(self, by: float) -> Box:
        return Box(self.x0 - by, self.y0 - by, self.x1 + by, self.y1 + by)

    def holds(self, x: float, y: float, eps: float = 1e-6) -> bool:
        """Whether the point is strictly inside."""
        return self.x0 + eps < x < self.x1 - eps and self.y0 + eps < y < self.y1 - eps

    def meets(self, other: Box) -> bool:
        """Whether the two overlap (touching edges do not count)."""
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


def segment_crosses(a: Point, b: Point, box: Box) -> bool:
    """Whether the horizontal or vertical segment a-b passes through the inside of ``box``."""
    (ax, ay), (bx, by) = a, b
    if abs(ay - by) < 1e-9:
        lo, hi = sorted((ax, bx))
        return box.y0 < ay < box.y1 and lo < box.x1 and box.x0 < hi
    if abs(ax - bx) < 1e-9:
        lo, hi = sorted((ay, by))
        return box.x0 < ax < box.x1 and lo < box.y1 and box.y0 < hi
    # Not straight: test it finely (routes never make these; this keeps the helper total).
    steps = 64
    return any(box.holds(ax + (bx - ax) * k / steps, ay + (by - ay) * k / steps) for k in range(steps + 1))


@dataclass(frozen=True)
class _Port:
    point: Point  # where the route starts or ends, clearance away from the box
    edge: Point  # the point on the box's side the stub runs to
    outward: tuple[int, int]


def _ports(box: Box, clearance: float) -> list[_Port]:
    cx, cy = box.centre
    ports = [
        _Port((box.x1 + clearance, cy), (box.x1, cy), (1, 0)),
        _Port((box.x0 - clearance, cy), (box.x0, cy), (-1, 0)),
    ]
    for dx in PORT_OFFSETS:
        ports.append(_Port((cx + dx, box.y1 + clearance), (cx + dx, box.y1), (0, 1)))
        ports.append(_Port((cx + dx, box.y0 - clearance), (cx + dx, box.y0), (0, -1)))
    return ports


class Router:
    """Routes hand-offs between boxes inside ``bounds`` (left, bottom, right, top)."""

    def __init__(self, boxes: dict[str, Box], bounds: Box, clearance: float) -> None:
        self.boxes = boxes
        self.clearance = clearance
        self.walls = [b.grown(clearance) for b in boxes.values()]
        xs = {bounds.x0, bounds.x1}
        ys = {bounds.y0, bounds.y1}
        for box in boxes.values():
            for port in _ports(box, clearance):
                xs.add(port.point[0])
                ys.add(port.point[1])
        self.xs = sorted(x for x in xs if bounds.x0 <= x <= bounds.x1)
        self.ys = sorted(y for y in ys if bounds.y0 <= y <= bounds.y1)
        self._xi = {x: i for i, x in enumerate(self.xs)}
        self._yi = {y: i for i, y in enumerate(self.ys)}
        self.used: dict[tuple[Point, Point], int] = {}
        self._free: dict[Point, bool] = {}
        self._open: dict[tuple[Point, Point], bool] = {}

    def _is_free(self, p: Point) -> bool:
        found = self._free.get(p)
        if found is None:
            found = not any(w.holds(*p) for w in self.walls)
            self._free[p] = found
        return found

    def _can_pass(self, a: Point, b: Point) -> bool:
        key = (a, b) if a <= b else (b, a)
        found = self._open.get(key)
        if found is None:
            mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
            found = self._is_free(mid) and self._is_free(b)
            self._open[key] = found
        return found

    def _neighbours(self, p: Point, direction: tuple[int, int]) -> Point | None:
        x, y = p
        dx, dy = direction
        if dx:
            i = self._xi.get(x)
            j = None if i is None else i + dx
            return (self.xs[j], y) if j is not None and 0 <= j < len(self.xs) else None
        i = self._yi.get(y)
        j = None if i is None else i + dy
        return (x, self.ys[j]) if j is not None and 0 <= j < len(self.ys) else None

    def route(self, source: str, target: str) -> list[Point] | None:
        """The route from one box to another, from side to side; None when no route keeps clear."""
        starts = [p for p in _ports(self.boxes[source], self.clearance) if self._on_grid(p.point)]
        ends = {p.point: p for p in _ports(self.boxes[target], self.clearance) if self._on_grid(p.point)}
        tx, ty = self.boxes[target].centre
        tie = itertools.count()
        queue: list[tuple[float, float, int, Point, tuple[int, int]]] = []
        best: dict[tuple[Point, tuple[int, int]], float] = {}
        came: dict[tuple[Point, tuple[int, int]], tuple[Point, tuple[int, int]] | None] = {}
        first: dict[Point, _Port] = {}
        for port in starts:
            if not self._is_free(port.point):
                continue
            state = (port.point, port.outward)
            # Using a side another route already leaves from costs as a shared stretch does.
            cost = self.clearance * SHARED * self.used.get((port.point, port.edge), 0)
            if cost < best.get(state, float("inf")):
                best[state] = cost
                came[state] = None
                first[port.point] = port
                h = abs(port.point[0] - tx) + abs(port.point[1] - ty)
                heapq.heappush(queue, (cost + h, cost, next(tie), port.point, port.outward))
        while queue:
            _f, cost, _n, point, heading = heapq.heappop(queue)
            if cost > best.get((point, heading), float("inf")):
                continue
            end = ends.get(point)
            if end is not None and (-end.outward[0], -end.outward[1]) == heading:
                return self._finish((point, heading), came, first, end)
            for direction in _DIRECTIONS:
                if direction == (-heading[0], -heading[1]):
                    continue
                nxt = self._neighbours(point, direction)
                if nxt is None or not self._can_pass(point, nxt):
                    continue
                length = abs(nxt[0] - point[0]) + abs(nxt[1] - point[1])
                key = (point, nxt) if point <= nxt else (nxt, point)
                step = length * (1 + SHARED * self.used.get(key, 0)) + (TURN if direction != heading else 0.0)
                state = (nxt, direction)
                total = cost + step
                if total < best.get(state, float("inf")):
                    best[state] = total
                    came[state] = (point, heading)
                    h = abs(nxt[0] - tx) + abs(nxt[1] - ty)
                    heapq.heappush(queue, (total + h, total, next(tie), nxt, direction))
            # Arriving at a target's port from the side: turn in, at the cost of a turn.
            if end is not None:
                inward = (-end.outward[0], -end.outward[1])
                state = (point, inward)
                total = cost + TURN
                if total < best.get(state, float("inf")):
                    best[state] = total
                    came[state] = (point, heading)
                    heapq.heappush(queue, (total, total, next(tie), point, inward))
        return None

    def _on_grid(self, p: Point) -> bool:
        return p[0] in self._xi and p[1] in self._yi

    def _finish(
        self,
        state: tuple[Point, tuple[int, int]],
        came: dict[tuple[Point, tuple[int, int]], tuple[Point, tuple[int, int]] | None],
        first: dict[Point, _Port],
        end: _Port,
    ) -> list[Point]:
        points: list[Point] = []
        current: tuple[Point, tuple[int, int]] | None = state
        while current is not None:
            if not points or points[-1] != current[0]:
                points.append(current[0])
            current = came[current]
        points.reverse()
        start = first[points[0]]
        for a, b in zip(points, points[1:], strict=False):
            key = (a, b) if a <= b else (b, a)
            self.used[key] = self.used.get(key, 0) + 1
        for port in (start, end):
            key = (port.point, port.edge)
            self.used[key] = self.used.get(key, 0) + 1
        return simplify([start.edge, *points, end.edge])


def simplify(points: Sequence[Point]) -> list[Point]:
    """The corners of a route: points in a straight run between two others are dropped."""
    out: list[Point] = []
    for p in points:
        if out and out[-1] == p:
            continue
        if len(out) >= 2:
            (ax, ay), (bx, by) = out[-2], out[-1]
            if (abs(ax - bx) < 1e-9 and abs(bx - p[0]) < 1e-9) or (abs(ay - by) < 1e-9 and abs(by - p[1]) < 1e-9):
                out[-1] = p
                continue
        out.append(p)
    return out


def route_all(
    boxes: dict[str, Box], pairs: Sequence[tuple[str, str, str]], bounds: Box, clearance: float
) -> dict[str, list[Point]]:
    """Routes for (id, source, target) hand-offs, the shortest first; a pair with no clear route is left out."""
    router = Router(boxes, bounds, clearance)

    def span(pair: tuple[str, str, str]) -> float:
        (ax, ay), (bx, by) = boxes[pair[1]].centre, boxes[pair[2]].centre
        return abs(ax - bx) + abs(ay - by)

    routes: dict[str, list[Point]] = {}
    for link_id, source, target in sorted(pairs, key=span):
        found = router.route(source, target)
        if found is not None:
            routes[link_id] = found
    return routes
