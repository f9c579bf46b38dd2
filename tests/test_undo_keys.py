"""Ctrl+Z where the keyboard is: a field's own typing first, then the workshop's last change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from tests.test_keys import focused, go_to_type, press, type_keys
from workshop_app.core.workshop import Workshop
from workshop_app.gui.main_window import MainWindow
from workshop_app.model.answers import Node

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_ctrl_z_in_an_empty_field_undoes_the_last_change(qtbot, window: MainWindow) -> None:
    ws = window.session.workshop
    view = go_to_type(window, "map")
    nodes = len(ws.items(view.step_id, Node))
    view.name_entry.setFocus()
    type_keys("Logistics")
    press(Qt.Key.Key_Return)
    assert len(ws.items(view.step_id, Node)) == nodes + 1 and view.name_entry.text() == ""
    # The search field of the action plan is empty and has never been typed in.
    window.console.show_action_plan()
    window.console.action_plan.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.console.action_plan.search)
    press(Qt.Key.Key_Z, CTRL)
    assert len(ws.items(view.step_id, Node)) == nodes
    assert window.statusBar().currentMessage().startswith("Undone: add department “Logistics”")
    press(Qt.Key.Key_Z, SHIFT_CTRL)
    assert len(ws.items(view.step_id, Node)) == nodes + 1
    assert window.statusBar().currentMessage().startswith("Redone: add department")
    press(Qt.Key.Key_Y, CTRL)  # nothing left to redo: says nothing, changes nothing
    assert len(ws.items(view.step_id, Node)) == nodes + 1
    path = ws.path
    window.close_workshop()
    again = Workshop.open(path, readonly=True)
    assert "Logistics" in [n.text for n in again.items(view.step_id, Node)]
    again.close()


def test_a_field_with_its_own_typing_undoes_that_first(qtbot, window: MainWindow) -> None:
    ws = window.session.workshop
    view = go_to_type(window, "map")
    view.name_entry.setFocus()
    type_keys("Sales")
    press(Qt.Key.Key_Return)
    count = len(ws.items(view.step_id, Node))
    type_keys("Oops")
    press(Qt.Key.Key_Z, CTRL)
    assert view.name_entry.text() == "" and len(ws.items(view.step_id, Node)) == count  # the typing went
    press(Qt.Key.Key_Z, SHIFT_CTRL)
    assert view.name_entry.text() == "Oops" and len(ws.items(view.step_id, Node)) == count
    view.name_entry.clear()  # a programmatic clear leaves no history to undo
    press(Qt.Key.Key_Z, CTRL)
    assert len(ws.items(view.step_id, Node)) == count - 1  # now the workshop's last change

    canvas = go_to_type(window, "canvas")
    editor = canvas.findChildren(QPlainTextEdit)[0]
    editor.setFocus()
    qtbot.waitUntil(lambda: focused() is editor)
    before = editor.toPlainText()
    type_keys("abc")
    press(Qt.Key.Key_Z, CTRL)
    assert editor.toPlainText() == before  # the editor's own undo took the typing back
