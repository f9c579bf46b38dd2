"""The spectrum view, driven as a facilitator would: add KPIs, drag and key them between categories, edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMenu

from workshop_app.core.workshop import Workshop
from workshop_app.gui.session import Session
from workshop_app.gui.views.spectrum_view import MIME_IDS, ROLE_ID, SpectrumView
from workshop_app.model.document import Participant, SpectrumItem, Step, WorkshopDoc

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def spectrum(qtbot, tmp_path: Path, library):
    path = tmp_path / "kpis.workshop"
    step = Step(title="KPI review", exercise=library.exercises["kpi-review"])
    kpis = [("Calls per hour", 0, "Count first-contact resolution"), ("Cost per ticket", 0, ""),
            ("Renewal rate", 4, "Share monthly")]
    items = [SpectrumItem(step=step.id, text=t, category=c, change=d, position=0.5, order=n)
             for n, (t, c, d) in enumerate(kpis)]
    doc = WorkshopDoc(steps=[step], participants=[Participant(name="Ann"), Participant(name="Bo")], items=items)
    session = Session(Workshop.create(path, doc))
    view = SpectrumView(session, step.id)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    yield view, session, path
    session.close()


def stored(path: Path) -> list[tuple[str, int, str]]:
    """(name, category, proposed change) of each KPI in the file, in list order."""
    ws = Workshop.open(path, readonly=True)
    try:
        return [(i.text, i.category, i.change) for i in ws.items(ws.steps[0].id, "spectrum")]
    finally:
        ws.close()


def names(view: SpectrumView, column: int) -> list[str]:
    lst = view.lists[column]
    return [lst.item(n).text().split("\n")[0] for n in range(lst.count())]


def click_item(qtbot, view: SpectrumView, column: int, row: int) -> None:
    lst = view.lists[column]
    qtbot.mouseClick(lst.viewport(), LEFT, pos=lst.visualItemRect(lst.item(row)).center())


def test_add_a_kpi_from_the_entry_row(qtbot, spectrum) -> None:
    view, session, path = spectrum
    view.author.setCurrentIndex(view.author.findText("Ann"))
    view.entry_category.setCurrentIndex(3)  # Helps
    qtbot.keyClicks(view.entry, "<b>NPS</b> per team")
    qtbot.keyClick(view.entry, Qt.Key.Key_Return)
    assert names(view, 3) == ["<b>NPS</b> per team"]  # shown exactly as typed
    assert "&lt;b&gt;NPS&lt;/b&gt;" in view.lists[3].item(0).toolTip()  # also in its tooltip
    assert view.headers[3].text() == "Helps (1)"
    assert view.entry.text() == ""
    assert view.name_edit.text() == "<b>NPS</b> per team"  # selected, ready for its proposed change
    ws = session.workshop
    [new] = [i for i in ws.items(view.step_id) if i.category == 3]
    assert ws.author_name(new.author) == "Ann"
    assert ("<b>NPS</b> per team", 3, "") in stored(path)

    session.undo()
    assert names(view, 3) == [] and view.headers[3].text() == "Helps (0)"
    assert len(stored(path)) == 3
    session.redo()
    assert names(view, 3) == ["<b>NPS</b> per team"]

    qtbot.mouseClick(next(b for b in view.findChildren(type(view.action_button)) if b.text() == "Add KPI"), LEFT)
    assert len(stored(path)) == 4  # an empty entry adds nothing


def drag_enter(pos: QPointF, action: Qt.DropAction, mime: QMimeData) -> QDragEnterEvent:
    try:
        return QDragEnterEvent(pos, action, mime, LEFT, Qt.KeyboardModifier.NoModifier)  # Qt 6.12 and later
    except TypeError:
        return QDragEnterEvent(pos.toPoint(), action, mime, LEFT, Qt.KeyboardModifier.NoModifier)


def drop(view: SpectrumView, source_column: int, source_row: int, column: int, before_row: int | None) -> QDropEvent:
    """Drop an item of one column onto another through the list's own drop handling."""
    source, target = view.lists[source_column], view.lists[column]
    mime = source.mimeData([source.item(source_row)])
    if before_row is None:
        pos = QPointF(target.viewport().rect().center().x(), target.viewport().rect().bottom() - 5)
    else:
        rect = target.visualItemRect(target.item(before_row))
        pos = QPointF(rect.center().x(), rect.top() + 2)
    enter = drag_enter(pos, Qt.DropAction.MoveAction, mime)
    target.dragEnterEvent(enter)
    assert enter.isAccepted()
    event = QDropEvent(pos, Qt.DropAction.MoveAction, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    target.dropEvent(event)
    return event


def test_drag_a_kpi_to_another_category(qtbot, spectrum) -> None:
    view, session, path = spectrum
    event = drop(view, 0, 1, 4, before_row=0)  # Cost per ticket, before Renewal rate
    assert event.dropAction() == Qt.DropAction.IgnoreAction  # Qt moves nothing: the core does
    qtbot.waitUntil(lambda: names(view, 4) == ["Cost per ticket", "Renewal rate"])
    assert names(view, 0) == ["Calls per hour"]
    assert view.headers[4].text() == "Customer-centric (2)"
    assert [n for n, c, _ in stored(path) if c == 4] == ["Cost per ticket", "Renewal rate"]
    assert view.lists[4].item(0).isSelected()

    drop(view, 0, 0, 4, before_row=None)  # Calls per hour, at the end
    qtbot.waitUntil(lambda: names(view, 4) == ["Cost per ticket", "Renewal rate", "Calls per hour"])

    session.undo()
    assert names(view, 0) == ["Calls per hour"]
    session.undo()
    assert names(view, 0) == ["Calls per hour", "Cost per ticket"] and names(view, 4) == ["Renewal rate"]
    assert [c for _, c, _ in stored(path)] == [0, 0, 4]
    session.redo()
    assert names(view, 4) == ["Cost per ticket", "Renewal rate"]

    session.close()
    reopened = Workshop.open(path)
    try:
        kpis = reopened.items(reopened.steps[0].id, "spectrum")
        assert [(i.text, i.category) for i in kpis if i.category == 4] == [("Cost per ticket", 4), ("Renewal rate", 4)]
        assert all(0 <= i.position <= 1 for i in kpis)
    finally:
        reopened.close()


def test_drops_from_elsewhere_are_refused(qtbot, spectrum) -> None:
    view, _session, _path = spectrum
    mime = QMimeData()
    mime.setText("dragged from another program")
    enter = drag_enter(QPointF(view.lists[2].rect().center()), Qt.DropAction.CopyAction, mime)
    view.lists[2].dragEnterEvent(enter)
    assert not enter.isAccepted()
    assert view.lists[0].mimeTypes() == [MIME_IDS]


def test_ctrl_arrows_move_the_selected_kpi(qtbot, spectrum) -> None:
    view, session, path = spectrum
    click_item(qtbot, view, 0, 0)
    assert view.name_edit.text() == "Calls per hour"
    qtbot.keyClick(view.lists[0], Qt.Key.Key_Right, CTRL)
    assert names(view, 1) == ["Calls per hour"]
    assert view.lists[1].hasFocus() and view.lists[1].item(0).isSelected()
    qtbot.keyClick(view.lists[1], Qt.Key.Key_Right, CTRL)
    assert names(view, 2) == ["Calls per hour"]
    assert view.category_box.currentText() == "Neutral"
    assert ("Calls per hour", 2, "Count first-contact resolution") in stored(path)
    qtbot.keyClick(view.lists[2], Qt.Key.Key_Left, CTRL)
    assert names(view, 1) == ["Calls per hour"]

    click_item(qtbot, view, 0, 0)  # Cost per ticket cannot go further left
    assert not view.left_button.isEnabled()
    qtbot.keyClick(view.lists[0], Qt.Key.Key_Left, CTRL)
    assert names(view, 0) == ["Cost per ticket"]

    qtbot.mouseClick(view.right_button, LEFT)
    assert names(view, 1) == ["Calls per hour", "Cost per ticket"]
    session.undo()
    session.undo()
    assert names(view, 2) == ["Calls per hour"]
    session.undo()
    session.undo()
    assert names(view, 0) == ["Calls per hour", "Cost per ticket"]
    assert [c for _, c, _ in stored(path)] == [0, 0, 4]


def test_the_category_box_moves_the_kpi(qtbot, spectrum) -> None:
    view, session, path = spectrum
    click_item(qtbot, view, 4, 0)
    view.category_box.setFocus()
    qtbot.keyClick(view.category_box, Qt.Key.Key_Up)
    assert names(view, 3) == ["Renewal rate"]
    assert ("Renewal rate", 3, "Share monthly") in stored(path)
    session.undo()
    assert names(view, 4) == ["Renewal rate"]


def test_edit_the_name_and_the_proposed_change(qtbot, spectrum) -> None:
    view, session, path = spectrum
    click_item(qtbot, view, 0, 1)
    assert view.change_edit.text() == ""
    view.name_edit.selectAll()
    qtbot.keyClicks(view.name_edit, "Cost per resolved case")
    qtbot.keyClick(view.name_edit, Qt.Key.Key_Return)
    assert names(view, 0) == ["Calls per hour", "Cost per resolved case"]
    qtbot.keyClicks(view.change_edit, "Pair with effort score")
    qtbot.keyClick(view.change_edit, Qt.Key.Key_Return)
    assert view.lists[0].item(1).text() == "Cost per resolved case\n→ Pair with effort score"
    assert stored(path)[1] == ("Cost per resolved case", 0, "Pair with effort score")

    session.undo()
    assert view.change_edit.text() == "" and stored(path)[1] == ("Cost per resolved case", 0, "")
    session.undo()
    assert view.name_edit.text() == "Cost per ticket" and stored(path)[1] == ("Cost per ticket", 0, "")
    session.redo()
    assert view.name_edit.text() == "Cost per resolved case"

    messages: list[str] = []
    session.error_raised.connect(messages.append)
    view.name_edit.clear()
    qtbot.keyClick(view.name_edit, Qt.Key.Key_Return)
    assert messages == ["A KPI needs a name."]
    assert view.name_edit.text() == "Cost per resolved case"


def test_delete_and_undo(qtbot, spectrum) -> None:
    view, session, path = spectrum
    click_item(qtbot, view, 4, 0)
    qtbot.keyClick(view.lists[4], Qt.Key.Key_Delete)
    assert names(view, 4) == []
    assert not view.delete_button.isEnabled()  # nothing selected any more
    assert [n for n, _, _ in stored(path)] == ["Calls per hour", "Cost per ticket"]
    session.undo()
    assert names(view, 4) == ["Renewal rate"]
    assert stored(path)[2] == ("Renewal rate", 4, "Share monthly")
    click_item(qtbot, view, 0, 0)
    qtbot.mouseClick(view.delete_button, LEFT)
    assert names(view, 0) == ["Cost per ticket"]
    session.undo()
    session.redo()
    assert names(view, 0) == ["Cost per ticket"]


def pick_from_menu(*path: str) -> None:
    """Once a context menu is open, trigger the entry at ``path`` (through submenus); close the menu."""

    def pick() -> None:
        menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
        try:
            actions = [a for m in menus for a in m.actions()]
            for text in path[:-1]:
                actions = next(a for a in actions if a.text() == text).menu().actions()
            action = next(a for a in actions if a.text() == path[-1])
        finally:
            for menu in menus:
                menu.close()
        action.trigger()

    QTimer.singleShot(0, pick)


def open_menu_on(view: SpectrumView, column: int, row: int) -> None:
    lst = view.lists[column]
    view._on_context_menu(lst, lst.visualItemRect(lst.item(row)).center())


def test_make_action_items(qtbot, spectrum) -> None:
    view, session, path = spectrum
    click_item(qtbot, view, 0, 0)
    qtbot.mouseClick(view.action_button, LEFT)
    [action] = session.workshop.actions
    assert action.what == "Count first-contact resolution"  # the proposed change is what to do
    assert "KPI “Calls per hour”, placed as Customer-toxic" in action.why
    assert action.source == view.lists[0].item(0).data(ROLE_ID)

    pick_from_menu("Make action item")
    open_menu_on(view, 0, 1)  # no proposed change: the KPI's name
    assert [a.what for a in session.workshop.actions] == ["Count first-contact resolution", "Cost per ticket"]
    session.undo()
    session.undo()
    assert session.workshop.actions == []
    session.redo()
    assert [a.what for a in session.workshop.actions] == ["Count first-contact resolution"]
    ws = Workshop.open(path, readonly=True)
    try:
        assert [a.what for a in ws.doc.actions] == ["Count first-contact resolution"]
    finally:
        ws.close()


def test_context_menu_moves_a_kpi(qtbot, spectrum) -> None:
    view, session, _path = spectrum
    pick_from_menu("Move to", "Helps")
    open_menu_on(view, 4, 0)
    assert names(view, 3) == ["Renewal rate"]
    session.undo()
    assert names(view, 4) == ["Renewal rate"]


def test_changes_from_elsewhere_show_live(qtbot, spectrum) -> None:
    view, session, _path = spectrum
    ws = session.workshop
    session.do(lambda: ws.add_item(view.step_id, "spectrum", text="Churn", category=2))
    assert names(view, 2) == ["Churn"]
    session.do(lambda: ws.add_participant("Cy"))
    assert view.author.itemText(view.author.count() - 1) == "Cy"


def test_demo_spectrum_at_laptop_size(qtbot, demo_path: Path, tmp_path: Path) -> None:
    session = Session(Workshop.open(demo_path))
    try:
        step = next(s for s in session.workshop.steps if s.type == "spectrum")
        view = SpectrumView(session, step.id)
        qtbot.addWidget(view)
        view.resize(1000, 600)
        view.show()
        qtbot.waitExposed(view)
        kpis = session.workshop.items(step.id, "spectrum")
        assert sum(lst.count() for lst in view.lists) == len(kpis)
        assert view.grab().save(str(tmp_path / "spectrum.png"))
    finally:
        session.close()
