"""The poll view, driven as a facilitator would: answers per participant, the room's tally, undo, the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from workshop_app.core.results import poll_results
from workshop_app.core.workshop import Change, Workshop
from workshop_app.gui.session import Session
from workshop_app.gui.views.poll_view import PollView
from workshop_app.model.document import Participant, Step, WorkshopDoc

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def poll(qtbot, tmp_path: Path, library):
    path = tmp_path / "poll.workshop"
    doc = WorkshopDoc(
        steps=[Step(title="Warning signs", exercise=library.exercises["warning-signs"])],
        participants=[Participant(name="Ann <b>", role="Sales"), Participant(name="Bo")],
    )
    session = Session(Workshop.create(path, doc))
    view = PollView(session, session.workshop.steps[0].id)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    yield view, session, path
    session.close()


def stored_answers(path: Path) -> list[tuple[int, int, str | None]]:
    """(statement, option, author) of every answer the file holds, read as a second copy would."""
    ws = Workshop.open(path, readonly=True)
    try:
        return sorted((i.statement, int(i.value), i.author) for i in ws.doc.items if i.kind == "answer")
    finally:
        ws.close()


def pick_from_menu(text: str) -> None:
    """Once a context menu is open, trigger its entry ``text``; the menu is closed whatever happens."""

    def pick() -> None:
        menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
        try:
            action = next(a for m in menus for a in m.actions() if a.text() == text)
        finally:
            for menu in menus:
                menu.close()
        action.trigger()

    QTimer.singleShot(0, pick)


def choose_person(view: PollView, name: str) -> str:
    index = next(n for n in range(view.who.count()) if view.who.itemText(n).startswith(name))
    view.who.setCurrentIndex(index)
    return view.who.currentData()


def test_a_participants_second_answer_replaces_the_first(qtbot, poll) -> None:
    view, session, path = poll
    ann = choose_person(view, "Ann <b>")
    assert view.cells[0][0].choose.isVisible() and not view.cells[0][0].plus.isVisible()

    qtbot.mouseClick(view.cells[0][0].choose, LEFT)  # Yes
    assert view.cells[0][0].count.text() == "1"
    assert view.cells[0][0].choose.isChecked()
    assert view.progress.text() == "Ann <b> has answered 1 of 7"  # a name is shown as typed
    assert stored_answers(path) == [(0, 0, ann)]

    qtbot.mouseClick(view.cells[0][2].choose, LEFT)  # No: replaces Yes
    assert [c.count.text() for c in view.cells[0]] == ["0", "0", "1"]
    assert view.totals[0].text() == "1"
    assert view.cells[0][2].choose.isChecked() and not view.cells[0][0].choose.isChecked()
    assert stored_answers(path) == [(0, 2, ann)]

    session.undo()
    assert [c.count.text() for c in view.cells[0]] == ["1", "0", "0"]
    assert stored_answers(path) == [(0, 0, ann)]
    session.undo()
    assert view.cells[0][0].count.text() == "0" and not view.cells[0][0].choose.isChecked()
    assert stored_answers(path) == []
    session.redo()
    session.redo()
    assert view.cells[0][2].choose.isChecked()
    assert stored_answers(path) == [(0, 2, ann)]

    # Another participant's answer counts beside Ann's; the chart follows.
    bo = choose_person(view, "Bo")
    assert not view.cells[0][2].choose.isChecked()  # Bo has not answered yet
    qtbot.mouseClick(view.cells[0][2].choose, LEFT)
    assert view.cells[0][2].count.text() == "2"
    assert view.chart.counts[0] == [0, 0, 2]
    assert stored_answers(path) == sorted([(0, 2, ann), (0, 2, bo)])

    session.close()
    reopened = Workshop.open(path)
    try:
        results = poll_results(reopened.doc.items, reopened.steps[0])
        assert results[0].counts == [0, 0, 2]
    finally:
        reopened.close()


def test_choosing_the_same_answer_again_clears_it(qtbot, poll) -> None:
    view, session, path = poll
    ann = choose_person(view, "Ann")
    qtbot.mouseClick(view.cells[3][1].choose, LEFT)
    qtbot.mouseClick(view.cells[3][1].choose, LEFT)
    assert view.cells[3][1].count.text() == "0" and not view.cells[3][1].choose.isChecked()
    assert stored_answers(path) == []
    session.undo()
    assert view.cells[3][1].choose.isChecked()
    assert stored_answers(path) == [(3, 1, ann)]
    session.redo()
    assert stored_answers(path) == []


def test_the_room_tally_adds_and_takes_off_anonymous_answers(qtbot, poll) -> None:
    view, session, path = poll
    assert view.participant is None  # the room's tally is the default
    cell = view.cells[1][1]  # statement 2, Partly
    assert cell.plus.isVisible() and not cell.choose.isVisible()
    assert not cell.minus.isEnabled()  # nothing to take off yet

    qtbot.mouseClick(cell.plus, LEFT)
    qtbot.mouseClick(cell.plus, LEFT)
    assert cell.count.text() == "2" and cell.minus.isEnabled()
    assert view.chart.counts[1] == [0, 2, 0]
    assert stored_answers(path) == [(1, 1, None), (1, 1, None)]

    qtbot.mouseClick(cell.minus, LEFT)
    assert cell.count.text() == "1"
    assert stored_answers(path) == [(1, 1, None)]
    session.undo()
    assert cell.count.text() == "2"
    assert stored_answers(path) == [(1, 1, None), (1, 1, None)]
    session.redo()
    assert cell.count.text() == "1"
    session.undo()
    session.undo()
    session.undo()
    assert cell.count.text() == "0" and not cell.minus.isEnabled()
    assert stored_answers(path) == []


def test_minus_never_takes_off_a_participants_answer(qtbot, poll) -> None:
    view, session, path = poll
    ann = choose_person(view, "Ann")
    qtbot.mouseClick(view.cells[0][0].choose, LEFT)
    view.who.setCurrentIndex(0)  # back to the room's tally
    assert view.cells[0][0].count.text() == "1"
    assert not view.cells[0][0].minus.isEnabled()
    messages: list[str] = []
    session.error_raised.connect(messages.append)
    view.tally(0, 0, -1)
    assert messages and "none of that answer" in messages[0]
    assert stored_answers(path) == [(0, 0, ann)]


def test_number_keys_record_the_selected_statement_and_move_on(qtbot, poll) -> None:
    view, session, path = poll
    view.table.selectRow(2)
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_3)  # the room says No to statement 3
    assert view.cells[2][2].count.text() == "1"
    assert view.selected_row() == 3
    assert stored_answers(path) == [(2, 2, None)]


def test_next_participant_walks_the_list(qtbot, poll) -> None:
    view, _session, _path = poll
    qtbot.mouseClick(view.next_button, LEFT)
    assert view.who.currentText() == "Ann <b> · Sales"
    qtbot.mouseClick(view.next_button, LEFT)
    assert view.who.currentText() == "Bo"
    qtbot.mouseClick(view.next_button, LEFT)
    assert view.who.currentText() == "Ann <b> · Sales"


def test_an_anonymous_poll_offers_only_the_tally(qtbot, poll) -> None:
    view, session, _path = poll
    step_id = view.step_id
    session.do(lambda: session.workshop.update_step(step_id, "Anonymous", anonymous=True))
    assert view.who.count() == 1 and view.participant is None
    assert not view.next_button.isEnabled()
    session.undo()
    assert view.who.count() == 3


def test_make_action_item_from_a_statement(qtbot, poll) -> None:
    view, session, path = poll
    messages: list[str] = []
    session.error_raised.connect(messages.append)
    qtbot.mouseClick(view.action_button, LEFT)
    assert messages and session.workshop.actions == []  # nothing selected: a message, no action

    qtbot.mouseClick(view.cells[4][0].plus, LEFT)
    view.table.selectRow(4)
    qtbot.mouseClick(view.action_button, LEFT)
    [action] = session.workshop.actions
    assert action.what == view.statements[4]
    assert "Yes 1, Partly 0, No 0" in action.why and action.step == view.step_id

    # The context menu offers the same.
    pick_from_menu("Make action item")
    view._on_context_menu(view.table.visualItemRect(view.table.item(6, 0)).center())
    assert [a.what for a in session.workshop.actions] == [view.statements[4], view.statements[6]]
    session.undo()
    session.undo()
    assert session.workshop.actions == []
    session.redo()
    ws = Workshop.open(path, readonly=True)
    try:
        assert [a.what for a in ws.doc.actions] == [view.statements[4]]
    finally:
        ws.close()


def test_changes_from_elsewhere_show_live(qtbot, poll) -> None:
    view, session, _path = poll
    ws = session.workshop
    # The shared screen or another view adds an answer: the counts follow without a click here.
    session.do(lambda: ws.add_item(view.step_id, "answer", statement=6, value=1.0))
    assert view.cells[6][1].count.text() == "1"
    session.do(lambda: ws.add_participant("Cy"))
    assert view.who.itemText(view.who.count() - 1) == "Cy"  # a new participant can answer at once
    calls: list[int] = []
    view.refresh = lambda: calls.append(1)  # type: ignore[method-assign]
    session.changed.emit(Change(items=frozenset({"an-item"}), item_steps=frozenset({"another-step"})))
    ws.update_info(title="Renamed")
    assert calls == []  # not this step's answers: no refresh


def test_the_view_module_does_not_load_pyqtgraph_until_built() -> None:
    code = "import sys, workshop_app.gui.views.poll_view; print('pyqtgraph' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_demo_poll_at_laptop_size(qtbot, demo_path: Path, tmp_path: Path) -> None:
    session = Session(Workshop.open(demo_path))
    try:
        step = next(s for s in session.workshop.steps if s.type == "poll")
        view = PollView(session, step.id)
        qtbot.addWidget(view)
        view.resize(1000, 600)
        view.show()
        qtbot.waitExposed(view)
        results = poll_results(session.workshop.doc.items, step)
        assert view.chart.counts == [r.counts for r in results]
        assert [t.text() for t in view.totals] == [str(r.total) for r in results]
        assert view.grab().save(str(tmp_path / "poll.png"))
    finally:
        session.close()
