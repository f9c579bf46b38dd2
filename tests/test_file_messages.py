"""What the app says when a workshop file cannot be used: one line on the command line, a plain
sentence and a way out in the window, never SQLite's own words, never the drive blamed for the file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from tests.conftest import type_text
from tests.test_backup import BrokenConnection, ScriptedBoxes
from tests.test_hostile_files import INTERNALS, break_index, make, tamper
from workshop_app import cli
from workshop_app.core.workshop import Workshop
from workshop_app.gui.main_window import MainWindow
from workshop_app.gui.recovery import SAVE_COPY
from workshop_app.gui.views.board_view import BoardView
from workshop_app.storage.errors import StorageWriteError


def one_line(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("workshop-app: "), err
    lowered = err.lower()
    assert not [w for w in INTERNALS if w in lowered.replace("restore a backup", "")], err
    return err


@pytest.mark.parametrize("harm", ["index", "trigger", "version 0", "version -1", "garbage"])
def test_the_command_line_says_what_is_wrong_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], harm: str
) -> None:
    path = make(tmp_path / "w.workshop")
    if harm == "index":
        break_index(path)
    elif harm == "trigger":
        tamper(path, "CREATE TRIGGER t AFTER INSERT ON items BEGIN DELETE FROM items; END")
    elif harm == "garbage":
        data = bytearray(path.read_bytes())
        data[4096:] = b"\xa5" * (len(data) - 4096)
        path.write_bytes(bytes(data))
    else:
        tamper(path, f"PRAGMA user_version={harm.split()[1]}")
    err = one_line(capsys, ["export", str(path), "--json", str(tmp_path / "out.json")])
    expected = {
        "index": "is damaged", "garbage": "is damaged", "trigger": "was changed by another program",
        "version 0": "is not a workshop of this app, or it is damaged",
        "version -1": "is not a workshop of this app, or it is damaged",
    }[harm]
    assert f"w.workshop {expected}" in err
    assert "drive" not in err
    assert not (tmp_path / "out.json").exists()


def test_another_programs_write_lock_is_named_as_such(tmp_path: Path) -> None:
    path = make(tmp_path / "held.workshop")
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageWriteError) as refused:
            Workshop.open(path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert str(refused.value) == (
        "held.workshop is being changed by another program, so it cannot be opened for changes. "
        "Close it there and try again, or open it read-only."
    )
    Workshop.open(path).close()


@pytest.fixture
def window(qtbot):
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    yield w
    w.close()


def test_the_status_bar_tells_the_truth_and_the_unsaved_note_stays_in_its_box(
    qtbot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make(tmp_path / "room.workshop", notes=1)
    window.open_path(path)
    assert window.session is not None and window.console is not None
    assert window.statusBar().currentMessage() == "Every change is saved the moment it is made."
    board = window.console.current_view()
    assert isinstance(board, BoardView)
    ws = window.session.workshop
    real = ws.file.conn
    ws.file.conn = BrokenConnection(real, "disk I/O error")  # type: ignore[assignment]

    # The person keeps working here: the box keeps the note, the status bar says it was not saved.
    boxes = ScriptedBoxes(["Keep working here"])
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes(box))
    type_text(board.entry, "the note <b>that failed</b>")
    qtbot.keyClick(board.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(boxes.texts) == 1)
    assert boxes.texts[0].startswith("The last change was not saved to room.workshop: the drive could not")
    assert board.entry.text() == "the note <b>that failed</b>"
    assert window.statusBar().currentMessage().startswith("Not saved: the last change could not be written")
    window.grab().save(str(tmp_path / "not-saved.png"))

    # The drive is back: the same note is saved, and the status bar says so.
    ws.file.conn = real
    qtbot.keyClick(board.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: board.entry.text() == "")
    assert window.statusBar().currentMessage().startswith("Saving works again")

    # It fails again, and this time a copy is saved elsewhere: the note waits in the copy's box.
    ws.file.conn = BrokenConnection(real, "disk I/O error")  # type: ignore[assignment]
    boxes.answers = [SAVE_COPY]
    chosen = tmp_path / "elsewhere" / "rescue.workshop"
    chosen.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(chosen), ""))
    type_text(board.entry, "second try")
    qtbot.keyClick(board.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.session is not None and window.session.workshop.path == chosen)
    copy_board = window.console.current_view()
    assert isinstance(copy_board, BoardView) and copy_board is not board
    assert copy_board.entry.text() == "second try"
    assert window.statusBar().currentMessage() == "Every change is saved the moment it is made."
    qtbot.keyClick(copy_board.entry, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: copy_board.entry.text() == "")
    window.close_workshop()
    again = Workshop.open(chosen, readonly=True)
    assert {n.text for n in again.items(again.steps[0].id, "note")} == {
        "note 0", "the note <b>that failed</b>", "second try"}
    again.close()
