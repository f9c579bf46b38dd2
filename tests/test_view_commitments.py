"""The commitments view: each commitment and its action item move together, through undo and reopening."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from workshop_app.core.workshop import Workshop
from workshop_app.gui.session import Session
from workshop_app.gui.views import view_class
from workshop_app.gui.views.commitments_view import CommitmentsView
from workshop_app.model.document import Participant, Step, WorkshopDoc, WorkshopInfo

LEFT = Qt.MouseButton.LeftButton
PEOPLE = [Participant(id="ann", name="Ann Lee", role="Sales"), Participant(id="bo", name="Bo Berg", role="Finance")]


@pytest.fixture
def room(qtbot, tmp_path, library):
    step = Step(title="Resolutions", exercise=library.exercises["three-resolutions"])
    doc = WorkshopDoc(info=WorkshopInfo(title="Kick-off", date=dt.date(2026, 3, 12)), steps=[step], participants=PEOPLE)
    session = Session(Workshop.create(tmp_path / "c.workshop", doc))
    view = view_class("commitments")(session, step.id)
    assert isinstance(view, CommitmentsView)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    yield session, view
    view.hide()
    session.close()


def pairs(ws: Workshop, step_id: str) -> list[tuple[str, str | None, dt.date | None, str, str, dt.date | None]]:
    """Each commitment with its linked action: (text, author, due, action what, action owner, action due)."""
    out = []
    for item in ws.items(step_id, "commitment"):
        (action,) = [a for a in ws.doc.actions if a.source == item.id]
        out.append((item.text, item.author, item.due, action.what, action.owner_id or "", action.due))
    return out


def reopened(path: Path, step_id: str) -> list[tuple]:
    ws = Workshop.open(path)
    try:
        return pairs(ws, step_id)
    finally:
        ws.close()


def test_everyone_is_listed_with_progress(room) -> None:
    session, view = room
    assert view.people.count() == 2
    assert view.people.item(0).text() == "Ann Lee\nSales · 0 of 3"
    assert view.name.text() == "Ann Lee · Sales"
    assert len(view.slots) == 3
    assert view.room.text().startswith("The room: 0 of 6 written")


def test_a_commitment_and_its_action_are_added_as_one_undo_step(qtbot, room) -> None:
    session, view = room
    ws = session.workshop
    qtbot.keyClicks(view.slots[0].text, "Join a customer call every fortnight")
    qtbot.waitUntil(lambda: session.undo_stack.count() == 1, timeout=3000)
    assert pairs(ws, view.step_id) == [("Join a customer call every fortnight", "ann", None,
                                        "Join a customer call every fortnight", "ann", None)]
    action = ws.actions[0]
    assert (action.owner, action.step) == ("Ann Lee", view.step_id)
    assert view.people.item(0).text().endswith("1 of 3")
    assert view.written.text() == "1 of 3 written"

    session.undo()
    assert ws.items(view.step_id) == [] and ws.actions == []
    assert view.slots[0].text.text() == ""
    assert view.people.item(0).text().endswith("0 of 3")
    session.redo()
    assert view.slots[0].text.text() == "Join a customer call every fortnight"
    assert len(ws.actions) == 1
    path = ws.path
    view.hide()
    session.close()
    assert [p[0] for p in reopened(path, view.step_id)] == ["Join a customer call every fortnight"]


def test_due_date_and_text_edits_keep_the_action_in_step(qtbot, room) -> None:
    session, view = room
    ws = session.workshop
    slot = view.slots[1]
    qtbot.keyClicks(slot.text, "Visit a customer")
    qtbot.keyClick(slot.text, Qt.Key.Key_Return)  # Enter stores it at once
    assert session.undo_stack.count() == 1
    assert view.slots[1].text.text() == "Visit a customer"  # it keeps its slot

    qtbot.mouseClick(slot.has_due, LEFT, pos=slot.has_due.rect().center())
    assert slot.due.isEnabled()
    assert pairs(ws, view.step_id)[0][2] == pairs(ws, view.step_id)[0][5] == dt.date(2026, 6, 12)
    slot.due.setDate(QDate(2026, 9, 30))
    assert pairs(ws, view.step_id)[0][2:] == (dt.date(2026, 9, 30), "Visit a customer", "ann", dt.date(2026, 9, 30))

    qtbot.keyClicks(slot.text, " site this quarter")
    qtbot.keyClick(slot.text, Qt.Key.Key_Return)
    assert pairs(ws, view.step_id) == [("Visit a customer site this quarter", "ann", dt.date(2026, 9, 30),
                                        "Visit a customer site this quarter", "ann", dt.date(2026, 9, 30))]
    assert session.undo_stack.count() == 4

    session.undo()  # the text, in both
    assert pairs(ws, view.step_id)[0][0] == pairs(ws, view.step_id)[0][3] == "Visit a customer"
    assert slot.text.text() == "Visit a customer"
    session.undo()  # the date, in both
    assert pairs(ws, view.step_id)[0][5] == dt.date(2026, 6, 12)
    assert slot.due.date() == QDate(2026, 6, 12)
    session.undo()  # no date again
    assert pairs(ws, view.step_id)[0][2] is None and not slot.has_due.isChecked()
    assert slot.due.text() == "No date"
    for _ in range(3):
        session.redo()
    assert slot.text.text() == "Visit a customer site this quarter" and slot.due.date() == QDate(2026, 9, 30)
    path = ws.path
    view.hide()
    session.close()
    assert reopened(path, view.step_id) == [("Visit a customer site this quarter", "ann", dt.date(2026, 9, 30),
                                            "Visit a customer site this quarter", "ann", dt.date(2026, 9, 30))]


def test_a_date_on_an_empty_slot_waits_for_its_text(qtbot, room) -> None:
    session, view = room
    ws = session.workshop
    slot = view.slots[0]
    qtbot.mouseClick(slot.has_due, LEFT, pos=slot.has_due.rect().center())
    assert ws.items(view.step_id) == [] and session.undo_stack.count() == 0
    session.do(lambda: ws.add_participant("Cy Diaz"))  # the view refreshes
    assert view.people.count() == 3 and slot.has_due.isChecked()
    qtbot.mouseClick(view.next, LEFT)
    assert not slot.has_due.isChecked()  # Bo's first slot has no date
    qtbot.mouseClick(view.previous, LEFT)
    qtbot.mouseClick(slot.has_due, LEFT, pos=slot.has_due.rect().center())
    qtbot.keyClicks(slot.text, "Call a lost customer")
    qtbot.keyClick(slot.text, Qt.Key.Key_Return)
    assert pairs(ws, view.step_id) == [("Call a lost customer", "ann", dt.date(2026, 6, 12), "Call a lost customer", "ann",
                     dt.date(2026, 6, 12))]


def test_emptying_a_slot_removes_the_commitment_and_its_action(qtbot, room) -> None:
    session, view = room
    ws = session.workshop
    qtbot.keyClicks(view.slots[0].text, "Reply within a day")
    qtbot.keyClick(view.slots[0].text, Qt.Key.Key_Return)
    view.slots[0].text.selectAll()
    qtbot.keyClick(view.slots[0].text, Qt.Key.Key_Delete)
    qtbot.keyClick(view.slots[0].text, Qt.Key.Key_Return)
    assert ws.items(view.step_id) == [] and ws.actions == []
    assert session.undo_stack.undoText() == "Remove commitment"
    session.undo()
    assert pairs(ws, view.step_id) == [("Reply within a day", "ann", None, "Reply within a day", "ann", None)]
    assert view.slots[0].text.text() == "Reply within a day"
    session.redo()
    assert ws.actions == [] and view.slots[0].text.text() == ""


def test_moving_to_the_next_person_stores_what_was_typed(qtbot, room) -> None:
    session, view = room
    ws = session.workshop
    qtbot.keyClicks(view.slots[2].text, "Share a customer story")
    qtbot.mouseClick(view.next, LEFT)
    assert view.name.text() == "Bo Berg · Finance" and view.people.currentRow() == 1
    assert all(slot.text.text() == "" for slot in view.slots)
    assert pairs(ws, view.step_id) == [("Share a customer story", "ann", None, "Share a customer story", "ann", None)]
    qtbot.keyClicks(view.slots[0].text, "Show revenue per segment")
    view.hide()  # the facilitator moves on before the pause is over
    assert [(p[0], p[1]) for p in pairs(ws, view.step_id)] == [("Share a customer story", "ann"),
                                                               ("Show revenue per segment", "bo")]
    assert {a.owner for a in ws.actions} == {"Ann Lee", "Bo Berg"}
    view.show()
    qtbot.mouseClick(view.previous, LEFT)
    assert view.slots[2].text.text() == "Share a customer story"
    assert view.room.text().startswith("The room: 2 of 6 written")


def test_make_action_item_again_after_the_action_was_deleted(qtbot, room) -> None:
    session, view = room
    ws = session.workshop
    qtbot.keyClicks(view.slots[0].text, "Ask finance for the numbers")
    qtbot.keyClick(view.slots[0].text, Qt.Key.Key_Return)
    session.do(lambda: ws.delete_action(ws.actions[0].id))  # deleted in the action plan

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        next(a for a in menu.actions() if a.text() == "Make action item").trigger()
        menu.close()

    QTimer.singleShot(50, choose)
    qtbot.mouseClick(view.slots[0].more, LEFT)
    (action,) = ws.actions
    assert (action.what, action.owner_id, action.source) == ("Ask finance for the numbers", "ann",
                                                            ws.items(view.step_id)[0].id)


def test_user_text_is_plain(room) -> None:
    session, view = room
    session.do(lambda: session.workshop.add_item(view.step_id, "commitment", text="<b>x</b>", author="ann"))
    assert view.slots[0].text.text() == "<b>x</b>"


def test_screenshot_of_the_demo_commitments(qtbot, demo_path, tmp_path) -> None:
    session = Session(Workshop.open(demo_path))
    step = next(s for s in session.workshop.steps if s.type == "commitments")
    view = CommitmentsView(session, step.id)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    assert view.people.count() == len(session.workshop.participants)
    assert all(slot.text.text() for slot in view.slots)
    assert view.grab().save(str(tmp_path / "commitments.png"))
    view.hide()
    session.close()


def test_enter_moves_to_the_next_commitment_each_its_own_row(qtbot, room) -> None:
    from PySide6.QtGui import QGuiApplication

    session, view = room
    ws = session.workshop
    view.window().activateWindow()
    qtbot.waitUntil(view.window().isActiveWindow)
    view.slots[0].text.setFocus()
    resolutions = ["Call one customer a week", "Read every complaint", "Share one story a month"]
    for text in resolutions:
        qtbot.keyClicks(QApplication.focusWidget(), text)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert [(c.slot, c.text) for c in ws.items(view.step_id, "commitment")] == list(enumerate(resolutions))
    assert [p[3] for p in pairs(ws, view.step_id)] == resolutions  # three actions, not one
    # Enter after the last one goes on to the next person's first commitment.
    assert view.person == "bo" and QApplication.focusWidget() is view.slots[0].text

    QGuiApplication.clipboard().setText("Visit a branch\n\nJoin the service desk for a day\nAsk why twice\nSay no to one report\n")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    mine = [c for c in ws.items(view.step_id, "commitment") if c.author == "bo"]
    assert [(c.slot, c.text) for c in mine] == list(enumerate(["Visit a branch", "Join the service desk for a day",
                                                               "Ask why twice", "Say no to one report"]))
    assert [s.text.text() for s in view.slots if s.text.isVisible()][3] == "Say no to one report"
    session.undo()  # the pasted list is one change
    assert not [c for c in ws.items(view.step_id, "commitment") if c.author == "bo"]
    session.redo()
    path = ws.path
    view.hide()
    session.close()
    assert len(reopened(path, view.step_id)) == 7
