"""The review: the actions carried from last time, one at a time, with their status, progress and quick wins.

The list on the left is every action the step walks (see ``core.review``), overdue ones in red. For the
chosen action the facilitator sets its status (buttons, or the keys 1 to 4 in the list), types what
moved, and ticks a quick win to celebrate (Q in the list). Each change is one core operation, saved at
once and undone with Ctrl+Z like any other; the room sees the chart of done, moving and stuck.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QFocusEvent, QFont, QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.review import (
    MOVEMENT_LABELS,
    STATUS_WORDS,
    actions_to_review,
    is_overdue,
    movement,
    progress_by_action,
    review_action,
    review_day,
    review_figures,
)
from workshop_app.core.workshop import Change
from workshop_app.export.common import fmt_date, plural
from workshop_app.gui.accessible import named
from workshop_app.gui.plain import plain_label
from workshop_app.gui.qt_helpers import single_shot
from workshop_app.gui.session import Session
from workshop_app.model.answers import Progress
from workshop_app.model.document import ActionItem, Status, Step
from workshop_app.model.text import NOTE_MAX, clean_text

SAVE_DELAY_MS = 800
STATUSES: tuple[Status, ...] = ("open", "in progress", "done", "dropped")
STATUS_LABELS = STATUS_WORDS
STATUS_KEYS: dict[Qt.Key, Status] = {Qt.Key.Key_1: "open", Qt.Key.Key_2: "in progress", Qt.Key.Key_3: "done", Qt.Key.Key_4: "dropped"}
OVERDUE = "#b42318"
MOVEMENT_COLOURS = {"done": "#079455", "moving": "#1d4ed8", "stuck": "#dc6803", "dropped": "#667085"}
STYLE = """
QLabel#what { font-size: 18px; font-weight: 600; color: #1d2939; }
QLabel#facts { color: #344054; font-size: 13px; }
QLabel#overdue { color: #b42318; font-weight: 600; }
QLabel#figures { color: #475467; }
QLabel#history { color: #475467; }
QLineEdit#progress { font-size: 15px; padding: 6px; }
QPushButton[status] { padding: 6px 14px; border: 1px solid #98a2b3; border-radius: 4px; background: white; color: #101828; }
QPushButton[status]:checked { background: #1d4ed8; color: white; border-color: #1d4ed8; }
QListWidget#actions::item { padding: 5px 2px; }
"""


class ActionList(QListWidget):
    """The actions to review. Digits 1 to 4 set the status of the chosen one and Q flips its quick win;
    the list takes those keys before any shortcut of the window does."""

    def __init__(self, view: ReviewView) -> None:
        super().__init__()
        self.view = view

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._ours(event):
            event.accept()
            return True
        return super().event(event)

    @staticmethod
    def _ours(event: QKeyEvent) -> bool:
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        return plain and (event.key() in STATUS_KEYS or event.key() == Qt.Key.Key_Q)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if self._ours(event):
            key = Qt.Key(event.key())
            if key == Qt.Key.Key_Q:
                self.view.toggle_quick_win()
            else:
                self.view.set_status(STATUS_KEYS[key])
            return
        super().keyPressEvent(event)


class ProgressLine(QLineEdit):
    """The progress note of the chosen action; saved when the facilitator pauses, presses Enter or leaves it."""

    def __init__(self, view: ReviewView) -> None:
        super().__init__()
        self.view = view

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.view.save_note()
        super().focusOutEvent(event)


class ReviewView(QWidget):
    """The review step: walk the carried actions, set each one's status, note what moved, mark quick wins."""

    def __init__(self, session: Session, step_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.step_id = step_id
        self.action_id: str | None = None
        self._note_dirty = False
        self.setStyleSheet(STYLE)

        self.figures = plain_label()
        self.figures.setObjectName("figures")
        self.figures.setWordWrap(True)
        self.list = named(ActionList(self), "Carried actions")
        self.list.setObjectName("actions")
        self.list.setFixedWidth(340)
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._on_current_changed)
        left = QVBoxLayout()
        left.addWidget(self.figures)
        left.addWidget(self.list, 1)

        self.what = plain_label()
        self.what.setObjectName("what")
        self.what.setWordWrap(True)
        self.facts = plain_label()
        self.facts.setObjectName("facts")
        self.facts.setWordWrap(True)
        self.overdue = plain_label()
        self.overdue.setObjectName("overdue")
        self.history = plain_label()
        self.history.setObjectName("history")
        self.history.setWordWrap(True)
        self.status_group = QButtonGroup(self)
        self.status_group.setExclusive(True)
        self.status_buttons: dict[str, QPushButton] = {}
        statuses = QHBoxLayout()
        for n, status in enumerate(STATUSES, start=1):
            button = QPushButton(f"{n}  {STATUS_LABELS[status]}")
            button.setCheckable(True)
            button.setProperty("status", status)
            button.setToolTip(f"Set the status to {STATUS_LABELS[status].lower()} (key {n} in the list)")
            button.clicked.connect(partial(self.set_status, status))
            self.status_group.addButton(button)
            self.status_buttons[status] = button
            statuses.addWidget(button)
        statuses.addStretch(1)
        self.note = ProgressLine(self)
        self.note.setObjectName("progress")
        self.note.setMaxLength(NOTE_MAX)
        self.note.setPlaceholderText("What moved? One sentence from the owner")
        self.note.setClearButtonEnabled(True)
        named(self.note, "Progress note", "What moved on the selected action, in one sentence from its owner")
        self.note.textEdited.connect(self._on_note_edited)
        self.note.returnPressed.connect(self.save_note)
        self._timer = single_shot(self, SAVE_DELAY_MS, self.save_note)
        self.quick_win = QCheckBox("★ Quick win to celebrate (Q in the list)")
        self.quick_win.clicked.connect(self._on_quick_win_clicked)
        self.previous = QPushButton("← Previous action")
        self.previous.clicked.connect(lambda: self.list.setCurrentRow(self.list.currentRow() - 1))
        self.next = QPushButton("Next action →")
        self.next.clicked.connect(lambda: self.list.setCurrentRow(self.list.currentRow() + 1))
        nav = QHBoxLayout()
        nav.addWidget(self.previous)
        nav.addStretch(1)
        nav.addWidget(self.next)
        self.detail = QWidget()
        right = QVBoxLayout(self.detail)
        right.setContentsMargins(12, 0, 0, 0)
        right.addWidget(self.what)
        right.addWidget(self.facts)
        right.addWidget(self.overdue)
        right.addSpacing(10)
        right.addWidget(QLabel("Status"))
        right.addLayout(statuses)
        right.addSpacing(6)
        right.addWidget(QLabel("Progress"))
        right.addWidget(self.note)
        right.addWidget(self.quick_win)
        right.addSpacing(10)
        right.addWidget(self.history)
        right.addStretch(1)
        right.addLayout(nav)
        self.empty = plain_label("There is nothing to review: this workshop has no actions of this kind yet. "
                                 "A follow-up made with File → New follow-up… brings the earlier plan here.")
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
    @property
    def step(self) -> Step:
        """The step, read fresh each time: a rename shows at once."""
        return self.session.workshop.step(self.step_id)

    def reviewed_actions(self) -> list[ActionItem]:
        return actions_to_review(self.session.workshop.doc, self.step)

    def current_action(self) -> ActionItem | None:
        ws = self.session.workshop
        if self.action_id is None or self.action_id not in {a.id for a in ws.doc.actions}:
            return None
        return ws.action(self.action_id)

    def progress(self, action_id: str) -> Progress | None:
        return progress_by_action(self.session.workshop.items(self.step_id, Progress), self.step).get(action_id)

    # -- showing ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Update the list, the figures and the chosen action from the workshop."""
        ws = self.session.workshop
        actions = self.reviewed_actions()
        notes = progress_by_action(ws.items(self.step_id, Progress), self.step)
        day = review_day(ws.doc)
        personal = bool(self.step.exercise and self.step.exercise.review
                        and self.step.exercise.review.scope == "commitments")
        self.list.blockSignals(True)
        while self.list.count() > len(actions):
            self.list.takeItem(self.list.count() - 1)
        for row, action in enumerate(actions):
            entry = self.list.item(row)
            if entry is None:
                entry = QListWidgetItem()
                self.list.addItem(entry)
            entry.setText(self._row_text(action, notes.get(action.id), personal, is_overdue(action, day)))
            entry.setData(Qt.ItemDataRole.UserRole, action.id)
            late = is_overdue(action, day)
            entry.setForeground(QBrush(QColor(OVERDUE if late else MOVEMENT_COLOURS[movement(action)])))
            font = QFont(self.list.font())
            font.setBold(action.id in notes)
            entry.setFont(font)
        ids = [a.id for a in actions]
        if self.action_id not in ids:
            self.action_id = ids[0] if ids else None
        self.list.setCurrentRow(ids.index(self.action_id) if self.action_id else -1)
        self.list.blockSignals(False)
        figures = review_figures(ws.doc, self.step)
        counts = " · ".join(f"{MOVEMENT_LABELS[m].lower()} {n}" for m, n in figures.counts.items()
                            if n or m != "dropped")
        overdue = f" · {len(figures.overdue)} overdue" if figures.overdue else ""
        wins = f" · {plural(len(figures.quick_wins), 'quick wins')}" if figures.quick_wins else ""
        self.figures.setText(f"{figures.reviewed} of {figures.total} reviewed · {counts}{overdue}{wins}")
        self.detail.setVisible(bool(ids))
        self.empty.setVisible(not ids)
        self._show_action()

    def _row_text(self, action: ActionItem, progress: Progress | None, personal: bool, late: bool) -> str:
        owner = self.session.workshop.participant(action.owner_id)
        who = owner.name if owner else action.owner or "No owner"
        first = action.what.splitlines()[0] if action.what else ""
        marks = ("★ " if progress is not None and progress.quick_win else "") + ("⚠ overdue · " if late else "")
        head = f"{who}: {first}" if personal else first
        return f"{head}\n{marks}{STATUS_LABELS[action.status]}" + ("" if personal else f" · {who}")

    def _show_action(self) -> None:
        action = self.current_action()
        if action is None:
            return
        ws = self.session.workshop
        owner = ws.participant(action.owner_id)
        who = owner.name if owner else action.owner or "no owner yet"
        parts = [f"Owner: {who}", f"Due: {fmt_date(action.due, 'no date')}"]
        if action.measure:
            parts.append(f"Measure: {action.measure}")
        self.what.setText(action.what)
        self.facts.setText("\n".join(parts))
        late = is_overdue(action, review_day(ws.doc))
        self.overdue.setText(f"⚠ Overdue since {fmt_date(action.due)}" if late and action.due else "")
        self.overdue.setVisible(late)
        for status, button in self.status_buttons.items():
            button.setChecked(status == action.status)
        progress = self.progress(action.id)
        stored = progress.text if progress else ""
        if not self._note_dirty and self.note.text() != stored:
            self.note.setText(stored)
        self.quick_win.setChecked(bool(progress and progress.quick_win))
        earlier = [f"{fmt_date(e.date, e.workshop)}: {STATUS_LABELS[e.status]}" + (f" — {e.note}" if e.note else "")
                   + (" ★" if e.quick_win else "") for e in action.history]
        self.history.setText("Earlier: " + "; ".join(earlier) if earlier else "Made in this workshop.")
        row = self.list.currentRow()
        self.previous.setEnabled(row > 0)
        self.next.setEnabled(row < self.list.count() - 1)

    def _on_current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        self.save_note()  # what was typed belongs to the action it was typed for
        self.action_id = current.data(Qt.ItemDataRole.UserRole) if current else None
        self._note_dirty = False
        stored = self.progress(self.action_id) if self.action_id else None
        self.note.setText(stored.text if stored else "")
        self._show_action()

    def _on_changed(self, change: Change) -> None:
        if change.answers_in(self.step_id) or change.actions or change.participants or self.step_id in change.steps \
                or change.info:
            self.refresh()

    # -- changing --------------------------------------------------------------------------------
    def _review(self, **changes: object) -> bool:
        action = self.current_action()
        if action is None:
            return False
        ws = self.session.workshop
        return self.session.do(lambda: review_action(ws, self.step_id, action.id, **changes))  # type: ignore[arg-type]

    def set_status(self, status: Status) -> None:
        """Set the chosen action's status (and store any progress note still being typed with it)."""
        note = self._pending_note()
        if self._review(status=status, **({"note": note} if note is not None else {})):
            self._note_dirty = False

    def toggle_quick_win(self) -> None:
        progress = self.progress(self.action_id) if self.action_id else None
        self._review(quick_win=not (progress and progress.quick_win))

    def _on_quick_win_clicked(self, checked: bool) -> None:
        self._review(quick_win=checked)

    def _on_note_edited(self, _text: str) -> None:
        self._note_dirty = True
        self._timer.start()

    def _pending_note(self) -> str | None:
        """The typed note when it differs from the stored one, else None."""
        if not self._note_dirty or self.action_id is None:
            return None
        text = clean_text(self.note.text()).strip()
        stored = self.progress(self.action_id)
        return None if text == (stored.text if stored else "") else text

    def save_note(self) -> None:
        """Store the progress note being typed, if it changed."""
        self._timer.stop()
        note = self._pending_note()
        if note is None:
            self._note_dirty = False
            return
        if self._review(note=note):
            self._note_dirty = False

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        self.save_note()
        super().hideEvent(event)

