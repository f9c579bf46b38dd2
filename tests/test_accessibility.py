"""Every control has an accessible name: the accessibility tree of every view, dialog and window is
walked as a screen reader walks it, and no control is announced without saying what it is for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QVBoxLayout, QWidget

from tests.accessibility import unnamed_controls
from tests.test_keys import show_active
from workshop_app.gui.action_plan_view import ActionDialog
from workshop_app.gui.details_dialog import DetailsDialog
from workshop_app.gui.main_window import MainWindow
from workshop_app.gui.new_workshop_dialog import NewWorkshopDialog
from workshop_app.gui.recovery import RestoreDialog


def test_the_walk_finds_an_unnamed_control(qtbot) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    layout = QVBoxLayout(box)
    field, choice, symbol = QLineEdit(), QComboBox(), QPushButton("⋯")
    choice.addItem("Anonymous")
    for widget in (field, choice, symbol, QPushButton("Add note")):
        layout.addWidget(widget)
    box.show()
    found = unnamed_controls(box)
    assert len(found) == 3 and "QLineEdit" in found[0] and "ComboBox" in found[1] and "'⋯'" in found[2]
    field.setAccessibleName("New note")
    choice.setAccessibleName("Author")
    symbol.setAccessibleName("More for this note")
    assert unnamed_controls(box) == []


def test_every_view_and_dialog_names_every_control(qtbot, demo_path: Path, library) -> None:
    window = MainWindow()
    show_active(qtbot, window)
    problems: dict[str, list[str]] = {}

    def check(where: str, widget: QWidget) -> None:
        found = unnamed_controls(widget)
        if found:
            problems[where] = found

    check("start screen", window)
    window.open_path(demo_path)
    session = window.session
    for index, step in enumerate(session.workshop.steps):
        session.go_to(index)
        check(f"step {index + 1} ({step.type})", window)
    window.console.show_action_plan()
    check("action plan", window)
    for name, dialog in (("new workshop", NewWorkshopDialog(library, window)),
                         ("details", DetailsDialog(session, window)),
                         ("action item", ActionDialog(session, session.workshop.actions[0], window)),
                         ("restore", RestoreDialog(window, session.workshop.path))):
        dialog.show()
        check(name, dialog)
        dialog.close()
    from workshop_app.gui.join_dialog import JoinDialog
    from workshop_app.gui.join_panel import JoinPanel

    for name, dialog in (("let phones join", JoinDialog(window.phones, window)), ("phones panel", JoinPanel(window.phones))):
        dialog.show()
        check(name, dialog)
        dialog.close()
    window.show_shortcuts()
    check("help", window._help)
    window._help.close()
    session.go_to(0)
    shared = window.shared_screen()
    shared.show()
    session.set_presentation(entry_mode=True)
    check("shared screen in entry mode", shared)
    session.set_presentation(entry_mode=False)
    window.close_workshop()
    assert problems == {}, "\n".join(f"{k}: {v}" for k, v in problems.items())
