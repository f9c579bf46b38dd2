"""The smaller things: a note's author changed, an action item opened rather than duplicated, dates typed
or picked, and clock times on the agenda from the workshop's start time (old files still open)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from PySide6.QtCore import QDate, QRect, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QMenu

from tests import board_cards as cards
from tests.test_keys import go_to_type, press, show_active, type_keys
from workshop_app.core.workshop import Workshop
from workshop_app.gui.action_plan_view import ActionDialog
from workshop_app.gui.details_dialog import DetailsDialog
from workshop_app.gui.main_window import MainWindow
from workshop_app.gui.session import Session
from workshop_app.model.answers import Note
from workshop_app.model.dates import clock_times, format_date, parse_date, parse_time
from workshop_app.storage.workshop_file import SCHEMA_VERSION

TODAY = dt.date(2026, 3, 1)


def test_dates_as_people_type_them() -> None:
    assert parse_date("2026-03-12", TODAY) == dt.date(2026, 3, 12)
    assert parse_date("12.3.2026", TODAY) == parse_date("12/03/26", TODAY) == dt.date(2026, 3, 12)
    assert parse_date("3/12/2026", TODAY, month_first=True) == dt.date(2026, 3, 12)
    assert parse_date("12 March 2026", TODAY) == parse_date("March 12, 2026", TODAY) == dt.date(2026, 3, 12)
    assert parse_date("12 mar", TODAY) == parse_date("12.3.", TODAY) == dt.date(2026, 3, 12)
    for nonsense in ("", "31.2.2026", "soon", "12 13 2026", "2026-13-01", "12 March 2026 9:00"):
        assert parse_date(nonsense, TODAY) is None, nonsense
    assert format_date(dt.date(2026, 3, 2)) == "2 March 2026"
    assert [parse_time(t) for t in ("9", "9:30", "09.30", "930", "2 pm", "14h15", "12am")] == [
        dt.time(9), dt.time(9, 30), dt.time(9, 30), dt.time(9, 30), dt.time(14), dt.time(14, 15), dt.time(0)]
    assert [parse_time(t) for t in ("25:00", "9:75", "13 pm", "noonish")] == [None] * 4
    assert clock_times(dt.time(9), [15, 40, 20]) == [(dt.time(9), dt.time(9, 15)), (dt.time(9, 15), dt.time(9, 55)),
                                                     (dt.time(9, 55), dt.time(10, 15))]


def open_menu_and(qtbot, board, note_id, choose) -> None:
    """Click a card, right-click it and run ``choose`` on the menu that opens (it closes the menu)."""
    cards.click_card(board, note_id)
    tree, point = cards.card_point(board, note_id)
    rect = QRect(point, point)

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        choose(menu)
        menu.close()

    QTimer.singleShot(0, pick)
    QApplication.sendEvent(tree.viewport(), QContextMenuEvent(QContextMenuEvent.Reason.Mouse, rect.center(),
                                                               tree.viewport().mapToGlobal(rect.center())))


def test_a_notes_author_is_changed_from_its_menu_and_undone(qtbot, window: MainWindow) -> None:
    board = go_to_type(window, "board")
    ws = window.session.workshop
    note_id = next(r.id for r in cards.rows(board, 0) if r.kind == "note")
    before = ws.item(note_id, Note).author
    target = next(p for p in ws.participants if p.id != before)

    def to_target(menu: QMenu) -> None:
        authors = next(a for a in menu.actions() if a.text() == "Change author").menu()
        next(a for a in authors.actions() if a.text() == target.name).trigger()

    open_menu_and(qtbot, board, note_id, to_target)
    assert ws.item(note_id, Note).author == target.id
    assert cards.find(board, note_id)[1].data(Qt.ItemDataRole.UserRole + 1).author == target.name
    window.session.undo()
    assert ws.item(note_id, Note).author == before
    assert window.statusBar().currentMessage().startswith("Undone: change author")
    window.session.redo()
    path = ws.path
    window.close_workshop()
    again = Workshop.open(path, readonly=True)
    assert again.item(note_id, Note).author == target.id
    again.close()


def test_make_action_item_twice_opens_the_action_it_made(qtbot, window: MainWindow) -> None:
    board = go_to_type(window, "board")
    ws = window.session.workshop
    note_id = next(r.id for r in cards.rows(board, 0) if r.kind == "note")
    cards.click_card(board, note_id)
    assert not ws.linked_actions(note_id)
    board.action_from_selected()
    (made,) = ws.linked_actions(note_id)
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ActionDialog)
        seen.append(dialog.what.text())
        dialog.measure.setText("Asked at the next all-hands")
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    board.action_from_selected()
    assert seen == [made.what]
    (again,) = ws.linked_actions(note_id)  # no duplicate
    assert again.id == made.id and again.measure == "Asked at the next all-hands"


def test_dates_typed_or_picked_and_a_start_time_gives_the_agenda_clock_times(qtbot, demo_path: Path) -> None:
    session = Session(Workshop.open(demo_path))
    dialog = DetailsDialog(session)
    show_active(qtbot, dialog)
    dialog.date.setFocus()
    dialog.date.edit.selectAll()
    type_keys("14 March 2027")
    press(Qt.Key.Key_Tab)
    assert session.workshop.info.date == dt.date(2027, 3, 14)
    dialog.date.setFocus()
    dialog.date.edit.selectAll()
    type_keys("next week")
    press(Qt.Key.Key_Tab)
    assert session.workshop.info.date == dt.date(2027, 3, 14) and "Not a date" in dialog.date.edit.toolTip()
    qtbot.mouseClick(dialog.date.pick, Qt.MouseButton.LeftButton)
    calendar = dialog.date.calendar
    assert calendar is not None and calendar.isVisible()
    calendar.setSelectedDate(QDate(2027, 4, 2))
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    assert session.workshop.info.date == dt.date(2027, 4, 2) and dialog.date.edit.text() == "2 April 2027"
    dialog.start_time.setFocus()
    type_keys("9:30")
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # closes, keeping what was typed
    assert not dialog.isVisible()
    assert session.workshop.info.start_time == dt.time(9, 30)
    session.close()

    window = MainWindow()
    show_active(qtbot, window)
    window.open_path(demo_path)
    ws = window.session.workshop
    agenda = window.console.agenda
    total = 0
    for n, step in enumerate(ws.steps):
        start = (dt.datetime(2000, 1, 1, 9, 30) + dt.timedelta(minutes=total)).strftime("%H:%M")
        total += step.minutes
        end = (dt.datetime(2000, 1, 1, 9, 30) + dt.timedelta(minutes=total)).strftime("%H:%M")
        assert f"{start}–{end}" in agenda.item(n).text()
    window.session.do(lambda: ws.update_info(start_time=dt.time(13, 0)))
    assert agenda.item(0).text().splitlines()[1].startswith("13:00–")
    window.close_workshop()


def test_the_new_workshop_dialog_takes_a_typed_date_and_start_time(qtbot, library, tmp_path: Path) -> None:
    from workshop_app.gui.new_workshop_dialog import NewWorkshopDialog

    dialog = NewWorkshopDialog(library)
    show_active(qtbot, dialog)
    dialog.title.setFocus()
    type_keys("Kick-off")
    dialog.date.setFocus()
    dialog.date.edit.selectAll()
    type_keys("2026-05-20")
    dialog.start_time.setFocus()
    type_keys("8:45")
    dialog.path_edit.setText(str(tmp_path / "k.workshop"))
    press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted
    info = dialog.result_doc().info
    assert (info.date, info.start_time) == (dt.date(2026, 5, 20), dt.time(8, 45))


def test_a_file_from_before_start_times_opens_and_is_upgraded(tmp_path: Path, demo_path: Path) -> None:
    conn = sqlite3.connect(demo_path)
    info = json.loads(conn.execute("SELECT value FROM meta WHERE key='info'").fetchone()[0])
    info.pop("start_time")
    conn.execute("UPDATE meta SET value=? WHERE key='info'", (json.dumps(info),))
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    ws = Workshop.open(demo_path)
    assert ws.info.start_time is None and ws.info.title == info["title"]
    assert ws.file.version == SCHEMA_VERSION
    ws.close()
