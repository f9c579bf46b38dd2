"""The map in the PDF, checked as geometry: hand-offs routed around other departments' boxes, markers on
their own arrows or beside their own department, and no badge over a label, a box or another badge."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from workshop_app.core.demo import build_demo
from workshop_app.export.common import Directory
from workshop_app.export.map_route import Box, Point, segment_crosses
from workshop_app.export.pdf_map import BOX_W, MapLayout, MapMarker, map_layout
from workshop_app.model.answers import Link, Marker, Node
from workshop_app.model.document import WorkshopDoc

WIDTH = 481.9  # the report's portrait frame


def layout_of(doc: WorkshopDoc) -> MapLayout:
    d = Directory(doc)
    step = next(s for s in doc.steps if s.type == "map")
    assert step.exercise and step.exercise.map
    markers = d.items_of(step, Marker)
    losses = [m for m in markers if not m.proposal]
    proposals = [m for m in markers if m.proposal]
    numbered = [MapMarker(str(n), m, False) for n, m in enumerate(losses, start=1)]
    numbered += [MapMarker(f"P{n}", m, True) for n, m in enumerate(proposals, start=1)]
    return map_layout(d.items_of(step, Node), d.items_of(step, Link), numbered, step.exercise.map.lanes, WIDTH)


def busy_doc(library, seed: int) -> WorkshopDoc:
    """The demo's map with many more departments, hand-offs and markers, placed at random."""
    rng = random.Random(seed)
    doc = build_demo(library)
    step = next(s for s in doc.steps if s.type == "map")
    assert step.exercise and step.exercise.map
    lanes = len(step.exercise.map.lanes)
    doc.items = [i for i in doc.items if not (i.step == step.id and i.kind in ("node", "link", "marker"))]
    nodes = [Node(step=step.id, text=rng.choice(["IT", "Finance", "Customer service and support", "HR", "Legal"]),
                  lane=rng.randrange(lanes), x=rng.uniform(0, 900), y=0, order=n) for n in range(18)]
    links = []
    for n in range(26):
        a, b = rng.sample(nodes, 2)
        links.append(Link(step=step.id, source=a.id, target=b.id, hidden=n % 7 == 0, order=n))
    markers = [Marker(step=step.id, text=f"marker {n}", target=rng.choice(links + nodes).id, proposal=n % 2 == 1,
                      order=n) for n in range(16)]
    for n, marker in enumerate(markers[1:6:2]):  # a few proposals fix two or three hand-offs
        marker.also = [link.id for link in rng.sample(links, n + 1) if link.id != marker.target]
    doc.items += [*nodes, *links, *markers]
    return doc


def on_polyline(p: Point, points: list[Point]) -> bool:
    probe = Box(p[0] - 0.01, p[1] - 0.01, p[0] + 0.01, p[1] + 0.01)
    return any(segment_crosses(a, b, probe) or a == p or b == p for a, b in zip(points, points[1:], strict=False))


def distance(a: Box, b: Box) -> float:
    dx = max(a.x0 - b.x1, b.x0 - a.x1, 0.0)
    dy = max(a.y0 - b.y1, b.y0 - a.y1, 0.0)
    return max(dx, dy)


def check(layout: MapLayout) -> None:
    boxes = layout.boxes
    assert layout.routes
    for route in layout.routes:
        source, target = route.link.source or "", route.link.target or ""
        segments = list(zip(route.points, route.points[1:], strict=False))
        assert all(a[0] == b[0] or a[1] == b[1] for a, b in segments), "a route runs only across and down"
        for node_id, box in boxes.items():
            own = node_id in (source, target)
            for k, (a, b) in enumerate(segments):
                if own and (k == 0 or k == len(segments) - 1):
                    continue  # the ends meet their own boxes' sides
                assert not segment_crosses(a, b, box), (route.link.id, node_id, a, b)
        # It starts on the source's side and ends, arrow head first, on the target's.
        assert distance(Box(*route.points[0], *route.points[0]), boxes[source]) < 0.01
        assert distance(Box(*route.points[-1], *route.points[-1]), boxes[target]) < 0.01
    routes = {r.link.id: r for r in layout.routes}
    for n, badge in enumerate(layout.badges):
        target = badge.target
        assert target in badge.marker.item.targets
        if target in routes:
            assert on_polyline((badge.x, badge.y), routes[target].points), badge.marker.label
        else:
            # Beside its own department.
            assert distance(badge.box, boxes[target]) < 3, badge.marker.label
        for label in layout.labels:
            assert not badge.box.meets(label), f"badge {badge.marker.label} covers a label"
        for box in boxes.values():
            assert not badge.box.meets(box), f"badge {badge.marker.label} covers a department"
        for other in layout.badges[n + 1:]:
            assert not badge.box.meets(other.box), (badge.marker.label, other.marker.label)


def test_demo_map_geometry(library) -> None:
    layout = layout_of(build_demo(library))
    check(layout)
    assert len(layout.routes) == 8 and len(layout.badges) == 4
    # A marker on a hand-off sits on its own arrow, not where another arrow also runs.
    routes = {r.link.id: r for r in layout.routes}
    for badge in layout.badges:
        others = [r for r in routes.values() if r.link.id != badge.target]
        assert not any(on_polyline((badge.x, badge.y), r.points) for r in others), badge.marker.label


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_busy_map_geometry(library, seed: int) -> None:
    check(layout_of(busy_doc(library, seed)))


def test_short_labels_are_whole(library) -> None:
    """Each department's label is printed whole inside its box ("IT", never "I")."""
    layout = layout_of(build_demo(library))
    texts = [t.text for t in layout.texts]
    for node in layout.nodes.values():
        assert node.text in texts
    for t in layout.texts:
        if t.anchor == "middle":
            box = next(b for b in layout.boxes.values() if b.x0 <= t.x <= b.x1 and b.y0 <= t.y <= b.y1)
            assert box.x0 < t.box.x0 and t.box.x1 < box.x1 and t.box.x1 - t.box.x0 < BOX_W


def test_report_draws_the_routed_map(tmp_path: Path, library) -> None:
    from pypdf import PdfReader

    from workshop_app.export.pdf_report import write_pdf

    doc = busy_doc(library, 4)
    out = tmp_path / "report.pdf"
    write_pdf(doc, out)
    text = "".join(p.extract_text() or "" for p in PdfReader(str(out)).pages)
    assert "Customer service" in text and "P8" in text


def test_a_proposal_on_two_hand_offs_has_a_badge_on_each_and_the_pdf_lists_both(tmp_path: Path, library) -> None:
    from pypdf import PdfReader

    from workshop_app.export.pdf_report import write_pdf

    doc = build_demo(library)
    step = next(s for s in doc.steps if s.type == "map")
    names = {i.id: i.text for i in doc.items if isinstance(i, Node)}
    links = {(names[i.source], names[i.target]): i for i in doc.items if isinstance(i, Link) and i.step == step.id}
    queue = Marker(step=step.id, text="A shared complaint queue", proposal=True, order=9,
                   target=links[("Service", "Product")].id, also=[links[("Sales", "Operations")].id])
    doc.items.append(queue)
    layout = layout_of(doc)
    check(layout)
    assert sorted(b.target for b in layout.badges if b.marker.item is queue) == sorted(queue.targets)
    out = tmp_path / "report.pdf"
    write_pdf(doc, out)
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(str(out)).pages)
    assert "Service → Product; Sales → Operations" in text
