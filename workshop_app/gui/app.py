"""Starting the GUI: the application object, its style, and the main window."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication

from workshop_app import APP_NAME, __version__
from workshop_app.storage import paths


def make_app() -> QApplication:
    """The QApplication with the app's name, icon and style sheet (one per process)."""
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Workshop Room")
    app.setDesktopFileName("org.workshoproom.WorkshopRoom")
    icon = paths.resources_dir() / "icons" / "workshop-app.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    style = paths.resources_dir() / "styles" / "app.qss"
    try:
        app.setStyleSheet(style.read_text(encoding="utf-8"))
    except OSError:
        pass  # the app works unstyled
    return app


class FileOpenFilter(QObject):
    """macOS hands a double-clicked document to the running app as an event, not an argument."""

    def __init__(self, open_path: Callable[[Path], None]) -> None:
        super().__init__()
        self._open_path = open_path

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent) and event.file():
            self._open_path(Path(event.file()))
            return True
        return False


def run(path: Path | None = None) -> int:
    app = make_app()
    from workshop_app.gui.main_window import MainWindow

    window = MainWindow()
    file_open = FileOpenFilter(window.open_path)
    app.installEventFilter(file_open)
    window.show()
    if path is not None:
        window.open_path(path)
    return app.exec()
