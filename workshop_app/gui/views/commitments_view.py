"""Personal commitments: each participant's few things they will do, each one also an action item.

A commitment is a ``commitment`` item (``author`` the participant, ``column`` its slot, ``text``,
``due``) with an action item owned by the same person (``source`` the commitment). Adding, editing
and removing a commitment change both in one undo step, so the action plan never drifts from what
people committed to.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QGuiApplication,
    QHideEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QProgressBar,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.workshop import Change, Edit
from workshop_app.gui.accessible import named
from workshop_app.gui.action_plan_view import action_for_item
from workshop_app.gui.actions import KeySpec
from workshop_app.gui.qt_helpers import qdate
from workshop_app.gui.read_only import mark_safe
from workshop_app.gui.session import Session
from workshop_app.model.answers import Commitment
from workshop_app.model.document import ActionItem
from workshop_app.model.text import NOTE_MAX, clean_text

SAVE_DELAY_MS = 800
NO_DATE = QDate(2000, 1, 1)  # the date edit's minimum, shown as "No date"
STYLE = """
QLabel#personName { font-size: 18px; font-weight: 600; color: #1d2939; }
QLabel#slotNumber { font-size: 16px; font-weight: 600; color: #667085; }
QLabel#roomProgress { color: #475467; }
QLineEdit#commitment { font-size: 15px; padding: 6px; }
QListWidget#people::item { padding: 4px 2px; }
"""


def progress_icon(done: int, count: int) -> QIcon:
    """A small ring filled as far as the person has got; green when all are written."""
    pix = QPixmap(22, 22)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#d0d5dd"), 3))
    painter.drawEllipse(3, 3, 16, 16)
    if done:
        painter.setPen(QPen(QColor("#079455" if done >= count else "#1d4ed8"), 3))
        painter.drawArc(3, 3, 16, 16, 90 * 16, -int(360 * 16 * min(done, count) / count))
    painter.end()
    return QIcon(pix)


COMMITMENTS = "Commitments"
KEYS = (
    KeySpec("commitments.next", "Keep this commitment and go to the next", ("Return", "Enter"), COMMITMENTS,
            "After a person's last one, the next person's first"),
    KeySpec("commitments.paste", "Paste several commitments", (QKeySequence.StandardKey.Paste,), COMMITMENTS,
            "A list of lines: one commitment per line, each in its own row"),
)
NEXT, PASTE = KEYS


class CommitmentLine(QLineEdit):
    """The text of one commitment slot; tells its slot when the user leaves it."""

    def __init__(self, slot: SlotRow) -> None:
        super().__init__()
        self.slot = slot

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if NEXT.matches(event):
            event.accept()
            self.slot.view.next_slot(self.slot)
            return
        if PASTE.matches(event):
            lines = [line.strip() for line in QGuiApplication.clipboard().text().splitlines() if line.strip()]
            if len(lines) > 1:
                event.accept()
                self.slot.view.paste_lines(self.slot, lines)
                return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.slot.save()
        super().focusOutEvent(event)


class SlotRow:
    """One commitment slot: text, due date and a menu, with the bookkeeping of unsaved typing."""

    def __init__(self, view: CommitmentsView, index: int, grid: QGridLayout) -> None:
        self.view = view
        self.index = index
        self.item_id: str | None = None
        self.dirty = False
        self._synced: tuple[str, dt.date | None] = ("", None)
        self._loading = False
        number = QLabel(f"{index + 1}.")
        number.setObjectName("slotNumber")
        self.text = CommitmentLine(self)
        self.text.setObjectName("commitment")
        self.text.setMaxLength(NOTE_MAX)
        self.text.setPlaceholderText(f"Commitment {index + 1}")
        self.text.setClearButtonEnabled(True)
        self.text.textEdited.connect(self._on_edited)
        named(self.text, f"Commitment {index + 1}")
        self.has_due = QCheckBox("Due")
        self.has_due.setToolTip("Give this commitment a due date")
        self.has_due.toggled.connect(self._on_due_toggled)
        self.due = named(QDateEdit(), f"Due date of commitment {index + 1}")
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("d MMM yyyy")
        self.due.setMinimumDate(NO_DATE)
        self.due.setSpecialValueText("No date")
        self.due.setDate(NO_DATE)
        self.due.setEnabled(False)
        self.due.dateChanged.connect(self._on_date_changed)
        self.more = named(QToolButton(), f"More for commitment {index + 1}")
        self.more.setText("⋯")
        self.more.setToolTip("More for this commitment")
        self.more.clicked.connect(lambda: view.slot_menu(self))
        self._timer = QTimer(view)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self.widgets: tuple[QWidget, ...] = (number, self.text, self.has_due, self.due, self.more)
        for col, widget in enumerate(self.widgets):
            grid.addWidget(widget, index, col)

    def value(self) -> tuple[str, dt.date | None]:
        date = self.due.date()
        due = dt.date(date.year(), date.month(), date.day()) if self.has_due.isChecked() and date != NO_DATE else None
        return clean_text(self.text.text()).strip(), due

    def _on_edited(self, _text: str) -> None:
        self.dirty = True
        self._timer.start()

    def _on_due_toggled(self, on: bool) -> None:
        self.due.setEnabled(on)
        if self._loading:
            return
        self._loading = True
        self.due.setDate(self.view.default_due() if on else NO_DATE)
        self._loading = False
        self.dirty = True
        self.save()

    def _on_date_changed(self, _date: QDate) -> None:
        if not self._loading:
            self.dirty = True
            self.save()

    def show_stored(self, item: Commitment | None) -> None:
        """Show the stored commitment unless this slot holds newer typing the store has not seen."""
        self.item_id = item.id if item else None
        stored = (item.text, item.due) if item else ("", None)
        if self.value() == stored:
            self._synced, self.dirty = stored, False
            self._timer.stop()
            return
        if stored == self._synced and self.dirty:
            return  # nothing new in the store: keep what is being typed
        self._loading = True
        if self.text.text() != stored[0]:
            self.text.setText(stored[0])
        self.has_due.setChecked(stored[1] is not None)
        self.due.setEnabled(stored[1] is not None)
        self.due.setDate(qdate(stored[1]) if stored[1] else NO_DATE)
        self._loading = False
        self._synced, self.dirty = stored, False
        self._timer.stop()

    def save(self) -> None:
        self._timer.stop()
        if self.dirty and self.view.save_slot(self):
            self._synced, self.dirty = self.value(), False


class CommitmentsView(QWidget):
    """The commitments exercise: pick a participant, write their commitments, see who is done."""

    def __init__(self, session: Session, step_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.step_id = step_id
        step = session.workshop.step(step_id)
        assert step.exercise and step.exercise.commitments
        self.count = step.exercise.commitments.count
        self.person: str | None = None
        self.setStyleSheet(STYLE)

        self.people = named(QListWidget(), "Participants")
        self.people.setObjectName("people")
        self.people.setFixedWidth(260)
        self.people.setAlternatingRowColors(True)
        self.people.currentItemChanged.connect(self._on_person_changed)
        self.room = QLabel()
        self.room.setObjectName("roomProgress")
        self.room.setTextFormat(Qt.TextFormat.PlainText)
        self.room.setWordWrap(True)
        self.room.setFixedWidth(260)
        left = QVBoxLayout()
        left.addWidget(self.room)
        left.addWidget(self.people, 1)

        self.name = QLabel()
        self.name.setObjectName("personName")
        self.name.setTextFormat(Qt.TextFormat.PlainText)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setFixedSize(120, 12)
        self.written = QLabel()
        self.written.setTextFormat(Qt.TextFormat.PlainText)
        head = QHBoxLayout()
        head.addWidget(self.name, 1)
        head.addWidget(self.written)
        head.addWidget(self.progress)
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.grid.setVerticalSpacing(10)
        self.slots: list[SlotRow] = []
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.setObjectName("roomProgress")
        self.status.setContentsMargins(28, 0, 0, 0)
        self.previous = QPushButton("← Previous person")
        self.previous.clicked.connect(lambda: self.people.setCurrentRow(self.people.currentRow() - 1))
        self.next = QPushButton("Next person →")
        self.next.clicked.connect(lambda: self.people.setCurrentRow(self.people.currentRow() + 1))
        mark_safe(self.previous, self.next)  # moving between people changes nothing
        nav = QHBoxLayout()
        nav.addWidget(self.previous)
        nav.addStretch(1)
        nav.addWidget(self.next)
        self.detail = QWidget()
        right = QVBoxLayout(self.detail)
        right.setContentsMargins(12, 0, 0, 0)
        right.addLayout(head)
        right.addSpacing(8)
        right.addLayout(self.grid)
        right.addWidget(self.status)
        right.addStretch(1)
        right.addLayout(nav)
        self.empty = QLabel("Add participants in the workshop's set-up to collect their commitments.")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left)
        layout.addWidget(self.detail, 1)
        layout.addWidget(self.empty, 1)
        self.session.changed.connect(self._on_changed)
        self.refresh()

    # -- reading ---------------------------------------------------------------------------------
    def commitments_of(self, person: str) -> dict[int, Commitment]:
        """A person's commitments by slot: each in its own slot if free, the rest in the first free ones."""
        mine = [i for i in self.session.workshop.items(self.step_id, Commitment) if i.author == person]
        size = max(self.count, len(mine))
        placed: dict[int, Commitment] = {}
        rest = []
        for item in sorted(mine, key=lambda i: (i.slot, i.order, i.created)):
            if item.slot < size and item.slot not in placed:
                placed[item.slot] = item
            else:
                rest.append(item)
        free = (s for s in range(size) if s not in placed)
        for item in rest:
            placed[next(free)] = item
        return placed

    def linked_actions(self, item_id: str) -> list[ActionItem]:
        return self.session.workshop.linked_actions(item_id)

    def default_due(self) -> QDate:
        """A first guess for a due date: three months after the workshop (or today)."""
        day = self.session.workshop.info.date or dt.date.today()
        return qdate(day).addMonths(3)

    # -- showing ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Update everyone's progress and the chosen person's slots from the workshop."""
        ws = self.session.workshop
        items = ws.items(self.step_id, Commitment)
        done: dict[str, int] = {}
        for item in items:
            if item.author:
                done[item.author] = done.get(item.author, 0) + 1
        people = ws.participants
        self.people.blockSignals(True)
        while self.people.count() > len(people):
            self.people.takeItem(self.people.count() - 1)
        for row, person in enumerate(people):
            entry = self.people.item(row) or QListWidgetItem()
            if self.people.item(row) is None:
                self.people.addItem(entry)
            n = done.get(person.id, 0)
            role = f"{person.role} · " if person.role else ""
            entry.setText(f"{person.name}\n{role}{n} of {self.count}")
            entry.setIcon(progress_icon(n, self.count))
            entry.setData(Qt.ItemDataRole.UserRole, person.id)
        ids = [p.id for p in people]
        if self.person not in ids:
            self.person = ids[0] if ids else None
        self.people.setCurrentRow(ids.index(self.person) if self.person else -1)
        self.people.blockSignals(False)
        complete = sum(1 for p in ids if done.get(p, 0) >= self.count)
        total = sum(min(done.get(p, 0), self.count) for p in ids)
        self.room.setText(f"The room: {total} of {self.count * len(ids)} written · {complete} of {len(ids)} done")
        self.detail.setVisible(bool(ids))
        self.empty.setVisible(not ids)
        self._show_person()

    def _show_person(self) -> None:
        ws = self.session.workshop
        person = ws.participant(self.person)
        if person is None:
            return
        placed = self.commitments_of(person.id)
        size = max(self.count, len(placed), max(placed, default=-1) + 1)
        while len(self.slots) < size:
            self.slots.append(SlotRow(self, len(self.slots), self.grid))
        for slot in self.slots:
            for widget in slot.widgets:
                widget.setVisible(slot.index < size)
            slot.show_stored(placed.get(slot.index))
        self.name.setText(f"{person.name} · {person.role}" if person.role else person.name)
        self.status.setText(f"Each commitment is also an action item owned by {person.name}; changes here "
                            "change it too. Leave a line empty to remove it.")
        self.progress.setRange(0, self.count)
        self.progress.setValue(min(len(placed), self.count))
        self.written.setText(f"{len(placed)} of {self.count} written")
        row = self.people.currentRow()
        self.previous.setEnabled(row > 0)
        self.next.setEnabled(row < self.people.count() - 1)

    def _on_person_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        person = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.flush()  # what was typed for the previous person is stored under their name
        for slot in self.slots:
            slot.dirty = False  # what could not be stored (a date without a text) stays with them
        self.person = person
        if current is not None:
            self.people.blockSignals(True)  # storing it refreshed the list, which still pointed at them
            self.people.setCurrentItem(current)
            self.people.blockSignals(False)
        self._show_person()
        if self.slots:
            self.slots[0].text.setFocus()

    def _on_changed(self, change: Change) -> None:
        if change.answers_in(self.step_id) or change.participants or self.step_id in change.steps:
            self.refresh()

    def flush(self) -> None:
        """Store whatever is still waiting in a slot (before switching person, hiding or closing)."""
        for slot in self.slots:
            slot.save()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        self.flush()
        super().hideEvent(event)

    # -- changing --------------------------------------------------------------------------------
    def save_slot(self, slot: SlotRow) -> bool:
        """Store a slot: add, edit or remove the commitment and its action together. True when stored."""
        ws = self.session.workshop
        person = ws.participant(self.person)
        if person is None:
            return False
        text, due = slot.value()
        item = ws.item(slot.item_id, Commitment) if slot.item_id and ws.has_item(slot.item_id) else None
        if item is None:
            if not text:
                return False  # nothing to store yet (maybe a date): keep it until there is a text
            return self.session.do(lambda: ws.add_commitment(self.step_id, person.id, text, due, slot.index))
        if not text:
            return self.session.do(lambda: ws.remove_commitment(item.id))
        if (text, due) == (item.text, item.due):
            return True
        return self.session.do(lambda: ws.update_commitment(item.id, text, due))

    def slot_menu(self, slot: SlotRow) -> None:
        slot.save()
        menu = QMenu(self)
        item_id = slot.item_id if slot.item_id and self.session.workshop.has_item(slot.item_id) else None
        if item_id is None:
            menu.addAction("Make action item").setEnabled(False)
        else:
            label = "Open its action item…" if self.linked_actions(item_id) else "Make action item"
            menu.addAction(label, lambda: action_for_item(self.session, item_id, self))
        clear = menu.addAction("Remove this commitment", lambda: self._clear_slot(slot))
        clear.setEnabled(item_id is not None)
        menu.exec(slot.more.mapToGlobal(slot.more.rect().bottomLeft()))
        menu.deleteLater()

    def next_slot(self, slot: SlotRow) -> None:
        """Enter: keep this commitment and put the keyboard in the next one (the next person's first)."""
        slot.save()
        visible = [s for s in self.slots if s.text.isVisible()] or self.slots
        later = [s for s in visible if s.index > slot.index]
        if later:
            later[0].text.setFocus()
            later[0].text.selectAll()
        elif self.people.currentRow() < self.people.count() - 1:
            self.people.setCurrentRow(self.people.currentRow() + 1)  # focuses their first commitment

    def paste_lines(self, slot: SlotRow, lines: list[str]) -> None:
        """Several pasted lines: one commitment each, from this slot on, all added as one change."""
        ws = self.session.workshop
        person = ws.participant(self.person)
        if person is None:
            return
        for other in self.slots:
            other.save()
        placed = self.commitments_of(person.id)
        free = [n for n in range(slot.index, slot.index + len(lines) + len(placed)) if n not in placed]

        def add_all() -> Edit:
            with ws.unit("Add commitments") as edit:
                for number, text in zip(free, lines, strict=False):
                    ws.add_commitment(self.step_id, person.id, text[:NOTE_MAX], None, number)
            return edit

        self.session.do(add_all)

    def _clear_slot(self, slot: SlotRow) -> None:
        slot.text.clear()
        slot.dirty = True
        slot.save()
