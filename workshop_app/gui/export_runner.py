"""Exports run off the GUI thread, on a copy of the workshop, with progress shown."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QProgressDialog, QPushButton, QWidget

from workshop_app.gui.plain import plain_tip, warn
from workshop_app.model.document import WorkshopDoc

Writer = Callable[[WorkshopDoc, Path, Callable[[int, int], None]], None]


class ExportWorker(QObject):
    """Runs one writer in a worker thread and reports progress and the outcome."""

    progressed = Signal(int, int)
    finished = Signal(str)  # "" on success, else the message

    def __init__(self, writer: Writer, doc: WorkshopDoc, out: Path) -> None:
        super().__init__()
        self.writer, self.doc, self.out = writer, doc, out

    def run(self) -> None:
        try:
            self.writer(self.doc, self.out, lambda done, total: self.progressed.emit(done, total))
        except OSError as exc:
            self.finished.emit(f"Could not write {self.out.name}: {exc.strerror or exc}.")
            return
        except Exception as exc:  # noqa: BLE001 - any failure must reach the user as a message
            self.finished.emit(f"The export failed: {exc}")
            return
        self.finished.emit("")


class ExportLinks(QWidget):
    """Open and Show in folder, in the status bar after an export, for the file just written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.open_button = QPushButton("Open")
        self.open_button.clicked.connect(self.open_file)
        self.folder_button = QPushButton("Show in folder")
        self.folder_button.clicked.connect(self.show_folder)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for button in (self.open_button, self.folder_button):
            button.setFlat(True)
            layout.addWidget(button)
        self.hide()

    def offer(self, path: Path) -> None:
        """Point both buttons at ``path`` and show them."""
        self.path = path
        self.open_button.setToolTip(plain_tip(f"Open {path.name} in the program this computer uses for it"))
        self.folder_button.setToolTip(plain_tip(f"Open the folder holding {path.name}"))
        self.open_button.setAccessibleName(f"Open {path.name}")
        self.folder_button.setAccessibleName(f"Show {path.name} in its folder")
        self.show()

    def open_file(self) -> bool:
        return self.path is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def show_folder(self) -> bool:
        return self.path is not None and QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path.parent)))


class ExportRunner(QObject):
    """Starts an export in a thread, shows a progress dialog, and says when it is done."""

    done = Signal(Path, str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._parent = parent
        self._jobs: dict[ExportWorker, tuple[QThread, QProgressDialog, Path, str]] = {}

    def start(self, writer: Writer, doc: WorkshopDoc, out: Path, what: str) -> None:
        # The room may keep adding notes while the export runs. The core replaces a row's model on every
        # change and never edits one in place, so copying the lists is a complete snapshot.
        snapshot = doc.model_copy(update={
            "participants": list(doc.participants), "groups": list(doc.groups), "steps": list(doc.steps),
            "items": list(doc.items), "actions": list(doc.actions),
        })
        thread = QThread(self)
        worker = ExportWorker(writer, snapshot, out)
        worker.moveToThread(thread)
        dialog = QProgressDialog(f"Exporting the {what}…", "", 0, 0, self._parent)
        dialog.setCancelButton(None)
        dialog.setMinimumDuration(300)
        dialog.setWindowTitle("Export")
        # Bound methods of this (GUI-thread) object: Qt queues the calls into the GUI thread.
        worker.progressed.connect(self._on_progress)
        worker.finished.connect(self._on_finished)
        thread.started.connect(worker.run)
        self._jobs[worker] = (thread, dialog, out, what)
        thread.start()

    def _on_progress(self, done: int, total: int) -> None:
        worker = self.sender()
        job = self._jobs.get(worker) if isinstance(worker, ExportWorker) else None
        if job:
            job[1].setMaximum(total)
            job[1].setValue(done)

    def _on_finished(self, message: str) -> None:
        worker = self.sender()
        if not isinstance(worker, ExportWorker) or worker not in self._jobs:
            return
        thread, dialog, out, _what = self._jobs.pop(worker)
        dialog.reset()
        dialog.close()
        thread.quit()
        thread.wait()
        worker.deleteLater()
        thread.deleteLater()
        dialog.deleteLater()
        if message:
            warn(self._parent, "Export failed", message)
        self.done.emit(out, message)

    def wait(self) -> None:
        """Block until every running export has finished (used on quit and in tests)."""
        for thread, *_ in list(self._jobs.values()):
            # The thread's event loop only ends on quit(), which the finished signal asks for in this
            # thread; waiting here before that signal is handled would wait for ever.
            thread.quit()
            thread.wait()
