"""The facilitator window and the shared screen together, as the room uses them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from workshop_app.gui.main_window import MainWindow
from workshop_app.gui.views.board_view import BoardView


def open_window(qtbot, path: Path) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_path(path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_room_controls_drive_the_shared_screen(qtbot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    shared = window.shared
    assert shared is not None and shared.isVisible()
    board = window.console.current_view()
    assert isinstance(board, BoardView)
    qtbot.keyClicks(board.entry, "Seen at the back of the room")
    qtbot.keyClick(board.entry, Qt.Key.Key_Return)
    assert any("Seen at the back of the room" in t for t in shared.visible_texts())

    first_title = window.session.workshop.current_step.title
    board.cards.columns[0].setFocus()
    qtbot.keyClick(board.cards.columns[0], Qt.Key.Key_PageDown)
    assert window.session.workshop.current_index == 1
    assert any(window.session.workshop.steps[1].title in t for t in shared.visible_texts())
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert window.session.workshop.current_step.title == first_title

    qtbot.keyClick(window, Qt.Key.Key_B)
    assert window.session.blanked and shared.visible_texts() == []
    qtbot.keyClick(window, Qt.Key.Key_Period)
    assert not window.session.blanked

    window.close_workshop()
    assert window.shared is None and not window.room_menu.isEnabled()


def test_shortcuts_help_lists_every_control(qtbot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    window.show_shortcuts()
    titles = {what for _group, what, _keys in window._help.visible_rows()}
    assert {"Next step", "Blank the shared screen", "Undo", "New workshop…", "Action plan"} <= titles
    window.close_workshop()


def test_failed_write_is_explained_and_not_shown_as_saved(qtbot, demo_path: Path, monkeypatch) -> None:
    from workshop_app.storage.errors import StorageWriteError

    window = open_window(qtbot, demo_path)
    board = window.console.current_view()
    asked: list[str] = []
    monkeypatch.setattr("workshop_app.gui.recovery.handle_write_error",
                        lambda parent, session, message: asked.append(message))

    def full_disk(*args, **kwargs):
        raise StorageWriteError("The last change was not saved to demo.workshop: the disk is full.")

    monkeypatch.setattr(window.session.workshop.file, "write", full_disk)
    before = len(window.session.workshop.doc.items)
    qtbot.keyClicks(board.entry, "Lost if we pretended")
    qtbot.keyClick(board.entry, Qt.Key.Key_Return)
    assert asked and "disk is full" in asked[0]
    assert len(window.session.workshop.doc.items) == before
    assert board.entry.text() == "Lost if we pretended"  # kept in the field to try again
    assert "disk is full" in window.console.banner.text()
    monkeypatch.undo()
    window.close_workshop()


def test_the_notes_panel_holds_the_whole_script(qtbot, demo_path: Path) -> None:
    window = open_window(qtbot, demo_path)
    session = window.session
    index = next(i for i, s in enumerate(session.workshop.steps) if s.exercise and s.exercise.id == "where-are-we")
    session.go_to(index)
    notes = session.workshop.steps[index].exercise.notes
    shown = window.console.notes.toPlainText()
    assert notes.prepare.strip() and notes.debrief and notes.variants
    for heading in ("PREPARE", "INTRODUCE", "RUN", "CLOSE", "DEBRIEF QUESTIONS", f"VARIANT: {notes.variants[0].name.upper()}"):
        assert heading in shown, heading
    assert notes.debrief[0] in shown
