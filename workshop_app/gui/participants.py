"""The participant list of the New workshop and Workshop details dialogs, typed row by row or pasted.

The last row is always empty: type a name there, Tab to the role, Enter, and the next empty row is
ready with the keyboard in its name. A list pasted from a document or a spreadsheet (one person a
line, a role after a tab or a comma) fills in one row per person.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from workshop_app.gui.actions import KeySpec
from workshop_app.model.text import clean_line

NAME_MAX = 120
ID_ROLE = Qt.ItemDataRole.UserRole
PARTICIPANTS = "Participant lists"
KEYS = (
    KeySpec("people.next", "Add the row and go to the next", ("Return", "Enter"), PARTICIPANTS,
            "In the New workshop and Workshop details dialogs"),
    KeySpec("people.role", "From the name to the role", ("Tab",), PARTICIPANTS),
    KeySpec("people.paste", "Paste a list of names", (QKeySequence.StandardKey.Paste,), PARTICIPANTS,
            "One person a line; a role after a tab or a comma"),
)
NEXT, _ROLE, PASTE = KEYS
HEADER_WORDS = {"name", "names", "participant", "participants"}


def parse_people(text: str) -> list[tuple[str, str]]:
    """(name, role) for each line of a pasted list: a role after a tab (a spreadsheet's next column)
    or, failing that, after the first comma. Blank lines and a "Name" heading are left out."""
    people = []
    for n, line in enumerate(text.splitlines()):
        if "\t" in line:
            parts = line.split("\t")
            name, role = parts[0], parts[1] if len(parts) > 1 else ""
        else:
            name, _, role = line.partition(",")
        name, role = clean_line(name).strip(), clean_line(role).strip()
        if not name or (n == 0 and name.casefold() in HEADER_WORDS):
            continue
        people.append((name[:NAME_MAX], role[:NAME_MAX]))
    return people


class _RowDelegate(QStyledItemDelegate):
    """Cell editors where Enter finishes the row (not the dialog) and a pasted list fills the table."""

    def __init__(self, table: ParticipantTable) -> None:
        super().__init__(table)
        self.table = table

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = super().createEditor(parent, option, index)
        editor.installEventFilter(self)
        return editor

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802 - Qt override
                     index: QModelIndex | QPersistentModelIndex) -> None:
        super().setModelData(editor, model, index)
        text = str(model.data(index) or "")
        cleaned = clean_line(text).strip()[:NAME_MAX]
        if cleaned != text:
            model.setData(index, cleaned)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and isinstance(watched, QWidget):
            if NEXT.matches(event):
                self.commitData.emit(watched)
                self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.NoHint)
                self.table.next_row()
                return True
            if PASTE.matches(event) and len(parse_people(QGuiApplication.clipboard().text())) > 1:
                self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.RevertModelCache)
                self.table.paste()
                return True
        return super().eventFilter(watched, event)


class ParticipantTable(QTableWidget):
    """Name and role per row, an empty row last for the next person. Rows may carry a participant id."""

    row_finished = Signal(int)  # Enter in a row, or the keyboard left it for another row
    pasted = Signal(list)  # [(name, role)...] of a pasted list, already added as rows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels(["Name", "Role or department"])
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verticalHeader().hide()
        self.setAccessibleName("Participants")
        self.setToolTip("Type a name, Tab, the role, Enter for the next person; or paste a list, one person a line")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setTabKeyNavigation(True)
        self.setItemDelegate(_RowDelegate(self))
        self.currentCellChanged.connect(self._on_current_changed)
        self.itemChanged.connect(lambda _item: self.keep_empty_row())
        self.keep_empty_row()

    # -- reading and filling ------------------------------------------------------------------------
    def text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text().strip() if item is not None else ""

    def row_id(self, row: int) -> str | None:
        item = self.item(row, 0)
        return item.data(ID_ROLE) if item is not None else None

    def people(self) -> list[tuple[str, str]]:
        """(name, role) of every row with a name, in order."""
        return [(self.text(r, 0), self.text(r, 1)) for r in range(self.rowCount()) if self.text(r, 0)]

    def set_rows(self, rows: list[tuple[str, str, str | None]]) -> None:
        """Replace every row with (name, role, participant id); the empty row follows."""
        self.blockSignals(True)
        self.setRowCount(0)
        for name, role, row_id in rows:
            self._append(name, role, row_id)
        self.blockSignals(False)
        self.keep_empty_row()

    def add_row(self, name: str, role: str) -> None:
        """A person at the end, before the empty row."""
        self.blockSignals(True)
        last = self.rowCount() - 1
        if last >= 0 and not self.text(last, 0) and not self.text(last, 1):
            self.removeRow(last)
        self._append(name, role, None)
        self.blockSignals(False)
        self.keep_empty_row()

    def _append(self, name: str, role: str, row_id: str | None) -> None:
        row = self.rowCount()
        self.insertRow(row)
        for column, text in enumerate((name, role)):
            item = QTableWidgetItem(text)
            item.setData(ID_ROLE, row_id)
            self.setItem(row, column, item)

    def keep_empty_row(self) -> None:
        """One empty row last, always, for the next person."""
        last = self.rowCount() - 1
        if last < 0 or self.text(last, 0) or self.row_id(last):
            self.blockSignals(True)
            self._append("", "", None)
            self.blockSignals(False)

    def is_new(self, row: int) -> bool:
        """A row typed here that is not yet a participant of the workshop."""
        return 0 <= row < self.rowCount() and self.row_id(row) is None

    # -- keys ------------------------------------------------------------------------------------
    def finish_editing(self) -> None:
        """Keep what the open cell editor holds (before the dialog reads the table or closes)."""
        editor = self.indexWidget(self.currentIndex())
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def next_row(self) -> None:
        """Enter: this row is done; the keyboard goes to the next row's name, ready to type."""
        row = self.currentRow()
        if row < 0:
            return
        if not self.text(row, 0):
            self.edit(self.currentIndex())  # nothing to add yet: keep typing here
            return
        self.row_finished.emit(row)
        self.keep_empty_row()
        target = min(row + 1, self.rowCount() - 1)
        self.setCurrentCell(target, 0)
        self.edit(self.currentIndex())

    def paste(self) -> None:
        """Add a row for each person of the pasted list."""
        people = parse_people(QGuiApplication.clipboard().text())
        if not people:
            return
        for name, role in people:
            self.add_row(name, role)
        self.pasted.emit(people)
        self.setCurrentCell(self.rowCount() - 1, 0)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if NEXT.matches(event) and self.state() != QAbstractItemView.State.EditingState:
            event.accept()
            self.next_row()
        elif PASTE.matches(event):
            event.accept()
            self.paste()
        else:
            super().keyPressEvent(event)

    def _on_current_changed(self, row: int, _column: int, previous_row: int, _previous_column: int) -> None:
        if previous_row >= 0 and previous_row != row and previous_row < self.rowCount():
            self.row_finished.emit(previous_row)
