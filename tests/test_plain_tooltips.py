"""User text in tooltips is shown as typed: markup in a note or a department name is never rendered."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from workshop_app.core.workshop import Workshop
from workshop_app.gui.session import Session
from workshop_app.gui.views import view_class
from workshop_app.model.document import Step, WorkshopDoc

HOSTILE = '<img src="/etc/passwd"><b>bold</b> & more'


def shown(tip: str) -> str:
    """What a tooltip displays: Qt renders it as rich text, as the tooltip itself would."""
    doc = QTextDocument()
    if QtGui.Qt.mightBeRichText(tip):
        doc.setHtml(tip)
    else:
        doc.setPlainText(tip)
    return doc.toPlainText()


def test_note_and_department_tooltips_show_markup_as_typed(qtbot, tmp_path: Path, library) -> None:
    steps = [Step(id="b", title="Ideas", exercise=library.exercises["provocative-questions"]),
             Step(id="m", title="Map", exercise=library.exercises["silo-breaking-map"])]
    session = Session(Workshop.create(tmp_path / "t.workshop", WorkshopDoc(steps=steps)))
    ws = session.workshop
    assert session.do(lambda: ws.add_note("b", HOSTILE))
    assert session.do(lambda: ws.add_item("m", "node", text=HOSTILE, x=100, y=100))
    board = view_class("board")(session, "b")
    qtbot.addWidget(board)
    card = board.cards.columns[0].card_model.index(0)
    assert shown(card.data(Qt.ItemDataRole.ToolTipRole)) == HOSTILE
    board.as_list.click()
    row = board.trees[0].topLevelItem(0)
    assert shown(row.toolTip(0)) == HOSTILE
    mapped = view_class("map")(session, "m")
    qtbot.addWidget(mapped)
    [node] = mapped.nodes.values()
    assert shown(node.toolTip()) == HOSTILE
    session.close()


def test_file_names_in_export_buttons_and_warnings_show_as_typed(qtbot, tmp_path: Path, monkeypatch) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from workshop_app.gui.export_runner import ExportLinks
    from workshop_app.gui.plain import warn

    out = tmp_path / f"{HOSTILE}.pdf"
    links = ExportLinks()
    qtbot.addWidget(links)
    links.offer(out)
    assert shown(links.open_button.toolTip()) == f"Open {out.name} in the program this computer uses for it"
    assert shown(links.folder_button.toolTip()) == f"Open the folder holding {out.name}"
    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append((box.textFormat(), box.text())))
    warn(None, "Export failed", f"Could not write {out.name}: the disk is full.")
    assert seen == [(Qt.TextFormat.PlainText, f"Could not write {out.name}: the disk is full.")]
