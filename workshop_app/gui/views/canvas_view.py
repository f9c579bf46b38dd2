"""The canvas exercise: named fields filled in once for the room, or on one card per role or group.

Each field is a text editor on its card. What is typed is stored as an ``entry`` item (``column`` is
the field, ``card`` the role or group, "" for the room) after a short pause in typing, when the editor
loses focus and when the view is hidden, each save one undoable change. Undo and redo, and changes
made elsewhere, show up in the editors without disturbing text that is still being typed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QFocusEvent, QHideEvent, QTextCursor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.workshop import Change
from workshop_app.gui.action_plan_view import action_for_item
from workshop_app.gui.plain import plain_tip
from workshop_app.gui.session import Session
from workshop_app.model.answers import Entry
from workshop_app.model.document import Item
from workshop_app.model.text import clean_line, clean_text

SAVE_DELAY_MS = 600
CARD_MARGIN = 10
FIELD_SPACING = 10
STYLE = """
QFrame#canvasCard { background: #ffffff; border: 1px solid #d0d5dd; border-radius: 6px; }
QLabel#cardTitle { font-size: 15px; font-weight: 600; color: #1d2939; }
QLabel#cardMeta { color: #667085; }
QLabel#fieldLabel { color: #344054; font-weight: 600; }
QLabel#canvasStatus { color: #067647; }
QPlainTextEdit { background: #fcfcfd; border: 1px solid #d0d5dd; border-radius: 4px; font-size: 14px; }
QPlainTextEdit:focus { border: 1px solid #1d4ed8; }
"""


def field_label(index: int, name: str) -> QLabel:
    """The numbered name of a field, wrapped, as plain text."""
    label = QLabel(f"{index + 1}. {name}")
    label.setObjectName("fieldLabel")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom)
    return label


class FieldEditor(QPlainTextEdit):
    """One field of one card. Saves itself after a pause in typing and when it loses focus."""

    def __init__(self, view: CanvasView, card: str, column: int, title: str) -> None:
        super().__init__()
        self.view = view
        self.card = card
        self.column = column
        self.setTabChangesFocus(True)
        self.setPlaceholderText("Type here…")
        self.setToolTip(plain_tip(title))
        self.setAccessibleName(f"{card}: {title}" if card else title)
        self.dirty = False  # typed but not yet stored
        self._synced = ""  # the stored text this editor last showed or saved
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SAVE_DELAY_MS)
        self._timer.timeout.connect(self.save)
        self.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self) -> None:
        if not self._loading:
            self.dirty = True
            self._timer.start()

    def show_stored(self, stored: str) -> None:
        """Show the stored text, unless the editor holds newer typing the store has not seen yet."""
        current = clean_text(self.toPlainText())
        if current == stored:
            self._synced = stored
            self.dirty = False
            self._timer.stop()
            return
        if stored == self._synced and self.dirty:
            return  # nothing new in the store: keep what is being typed
        position = self.textCursor().position()
        self._loading = True
        self.setPlainText(stored)
        self._loading = False
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(stored)))
        self.setTextCursor(cursor)
        self._synced = stored
        self.dirty = False
        self._timer.stop()

    def save(self) -> None:
        """Store the text now if it was typed since the last save."""
        self._timer.stop()
        if self.dirty and self.view.save_entry(self.card, self.column, self.toPlainText()):
            self._synced = clean_text(self.toPlainText())
            self.dirty = False

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.view.last_editor = self
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        self.save()
        super().focusOutEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        menu = self.createStandardContextMenu()
        menu.addSeparator()
        menu.addAction("Make action item", lambda: self.view.action_from_editor(self))
        menu.exec(event.globalPos())
        menu.deleteLater()


class CanvasCard(QFrame):
    """A card of named fields: the room's, or one role's or group's."""

    def __init__(self, view: CanvasView, card: str, fields: list[str], meta: str) -> None:
        super().__init__()
        self.setObjectName("canvasCard")
        self.card = card
        layout = QVBoxLayout(self)
        layout.setContentsMargins(CARD_MARGIN, 8, CARD_MARGIN, CARD_MARGIN)
        layout.setSpacing(6)
        if card:
            head = QHBoxLayout()
            title = QLabel(card)
            title.setObjectName("cardTitle")
            title.setTextFormat(Qt.TextFormat.PlainText)
            self.meta = QLabel(meta)
            self.meta.setObjectName("cardMeta")
            self.meta.setTextFormat(Qt.TextFormat.PlainText)
            remove = QToolButton()
            remove.setText("Clear card")
            remove.setToolTip("Delete everything written on this card (undo brings it back)")
            remove.setAutoRaise(True)
            remove.clicked.connect(lambda: view.clear_card(card))
            head.addWidget(title)
            head.addWidget(self.meta)
            head.addStretch(1)
            head.addWidget(remove)
            layout.addLayout(head)
        grid = QGridLayout()
        grid.setHorizontalSpacing(FIELD_SPACING)
        grid.setVerticalSpacing(4)
        # A room card names its fields above each editor; role and group cards share one header row.
        columns = len(fields) if (card or len(fields) <= 4) else 3
        self.editors: list[FieldEditor] = []
        for index, name in enumerate(fields):
            row, col = divmod(index, columns)
            editor = FieldEditor(view, card, index, name)
            if card:
                editor.setFixedHeight(96)  # many cards: keep each one short, the editor scrolls
                grid.addWidget(editor, 0, col)
            else:
                editor.setMinimumHeight(120)
                grid.addWidget(field_label(index, name), row * 2, col)
                grid.addWidget(editor, row * 2 + 1, col)
                grid.setRowStretch(row * 2 + 1, 1)
            self.editors.append(editor)
        for col in range(columns):
            grid.setColumnStretch(col, 1)
        layout.addLayout(grid, 1)


class CanvasView(QWidget):
    """The canvas exercise for the facilitator: one card for the room, or a card per role or group."""

    def __init__(self, session: Session, step_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.step_id = step_id
        step = session.workshop.step(step_id)
        assert step.exercise and step.exercise.canvas
        self.fields = list(step.exercise.canvas.fields)
        self.per = step.exercise.canvas.per
        self.cards: dict[str, CanvasCard] = {}
        self.last_editor: FieldEditor | None = None
        self._entries: dict[tuple[str, int], Item] = {}
        self.setStyleSheet(STYLE)

        self.status = QLabel()
        self.status.setObjectName("canvasStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(5000)
        self._status_timer.timeout.connect(self.status.clear)
        self.action_button = QPushButton("Make action item")
        self.action_button.setToolTip("Turn the field you last wrote in into an action item")
        self.action_button.clicked.connect(lambda: self.action_from_editor(self.last_editor))
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        if self.per != "room":
            self.add_button = QPushButton(f"Add a card for another {self.per}…")
            self.add_button.clicked.connect(self._on_add_card)
            self.hint = QLabel()
            self.hint.setObjectName("cardMeta")
            self.hint.setTextFormat(Qt.TextFormat.PlainText)
            bar.addWidget(self.add_button)
            bar.addWidget(self.hint)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.action_button)

        self.holder = QWidget()
        self.cards_layout = QVBoxLayout(self.holder)
        self.cards_layout.setContentsMargins(0, 0, 4, 0)
        self.cards_layout.setSpacing(10)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(self.holder)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        if self.per != "room":
            self.cards_layout.addStretch(1)
            self.scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
            # The field names once, above the cards, lined up with the editors below them.
            header = QHBoxLayout()
            right = CARD_MARGIN + 1 + 4 + self.scroller.verticalScrollBar().sizeHint().width()
            header.setContentsMargins(CARD_MARGIN + 1, 4, right, 0)
            header.setSpacing(FIELD_SPACING)
            for index, name in enumerate(self.fields):
                header.addWidget(field_label(index, name), 1)
            layout.addLayout(header)
        layout.addWidget(self.scroller, 1)
        self.session.changed.connect(self._on_changed)
        self.refresh()

    # -- what is shown ---------------------------------------------------------------------------
    def card_names(self) -> list[str]:
        """The cards to show: the room's, or every role or group in the room plus cards added by hand."""
        if self.per == "room":
            return [""]
        ws = self.session.workshop
        if self.per == "role":
            names = {p.role for p in ws.participants if p.role}
        else:
            names = {g.name for g in ws.doc.groups}
        names |= {card for card, _ in self._entries if card}
        return sorted(names, key=str.casefold)

    def _people(self, card: str) -> str:
        ws = self.session.workshop
        if self.per == "role":
            count = sum(1 for p in ws.participants if p.role == card)
        else:
            ids = {g.id for g in ws.doc.groups if g.name == card}
            count = sum(1 for p in ws.participants if p.group in ids)
        return f"· {count} {'person' if count == 1 else 'people'}" if count else "· added by hand"

    def refresh(self) -> None:
        """Bring cards and editors in line with the workshop, keeping text that is still being typed."""
        ws = self.session.workshop
        entries = ws.items(self.step_id, Entry)
        self._entries = {}
        for entry in entries:
            self._entries.setdefault((entry.card, entry.field), entry)
        names = self.card_names()
        for name in [n for n in self.cards if n not in names]:
            old = self.cards.pop(name)
            if self.last_editor in old.editors:
                self.last_editor = None
            self.cards_layout.removeWidget(old)
            old.deleteLater()
        for position, name in enumerate(names):
            card = self.cards.get(name)
            if card is None:
                card = CanvasCard(self, name, self.fields, self._people(name))
                self.cards[name] = card
            elif name:
                card.meta.setText(self._people(name))
            if self.cards_layout.indexOf(card) != position:
                self.cards_layout.removeWidget(card)
                self.cards_layout.insertWidget(position, card, 1 if not name else 0)
            for editor in card.editors:
                stored = self._entries.get((name, editor.column))
                editor.show_stored(stored.text if stored else "")
        self.cards = {name: self.cards[name] for name in names}  # in the order shown
        if self.per != "room":
            what = "role" if self.per == "role" else "group"
            self.hint.setText("" if names else f"No {what}s in the room yet: add a card for each {what}.")

    def _on_changed(self, change: Change) -> None:
        people = bool(change.participants or change.groups) and self.per != "room"
        if change.answers_in(self.step_id) or people or self.step_id in change.steps:
            self.refresh()

    # -- changing --------------------------------------------------------------------------------
    def save_entry(self, card: str, column: int, text: str) -> bool:
        """Store one field's text as one undoable change. True if the store now holds ``text``."""
        ws = self.session.workshop
        text = clean_text(text)
        entry = self._entries.get((card, column))
        if entry is not None and ws.has_item(entry.id):
            if entry.text == text:
                return True
            return self.session.do(lambda: ws.update_item(entry.id, "Edit canvas field", text=text))
        if not text.strip():
            return True
        return self.session.do(
            lambda: ws.add_item(self.step_id, "entry", "Fill in canvas field", text=text, field=column, card=card)
        )

    def flush(self) -> None:
        """Store whatever is still waiting in an editor (before hiding, closing or moving on)."""
        for card in list(self.cards.values()):
            for editor in card.editors:
                editor.save()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        self.flush()
        super().hideEvent(event)

    def action_from_editor(self, editor: FieldEditor | None) -> None:
        """Make the field's text an action item, linked back to the field."""
        if editor is None:
            self.session.error_raised.emit("Click into a field first, then make it an action item.")
            return
        editor.save()
        entry = self._entries.get((editor.card, editor.column))
        if entry is None or not entry.text.strip():
            self.session.error_raised.emit("Write something in the field first, then make it an action item.")
            return
        if self.session.workshop.linked_actions(entry.id):
            action_for_item(self.session, entry.id, self)  # it has one: open it rather than make a twin
        elif self.session.do(lambda: self.session.workshop.action_from_item(entry.id)):
            first = entry.text.strip().splitlines()[0]
            short = first if len(first) <= 60 else first[:58] + "…"
            self.status.setText(f"Added to the action plan: {short}")
            self._status_timer.start()

    def ask_text(self, title: str, label: str) -> str | None:
        """Ask for one line of text; None if cancelled. (Tests replace this.)"""
        text, ok = QInputDialog.getText(self, title, label)
        return text if ok else None

    def _on_add_card(self) -> None:
        what = "role or department" if self.per == "role" else "group or table"
        name = self.ask_text("Add a card", f"Name of the {what}:")
        name = clean_line(name or "")
        if not name:
            return
        if name not in self.cards:
            # An empty first field keeps the card in the file (and on undo's list) before anything is typed.
            self.session.do(
                lambda: self.session.workshop.add_item(self.step_id, "entry", "Add canvas card", field=0, card=name)
            )
        card = self.cards.get(name)
        if card is not None:
            QTimer.singleShot(0, lambda: self.scroller.ensureWidgetVisible(card))
            card.editors[0].setFocus()
            card.editors[0].moveCursor(QTextCursor.MoveOperation.End)

    def clear_card(self, card: str) -> None:
        """Delete everything on a card as one undoable change; a hand-added card goes with it."""
        self.flush()
        ids = [e.id for e in self.session.workshop.items(self.step_id, Entry) if e.card == card]
        if ids:
            self.session.do(lambda: self.session.workshop.delete_items(ids, "Clear canvas card"))
