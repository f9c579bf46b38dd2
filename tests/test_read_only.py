"""Read-only means read-only: opened so, every control that would change the workshop is disabled, says
why, and the file is left exactly as it was; looking, moving between steps and exporting still work."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

from tests import board_cards as cards
from tests.test_keys import show_active
from workshop_app.core.workshop import Workshop
from workshop_app.gui import recovery
from workshop_app.gui.main_window import MainWindow
from workshop_app.gui.read_only import SAFE

EDITING = (QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def editable(widget: QWidget) -> bool:
    """Whether a person could change something with this widget."""
    if isinstance(widget, QTextBrowser) or widget.property(SAFE) or not widget.isVisibleTo(widget.window()):
        return False
    if isinstance(widget.parentWidget(), QTabBar | QAbstractSpinBox | QComboBox):
        return False  # parts of a tab bar, a spin box or a drop-down, locked with it
    if isinstance(widget, QAbstractItemView):
        return (widget.editTriggers() != QAbstractItemView.EditTrigger.NoEditTriggers
                or widget.dragDropMode() != QAbstractItemView.DragDropMode.NoDragDrop
                or widget.contextMenuPolicy() != Qt.ContextMenuPolicy.NoContextMenu)
    if isinstance(widget, QGraphicsView):
        return widget.isInteractive()
    return isinstance(widget, EDITING) and widget.isEnabled()


def test_a_workshop_open_elsewhere_opens_read_only_and_nothing_can_change(qtbot, demo_path: Path, monkeypatch,
                                                                         tmp_path: Path) -> None:
    holder = Workshop.open(demo_path)  # open for changes "elsewhere": it holds the lock
    before = digest(demo_path)
    monkeypatch.setattr(recovery, "ask", lambda *args, **kwargs: recovery.OPEN_READ_ONLY)
    window = MainWindow()
    show_active(qtbot, window)
    window.open_path(demo_path)
    session = window.session
    assert session is not None and session.workshop.readonly
    note = window.console.read_only_note
    assert note.isVisible() and note.text().startswith(f"Read-only: {recovery.ELSEWHERE}")
    assert "(read-only)" in window.windowTitle()
    asked: list[str] = []
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getMultiLineText", lambda *a, **k: asked.append("edit") or ("", False))
    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getText", lambda *a, **k: asked.append("text") or ("", False))

    ws = session.workshop
    for index, step in enumerate(ws.steps):
        window.session.go_to(index)  # moving through it works, and writes nothing
        assert ws.current_index == index
        view = window.console.current_view()
        open_controls = [f"{type(w).__name__} {getattr(w, 'text', lambda: '')()!r}"
                         for w in view.findChildren(QWidget) if editable(w)]
        assert open_controls == [], f"{step.type}: {open_controls}"
        for widget in view.findChildren(QWidget):
            if isinstance(widget, EDITING) and not widget.isEnabled() and widget.isVisibleTo(window) and not widget.property(SAFE) \
                    and not isinstance(widget.parentWidget(), QTabBar | QAbstractSpinBox | QComboBox):
                assert recovery.ELSEWHERE in widget.toolTip()
        live_keys = [a.objectName() for w in view.findChildren(QWidget) for a in w.actions()
                     if a.isEnabled() and a.shortcutContext() != Qt.ShortcutContext.WindowShortcut]
        assert live_keys == [], f"{step.type}: {live_keys}"
        if step.type == "board":
            first = next(r for r in cards.rows(view, 0) if r.kind == "note")
            as_it_was = ws.item(first.id).model_dump()
            column, point = cards.card_point(view, first.id)
            column.setFocus()
            QTest.mouseDClick(column.viewport(), Qt.MouseButton.LeftButton, pos=point)
            QTest.keyClick(column, Qt.Key.Key_V)
            cards.click_dot(view, first.id)  # a click on the vote dot votes nothing
            other = next(r for r in cards.rows(view, 1) if r.kind == "note")
            cards.drag(view, first.id, 1, onto=other.id)  # nor does a drag move or cluster
            assert ws.item(first.id).model_dump() == as_it_was
            assert view.cards.dragging is None
        if step.type == "map":
            QTest.mouseDClick(view.canvas.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(200, 220))
        if step.type == "commitments":
            view.people.setCurrentRow(2)  # rows made for another person are locked too
            assert not any(editable(w) for w in view.findChildren(QWidget))
    assert asked == []  # no double-click opened an editor
    for action_id in ("undo", "redo", "details"):
        assert not window.actions_by_id[action_id].isEnabled()
    room = {a.objectName(): a for a in window.actions()}
    window.session.go_to(0)
    assert not room["room.entry"].isEnabled() and not room["room.reveal"].isEnabled()
    assert room["room.next"].isEnabled() and room["room.timer"].isEnabled()
    window.console.show_action_plan()
    assert not any(editable(w) for w in window.console.action_plan.findChildren(QWidget))
    assert window.console.action_plan.search.isEnabled()  # filtering is looking

    out = tmp_path / "look.md"
    with qtbot.waitSignal(window.exports.done, timeout=60_000):
        window.export_to("markdown", out)
    assert out.exists()
    window.close_workshop()
    holder.close()
    assert digest(demo_path) == before
