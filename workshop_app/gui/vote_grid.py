"""Counting a show of hands: one row per note or cluster, one column per person, entered in one pass.

The scribe reads a note out, the room raises hands, and a click on each raised hand's cell (or Space
on it) gives that person a dot there; a digit sets how many; the Room column takes a count of hands
when people are not told apart. Each person's header says how many votes they have left; going over
the step's budget is shown at once ("1 over") and keeps the grid from being recorded. "Record votes" makes the
whole grid one change of the workshop, one undo step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.gui.accessible import named
from workshop_app.gui.dialogs import SubmittedDialog
from workshop_app.gui.plain import plain_label, plain_tip
from workshop_app.gui.session import Session
from workshop_app.model.answers import Cluster, Note, votes_of

ROOM = "room"
OVER = QColor("#FDE2E1")
VOTED = QColor("#DCE7FA")


class HandsTable(QTableWidget):
    """The grid itself: a click or Space adds a dot (past the budget it starts again at none), a digit
    sets the count, Delete or Backspace clears it."""

    def __init__(self, grid: VoteGrid) -> None:
        super().__init__()
        self.grid = grid
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.cellClicked.connect(lambda row, col: self.grid.bump(row, col))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        row, col = self.currentRow(), self.currentColumn()
        text = event.text()
        if row >= 0 and col >= 0:
            if event.key() == Qt.Key.Key_Space:
                self.grid.bump(row, col)
                return
            if text.isdigit() and len(text) == 1:
                self.grid.set_count(row, col, int(text))
                return
            if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.grid.set_count(row, col, 0)
                return
        super().keyPressEvent(event)


class VoteGrid(SubmittedDialog):
    """People × notes (or clusters) for one board step; ``counts`` holds what the grid says now."""

    def __init__(self, session: Session, step_id: str, column: int = 0, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.step_id = step_id
        ws = session.workshop
        step = ws.step(step_id)
        assert step.exercise and step.exercise.board
        self.prompts = step.exercise.board.prompts
        self.budget = step.budget
        self.setWindowTitle(f"Count hands: {step.title}")
        # The room's count first: with many people it would otherwise be far off to the right.
        self.voters = [(ROOM, "Room (count)")] + [(p.id, p.name) for p in ws.participants]

        self.rows_choice = named(QComboBox(), "Rows of the grid")
        self.rows_choice.setToolTip("What the room votes on: the notes of one prompt, every note, or the clusters")
        for col, prompt in enumerate(self.prompts):
            self.rows_choice.addItem(f"Notes: {col + 1}. {prompt}", ("notes", col))
        self.rows_choice.addItem("Every note", ("notes", None))
        has_clusters = bool(ws.items(step_id, Cluster))
        if has_clusters:
            self.rows_choice.addItem("Clusters", ("clusters", None))
        self.rows_choice.setCurrentIndex(self.rows_choice.count() - 1 if has_clusters else min(column, len(self.prompts) - 1))
        self.rows_choice.currentIndexChanged.connect(lambda _i: self._fill())
        rows_label = QLabel("Rows")
        rows_label.setBuddy(self.rows_choice)

        self.table = named(HandsTable(self), "Votes by person and note")
        self.table.setAccessibleDescription(
            "A click or Space gives the person a vote; a digit sets the count; Delete clears it")
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.message.setObjectName("banner")

        self.buttons = QDialogButtonBox()
        self.record = QPushButton("Record votes")
        self.record.setToolTip("The whole grid as one change (Ctrl+Enter)")
        self.buttons.addButton(self.record, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.record.setAutoDefault(False)
        self.record.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(rows_label)
        top.addWidget(self.rows_choice, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.resize(900, 560)

        # What the other rows of the step already hold, so the budget counts every vote of the step.
        self.counts: dict[str, dict[str, int]] = {i.id: dict(votes_of(i)) for i in ws.items(step_id)
                                                  if isinstance(i, Note | Cluster)}
        self.item_ids: list[str] = []
        self._fill()

    # -- the grid ---------------------------------------------------------------------------------
    def _fill(self) -> None:
        ws = self.session.workshop
        kind, column = self.rows_choice.currentData()
        items: list[Note | Cluster]
        if kind == "clusters":
            items = list(ws.items(self.step_id, Cluster))
        else:
            items = [n for n in ws.items(self.step_id, Note) if not n.hidden and (column is None or n.prompt == column)]
        self.item_ids = [i.id for i in items]
        table = self.table
        table.clear()
        table.setRowCount(len(items))
        table.setColumnCount(len(self.voters))
        table.setVerticalHeaderLabels([self._row_label(i) for i in items])
        for row, item in enumerate(items):
            table.verticalHeaderItem(row).setToolTip(plain_tip(item.text))
            for col in range(len(self.voters)):
                cell = QTableWidgetItem()
                cell.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                table.setItem(row, col, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.verticalHeader().setMaximumWidth(320)
        self._show()
        if items:
            table.setCurrentCell(0, 0)

    def _row_label(self, item: Note | Cluster) -> str:
        text = item.text.replace("\n", " ")
        short = text if len(text) <= 60 else text[:58] + "…"
        return f"{short} (cluster)" if isinstance(item, Cluster) else short

    def used(self) -> dict[str, int]:
        """Each voter's dots over the whole step, as the grid has them now."""
        totals: dict[str, int] = {}
        for votes in self.counts.values():
            for voter, n in votes.items():
                totals[voter] = totals.get(voter, 0) + n
        return totals

    def over_budget(self) -> list[str]:
        used = self.used()
        return [name for voter, name in self.voters if voter != ROOM and used.get(voter, 0) > self.budget]

    def _show(self) -> None:
        """Cells, headers and the message from ``counts``."""
        used = self.used()
        table = self.table
        labels = []
        for voter, name in self.voters:
            left = self.budget - used.get(voter, 0)
            labels.append(name if voter == ROOM else f"{name}\n{left} left" if left >= 0 else f"{name}\n{-left} over")
        table.setHorizontalHeaderLabels(labels)
        for col, (voter, _name) in enumerate(self.voters):
            over = voter != ROOM and used.get(voter, 0) > self.budget
            for row, item_id in enumerate(self.item_ids):
                n = self.counts.get(item_id, {}).get(voter, 0)
                cell = table.item(row, col)
                if cell is None:
                    continue
                text = str(n) if n else ""
                if cell.text() != text:
                    cell.setText(text)
                colour = OVER if over and n else VOTED if n else None
                cell.setBackground(QBrush(colour) if colour else QBrush())
        names = self.over_budget()
        self.record.setEnabled(not names)
        if names:
            self.message.setText(f"Over the budget of {self.budget} votes each: {', '.join(names)}. "
                                 "Take some back before recording.")
        else:
            self.message.setText(f"{self.budget} votes each. A click or Space gives a vote, a digit sets "
                                 "the count, Delete clears it.")

    def set_count(self, row: int, col: int, n: int) -> None:
        if not (0 <= row < len(self.item_ids) and 0 <= col < len(self.voters)):
            return
        voter = self.voters[col][0]
        votes = self.counts.setdefault(self.item_ids[row], {})
        if n:
            votes[voter] = n
        else:
            votes.pop(voter, None)
        self._show()

    def bump(self, row: int, col: int) -> None:
        """One more dot; a person at their budget for this cell's item starts again at none."""
        if not (0 <= row < len(self.item_ids) and 0 <= col < len(self.voters)):
            return
        voter = self.voters[col][0]
        n = self.counts.get(self.item_ids[row], {}).get(voter, 0)
        top = 100 if voter == ROOM else max(self.budget, 1)
        self.set_count(row, col, 0 if n >= top else n + 1)

    # -- recording --------------------------------------------------------------------------------
    def changes(self) -> dict[str, dict[str, int]]:
        """The counts that differ from the workshop's: item -> voter -> count (0: taken away)."""
        ws = self.session.workshop
        out: dict[str, dict[str, int]] = {}
        for item_id, votes in self.counts.items():
            if not ws.has_item(item_id):
                continue
            before = votes_of(ws.item(item_id))
            diff = {v: votes.get(v, 0) for v in set(before) | set(votes) if votes.get(v, 0) != before.get(v, 0)}
            if diff:
                out[item_id] = diff
        return out

    def submit(self) -> None:
        """Record the grid (the button, or Ctrl+Enter)."""
        if self.over_budget():
            return
        changes = self.changes()
        if not changes:
            self.accept()
            return
        ws = self.session.workshop
        refused: list[str] = []
        self.session.error_raised.connect(refused.append)
        try:
            done = self.session.do(lambda: ws.record_votes(self.step_id, changes, "Count hands"))
        finally:
            self.session.error_raised.disconnect(refused.append)
        if done:
            self.accept()
        elif refused:
            self.message.setText(refused[-1])  # said here, where the scribe is looking
