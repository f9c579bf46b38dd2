"""Editing the workshop's details and adding a latecomer while the workshop runs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from workshop_app.core.workshop import Workshop
from workshop_app.gui.details_dialog import DetailsDialog
from workshop_app.gui.session import Session


def test_rename_and_add_participant_saved(qtbot, demo_path: Path) -> None:
    session = Session(Workshop.open(demo_path))
    dialog = DetailsDialog(session)
    qtbot.addWidget(dialog)
    dialog.title.selectAll()
    qtbot.keyClicks(dialog.title, "Kick-off, day two")
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return)
    count = dialog.people.rowCount()
    dialog.people.add_row("Late Comer", "Finance")
    dialog.people.row_finished.emit(count - 1)  # as Enter in the row does (driven by keys in test_keys)
    assert dialog.people.rowCount() == count + 1
    dialog.people.item(0, 1).setText("Key accounts")
    session.undo()  # the role edit
    assert session.workshop.participants[0].role == "Sales"
    session.redo()
    session.close()
    again = Workshop.open(demo_path)
    assert again.info.title == "Kick-off, day two"
    assert again.participants[-1].name == "Late Comer" and again.participants[-1].colour
    assert again.participants[0].role == "Key accounts"
    again.close()
