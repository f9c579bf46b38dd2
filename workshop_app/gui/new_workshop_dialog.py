"""The new-workshop dialog: details, participants, the agenda (from a template, then edited), and the file."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.library import Library
from workshop_app.core.plan import plan_problems
from workshop_app.core.setup import PlannedStep, new_workshop_doc, plan_from_agenda, plan_slots
from workshop_app.gui.accessible import named
from workshop_app.gui.date_field import DateField, TimeField
from workshop_app.gui.dialogs import SubmittedDialog
from workshop_app.gui.participants import ParticipantTable
from workshop_app.gui.plain import plain_tip
from workshop_app.model.document import WorkshopDoc, WorkshopInfo
from workshop_app.storage import paths

PLAN_ROLE = Qt.ItemDataRole.UserRole


def default_folder() -> Path:
    """Where new workshops go unless the facilitator picks another place."""
    import os

    if os.environ.get("WORKSHOP_APP_HOME"):
        return paths.data_dir() / "workshops"
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "Workshops"


def file_name_for(title: str) -> str:
    stem = re.sub(r"[^\w\- ]+", "", title).strip() or "Workshop"
    return f"{stem[:60]}.workshop"


class NewWorkshopDialog(SubmittedDialog):
    """Collects everything a new workshop needs; :meth:`result_doc` and :meth:`path` give it back."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New workshop")
        self.library = library
        self.resize(980, 640)

        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Customer-focus kick-off")
        self.title.setMaxLength(200)
        self.organisation = QLineEdit()
        self.organisation.setMaxLength(120)
        self.date = DateField(dt.date.today(), name="Date")
        self.start_time = TimeField(name="Start time")
        self.facilitator = QLineEdit()
        self.facilitator.setMaxLength(120)
        details = QFormLayout()
        details.addRow("&Title", self.title)
        details.addRow("&Organisation", self.organisation)
        details.addRow("&Date", self.date)
        details.addRow("&Starts at", self.start_time)
        details.addRow("&Facilitator", self.facilitator)
        details_box = QGroupBox("Workshop")
        details_box.setLayout(details)

        # Typing a name, Tab, a role, Enter adds a participant and moves on: fast for a room of forty.
        self.people = ParticipantTable()
        hint = QLabel("Type a name, Tab, the role, Enter for the next person, or paste a list "
                      "(one person a line, the role after a comma or a tab).")
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        add_person = QPushButton("&Add participant")
        add_person.setToolTip("Go to the empty row at the end and type the next name")
        add_person.clicked.connect(self._start_next_person)
        paste = QPushButton("&Paste names")
        paste.setToolTip("Add one participant for each line of the list on the clipboard")
        paste.clicked.connect(self.people.paste)
        remove_person = QPushButton("Remove")
        remove_person.setToolTip("Remove the selected participant")
        remove_person.clicked.connect(self._remove_participant)
        people_buttons = QHBoxLayout()
        people_buttons.addWidget(add_person)
        people_buttons.addWidget(paste)
        people_buttons.addStretch(1)
        people_buttons.addWidget(remove_person)
        people_layout = QVBoxLayout()
        people_layout.addWidget(hint)
        people_layout.addWidget(self.people)
        # The timeboxes are checked against the number of people: again whenever that changes.
        model = self.people.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(lambda *_: self._update_total())
        people_layout.addLayout(people_buttons)
        people_box = QGroupBox("Participants")
        people_box.setLayout(people_layout)

        self.template = named(QComboBox(), "Agenda template")
        self.template.addItem("Start from an empty agenda", None)
        for agenda in library.agendas.values():
            self.template.addItem(agenda.title_with_time, agenda.id)
        self.template.currentIndexChanged.connect(self._on_template)
        self.available = named(QListWidget(), "Exercises")
        for ex in library.exercises.values():
            item = QListWidgetItem(f"{ex.title} · {ex.minutes} min")
            item.setData(PLAN_ROLE, ex.id)
            item.setToolTip(plain_tip(ex.purpose))
            self.available.addItem(item)
        self.available.itemDoubleClicked.connect(lambda _i: self._add_selected())
        self.plan = named(QListWidget(), "This workshop's agenda")
        self.plan.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.plan.model().rowsMoved.connect(lambda *_: self._update_total())
        self.plan.currentRowChanged.connect(self._on_plan_row)
        self.minutes = named(QSpinBox(), "Timebox of the selected step")
        self.minutes.setRange(1, 480)
        self.minutes.setSuffix(" min")
        self.minutes.valueChanged.connect(self._on_minutes)
        self.total = QLabel()
        # What does not fit: timeboxes too short for this many people, long stretches, the shape of the day.
        self.warnings = QLabel()
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setStyleSheet("QLabel#warnings { color: #8a3c12; }")
        self.warnings.hide()
        buttons = QVBoxLayout()
        for text, slot in (
            ("Add →", self._add_selected),
            ("Add break", self._add_break),
            ("Remove", self._remove_step),
            ("Up", lambda: self._move_step(-1)),
            ("Down", lambda: self._move_step(1)),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addWidget(QLabel("Timebox"))
        buttons.addWidget(self.minutes)
        buttons.addStretch(1)
        agenda_grid = QGridLayout()
        agenda_grid.addWidget(QLabel("Template"), 0, 0)
        agenda_grid.addWidget(self.template, 0, 1, 1, 3)
        agenda_grid.addWidget(QLabel("Exercises"), 1, 0)
        agenda_grid.addWidget(QLabel("This workshop's agenda"), 1, 2)
        agenda_grid.addWidget(self.available, 2, 0, 1, 1)
        agenda_grid.addLayout(buttons, 2, 1)
        agenda_grid.addWidget(self.plan, 2, 2, 1, 2)
        agenda_grid.addWidget(self.total, 3, 2, 1, 2)
        agenda_grid.addWidget(self.warnings, 4, 0, 1, 4)
        agenda_box = QGroupBox("Agenda")
        agenda_box.setLayout(agenda_grid)

        self.path_edit = named(QLineEdit(), "Save as")
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_path)
        path_row = QHBoxLayout()
        path_row.addWidget(QLabel("Save as"))
        path_row.addWidget(self.path_edit, 1)
        path_row.addWidget(choose)
        self.title.textChanged.connect(self._suggest_path)
        self._suggest_path("")

        self.error = QLabel()
        self.error.setObjectName("banner")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Ok).setText("Create workshop")
        box.button(QDialogButtonBox.StandardButton.Ok).setToolTip("Create the workshop file (Ctrl+Enter)")
        box.accepted.connect(self.submit)
        box.rejected.connect(self.reject)

        top = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(details_box)
        left.addWidget(people_box, 1)
        top.addLayout(left, 2)
        top.addWidget(agenda_box, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(path_row)
        layout.addWidget(self.error)
        layout.addWidget(box)
        if self.template.count() > 1:
            self.template.setCurrentIndex(1)
        self._path_touched = False

    # -- participants ---------------------------------------------------------------------------
    def add_participant(self, name: str, role: str) -> None:
        self.people.add_row(name, role)

    def _start_next_person(self) -> None:
        self.people.setFocus()
        self.people.setCurrentCell(self.people.rowCount() - 1, 0)
        self.people.edit(self.people.currentIndex())

    def _remove_participant(self) -> None:
        row = self.people.currentRow()
        if 0 <= row < self.people.rowCount() - 1:
            self.people.removeRow(row)

    def participants(self) -> list[tuple[str, str]]:
        self.people.finish_editing()
        return self.people.people()

    # -- agenda ---------------------------------------------------------------------------------
    def _plan_item(self, planned: PlannedStep) -> QListWidgetItem:
        item = QListWidgetItem()
        item.setData(PLAN_ROLE, planned)
        self._label(item)
        return item

    def _people_count(self) -> int:
        """How many people are entered so far (a name being typed counts once it is in its cell)."""
        return len(self.people.people()) if hasattr(self, "people") else 0

    def _label(self, item: QListWidgetItem) -> None:
        """The step's name and minutes, marked when its timebox is too short for the people entered."""
        planned: PlannedStep = item.data(PLAN_ROLE)
        people = self._people_count()
        need = planned.exercise.minutes_for(people) if planned.exercise and people else None
        short = need is not None and planned.minutes < need[0]
        item.setText(f"{'⚠ ' if short else ''}{planned.label} · {planned.minutes} min")
        item.setToolTip(f"Needs at least {need[0]} min for {people} people ({need[1]} as designed)" if need else "")

    def _on_template(self) -> None:
        agenda_id = self.template.currentData()
        self.plan.clear()
        if agenda_id:
            for planned in plan_from_agenda(self.library, self.library.agendas[agenda_id]):
                self.plan.addItem(self._plan_item(planned))
        self._update_total()

    def _add_selected(self) -> None:
        for item in self.available.selectedItems() or [self.available.currentItem()]:
            if item is None:
                continue
            ex = self.library.exercises[item.data(PLAN_ROLE)]
            self.plan.addItem(self._plan_item(PlannedStep(ex, ex.minutes)))
        self.plan.setCurrentRow(self.plan.count() - 1)
        self._update_total()

    def _add_break(self) -> None:
        self.plan.addItem(self._plan_item(PlannedStep(None, 15, "Break")))
        self._update_total()

    def _remove_step(self) -> None:
        self.plan.takeItem(self.plan.currentRow())
        self._update_total()

    def _move_step(self, delta: int) -> None:
        row = self.plan.currentRow()
        target = row + delta
        if row < 0 or not 0 <= target < self.plan.count():
            return
        item = self.plan.takeItem(row)
        self.plan.insertItem(target, item)
        self.plan.setCurrentRow(target)

    def _on_plan_row(self, row: int) -> None:
        item = self.plan.item(row)
        if item is not None:
            self.minutes.blockSignals(True)
            self.minutes.setValue(item.data(PLAN_ROLE).minutes)
            self.minutes.blockSignals(False)

    def _on_minutes(self, value: int) -> None:
        item = self.plan.currentItem()
        if item is not None:
            planned: PlannedStep = item.data(PLAN_ROLE)
            item.setData(PLAN_ROLE, PlannedStep(planned.exercise, value, planned.title))
            self._label(item)
            self._update_total()

    def planned_steps(self) -> list[PlannedStep]:
        return [self.plan.item(i).data(PLAN_ROLE) for i in range(self.plan.count())]

    def _update_total(self) -> None:
        if not hasattr(self, "warnings"):
            return  # a signal while the dialog is still being built
        total = sum(p.minutes for p in self.planned_steps())
        hours, mins = divmod(total, 60)
        self.total.setText(f"{len(self.planned_steps())} steps, {hours} h {mins:02d} min in all")
        for i in range(self.plan.count()):
            self._label(self.plan.item(i))
        problems = plan_problems(plan_slots(self.planned_steps()), self._people_count())
        self.warnings.setText("\n".join(f"⚠ {p}" for p in problems))
        self.warnings.setVisible(bool(problems))

    # -- file and result ------------------------------------------------------------------------
    def _suggest_path(self, title: str) -> None:
        if getattr(self, "_path_touched", False):
            return
        self.path_edit.setText(str(default_folder() / file_name_for(title)))

    def _choose_path(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the workshop as", self.path_edit.text(),
                                              "Workshops (*.workshop)")
        if path:
            self._path_touched = True
            self.path_edit.setText(path if path.endswith(".workshop") else path + ".workshop")

    def path(self) -> Path:
        return Path(self.path_edit.text().strip())

    def result_doc(self) -> WorkshopDoc:
        info = WorkshopInfo(
            title=self.title.text().strip() or "Untitled workshop",
            organisation=self.organisation.text(),
            date=self.date.date(),
            start_time=self.start_time.time(),
            facilitator=self.facilitator.text(),
        )
        return new_workshop_doc(info, self.participants(), self.planned_steps())

    def submit(self) -> None:
        """Create workshop (its button, or Ctrl+Enter): checked first, explained if something is missing."""
        self.people.finish_editing()
        problem = None
        if not self.title.text().strip():
            problem = "Give the workshop a title."
        elif not self.date.valid():
            problem = "The date is not one this field understands: type it like 12 March 2026, or pick it."
        elif not self.start_time.valid():
            problem = "The start time is not a clock time: type it like 9:00, or leave it empty."
        elif not self.planned_steps():
            problem = "Add at least one exercise to the agenda."
        elif not self.path_edit.text().strip():
            problem = "Choose where to save the workshop file."
        elif self.path().exists():
            problem = f"{self.path().name} already exists there. Choose another name or folder."
        if problem:
            self.error.setText(problem)
            self.error.show()
            return
        self.accept()
