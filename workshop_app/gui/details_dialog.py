"""Workshop details and participants, editable while the workshop runs (a latecomer, a typo in a name)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.workshop import Edit
from workshop_app.gui.date_field import DateField, TimeField
from workshop_app.gui.dialogs import SubmittedDialog
from workshop_app.gui.participants import ID_ROLE, ParticipantTable
from workshop_app.gui.session import Session


class DetailsDialog(SubmittedDialog):
    """Edits go straight to the workshop file, each as it is made, like everywhere else in the app."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Workshop details and participants")
        self.session = session
        info = session.workshop.info
        self.title = QLineEdit(info.title)
        self.organisation = QLineEdit(info.organisation)
        self.facilitator = QLineEdit(info.facilitator)
        self.date = DateField(info.date, optional=True, name="Date")
        self.start_time = TimeField(info.start_time, name="Start time")
        self.start_time.setToolTip("When the first step begins: the agenda shows each step's clock time")
        for field in (self.title, self.organisation, self.facilitator):
            field.setMaxLength(200)
            field.editingFinished.connect(self._save_info)
        self.date.date_changed.connect(lambda _d: self._save_info())
        self.start_time.time_changed.connect(lambda _t: self._save_info())
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Organisation", self.organisation)
        form.addRow("&Date", self.date)
        form.addRow("&Starts at", self.start_time)
        form.addRow("&Facilitator", self.facilitator)

        # A latecomer: the empty last row, a name, Tab, the role, Enter. Each row is saved as it is done.
        self._adding = False
        self.people = ParticipantTable()
        self.people.itemChanged.connect(self._on_person_edited)
        self.people.row_finished.connect(self._on_row_finished)
        self.people.pasted.connect(self._on_pasted)
        hint = QLabel("Type a name in the empty last row, Tab, the role, Enter for the next person; "
                      "or paste a list, one person a line.")
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        add = QPushButton("&Add participant")
        add.setToolTip("Go to the empty row at the end and type the next name")
        add.clicked.connect(self._start_next_person)
        paste = QPushButton("&Paste names")
        paste.setToolTip("Add one participant for each line of the list on the clipboard")
        paste.clicked.connect(self.people.paste)
        row = QHBoxLayout()
        row.addWidget(hint, 1)
        row.addWidget(add)
        row.addWidget(paste)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setToolTip("Close (Ctrl+Enter); every change is already saved")
        close.rejected.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.people, 1)
        layout.addWidget(close)
        self.resize(640, 520)
        self._fill_people()

    def _fill_people(self) -> None:
        """The workshop's participants, and the row being typed (if any) kept below them."""
        pending = [(n, r) for row in range(self.people.rowCount()) if self.people.is_new(row)
                   for n, r in [(self.people.text(row, 0), self.people.text(row, 1))] if n or r]
        rows: list[tuple[str, str, str | None]] = [(p.name, p.role, p.id) for p in self.session.workshop.participants]
        self.people.set_rows(rows + [(n, r, None) for n, r in pending])

    def submit(self) -> None:
        """Close (its button or Ctrl+Enter): a row still being typed is added first, like every other change."""
        self._add_typed_rows()
        self.accept()

    def reject(self) -> None:
        """Escape closes too, and keeps a typed row the same way: nothing in this dialog waits for an OK."""
        self._add_typed_rows()
        super().reject()

    def _add_typed_rows(self) -> None:
        self.people.finish_editing()
        for row in reversed(range(self.people.rowCount())):
            self._on_row_finished(row)

    def _start_next_person(self) -> None:
        self.people.setFocus()
        self.people.setCurrentCell(self.people.rowCount() - 1, 0)
        self.people.edit(self.people.currentIndex())

    def _save_info(self) -> None:
        ws = self.session.workshop
        changes: dict[str, Any] = {
            "title": self.title.text().strip() or ws.info.title,
            "organisation": self.organisation.text(),
            "facilitator": self.facilitator.text(),
            "date": self.date.date(),
            "start_time": self.start_time.time(),
        }
        if any(getattr(ws.info, k) != v for k, v in changes.items()):
            self.session.do(lambda: ws.update_info(**changes))

    def _on_row_finished(self, row: int) -> None:
        """A typed row is done (Enter, or the keyboard went to another row): it becomes a participant."""
        if self._adding or not self.people.is_new(row) or not self.people.text(row, 0):
            return
        name, role = self.people.text(row, 0), self.people.text(row, 1)
        self._adding = True
        try:
            self._take_rows([row])
            if not self.session.do(lambda: self.session.workshop.add_participant(name, role)):
                self.people.add_row(name, role)  # refused: keep the typing to correct it
            self._fill_people()
        finally:
            self._adding = False

    def _take_rows(self, rows: list[int]) -> None:
        """Remove typed rows that are about to become participants (quietly: no row is 'finished')."""
        self.people.blockSignals(True)
        for row in sorted(rows, reverse=True):
            self.people.removeRow(row)
        self.people.blockSignals(False)

    def _on_pasted(self, people: list[tuple[str, str]]) -> None:
        """A pasted list: every person added as one change (one undo takes the whole list back)."""
        ws = self.session.workshop

        def add_all() -> Edit:
            with ws.unit("Add participants") as edit:
                for name, role in people:
                    ws.add_participant(name, role)
            return edit

        pasted = set(people)
        self._take_rows([row for row in range(self.people.rowCount()) if self.people.is_new(row)
                         and (self.people.text(row, 0), self.people.text(row, 1)) in pasted])
        self._adding = True
        try:
            self.session.do(add_all)
            self._fill_people()
        finally:
            self._adding = False

    def _on_person_edited(self, item: QTableWidgetItem) -> None:
        pid = item.data(ID_ROLE)
        if pid is None:
            return  # the row being typed: added when it is done
        field = "name" if item.column() == 0 else "role"
        value = item.text().strip()
        if field == "name" and not value:
            self._fill_people()  # a participant keeps a name; put the old one back
            return
        self.session.do(lambda: self.session.workshop.update_participant(pid, **{field: value}))
