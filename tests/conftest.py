"""Test set-up: Qt offscreen, and every test gets its own app home so none touches the real one."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from workshop_app.model.document import Step

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def app_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("WORKSHOP_APP_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def library():
    from workshop_app.core.library import load_library

    return load_library([REPO / "exercises"])


@pytest.fixture
def demo_path(tmp_path: Path, library) -> Path:
    from workshop_app.core.demo import build_demo
    from workshop_app.core.workshop import Workshop

    path = tmp_path / "demo.workshop"
    Workshop.create(path, build_demo(library)).close()
    return path


@pytest.fixture
def window(qtbot, demo_path: Path):
    """The facilitator's window, active, with the demo open; closed again afterwards."""
    from tests.test_keys import show_active
    from workshop_app.gui.main_window import MainWindow

    w = MainWindow()
    show_active(qtbot, w)
    w.open_path(demo_path)
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    w.close_workshop()


def board_step(title: str = "Ideas") -> Step:
    """A step with a one-prompt board: a step that takes notes, for tests of the core and the file.

    A step without an exercise is a break, and the core refuses answers on a break.
    """
    from workshop_app.model.document import Step
    from workshop_app.model.exercises import ExerciseDef

    exercise = ExerciseDef.model_validate({"id": "ideas", "title": title, "purpose": "Collect ideas", "type": "board",
                                           "minutes": 10, "source": "A test", "board": {"prompts": ["Ideas"]}})
    return Step(title=title, exercise=exercise)


def type_text(widget, text: str) -> None:
    """Type any Unicode text into a widget as key presses (QTest only handles ASCII keys)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    for ch in text:
        key = ord(ch.upper()) if ch.isascii() and ch.isalnum() else Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
