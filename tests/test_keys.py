"""Keys that do what they say: Enter in a participant row, Ctrl+Enter to submit, pasted lists, single
room keys that never fire while a field, drop-down, list, spin box or editor has the keyboard, and no
key bound twice in either window."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from tests import board_cards as cards
from workshop_app.core.workshop import Workshop
from workshop_app.gui.details_dialog import DetailsDialog
from workshop_app.gui.keys import COMMAND_MODIFIERS, PLAIN_KEYS
from workshop_app.gui.main_window import MainWindow
from workshop_app.gui.new_workshop_dialog import NewWorkshopDialog
from workshop_app.gui.participants import parse_people
from workshop_app.gui.session import Session

NO = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = NO) -> None:
    """A key pressed where the keyboard is, as a person presses it."""
    QTest.keyClick(focused(), key, modifier)


def type_keys(text: str) -> None:
    for ch in text:
        QTest.keyClicks(focused(), ch)


def show_active(qtbot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


# -- pasted lists ------------------------------------------------------------------------------------


def test_pasted_lists_are_read_one_person_a_line() -> None:
    text = "Name\tDepartment\nAnn Lee, Sales\nBo Berg\tService\tbo@example.com\n\n  Cara Diaz  \nDee, Finance, Nordic\n"
    assert parse_people(text) == [("Ann Lee", "Sales"), ("Bo Berg", "Service"), ("Cara Diaz", ""),
                                  ("Dee", "Finance, Nordic")]
    assert parse_people("\n \n") == []


# -- the New workshop dialog ---------------------------------------------------------------------------


def test_enter_adds_a_participant_row_and_only_ctrl_enter_creates(qtbot, library, tmp_path: Path) -> None:
    dialog = NewWorkshopDialog(library)
    show_active(qtbot, dialog)
    dialog.title.setFocus()
    type_keys("Kick-off")
    press(Qt.Key.Key_Return)  # Enter in a field submits nothing
    assert dialog.isVisible() and dialog.result() == 0

    dialog.people.setFocus()
    dialog.people.setCurrentCell(0, 0)
    for name, role in (("Ann Lee", "Sales"), ("Bo Berg", "Service"), ("Cara Diaz", "")):
        type_keys(name)
        press(Qt.Key.Key_Tab)
        type_keys(role)
        press(Qt.Key.Key_Return)
        assert dialog.isVisible(), "Enter in a participant row must not create the workshop"
    assert dialog.people.currentRow() == 3 and dialog.people.state() == dialog.people.State.EditingState
    assert dialog.participants() == [("Ann Lee", "Sales"), ("Bo Berg", "Service"), ("Cara Diaz", "")]
    assert dialog.people.rowCount() == 4  # the empty row for the next person

    dialog.path_edit.setText(str(tmp_path / "kick-off.workshop"))
    dialog.people.setFocus()
    dialog.people.setCurrentCell(3, 0)
    type_keys("Dee")  # typed, not yet Enter: Ctrl+Enter keeps it
    press(Qt.Key.Key_Return, CTRL)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.error.text()
    doc = dialog.result_doc()
    assert [(p.name, p.role) for p in doc.participants] == [("Ann Lee", "Sales"), ("Bo Berg", "Service"),
                                                             ("Cara Diaz", ""), ("Dee", "")]


def test_a_pasted_list_fills_the_participant_table(qtbot, library) -> None:
    dialog = NewWorkshopDialog(library)
    show_active(qtbot, dialog)
    QGuiApplication.clipboard().setText("Ann Lee, Sales\nBo Berg\tService\nCara Diaz\n")
    dialog.people.setFocus()
    press(Qt.Key.Key_V, CTRL)
    assert dialog.participants() == [("Ann Lee", "Sales"), ("Bo Berg", "Service"), ("Cara Diaz", "")]
    # Pasted into a name being typed, a list still becomes rows, after the ones there.
    QGuiApplication.clipboard().setText("Dee\nEli, Finance")
    dialog.people.setCurrentCell(3, 0)
    type_keys("x")
    assert dialog.people.state() == dialog.people.State.EditingState
    press(Qt.Key.Key_V, CTRL)
    assert dialog.participants()[-2:] == [("Dee", ""), ("Eli", "Finance")]
    assert dialog.isVisible()


# -- Workshop details ----------------------------------------------------------------------------------


def test_details_enter_adds_each_latecomer_and_a_paste_is_one_undo(qtbot, demo_path: Path) -> None:
    session = Session(Workshop.open(demo_path))
    before = len(session.workshop.participants)
    dialog = DetailsDialog(session)
    show_active(qtbot, dialog)
    dialog.title.setFocus()
    press(Qt.Key.Key_Return)
    assert dialog.isVisible()
    dialog.people.setFocus()
    dialog.people.setCurrentCell(dialog.people.rowCount() - 1, 0)
    for name, role in (("Late Comer", "Finance"), ("Later Still", "")):
        type_keys(name)
        press(Qt.Key.Key_Tab)
        type_keys(role)
        press(Qt.Key.Key_Return)
        assert dialog.isVisible()
    names = [p.name for p in session.workshop.participants]
    assert names[before:] == ["Late Comer", "Later Still"]
    assert session.workshop.participants[before].role == "Finance"
    assert dialog.people.currentRow() == dialog.people.rowCount() - 1  # on the empty row, typing

    QGuiApplication.clipboard().setText("Pat One, Legal\nPat Two, Legal\n")
    press(Qt.Key.Key_V, CTRL)
    assert [p.name for p in session.workshop.participants][before + 2:] == ["Pat One", "Pat Two"]
    session.undo()  # the whole pasted list is one change
    assert len(session.workshop.participants) == before + 2
    session.redo()
    type_keys("Typed Then Closed")
    press(Qt.Key.Key_Return, CTRL)
    assert not dialog.isVisible()
    session.close()
    again = Workshop.open(demo_path)
    assert [p.name for p in again.participants][before:] == ["Late Comer", "Later Still", "Pat One", "Pat Two",
                                                              "Typed Then Closed"]
    again.close()


# -- single keys in editing widgets -------------------------------------------------------------------


def single_keys(window: QWidget) -> list[QKeySequence]:
    """Every window shortcut that is one key without Ctrl, Alt or Meta (T, B, ., +, Right...)."""
    found = []
    for action in window.actions():
        for key in action.shortcuts():
            combo = key[0]
            if key.count() == 1 and not combo.keyboardModifiers() & COMMAND_MODIFIERS:
                # Function keys, Page Up/Down and a keyboard's own New or Undo key work everywhere, by design.
                if combo.key().value < Qt.Key.Key_Escape.value or combo.key() in PLAIN_KEYS:
                    found.append(key)
    return found


def go_to_type(window: MainWindow, step_type: str) -> QWidget:
    ws = window.session.workshop
    window.session.go_to(next(n for n, s in enumerate(ws.steps) if s.type == step_type))
    view = window.console.current_view()
    assert view is not None
    return view


def editing_widgets(window: MainWindow) -> dict[str, QWidget]:
    """One widget of each editing kind, as the console has them."""
    board = go_to_type(window, "board")
    found: dict[str, QWidget] = {
        "text field": board.entry,
        "drop-down": board.author,
        "board of cards": board.cards.columns[0],
        "read-only editor": window.console.notes,
    }
    canvas = go_to_type(window, "canvas")
    found["text editor"] = canvas.findChildren(QPlainTextEdit)[0]
    commitments = go_to_type(window, "commitments")
    slot = commitments.slots[0]
    slot.has_due.setChecked(True)
    found["spin box"] = slot.due
    found["list"] = commitments.people
    return found


def test_single_room_keys_never_fire_in_an_editing_widget(qtbot, window: MainWindow) -> None:
    fired: list[str] = []
    for action in window.findChildren(QAction):
        action.triggered.connect(lambda _c=False, a=action: fired.append(a.objectName() or a.text()))
    keys = single_keys(window)
    assert {QKeySequence(k) for k in ("T", "E", "B", "F", "R", "H", "D", ".", "Right", "Left")} <= set(keys)
    session = window.session
    widgets = editing_widgets(window)
    kinds = (QLineEdit, QComboBox, QListView, QTreeWidget, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
    assert all(isinstance(w, kinds) for w in widgets.values())
    for kind, widget in widgets.items():
        view_type = "canvas" if isinstance(widget, QPlainTextEdit) else \
            "commitments" if kind in ("spin box", "list") else "board"
        go_to_type(window, view_type)
        index = session.workshop.current_index
        widget.setFocus()
        qtbot.waitUntil(lambda w=widget: QApplication.focusWidget() is w or (w.focusProxy() is not None))
        for key in keys:
            combo = key[0]
            QTest.keyClick(focused(), combo.key(), combo.keyboardModifiers())
            assert fired == [], f"{key.toString()} in the {kind} fired {fired}"
            assert not session.timer.running and not session.blanked and not session.frozen
            assert not session.entry_mode and session.workshop.current_index == index, (kind, key.toString())
    # Away from editing widgets the same keys work: a button has the keyboard, or the agenda, which
    # takes no typed keys of its own (a clicker's blank key works there).
    go_to_type(window, "board")
    window.console.timer_button.setFocus()
    press(Qt.Key.Key_T)
    assert session.timer.running and fired == ["room.timer"]
    window.console.agenda.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.console.agenda)
    press(Qt.Key.Key_B)
    assert session.blanked and fired == ["room.timer", "room.blank"]
    press(Qt.Key.Key_Right)
    assert fired[-1] == "room.next"


def test_view_keys_work_in_their_own_list(qtbot, window: MainWindow) -> None:
    board = go_to_type(window, "board")
    ws = window.session.workshop
    note = [r.id for r in cards.rows(board, 0) if r.kind == "note"][-1]
    cards.click_card(board, note)
    votes = ws.item(note).vote_total
    press(Qt.Key.Key_V)
    assert ws.item(note).vote_total == votes + 1
    board.author.setFocus()
    press(Qt.Key.Key_V)  # in the author drop-down, V picks an author; it does not vote
    assert ws.item(note).vote_total == votes + 1


# -- no key bound twice --------------------------------------------------------------------------------


def bindings(widget: QWidget) -> list[tuple[str, QKeySequence]]:
    """(where, key) for every QAction and QShortcut inside ``widget``'s window that it owns."""
    found = []
    for action in widget.findChildren(QAction) + list(widget.actions()):
        for key in action.shortcuts():
            found.append((action.objectName(), key))
    for shortcut in widget.findChildren(QShortcut):
        found.append((f"shortcut in {type(shortcut.parent()).__name__}", shortcut.key()))
    return found


