"""The canvas view: typing into fields is stored, undone and redone, and survives reopening the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from workshop_app.core.workshop import Workshop
from workshop_app.gui.session import Session
from workshop_app.gui.views import view_class
from workshop_app.gui.views.canvas_view import CanvasView
from workshop_app.model.document import Group, Participant, Step, WorkshopDoc

PEOPLE = [Participant(name="Ann", role="Sales"), Participant(name="Bo", role="Finance"),
          Participant(name="Cy", role="Sales", group="t1")]


def make_view(qtbot, path: Path, library, exercise: str, **doc) -> tuple[Session, CanvasView]:
    step = Step(title="Canvas", exercise=library.exercises[exercise])
    session = Session(Workshop.create(path, WorkshopDoc(steps=[step], **doc)))
    view = view_class("canvas")(session, step.id)
    assert isinstance(view, CanvasView)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    return session, view


def entries(path: Path) -> dict[tuple[str, int], str]:
    """What the file holds, read back by a fresh open."""
    ws = Workshop.open(path)
    try:
        return {(i.card, i.field): i.text for i in ws.doc.items if i.kind == "entry"}
    finally:
        ws.close()


@pytest.fixture
def room(qtbot, tmp_path, library):
    session, view = make_view(qtbot, tmp_path / "room.workshop", library, "show-them-the-money", participants=PEOPLE)
    yield session, view
    view.hide()
    session.close()


def test_room_canvas_has_one_card_with_every_field(room) -> None:
    session, view = room
    assert list(view.cards) == [""]
    editors = view.cards[""].editors
    assert len(editors) == len(view.fields) == 6
    assert all(e.toPlainText() == "" for e in editors)


def test_typing_is_saved_after_a_pause_as_one_undo_step(qtbot, room) -> None:
    session, view = room
    editor = view.cards[""].editors[1]
    qtbot.keyClicks(editor, "Retention up 5%")
    assert session.undo_stack.count() == 0  # not yet: the pause has not passed
    qtbot.waitUntil(lambda: session.undo_stack.count() == 1, timeout=3000)
    ws = session.workshop
    stored = ws.items(view.step_id, "entry")
    assert [(e.card, e.field, e.text) for e in stored] == [("", 1, "Retention up 5%")]

    qtbot.keyClicks(editor, ", churn down")
    qtbot.waitUntil(lambda: session.undo_stack.count() == 2, timeout=3000)
    assert ws.items(view.step_id, "entry")[0].text == "Retention up 5%, churn down"

    session.undo()
    assert editor.toPlainText() == "Retention up 5%"
    session.undo()
    assert editor.toPlainText() == ""
    assert ws.items(view.step_id, "entry") == []
    session.redo()
    session.redo()
    assert editor.toPlainText() == "Retention up 5%, churn down"
    path = ws.path
    view.hide()
    session.close()
    assert entries(path) == {("", 1): "Retention up 5%, churn down"}


def test_hiding_the_view_saves_what_is_still_being_typed(qtbot, room) -> None:
    session, view = room
    editor = view.cards[""].editors[0]
    qtbot.keyClicks(editor, "Fewer complaints")
    view.hide()  # the facilitator moves to the next step before the pause is over
    assert session.undo_stack.count() == 1
    assert session.workshop.items(view.step_id, "entry")[0].text == "Fewer complaints"


def test_leaving_a_field_saves_it_at_once(qtbot, room) -> None:
    session, view = room
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    first, second = view.cards[""].editors[:2]
    qtbot.mouseClick(first.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(first, "Loyalty")
    qtbot.mouseClick(second.viewport(), Qt.MouseButton.LeftButton)
    assert second.hasFocus()
    assert session.workshop.items(view.step_id, "entry")[0].text == "Loyalty"


def test_undo_leaves_text_being_typed_elsewhere_alone(qtbot, room) -> None:
    session, view = room
    first, second = view.cards[""].editors[:2]
    qtbot.keyClicks(first, "Stored")
    qtbot.waitUntil(lambda: session.undo_stack.count() == 1, timeout=3000)
    qtbot.keyClicks(second, "Not yet stored")
    session.undo()
    assert first.toPlainText() == ""
    assert second.toPlainText() == "Not yet stored"
    qtbot.waitUntil(lambda: session.workshop.items(view.step_id, "entry") != [], timeout=3000)
    assert [e.text for e in session.workshop.items(view.step_id, "entry")] == ["Not yet stored"]


def test_make_action_item_from_the_field_last_written_in(qtbot, room) -> None:
    session, view = room
    editor = view.cards[""].editors[5]
    qtbot.mouseClick(editor.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor, "Talk to the CFO")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClicks(editor, "about the renewal numbers")
    qtbot.mouseClick(view.action_button, Qt.MouseButton.LeftButton)
    ws = session.workshop
    entry = ws.items(view.step_id, "entry")[0]
    assert [(a.what, a.source) for a in ws.actions] == [("Talk to the CFO", entry.id)]
    assert "Talk to the CFO" in view.status.text()
    session.undo()
    assert ws.actions == []
    session.redo()
    assert len(ws.actions) == 1


def test_make_action_item_from_an_empty_field_explains_why_not(qtbot, room) -> None:
    session, view = room
    with qtbot.waitSignal(session.error_raised) as blocker:
        qtbot.mouseClick(view.action_button, Qt.MouseButton.LeftButton)
    assert "field" in blocker.args[0]
    assert session.workshop.actions == []


def test_user_text_is_shown_as_plain_text(qtbot, room) -> None:
    session, view = room
    session.do(lambda: session.workshop.add_item(view.step_id, "entry", text="<b>bold</b> & <i>x</i>", field=2))
    assert view.cards[""].editors[2].toPlainText() == "<b>bold</b> & <i>x</i>"


def test_role_canvas_has_a_card_per_role_and_takes_another(qtbot, tmp_path, library, monkeypatch) -> None:
    path = tmp_path / "roles.workshop"
    session, view = make_view(qtbot, path, library, "customer-focus-in-my-role", participants=PEOPLE)
    assert list(view.cards) == ["Finance", "Sales"]
    assert "2 people" in view.cards["Sales"].meta.text()

    monkeypatch.setattr(view, "ask_text", lambda *_a: "  Legal ")
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    assert list(view.cards) == ["Finance", "Legal", "Sales"]
    editor = view.cards["Legal"].editors[2]
    qtbot.keyClicks(editor, "Contract templates in plain words")
    qtbot.waitUntil(lambda: session.undo_stack.count() == 2, timeout=3000)

    session.undo()  # the text
    assert editor.toPlainText() == ""
    session.undo()  # the card
    assert list(view.cards) == ["Finance", "Sales"]
    session.redo()
    session.redo()
    assert view.cards["Legal"].editors[2].toPlainText() == "Contract templates in plain words"

    qtbot.keyClicks(view.cards["Sales"].editors[0], "Quotes the same day")
    view.hide()
    session.close()
    assert entries(path) == {("Legal", 0): "", ("Legal", 2): "Contract templates in plain words",
                             ("Sales", 0): "Quotes the same day"}


def test_clear_card_deletes_its_text_in_one_undoable_step(qtbot, tmp_path, library) -> None:
    session, view = make_view(qtbot, tmp_path / "c.workshop", library, "customer-focus-in-my-role", participants=PEOPLE)
    ws = session.workshop
    for column in (0, 1):
        session.do(lambda c=column: ws.add_item(view.step_id, "entry", text=f"F{c}", field=c, card="Finance"))
    card = view.cards["Finance"]
    assert [e.toPlainText() for e in card.editors[:2]] == ["F0", "F1"]
    clear = next(b for b in card.findChildren(QToolButton) if b.text() == "Clear card")
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert [e.toPlainText() for e in card.editors[:2]] == ["", ""]
    assert ws.items(view.step_id, "entry") == []
    session.undo()
    assert [e.toPlainText() for e in view.cards["Finance"].editors[:2]] == ["F0", "F1"]
    view.hide()
    session.close()


def test_new_participants_bring_their_role_card(qtbot, tmp_path, library) -> None:
    session, view = make_view(qtbot, tmp_path / "p.workshop", library, "customer-focus-in-my-role")
    assert view.cards == {}
    assert "No roles" in view.hint.text()
    session.do(lambda: session.workshop.add_participant("Dee", role="Service"))
    assert list(view.cards) == ["Service"]
    view.hide()
    session.close()


def test_group_canvas_has_a_card_per_group(qtbot, tmp_path, library) -> None:
    content = library.exercises["customer-focus-in-my-role"]
    exercise = content.model_copy(update={"canvas": content.canvas.model_copy(update={"per": "group"})})
    step = Step(title="Per table", exercise=exercise)
    doc = WorkshopDoc(steps=[step], participants=PEOPLE, groups=[Group(id="t1", name="Table 1"), Group(name="Table 2")])
    session = Session(Workshop.create(tmp_path / "g.workshop", doc))
    view = CanvasView(session, step.id)
    qtbot.addWidget(view)
    view.show()
    assert list(view.cards) == ["Table 1", "Table 2"]
    assert "1 person" in view.cards["Table 1"].meta.text()
    qtbot.keyClicks(view.cards["Table 2"].editors[3], "Meetings")
    view.hide()
    assert [(e.card, e.field, e.text) for e in session.workshop.items(step.id, "entry")] == [("Table 2", 3, "Meetings")]
    session.close()


def test_screenshot_of_the_demo_role_canvas(qtbot, demo_path, tmp_path) -> None:
    session = Session(Workshop.open(demo_path))
    step = next(s for s in session.workshop.steps if s.type == "canvas")
    view = CanvasView(session, step.id)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    assert len(view.cards) >= 5
    assert view.grab().save(str(tmp_path / "canvas.png"))
    view.hide()
    session.close()
