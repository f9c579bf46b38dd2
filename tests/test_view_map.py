"""The map view: departments placed by dragging, hand-offs, markers and proposals, all undoable and stored."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from workshop_app.core.workshop import Workshop
from workshop_app.gui.plain import plain_tip
from workshop_app.gui.session import Session
from workshop_app.gui.views import view_class
from workshop_app.gui.views.map_view import LANE_W, MapView
from workshop_app.model.document import Item, Step, WorkshopDoc

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def mapped(qtbot, tmp_path, library):
    step = Step(title="Silos", exercise=library.exercises["silo-breaking-map"])
    session = Session(Workshop.create(tmp_path / "map.workshop", WorkshopDoc(steps=[step])))
    view = view_class("map")(session, step.id)
    assert isinstance(view, MapView)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    yield session, view
    view.hide()
    session.close()  # a second close (after a test closed it to reopen the file) does nothing


def stored(path: Path) -> list[Item]:
    ws = Workshop.open(path)
    try:
        return list(ws.doc.items)
    finally:
        ws.close()


def at(view: MapView, item_id: str) -> QPoint:
    """Where a department's box is on the screen, in the map's viewport."""
    return view.canvas.mapFromScene(view.nodes[item_id].pos())


def button(view: MapView, text: str) -> QPushButton:
    return next(b for b in view.findChildren(QPushButton) if b.text() == text)


def add(session: Session, view: MapView, kind: str, **fields) -> str:
    assert session.do(lambda: session.workshop.add_item(view.step_id, kind, **fields))
    return session.workshop.items(view.step_id, kind)[-1].id


def test_the_exercise_departments_fill_an_empty_map_in_one_step(qtbot, mapped) -> None:
    session, view = mapped
    assert view.starter.isVisible()
    qtbot.mouseClick(view.starter, LEFT)
    departments = view.content.departments
    nodes = session.workshop.items(view.step_id, "node")
    assert [n.text for n in nodes] == departments
    assert sorted(view.nodes[n.id].toolTip() for n in nodes) == sorted(plain_tip(d) for d in departments)
    assert {n.lane for n in nodes} == set(range(len(view.lanes)))
    assert all(n.lane == view.lane_at(n.x) for n in nodes)
    assert not view.starter.isVisible()
    assert session.undo_stack.count() == 1
    session.undo()
    assert view.nodes == {} and view.starter.isVisible()
    session.redo()
    assert len(view.nodes) == len(departments)


def test_add_and_rename_a_department(qtbot, mapped, monkeypatch) -> None:
    session, view = mapped
    qtbot.keyClicks(view.name_entry, "Legal")
    qtbot.keyClick(view.name_entry, Qt.Key.Key_Return)
    assert view.name_entry.text() == ""
    (node,) = session.workshop.items(view.step_id, "node")
    assert node.text == "Legal" and view.nodes[node.id].label.text() == "Legal"
    # A second one does not land on top of the first.
    qtbot.keyClicks(view.name_entry, "Procurement")
    qtbot.keyClick(view.name_entry, Qt.Key.Key_Return)
    first, second = (view.nodes[n.id] for n in session.workshop.items(view.step_id, "node"))
    assert not first.sceneBoundingRect().intersects(second.sceneBoundingRect())

    monkeypatch.setattr(view, "ask_text", lambda *_a: "Legal and compliance")
    QTest.mouseDClick(view.canvas.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, at(view, node.id))
    assert session.workshop.item(node.id).text == "Legal and compliance"
    assert view.nodes[node.id].label.text().startswith("Legal and")
    assert view.nodes[node.id].toolTip() == plain_tip("Legal and compliance")
    session.undo()
    assert view.nodes[node.id].toolTip() == plain_tip("Legal")
    session.undo()
    session.undo()
    assert view.nodes == {}
    session.redo()
    assert list(view.nodes) == [node.id]


def test_dragging_a_department_stores_its_place_once_on_release(qtbot, mapped) -> None:
    session, view = mapped
    node_id = add(session, view, "node", text="Sales", x=LANE_W / 2, y=120, lane=0)
    other_id = add(session, view, "node", text="Service", x=LANE_W * 1.5, y=120, lane=1)
    other_graphic = view.nodes[other_id]
    count = session.undo_stack.count()
    start = at(view, node_id)
    end = view.canvas.mapFromScene(LANE_W * 3.5, 300)
    viewport = view.canvas.viewport()
    QTest.mousePress(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 11):
        QTest.mouseMove(viewport, start + (end - start) * step / 10)
    assert session.undo_stack.count() == count  # nothing stored while the box is moving
    QTest.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.NoModifier, end)
    assert session.undo_stack.count() == count + 1
    item = session.workshop.item(node_id)
    assert item.lane == 3
    assert abs(item.x - LANE_W * 3.5) < 3 and abs(item.y - 300) < 3
    assert view.nodes[other_id] is other_graphic  # untouched boxes are not rebuilt

    session.undo()
    assert view.nodes[node_id].pos().x() == LANE_W / 2 and session.workshop.item(node_id).lane == 0
    session.redo()
    assert abs(view.nodes[node_id].pos().x() - LANE_W * 3.5) < 3
    path = session.workshop.path
    session.close()
    moved = next(i for i in stored(path) if i.id == node_id)
    assert moved.lane == 3 and abs(moved.y - 300) < 3


def test_dragging_two_selected_departments_is_one_undo_step(qtbot, mapped) -> None:
    session, view = mapped
    a = add(session, view, "node", text="Sales", x=125, y=120)
    b = add(session, view, "node", text="Service", x=125, y=220)
    viewport = view.canvas.viewport()
    QTest.mouseClick(viewport, LEFT, Qt.KeyboardModifier.NoModifier, at(view, a))
    QTest.mouseClick(viewport, LEFT, Qt.KeyboardModifier.ControlModifier, at(view, b))
    count = session.undo_stack.count()
    start = at(view, b)
    end = view.canvas.mapFromScene(125 + LANE_W, 220)
    QTest.mousePress(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, (start + end) / 2)
    QTest.mouseMove(viewport, end)
    QTest.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.NoModifier, end)
    assert session.undo_stack.count() == count + 1
    assert session.undo_stack.undoText() == "Move departments"
    assert [session.workshop.item(i).lane for i in (a, b)] == [1, 1]
    session.undo()
    assert [session.workshop.item(i).lane for i in (a, b)] == [0, 0]
    assert view.nodes[a].pos().x() == 125


def test_dragging_keeps_a_department_inside_the_map(qtbot, mapped) -> None:
    session, view = mapped
    node_id = add(session, view, "node", text="IT", x=LANE_W / 2, y=200)
    start = at(view, node_id)
    viewport = view.canvas.viewport()
    QTest.mousePress(viewport, LEFT, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, QPoint(start.x(), 2))  # up over the lane names
    QTest.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.NoModifier, QPoint(start.x(), 2))
    assert session.workshop.item(node_id).y > 44


def test_link_two_selected_departments_with_l_and_by_shift_drag(qtbot, mapped) -> None:
    session, view = mapped
    sales = add(session, view, "node", text="Sales", x=125, y=120)
    ops = add(session, view, "node", text="Operations", x=625, y=220)
    viewport = view.canvas.viewport()
    QTest.mouseClick(viewport, LEFT, Qt.KeyboardModifier.NoModifier, at(view, sales))
    QTest.mouseClick(viewport, LEFT, Qt.KeyboardModifier.ControlModifier, at(view, ops))
    view.canvas.setFocus()
    QTest.keyClick(view.canvas, Qt.Key.Key_L)
    (link,) = session.workshop.items(view.step_id, "link")
    assert (link.source, link.target) == (sales, ops)
    assert view.links[link.id].isVisible()
    with qtbot.waitSignal(session.error_raised):
        QTest.keyClick(view.canvas, Qt.Key.Key_L)  # the same hand-off again is refused
    assert len(session.workshop.items(view.step_id, "link")) == 1

    QTest.mousePress(viewport, LEFT, Qt.KeyboardModifier.ShiftModifier, at(view, ops))
    QTest.mouseMove(viewport, at(view, sales))
    QTest.mouseRelease(viewport, LEFT, Qt.KeyboardModifier.ShiftModifier, at(view, sales))
    back = session.workshop.items(view.step_id, "link")[-1]
    assert (back.source, back.target) == (ops, sales)
    assert session.workshop.item(ops).x == 625  # a shift-drag draws a link; it does not move the box
    session.undo()
    session.undo()
    assert view.links == {}
    session.redo()
    assert list(view.links) == [link.id]
    # Moving a box re-routes its arrows.
    before = view.links[link.id].path().boundingRect()
    session.do(lambda: session.workshop.update_item(ops, x=1125.0))
    assert view.links[link.id].path().boundingRect() != before


def test_markers_and_proposals_on_a_hand_off(qtbot, mapped, monkeypatch) -> None:
    session, view = mapped
    sales = add(session, view, "node", text="Sales", x=125, y=120)
    ops = add(session, view, "node", text="Operations", x=625, y=220)
    link = add(session, view, "link", source=sales, target=ops)
    view.links[link].setSelected(True)
    monkeypatch.setattr(view, "ask_text", lambda *_a: "Promised dates never reach operations")
    qtbot.mouseClick(button(view, "Insight lost here…"), LEFT)
    monkeypatch.setattr(view, "ask_text", lambda *_a: "")  # an empty text takes the exercise's label
    qtbot.mouseClick(button(view, "Proposal…"), LEFT)
    loss, fix = session.workshop.items(view.step_id, "marker")
    assert (loss.target, loss.proposal, loss.text) == (link, False, "Promised dates never reach operations")
    assert (fix.target, fix.proposal, fix.text) == (link, True, view.content.proposal_label)
    assert not view.badges[loss.id].proposal and view.badges[fix.id].proposal
    assert [view.badges[m].number for m in (loss.id, fix.id)] == [1, 2]
    rows = [view.marker_list.item(i).text() for i in range(view.marker_list.count())]
    assert rows[0].startswith("Promised dates never reach operations") and "Sales → Operations" in rows[0]

    # Any marker can become an action item.
    view.scene.clearSelection()
    view.badges[loss.id].setSelected(True)
    qtbot.mouseClick(button(view, "Make action item"), LEFT)
    assert [(a.what, a.source) for a in session.workshop.actions] == [(loss.text, loss.id)]
    session.undo()
    assert session.workshop.actions == []

    # Deleting the loss renumbers the rest; undo brings it back as it was.
    qtbot.mouseClick(button(view, "Delete"), LEFT)
    assert list(view.badges) == [fix.id] and view.badges[fix.id].number == 1
    session.undo()
    assert view.badges[loss.id].number == 1 and view.badges[fix.id].number == 2
    path = session.workshop.path
    session.close()
    assert {(i.kind, getattr(i, "proposal", None)) for i in stored(path)} >= {("marker", False), ("marker", True), ("link", None)}


def test_deleting_a_department_takes_its_hand_offs_and_markers(qtbot, mapped) -> None:
    session, view = mapped
    sales = add(session, view, "node", text="Sales", x=125, y=120)
    ops = add(session, view, "node", text="Operations", x=625, y=220)
    link = add(session, view, "link", source=sales, target=ops)
    marker = add(session, view, "marker", target=link, text="Lost")
    on_node = add(session, view, "marker", target=ops, text="Team", proposal=True)
    QTest.mouseClick(view.canvas.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, at(view, ops))
    view.canvas.setFocus()
    QTest.keyClick(view.canvas, Qt.Key.Key_Delete)
    assert list(view.nodes) == [sales] and view.links == {} and view.badges == {}
    assert [i.id for i in session.workshop.items(view.step_id)] == [sales]
    session.undo()
    assert set(view.nodes) == {sales, ops} and list(view.links) == [link] and set(view.badges) == {marker, on_node}
    assert view.badges[marker].isVisible() and view.badges[on_node].isVisible()
    session.redo()
    assert view.badges == {}


def test_user_text_is_plain(qtbot, mapped) -> None:
    session, view = mapped
    node = add(session, view, "node", text="<b>Sales</b>", x=125, y=120)
    assert view.nodes[node].label.text() == "<b>Sales</b>"


def test_screenshot_of_the_demo_map(qtbot, demo_path, tmp_path) -> None:
    session = Session(Workshop.open(demo_path))
    step = next(s for s in session.workshop.steps if s.type == "map")
    view = MapView(session, step.id)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    ws = session.workshop
    assert len(view.nodes) == len(ws.items(step.id, "node"))
    assert len(view.badges) == len(ws.items(step.id, "marker")) == view.marker_list.count()
    assert view.grab().save(str(tmp_path / "map.png"))
    view.hide()
    session.close()


def test_one_proposal_attached_to_two_hand_offs_picked_by_clicks(qtbot, mapped, monkeypatch) -> None:
    from PySide6.QtWidgets import QMenu

    from workshop_app.gui.views.map_markers import add_to_proposal_menu

    session, view = mapped
    service = add(session, view, "node", text="Service", x=125, y=120)
    product = add(session, view, "node", text="Product", x=625, y=320)
    sales = add(session, view, "node", text="Sales", x=375, y=420)
    there = add(session, view, "link", source=service, target=product)
    back = add(session, view, "link", source=product, target=service)
    third = add(session, view, "link", source=sales, target=product)
    ctrl = Qt.KeyboardModifier.ControlModifier
    for link, modifier in ((there, Qt.KeyboardModifier.NoModifier), (back, ctrl)):
        QTest.mouseClick(view.canvas.viewport(), LEFT, modifier, view.canvas.mapFromScene(view.links[link].mid))
    assert view.selected_ids() == [there, back] or set(view.selected_ids()) == {there, back}
    monkeypatch.setattr(view, "ask_text", lambda *_a: "A shared complaint queue")
    qtbot.mouseClick(button(view, "Proposal…"), LEFT)
    (marker,) = session.workshop.items(view.step_id, "marker")
    assert set(marker.targets) == {there, back} and marker.proposal
    badges = [view.badges[marker.id], *view.copies[marker.id]]
    assert sorted(b.target for b in badges) == sorted([there, back]) and all(b.isVisible() for b in badges)
    assert all(b.number == 1 for b in badges)
    assert "Service → Product; Product → Service" in view.marker_list.item(0).text()
    assert view.grab().save(str(Path(session.workshop.path).with_suffix(".png")))

    # A third hand-off joins the proposal from its menu; deleting a hand-off takes it off again.
    menu = QMenu(view)
    add_to_proposal_menu(view, menu, third)
    sub = next(a.menu() for a in menu.actions() if a.text() == "Add to proposal")
    (entry,) = sub.actions()
    assert entry.text() == "1. A shared complaint queue"
    entry.trigger()
    assert session.workshop.item(marker.id).targets[-1] == third and len(view.copies[marker.id]) == 2
    view.scene.clearSelection()
    # Off the middle, where the badges sit: the click picks the arrow itself.
    off_middle = view.links[there].mapToScene(view.links[there].path().pointAtPercent(0.3))
    QTest.mouseClick(view.canvas.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, view.canvas.mapFromScene(off_middle))
    assert view.selected_ids() == [there]
    view.canvas.setFocus()
    QTest.keyClick(view.canvas, Qt.Key.Key_Delete)
    assert session.workshop.item(marker.id).targets == [back, third]
    assert sorted(b.target for b in [view.badges[marker.id], *view.copies[marker.id]]) == sorted([back, third])
    session.undo()
    assert session.workshop.item(marker.id).targets == [there, back, third]
    path = session.workshop.path
    session.close()
    (stored_marker,) = [i for i in stored(path) if i.kind == "marker"]
    assert stored_marker.targets == [there, back, third]
    menu.deleteLater()
