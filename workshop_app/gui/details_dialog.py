"""Workshop details and participants, editable while the workshop runs (a latecomer, a typo in a name)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.gui.qt_helpers import qdate
from workshop_app.gui.session import Session

ID_ROLE = Qt.ItemDataRole.UserRole


class DetailsDialog(QDialog):
    """Edits go straight to the workshop file, each as it is made, like everywhere else in the app."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Workshop details and participants")
        self.session = session
        info = session.workshop.info
        self.title = QLineEdit(info.title)
        self.organisation = QLineEdit(info.organisation)
        self.facilitator = QLineEdit(info.facilitator)
        self.date = QDateEdit(qdate(info.date) if info.date else QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMMM yyyy")
        for field in (self.title, self.organisation, self.facilitator):
            field.setMaxLength(200)
            field.editingFinished.connect(self._save_info)
        self.date.dateChanged.connect(lambda _d: self._save_info())
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Organisation", self.organisation)
        form.addRow("&Date", self.date)
        form.addRow("&Facilitator", self.facilitator)

        self.people = QTableWidget(0, 2)
        self.people.setHorizontalHeaderLabels(["Name", "Role or department"])
        self.people.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.people.verticalHeader().hide()
        self.people.itemChanged.connect(self._on_person_edited)
        self.name = QLineEdit()
        self.name.setPlaceholderText("Name")
        self.role = QLineEdit()
        self.role.setPlaceholderText("Role or department")
        add = QPushButton("&Add participant")
        add.setAutoDefault(False)
        add.clicked.connect(self._add_person)
        for field in (self.name, self.role):
            field.returnPressed.connect(self._add_person)
        row = QHBoxLayout()
        row.addWidget(self.name, 1)
        row.addWidget(self.role, 1)
        row.addWidget(add)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addWidget(self.people, 1)
        layout.addWidget(close)
        self.resize(640, 520)
        self._fill_people()

    def _fill_people(self) -> None:
        self.people.blockSignals(True)
        self.people.setRowCount(0)
        for p in self.session.workshop.participants:
            r = self.people.rowCount()
            self.people.insertRow(r)
            for c, text in enumerate((p.name, p.role)):
                item = QTableWidgetItem(text)
                item.setData(ID_ROLE, p.id)
                self.people.setItem(r, c, item)
        self.people.blockSignals(False)

    def _save_info(self) -> None:
        ws = self.session.workshop
        changes: dict[str, Any] = {
            "title": self.title.text().strip() or ws.info.title,
            "organisation": self.organisation.text(),
            "facilitator": self.facilitator.text(),
            "date": self.date.date().toPython(),
        }
        if any(getattr(ws.info, k) != v for k, v in changes.items()):
            self.session.do(lambda: ws.update_info(**changes))

    def _add_person(self) -> None:
        name = self.name.text().strip()
        if not name:
            return
        role = self.role.text().strip()
        if self.session.do(lambda: self.session.workshop.add_participant(name, role)):
            self.name.clear()
            self.role.clear()
            self.name.setFocus()
            self._fill_people()

    def _on_person_edited(self, item: QTableWidgetItem) -> None:
        pid = item.data(ID_ROLE)
        field = "name" if item.column() == 0 else "role"
        value = item.text().strip()
        if field == "name" and not value:
            self._fill_people()  # a participant keeps a name; put the old one back
            return
        self.session.do(lambda: self.session.workshop.update_participant(pid, **{field: value}))
