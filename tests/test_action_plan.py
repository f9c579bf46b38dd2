"""The action-plan view: the model holds up, filters and sorting work, edits are saved and undoable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from workshop_app.core.workshop import Workshop
from workshop_app.gui.action_plan_view import ActionDialog, ActionPlanView, ActionTableModel
from workshop_app.gui.session import Session


def button(widget, text: str) -> QPushButton:
    return next(b for b in widget.findChildren(QPushButton) if b.text() == text)


def test_model_is_sound(qtmodeltester, demo_path: Path) -> None:
    session = Session(Workshop.open(demo_path))
    qtmodeltester.check(ActionTableModel(session))
    session.close()


def test_add_filter_mark_done_undo_reopen(qtbot, demo_path: Path) -> None:
    session = Session(Workshop.open(demo_path))
    view = ActionPlanView(session)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    before = view.proxy.rowCount()

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, ActionDialog)
        qtbot.keyClicks(dialog.what, "Monthly complaint review with product")
        dialog.owner.setCurrentText("Ben Okafor")
        qtbot.keyClicks(dialog.measure, "Top ten complaints reviewed each month")
        dialog.area.setCurrentText("Break the silos")
        dialog.priority.setCurrentText("high")
        qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                         Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(button(view, "Add action…"), Qt.MouseButton.LeftButton)
    assert view.proxy.rowCount() == before + 1

    qtbot.keyClicks(view.search, "complaint review")
    assert view.proxy.rowCount() == 1
    assert view.proxy.index(0, 0).data() == "Monthly complaint review with product"
    assert view.proxy.index(0, 1).data() == "Ben Okafor"
    view.table.selectRow(0)
    qtbot.mouseClick(button(view, "Mark done"), Qt.MouseButton.LeftButton)
    assert view.proxy.index(0, 6).data() == "done"
    session.undo()
    assert view.proxy.index(0, 6).data() == "open"
    session.redo()

    view.status_filter.setCurrentText("done")
    assert view.proxy.rowCount() == 1
    session.close()
    again = Workshop.open(demo_path)
    added = next(a for a in again.actions if a.what == "Monthly complaint review with product")
    assert (added.owner, added.status, added.area, added.priority) == ("Ben Okafor", "done", "Break the silos", "high")
    assert added.owner_id == next(p.id for p in again.participants if p.name == "Ben Okafor")
    again.close()


def test_sorting_by_due_date_and_priority(qtbot, demo_path: Path) -> None:
    session = Session(Workshop.open(demo_path))
    view = ActionPlanView(session)
    qtbot.addWidget(view)
    view.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    dues = [view.proxy.index(r, 2).data() for r in range(view.proxy.rowCount())]
    assert dues == sorted(dues)
    view.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
    assert view.proxy.index(0, 5).data() == "high"
    session.close()


def test_the_plan_is_made_when_first_shown_and_its_export_button_exports(qtbot, window, tmp_path: Path,
                                                                        monkeypatch) -> None:
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QFileDialog

    console = window.console
    assert console._action_plan is None  # opening built only what is on screen
    QTest.keyClick(window, Qt.Key.Key_F8)
    plan = console.action_plan
    assert console.tabs.currentIndex() == 1 and plan.isVisible()
    out = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "PDF (*.pdf)"))
    button = next(b for b in plan.findChildren(QPushButton) if b.text() == "Export PDF…")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: out.exists() and out.stat().st_size > 0, timeout=60_000)
    assert out.read_bytes().startswith(b"%PDF")
