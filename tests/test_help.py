"""F1: every shortcut the app has, grouped by where it works, in this platform's key names, searchable."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from tests.test_keys import press, show_active, type_keys
from workshop_app.gui.help_window import HelpWindow, on_a_keyboard
from workshop_app.gui.main_window import MainWindow

NATIVE = QKeySequence.SequenceFormat.NativeText


def test_f1_lists_every_shortcut_of_both_windows_grouped_and_searchable(qtbot, demo_path: Path) -> None:
    window = MainWindow()
    show_active(qtbot, window)
    window.open_path(demo_path)
    qtbot.waitUntil(window.isActiveWindow)
    for index in range(len(window.session.workshop.steps)):  # every view made, with its keys
        window.session.go_to(index)
    shared = window.shared_screen()
    window.session.go_to(0)
    window.console.agenda.setFocus()
    press(Qt.Key.Key_F1)
    help_window = window._help
    assert isinstance(help_window, HelpWindow)
    qtbot.waitUntil(help_window.isVisible)
    rows = help_window.visible_rows()
    groups = list(dict.fromkeys(group for group, _what, _keys in rows))
    assert groups[:2] == ["Everywhere", "The room and the shared screen"]
    assert {"Board", "Poll", "Rating", "Spectrum", "Map", "Commitments", "The room's entry line",
            "Participant lists", "Dialogs"} <= set(groups)
    keys_of = {(group, what): keys for group, what, keys in rows}
    undo = keys_of[("Everywhere", "Undo")]
    assert undo.split(", ")[0] == QKeySequence("Ctrl+Z").toString(NATIVE) and "F14" not in undo
    assert keys_of[("Board", "Vote for the selected notes")] == "V"
    assert keys_of[("Map", "Link the two selected departments")] == "L"
    assert keys_of[("Rating", "Rate the selected statement")] == "0–9"
    assert keys_of[("Poll", "Answer the selected statement")] == "1–9"
    assert keys_of[("Spectrum", "Move the selection one category right")] == QKeySequence("Ctrl+Right").toString(NATIVE)
    assert "F2" in keys_of[("Board", "Edit the selected note or cluster")]
    assert QKeySequence(QKeySequence.StandardKey.Delete).toString(NATIVE) in keys_of[("Board", "Delete the selected notes")]
    listed: set[str] = set()
    for _g, _w, keys in rows:
        for name in keys.split(", "):
            if "–" in name and name[-1].isdigit():  # "Alt+0–9" stands for Alt+0 ... Alt+9
                start, end = name.split("–")
                listed |= {f"{start[:-1]}{d}" for d in range(int(start[-1]), int(end) + 1)}
            else:
                listed.add(name)

    # Every key bound anywhere in either window is in the help, in the same platform spelling.
    bound = set()
    for host in (window, shared):
        for action in host.findChildren(QAction) + list(host.actions()):
            bound |= {k.toString(NATIVE) for k in action.shortcuts() if on_a_keyboard(k)}
    missing = sorted(bound - listed)
    assert missing == []

    help_window.search.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is help_window.search)
    type_keys("vote")
    found = help_window.visible_rows()
    assert found and all("vote" in " ".join(r).casefold() or r[0] == "Board" for r in found)
    assert ("Board", "Vote for the selected notes", "V") in found
    assert "Undo" not in {what for _g, what, _k in found}
    noun = "shortcuts" if len(found) > 1 else "shortcut"
    assert help_window.count.text() == f"{len(found)} {noun} match “vote”"
    help_window.search.clear()
    assert len(help_window.visible_rows()) == len(rows)
    help_window.close()
    window.close_workshop()
