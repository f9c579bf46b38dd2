"""The console's Phones panel: where phones join, who has joined, who answered, and notes to approve.

It shows the join address (and a new code or stop, at a click), the phones that joined by name, or
"3 anonymous phones" for those that chose none, with whether each still has the page open; how many
people have answered the current step (people, not answers); and, while "Hold phone notes for
approval" is on, the notes waiting. With the list of waiting notes in focus, A or Enter approves the
note and R or Delete rejects it: a rejected note is deleted and never reaches the shared screen.
A phone that drops off keeps everything it sent: its answers are in the file already.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.privacy import is_anonymous, people_answered
from workshop_app.core.workshop import Change
from workshop_app.gui.accessible import named
from workshop_app.gui.actions import KeySpec
from workshop_app.gui.phones import PhoneJoin
from workshop_app.gui.shared_paint import plural

ROLE_ID = Qt.ItemDataRole.UserRole
PHONES = "Phones joining"
KEYS = (
    KeySpec("phones.approve", "Approve the chosen note from a phone", ("A", "Return", "Enter"), PHONES,
            "In the list of notes waiting in the Phones panel"),
    KeySpec("phones.reject", "Reject the chosen note from a phone", ("R", "Del", "Backspace"), PHONES),
)


def _keys(spec: KeySpec) -> tuple[Qt.Key, ...]:
    return tuple(Qt.Key(key[0].key()) for key in spec.sequences())  # type: ignore[index]  # stubs lack __getitem__


APPROVE_KEYS = _keys(KEYS[0])
REJECT_KEYS = _keys(KEYS[1])
KEYS_HINT = "A or Enter: approve · R or Delete: reject"


def people_count(n: int) -> str:
    """'1 person', '3 people'."""
    return f"{n} {'person' if n == 1 else 'people'}"


class HeldList(QListWidget):
    """The notes waiting for approval. Its keys come before the window's own (R is also "reveal")."""

    approve_pressed = Signal()
    reject_pressed = Signal()

    def _claims(self, event: QKeyEvent) -> bool:
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        return plain and event.key() in APPROVE_KEYS + REJECT_KEYS and self.currentItem() is not None

    def event(self, event: QEvent) -> bool:
        # A window shortcut would otherwise take A and R first; the list claims them while it has notes.
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._claims(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if self._claims(event):
            (self.approve_pressed if event.key() in APPROVE_KEYS else self.reject_pressed).emit()
            return
        super().keyPressEvent(event)


class JoinPanel(QWidget):
    """The facilitator's view of the phones in the room."""

    def __init__(self, phones: PhoneJoin, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phones = phones
        self.session = phones.session
        self.address = QLabel()
        self.address.setObjectName("joinAddress")
        self.address.setTextFormat(Qt.TextFormat.PlainText)
        self.address.setWordWrap(True)
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.renew_button = QPushButton("New join code")
        self.renew_button.setToolTip("The old link and QR code stop working; phones that joined stay")
        self.renew_button.clicked.connect(phones.renew)
        self.stop_button = QPushButton("Stop phones")
        self.stop_button.clicked.connect(phones.stop)
        buttons = QHBoxLayout()
        buttons.addWidget(self.renew_button)
        buttons.addWidget(self.stop_button)

        self.counts = QLabel()
        self.counts.setObjectName("joinCounts")
        self.counts.setWordWrap(True)
        self.answered = QLabel()
        self.answered.setObjectName("joinAnswered")
        self.answered.setWordWrap(True)
        self.people = named(QListWidget(), "Phones joined, by name")
        self.people.setObjectName("joinPeople")
        self.people.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.free_button = QPushButton("Free this name")
        self.free_button.setToolTip("Another phone may pick the name (someone joined as the wrong person)")
        self.free_button.clicked.connect(self._free_name)

        self.hold_box = QCheckBox("Hold phone notes for approval")
        self.hold_box.setToolTip("Phone notes wait here, hidden from the room, until you approve them")
        self.hold_box.toggled.connect(phones.set_hold_notes)
        self.held_label = QLabel()
        self.held_label.setWordWrap(True)
        self.held = named(HeldList(), "Phone notes waiting for approval")
        self.held.setObjectName("joinHeld")
        self.held.setWordWrap(True)
        self.held.approve_pressed.connect(self.approve_current)
        self.held.reject_pressed.connect(self.reject_current)
        self.held.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.approve_button = QPushButton("Approve (A)")
        self.approve_button.clicked.connect(self.approve_current)
        self.reject_button = QPushButton("Reject (R)")
        self.reject_button.clicked.connect(self.reject_current)
        decide = QHBoxLayout()
        decide.addWidget(self.approve_button)
        decide.addWidget(self.reject_button)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Phones join at"))
        layout.addWidget(self.address)
        layout.addLayout(buttons)
        layout.addWidget(self.counts)
        layout.addWidget(self.answered)
        layout.addWidget(self.people, 1)
        layout.addWidget(self.free_button)
        layout.addWidget(self.hold_box)
        layout.addWidget(self.held_label)
        layout.addWidget(self.held, 1)
        layout.addLayout(decide)

        phones.room_changed.connect(self.refresh)
        phones.state_changed.connect(self.refresh)
        self.session.current_step_changed.connect(lambda _i: self.refresh())
        self.session.changed.connect(self._on_changed)
        self.refresh()

    # -- showing ----------------------------------------------------------------------------------
    def _on_changed(self, change: Change) -> None:
        step = self.session.workshop.current_step
        if step is not None and (change.answers_in(step.id) or step.id in change.steps or change.participants):
            self.refresh()

    def refresh(self) -> None:
        """Show the phones as the room has them now."""
        info = self.session.join
        summary = self.phones.summary()
        self.hold_box.blockSignals(True)
        self.hold_box.setChecked(self.phones.hold_notes)
        self.hold_box.blockSignals(False)
        running = info is not None and summary is not None
        self.renew_button.setEnabled(running)
        self.stop_button.setEnabled(running)
        if not running or summary is None or info is None:
            self.address.setText("Phones cannot join: Room → Let phones join…")
            self.counts.setText("")
            self.answered.setText("")
            self.people.clear()
            self._fill_held()
            self._update_buttons()
            return
        where = info.typed + ("\n(this computer only: phones cannot open it)" if info.loopback else "")
        self.address.setText(where)
        dropped = summary.joined - summary.connected
        counts = f"{plural(summary.joined, 'phones')} joined"
        if dropped:
            counts += f", {dropped} not connected now (nothing they sent is lost)"
        self.counts.setText(counts)
        self.answered.setText(self._answered_text(summary.answered_step(self._step_id())))
        self._fill_people()
        self._fill_held()
        self._update_buttons()

    def _step_id(self) -> str | None:
        step = self.session.workshop.current_step
        return step.id if step is not None else None

    def _answered_text(self, phones: int) -> str:
        step = self.session.workshop.current_step
        if step is None or step.exercise is None:
            return "Nothing to answer on this step."
        text = f"This step: {people_count(phones)} answered from phones"
        if is_anonymous(step):
            count = people_answered(self.session.workshop, step, phones)
            need = step.min_respondents
            if count < need:
                text += f". The room sees the results from {people_count(need)} on ({count} so far)."
            elif step.answers_hidden:
                text += f". {people_count(count)} in all: reveal the results when you are ready."
        return text

    def _fill_people(self) -> None:
        summary = self.phones.summary()
        current = self.people.currentItem()
        keep = current.data(ROLE_ID) if current is not None else None
        self.people.clear()
        if summary is None:
            return
        named = sorted((d for d in summary.devices if d.name), key=lambda d: (d.name or "").casefold())
        for device in named:
            mark = "●" if device.connected else "○"
            state = "" if device.connected else "  (dropped off)"
            row = QListWidgetItem(f"{mark} {device.name}{state}")
            row.setData(ROLE_ID, device.participant)
            self.people.addItem(row)
            if device.participant == keep:
                self.people.setCurrentItem(row)
        if summary.anonymous:
            row = QListWidgetItem(f"{plural(summary.anonymous, 'anonymous phones')}")
            row.setData(ROLE_ID, None)
            self.people.addItem(row)
        if not summary.devices:
            self.people.addItem("No phones yet: they scan the code on the shared screen")

    def _fill_held(self) -> None:
        held = self.phones.held()
        current = self.held.currentItem()
        keep = current.data(ROLE_ID) if current is not None else None
        had_focus = self.held.hasFocus()
        self.held.clear()
        ws = self.session.workshop
        for note in held:
            where = ws.step(note.step).title if note.step in {s.id for s in ws.steps} else ""
            row = QListWidgetItem(f"{note.text}\n— {where}" if where else note.text)
            row.setData(ROLE_ID, note.id)
            row.setToolTip(note.text)
            self.held.addItem(row)
        rows = {self.held.item(n).data(ROLE_ID): n for n in range(self.held.count())}
        if self.held.count():
            self.held.setCurrentRow(rows.get(keep, 0))
        if had_focus:
            self.held.setFocus()
        on = self.phones.hold_notes
        if held:
            self.held_label.setText(f"{plural(len(held), 'notes')} waiting · {KEYS_HINT}")
        elif on:
            self.held_label.setText("No notes waiting: new phone notes stop here first.")
        else:
            self.held_label.setText("Phone notes go straight to the board.")
        self.held.setVisible(on or bool(held))

    def _update_buttons(self) -> None:
        has_note = self.held.currentItem() is not None
        self.approve_button.setEnabled(has_note)
        self.reject_button.setEnabled(has_note)
        person = self.people.currentItem()
        self.free_button.setEnabled(person is not None and person.data(ROLE_ID) is not None)

    # -- doing ------------------------------------------------------------------------------------
    def _current_note(self) -> str | None:
        row = self.held.currentItem()
        return str(row.data(ROLE_ID)) if row is not None else None

    def approve_current(self) -> None:
        note = self._current_note()
        if note is not None:
            self._decide(self.phones.approve, note)

    def reject_current(self) -> None:
        note = self._current_note()
        if note is not None:
            self._decide(self.phones.reject, note)

    def _decide(self, decide: Callable[[str], bool], note_id: str) -> None:
        row = self.held.currentRow()
        if decide(note_id):
            self.refresh()
            if self.held.count():
                self.held.setCurrentRow(min(row, self.held.count() - 1))  # on to the next note

    def _free_name(self) -> None:
        row = self.people.currentItem()
        if row is not None and row.data(ROLE_ID) is not None:
            self.phones.free_name(str(row.data(ROLE_ID)))
