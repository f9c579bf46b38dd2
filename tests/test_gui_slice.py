"""The first end-to-end slice, driven as a facilitator would: create, type notes, undo, export, reopen."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from tests import board_cards as cards
from tests.conftest import type_text
from workshop_app.core.workshop import Workshop
from workshop_app.gui.main_window import MainWindow
from workshop_app.gui.new_workshop_dialog import NewWorkshopDialog
from workshop_app.gui.views.board_view import BoardView


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)  # window shortcuts only reach the active window
    yield w
    w.close()


def fill_new_workshop_dialog(qtbot, path: Path) -> None:
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, NewWorkshopDialog)
    qtbot.keyClicks(dialog.title, "Kick-off <Q1> & more")
    qtbot.keyClicks(dialog.organisation, "Northwind")
    qtbot.keyClicks(dialog.facilitator, "Maria")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.people.setFocus()
    dialog.people.setCurrentCell(0, 0)
    for name, role in (("Ann", "Sales"), ("Bo", "Service")):
        for text, key in ((name, Qt.Key.Key_Tab), (role, Qt.Key.Key_Return)):
            for ch in text:  # typed where the keyboard is: the row's cell editors
                qtbot.keyClicks(QApplication.focusWidget(), ch)
            qtbot.keyClick(QApplication.focusWidget(), key)
    # The half-day template is preselected; start it with the provocative questions board.
    dialog.plan.clear()
    dialog.available.setCurrentRow(
        next(i for i in range(dialog.available.count())
             if dialog.available.item(i).data(Qt.ItemDataRole.UserRole) == "provocative-questions"))
    qtbot.mouseClick(next(b for b in dialog.findChildren(QPushButton) if b.text() == "Add →"), Qt.MouseButton.LeftButton)
    dialog.path_edit.setText(str(path))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)


def test_create_type_undo_export_reopen(qtbot, window: MainWindow, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "kickoff.workshop"
    QTimer.singleShot(0, lambda: fill_new_workshop_dialog(qtbot, path))
    window.actions_by_id["new"].trigger()
    assert window.session is not None, "the dialog should have created the workshop"
    assert window.session.workshop.info.title == "Kick-off <Q1> & more"
    assert [p.name for p in window.session.workshop.participants] == ["Ann", "Bo"]

    window.activateWindow()  # the dialog had the focus; offscreen, nothing hands it back by itself
    qtbot.waitUntil(window.isActiveWindow)
    board = window.console.current_view()
    assert isinstance(board, BoardView)
    notes = ["First <b>idea</b> & more", "Второй: клиенты 客户", "Third, to be undone"]
    for text in notes:
        type_text(board.entry, text)
        qtbot.keyClick(board.entry, Qt.Key.Key_Return)
    assert cards.texts(board, 0) == notes

    # Ctrl+Z from the (now empty) entry undoes the last note in the workshop.
    qtbot.keyClick(board.entry, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert cards.texts(board, 0) == notes[:2]

    pdf = tmp_path / "plan.pdf"
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName", lambda *a, **k: (str(pdf), ""))
    with qtbot.waitSignal(window.exports.done, timeout=60_000) as blocker:
        window.actions_by_id["export-pdf"].trigger()
    assert blocker.args == [pdf, ""]
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    flat = " ".join(text.split())
    assert "First <b>idea</b> & more" in flat
    assert "Второй: клиенты" in flat
    assert "to be undone" not in flat

    window.close_workshop()
    reopened = Workshop.open(path)
    step = reopened.steps[0].id
    assert [i.text for i in reopened.items(step, "note")] == notes[:2]
    reopened.close()


def test_board_edit_move_delete_cluster_vote_with_undo(qtbot, window: MainWindow, demo_path: Path) -> None:
    window.open_path(demo_path)
    ws = window.session.workshop
    index = next(i for i, s in enumerate(ws.steps) if s.exercise and s.exercise.id == "provocative-questions")
    window.session.go_to(index)
    board = window.console.current_view()
    assert isinstance(board, BoardView)
    step = ws.steps[index]
    before = len(ws.items(step.id, "note"))
    qtbot.keyClicks(board.entry, "Ask customers what they would cut")
    qtbot.keyClick(board.entry, Qt.Key.Key_Return)
    new_id = next(i.id for i in ws.items(step.id, "note") if i.text == "Ask customers what they would cut")
    # Select it and move it to the second prompt.
    cards.click_card(board, new_id)
    assert board.cards.selected_ids() == [new_id]
    board.move_to_prompt([new_id], 1)
    assert ws.item(new_id).prompt == 1 and "Ask customers what they would cut" in cards.texts(board, 1)
    window.undo()
    assert ws.item(new_id).prompt == 0 and "Ask customers what they would cut" in cards.texts(board, 0)
    # Vote as the room's scribe, then as a participant within budget.
    cards.click_card(board, new_id)
    qtbot.mouseClick(next(b for b in board.findChildren(QPushButton) if b.text() == "+1 vote"), Qt.MouseButton.LeftButton)
    assert ws.item(new_id).votes == {"room": 1}
    # Drop the new note onto another loose note: a cluster of both.
    other = next(i for i in ws.items(step.id, "note") if i.prompt == 0 and i.id != new_id and i.cluster is None)
    cards.drag(board, new_id, 0, onto=other.id)
    cluster_id = ws.item(new_id).cluster
    assert cluster_id and ws.item(other.id).cluster == cluster_id
    window.undo()
    assert ws.item(new_id).cluster is None and not ws.has_item(cluster_id)
    window.redo()
    assert ws.item(new_id).cluster == cluster_id
    # Delete with the Delete key from the cards, then undo.
    cards.click_card(board, new_id)
    column, _index = cards.find(board, new_id)
    qtbot.keyClick(column, Qt.Key.Key_Delete)
    assert not ws.has_item(new_id)
    window.undo()
    assert ws.has_item(new_id)
    assert len(ws.items(step.id, "note")) == before + 1
    window.close_workshop()
    again = Workshop.open(demo_path)
    assert again.item(new_id).cluster == cluster_id and again.item(new_id).votes == {"room": 1}
    again.close()


def test_vote_over_budget_refused_with_message(qtbot, window: MainWindow, tmp_path: Path, library) -> None:
    from workshop_app.model.document import Participant, Step, WorkshopDoc

    ex = library.exercises["provocative-questions"]
    doc = WorkshopDoc(participants=[Participant(name="Ann")], steps=[Step(title=ex.title, exercise=ex, vote_budget=2)])
    path = tmp_path / "v.workshop"
    window.create_workshop(path, doc)
    board = window.console.current_view()
    qtbot.keyClicks(board.entry, "Only idea")
    qtbot.keyClick(board.entry, Qt.Key.Key_Return)
    board.voter.setCurrentIndex(1)  # Ann
    cards.click_card(board, cards.rows(board, 0)[0].id)
    vote = next(b for b in board.findChildren(QPushButton) if b.text() == "+1 vote")
    for _ in range(3):
        qtbot.mouseClick(vote, Qt.MouseButton.LeftButton)
    ws = window.session.workshop
    assert ws.items(ws.steps[0].id, "note")[0].votes == {ws.participants[0].id: 2}
    assert window.console.banner.isVisible()
    assert "used all 2 votes" in window.console.banner.text()