def scope(action: QAction) -> tuple[str, ...]:
    """Where an action's keys are live: the whole window, or the widgets it was added to."""
    if action.shortcutContext() in (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut):
        return ("window",)
    return tuple(sorted(str(id(w)) for w in action.associatedObjects()))


def test_no_key_is_bound_twice_in_either_window(qtbot, window: MainWindow) -> None:
    ws = window.session.workshop
    for index in range(len(ws.steps)):  # every view made, so every view's keys exist
        window.session.go_to(index)
    window.actions_by_id["shortcuts"].trigger()
    shared = window.shared_screen()
    assert shared is not None
    assert not QApplication.instance().findChildren(QShortcut), "keys are declared as actions, not QShortcuts"
    for host in (window, shared):
        actions = {a for a in host.findChildren(QAction) + list(host.actions()) if not a.shortcuts() == []}
        window_keys = Counter(k.toString() for a in actions if scope(a) == ("window",) for k in a.shortcuts())
        twice = [k for k, n in window_keys.items() if n > 1]
        assert not twice, f"bound twice in {type(host).__name__}: {twice}"
        local: dict[tuple[str, ...], Counter[str]] = {}
        for action in actions:
            if scope(action) != ("window",):
                for key in action.shortcuts():
                    local.setdefault(scope(action), Counter())[key.toString()] += 1
                    assert key.toString() not in window_keys, \
                        f"{key.toString()} of {action.objectName()} is also a window key"
        for where, counts in local.items():
            assert not [k for k, n in counts.items() if n > 1], (where, counts)
    # Redo answers both of its keys on this platform.
    redo = [k.toString() for k in window.actions_by_id["redo"].shortcuts()]
    assert "Ctrl+Shift+Z" in redo and "Ctrl+Y" in redo
