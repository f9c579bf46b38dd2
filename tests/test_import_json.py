"""File → Import JSON…: a JSON export becomes a workshop again; a bad file is explained in a sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_main_window_room import open_window
from workshop_app.core.workshop import Workshop
from workshop_app.export.json_io import write_json
from workshop_app.gui.main_window import MainWindow


@pytest.fixture
def warnings(monkeypatch) -> list[tuple[str, str]]:
    said: list[tuple[str, str]] = []
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.warning",
                        lambda _parent, title, text, *a, **k: said.append((title, text)))
    return said


def choose(monkeypatch, source: Path, target: Path | None) -> None:
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", lambda *a, **k: (str(source), ""))
    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target) if target else "", ""))


def test_an_export_is_imported_from_the_file_menu(qtbot, demo_path: Path, tmp_path: Path, monkeypatch,
                                                  warnings) -> None:
    demo = Workshop.open(demo_path, readonly=True)
    exported = tmp_path / "export.json"
    write_json(demo.doc, exported)
    notes = sorted(i.text for i in demo.doc.items)
    title = demo.info.title
    demo.close()
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    action = next(a for a in file_menu.actions() if a.text() == "&Import JSON…")
    target = tmp_path / "again"  # without its extension: it gets one
    choose(monkeypatch, exported, target)
    action.trigger()
    assert warnings == []
    assert window.session is not None and window.session.workshop.path == tmp_path / "again.workshop"
    assert window.session.workshop.info.title == title
    assert "Imported export.json into again.workshop" in window.statusBar().currentMessage()
    window.close_workshop()
    again = Workshop.open(tmp_path / "again.workshop", readonly=True)
    assert sorted(i.text for i in again.doc.items) == notes
    again.close()

    # Never over an existing workshop.
    choose(monkeypatch, exported, tmp_path / "again.workshop")
    action.trigger()
    assert window.session is None and warnings[-1][0] == "Cannot import" and "already exists" in warnings[-1][1]


@pytest.mark.parametrize(("content", "said"), [
    ("{not json", "is not valid JSON"),
    ('{"format": "something else"}', "is not a workshop export"),
    ("[1, 2, 3]", "is not a workshop export"),
])
def test_a_bad_file_is_explained_and_nothing_is_made(qtbot, tmp_path: Path, monkeypatch, warnings, content: str,
                                                     said: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    choose(monkeypatch, bad, tmp_path / "never.workshop")
    window.actions_by_id["import-json"].trigger()
    assert len(warnings) == 1
    title, text = warnings[0]
    assert title == "Cannot import" and said in text and "Traceback" not in text
    assert not (tmp_path / "never.workshop").exists() and window.session is None


def test_the_not_a_workshop_message_points_to_the_menu_that_exists(qtbot, tmp_path: Path, monkeypatch) -> None:
    told: list[str] = []
    monkeypatch.setattr("workshop_app.gui.recovery.tell", lambda _parent, _title, text: told.append(text))
    stray = tmp_path / "notes.workshop"
    stray.write_text("just some text", encoding="utf-8")
    window = open_window(qtbot, stray)
    assert window.session is None
    assert told and "File → Import JSON…" in told[0]
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    assert "&Import JSON…" in [a.text() for a in file_menu.actions()]
