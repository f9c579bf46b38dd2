"""The review step: the carried actions walked one by one with clicks and keys, undone with Ctrl+Z, saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt

from tests.conftest import type_text
from workshop_app.core.followup import make_follow_up
from workshop_app.core.review import review_figures
from workshop_app.core.workshop import Workshop
from workshop_app.gui.main_window import MainWindow
from workshop_app.gui.shared_paint import DARK
from workshop_app.gui.shared_render import render_step
from workshop_app.gui.views.review_view import ReviewView
from workshop_app.model.answers import Progress


@pytest.fixture
def follow_up(demo_path: Path, tmp_path: Path, library) -> Path:
    earlier = Workshop.open(demo_path, readonly=True)
    path = tmp_path / "follow-up.workshop"
    # On 1 May three decisions (due 11, 21 and 26 April) are overdue.
    make_follow_up(earlier.doc, path, library, date=dt.date(2026, 5, 1)).close()
    earlier.close()
    return path


@pytest.fixture
def window(qtbot, follow_up: Path):
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    win.show_workshop(Workshop.open(follow_up))
    assert win.session is not None
    yield win
    win.close_workshop()


def review_view(qtbot, win: MainWindow, scope: str = "plan") -> ReviewView:
    assert win.session is not None and win.console is not None
    ws = win.session.workshop
    index = next(n for n, s in enumerate(ws.steps) if s.exercise and s.exercise.review
                 and s.exercise.review.scope == scope)
    win.session.go_to(index)
    qtbot.waitUntil(lambda: isinstance(win.console.current_view(), ReviewView))
    view = win.console.current_view()
    assert isinstance(view, ReviewView)
    return view


def stored(path: Path):
    ws = Workshop.open(path, readonly=True)
    try:
        return ws.doc
    finally:
        ws.close()


def test_the_review_walks_the_carried_plan_and_marks_the_overdue(qtbot, window: MainWindow) -> None:
    view = review_view(qtbot, window)
    assert view.list.count() == 5  # the five open decisions of the kick-off; commitments have their own round
    assert view.figures.text().startswith("0 of 5 reviewed · done 0 · moving 1 · stuck 4 · 3 overdue")
    first = view.list.item(0)
    assert "⚠ overdue" in first.text() and "Ben Okafor" in first.text()
    assert view.overdue.isVisible() and view.overdue.text() == "⚠ Overdue since 11 Apr 2026"
    assert view.history.text().startswith("Earlier: 12 Mar 2026: In progress — Named contacts agreed")
    assert view.status_buttons["in progress"].isChecked()
    qtbot.mouseClick(view.next, Qt.MouseButton.LeftButton)
    assert view.list.currentRow() == 1 and not view.overdue.isVisible()


def test_status_note_and_quick_win_by_clicks_and_keys_each_undone_with_ctrl_z(qtbot, window: MainWindow,
                                                                          follow_up: Path) -> None:
    session = window.session
    assert session is not None
    view = review_view(qtbot, window)
    action_id = view.action_id
    assert action_id is not None
    # A click on Done: the action's status in the plan, one undo step.
    qtbot.mouseClick(view.status_buttons["done"], Qt.MouseButton.LeftButton)
    assert session.workshop.action(action_id).status == "done"
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Review action"
    assert "done 1" in view.figures.text() and "1 of 5 reviewed" in view.figures.text()
    # The progress note, typed and stored with Enter.
    view.note.setFocus()
    type_text(view.note, "Contacts named for 28 of 40 accounts")
    qtbot.keyClick(view.note, Qt.Key.Key_Return)
    assert session.undo_stack.count() == 2
    # Keys in the list: 2 sets "in progress", Q marks a quick win.
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_2)
    qtbot.keyClick(view.list, Qt.Key.Key_Q)
    assert session.workshop.action(action_id).status == "in progress"
    assert view.quick_win.isChecked() and view.list.item(0).text().split("\n")[1].startswith("★")
    doc = stored(follow_up)  # saved at once, in the file
    progress = [i for i in doc.items if isinstance(i, Progress)]
    assert [(p.action, p.text, p.quick_win) for p in progress] == [
        (action_id, "Contacts named for 28 of 40 accounts", True)]
    assert next(a for a in doc.actions if a.id == action_id).status == "in progress"

    # Ctrl+Z takes back each change in turn: the quick win, the status, the note, the first status.
    for expected_status, expected_note, win in (("in progress", "Contacts named for 28 of 40 accounts", False),
                                                ("done", "Contacts named for 28 of 40 accounts", False),
                                                ("done", "", False)):
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert session.workshop.action(action_id).status == expected_status
        assert view.note.text() == expected_note and view.quick_win.isChecked() == win
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.workshop.action(action_id).status == "in progress"
    assert not [i for i in session.workshop.doc.items if isinstance(i, Progress)]
    assert "0 of 5 reviewed" in view.figures.text()
    doc = stored(follow_up)
    assert not [i for i in doc.items if isinstance(i, Progress)]
    # And Ctrl+Shift+Z brings the first one back.
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert session.workshop.action(action_id).status == "done"


def test_the_commitments_round_goes_person_by_person(qtbot, window: MainWindow) -> None:
    view = review_view(qtbot, window, "commitments")
    assert view.list.count() == 36
    owners = [view.list.item(n).text().split(":")[0] for n in range(view.list.count())]
    assert owners[:3] == ["Anna Kowalska"] * 3 and owners[3:6] == ["Ben Okafor"] * 3


def test_the_room_sees_the_progress_chart(qtbot, window: MainWindow) -> None:
    session = window.session
    assert session is not None
    view = review_view(qtbot, window)
    qtbot.mouseClick(view.status_buttons["done"], Qt.MouseButton.LeftButton)
    view.list.setFocus()
    qtbot.keyClick(view.list, Qt.Key.Key_Q)
    scene = render_step(session.workshop, QRectF(0, 0, 1600, 900), DARK)
    assert {"Done: 1", "Moving: 0", "Stuck: 4"} <= set(scene.texts)
    assert "★ Quick wins to celebrate: 1" in scene.texts
    figures = review_figures(session.workshop.doc, session.workshop.current_step)  # type: ignore[arg-type]
    assert figures.counts["done"] == 1 and len(figures.quick_wins) == 1


def test_screenshot_of_the_review(qtbot, window: MainWindow, tmp_path: Path) -> None:
    view = review_view(qtbot, window)
    window.resize(1366, 768)
    qtbot.mouseClick(view.status_buttons["done"], Qt.MouseButton.LeftButton)
    assert not window.grab().isNull()
    window.grab().save(str(tmp_path / "review.png"))
