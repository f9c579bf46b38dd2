"""File → New follow-up…: a new workshop made from an earlier one, its open actions and commitments carried.

The earlier workshop is the open one, or a file picked here (only read). The facilitator chooses the
agenda (the momentum check-in by default), the date and where the new file goes; the core's
``make_follow_up`` does the rest, the same function the command line uses.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.followup import FOLLOW_UP_AGENDA, carried_actions, link_hint, make_follow_up
from workshop_app.core.library import Library
from workshop_app.core.workshop import Workshop, WorkshopError
from workshop_app.gui.plain import plain_label, warn
from workshop_app.gui.qt_helpers import qdate
from workshop_app.model.document import WorkshopDoc
from workshop_app.storage.errors import WorkshopFileError


class FollowUpDialog(QDialog):
    """Choose the earlier workshop, the agenda, the date and the new file; ``workshop`` is the result."""

    def __init__(self, library: Library, earlier: Workshop | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New follow-up")
        self.library = library
        self.earlier: WorkshopDoc | None = earlier.doc if earlier else None
        self.earlier_path: Path | None = earlier.path if earlier else None
        self.workshop: Workshop | None = None
        self.source = plain_label()
        self.source.setWordWrap(True)
        self.pick = QPushButton("Choose the earlier workshop…")
        self.pick.clicked.connect(self._choose_earlier)
        self.agenda = QComboBox()
        for agenda in library.agendas.values():
            self.agenda.addItem(agenda.title_with_time, agenda.id)
        self.agenda.setCurrentIndex(max(self.agenda.findData(FOLLOW_UP_AGENDA), 0))
        self.date = QDateEdit(qdate(dt.date.today()))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.file = QLineEdit()
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._choose_file)
        where = QHBoxLayout()
        where.addWidget(self.file, 1)
        where.addWidget(browse)
        form = QFormLayout()
        form.addRow("Agenda", self.agenda)
        form.addRow("Date", self.date)
        form.addRow("New file", where)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Create follow-up")
        self.buttons.accepted.connect(self.create_follow_up)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addWidget(self.pick)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.resize(560, 0)
        self._show_earlier()

    def _show_earlier(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.earlier is not None)
        if self.earlier is None or self.earlier_path is None:
            self.source.setText("Choose the workshop this one follows up.")
            return
        carried = carried_actions(self.earlier)
        personal = sum(1 for a in carried if a.personal)
        self.source.setText(
            f"A follow-up of “{self.earlier.info.title}”: {len(self.earlier.participants)} participants, "
            f"{len(carried) - personal} open actions of the plan and {personal} personal commitments are carried.")
        if not self.file.text():
            stem = self.earlier_path.stem
            self.file.setText(str(self.earlier_path.with_name(f"{stem} follow-up.workshop")))

    def _choose_earlier(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "The earlier workshop", "", "Workshops (*.workshop)")
        if name:
            self.load_earlier(Path(name))

    def load_earlier(self, path: Path) -> bool:
        """Read the earlier workshop (read-only); a file that cannot be read is explained."""
        try:
            ws = Workshop.open(path, readonly=True)
        except WorkshopFileError as exc:
            warn(self, "Cannot read that workshop", str(exc))
            return False
        try:
            self.earlier, self.earlier_path = ws.doc, path
        finally:
            ws.close()
        self.file.clear()
        self._show_earlier()
        return True

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the follow-up as", self.file.text(), "Workshops (*.workshop)")
        if name:
            self.file.setText(name if name.endswith(".workshop") else name + ".workshop")

    def create_follow_up(self) -> None:
        """Create the follow-up; on a refusal say why and stay open."""
        if self.earlier is None:
            return
        text = self.file.text().strip()
        if not text:
            warn(self, "Cannot create the follow-up", "Choose where to save the new workshop.")
            return
        path = Path(text)
        if path.suffix != ".workshop":
            path = path.with_name(path.name + ".workshop")
        day: QDate = self.date.date()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.workshop = make_follow_up(self.earlier, path, self.library, self.agenda.currentData(),
                                           dt.date(day.year(), day.month(), day.day()),
                                           link_hint(self.earlier_path, path) if self.earlier_path else "")
        except (WorkshopError, WorkshopFileError, OSError) as exc:
            warn(self, "Cannot create the follow-up", f"{exc}")
            return
        self.accept()
