"""The facilitator's poll: each statement answered from the scale, per participant or as a room tally.

A participant's answer is an ``answer`` item (``column`` = statement, ``value`` = option, ``author`` =
the participant); choosing another option replaces it, choosing the same one again clears it. The room
tally adds or removes anonymous answers (no author). Counts and the chart come from
``core.results.poll_results``, the figures the shared screen and the exports use too.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.results import poll_results
from workshop_app.core.workshop import Change
from workshop_app.gui.accessible import named
from workshop_app.gui.actions import KeySpec, install_digits
from workshop_app.gui.plain import button_text, plain_label, plain_tip
from workshop_app.gui.qt_helpers import single_shot
from workshop_app.gui.read_only import mark_safe
from workshop_app.gui.session import Session
from workshop_app.gui.views.ballot_entry import BallotEntry, ballot_keys, poll_keys, show_entry
from workshop_app.model.answers import Answer

ROOM = None  # the ``who`` entry for the room's tally: answers without an author
OPTION_KEYS = KeySpec("poll.option", "Answer the selected statement", tuple(str(n) for n in range(1, 10)), "Poll",
                      "The option of that number (1 the first); then the next statement is selected")
KEYS = (OPTION_KEYS, *ballot_keys("Poll"))
# A chosen answer must be plain to see at a glance, also on a projector-mirrored laptop screen.
CHOICES = """
QPushButton { background: white; color: #101828; border: 1px solid #98a2b3; border-radius: 4px; padding: 3px 10px; }
QPushButton:hover { border-color: #1d4ed8; }
QPushButton:checked { background: #1d4ed8; color: white; border-color: #1d4ed8; font-weight: 600; }
QPushButton:disabled { color: #98a2b3; border-color: #e4e7ec; }
QPushButton:checked:disabled { background: #98a2b3; color: white; }
"""





class OptionCell(QWidget):
    """One option of one statement: a choice button (per participant) or −1 / +1 (room tally), and the count."""

    def __init__(self, option: str) -> None:
        super().__init__()
        self.choose = QPushButton(button_text(option))
        self.choose.setCheckable(True)
        self.choose.setToolTip(plain_tip(f"Record “{option}” as this participant's answer"))
        self.minus = QToolButton()
        self.minus.setText("−1")
        self.minus.setToolTip(plain_tip(f"Take one “{option}” off the room's tally"))
        self.plus = QToolButton()
        self.plus.setText("+1")
        self.plus.setToolTip(plain_tip(f"Add one “{option}” to the room's tally"))
        self.count = plain_label("0")
        self.count.setMinimumWidth(22)
        self.count.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.count.font()
        font.setBold(True)
        self.count.setFont(font)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.setSpacing(4)
        layout.addWidget(self.choose)
        layout.addWidget(self.minus)
        layout.addWidget(self.count)
        layout.addWidget(self.plus)

    def set_tally_mode(self, tally: bool) -> None:
        self.choose.setVisible(not tally)
        self.minus.setVisible(tally)
        self.plus.setVisible(tally)


class PollView(QWidget):
    """The poll exercise for the facilitator: the answer grid, live counts and the results chart."""

    def __init__(self, session: Session, step_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from workshop_app.gui import charts  # pyqtgraph loads with the first chart, not at start-up

        self.session = session
        self.step_id = step_id
        step = session.workshop.step(step_id)
        assert step.exercise and step.exercise.poll
        self.statements = list(step.exercise.poll.statements)
        self.scale = list(step.exercise.poll.scale)

        self.who = named(QComboBox(), "Whose answers")
        self.who.setToolTip("Whose answers the buttons record: one participant, or the room as a tally")
        self.who.setMinimumContentsLength(18)
        self.who.currentIndexChanged.connect(self._on_who_changed)
        self.next_button = QPushButton("Next participant ▸")
        self.next_button.clicked.connect(self.next_participant)
        mark_safe(self.who, self.next_button)  # whose answers are on screen: usable read-only too
        self.progress = plain_label()
        self.progress.setObjectName("pollProgress")
        self.progress.setMinimumWidth(60)  # cut by its room rather than widening the window
        self.progress.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.action_button = QPushButton("Make action item")
        self.action_button.setToolTip("Turn the selected statement into an action item")
        self.action_button.clicked.connect(self.action_from_selected)
        self.paper_button = QPushButton("Paper ballots")
        self.paper_button.setCheckable(True)
        self.paper_button.setToolTip("Type in a stack of paper ballots: each one's code, then the number of "
                                     "the box crossed for each statement")
        self.paper_button.setEnabled(len(self.scale) <= 9)
        self.paper_button.toggled.connect(self.show_ballot_entry)
        self.ballots: BallotEntry | None = None  # made when first asked for
        top = QHBoxLayout()
        answers_from = plain_label("Answers from")
        answers_from.setBuddy(self.who)
        top.addWidget(answers_from)
        top.addWidget(self.who)
        top.addWidget(self.next_button)
        top.addWidget(self.progress, 1)
        top.addWidget(self.paper_button)
        top.addWidget(self.action_button)

        self.table = QTableWidget(len(self.statements), len(self.scale) + 2)
        named(self.table, "Statements and answers")
        self.table.setHorizontalHeaderLabels(["Statement", *self.scale, "Answers"])
        self.table.verticalHeader().hide()
        self.table.setStyleSheet(CHOICES)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._on_context_menu)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(self.scale) + 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        # Wrapped rows are measured once the columns have their final widths, not on every step.
        self._fit_rows = single_shot(self, 0, self.table.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._fit_rows.start())
        self.cells: list[list[OptionCell]] = []
        self.totals: list[QTableWidgetItem] = []
        for row, statement in enumerate(self.statements):
            text = QTableWidgetItem(f"{row + 1}. {statement}")
            text.setToolTip(plain_tip(statement))
            self.table.setItem(row, 0, text)
            cells = []
            for option, name in enumerate(self.scale):
                cell = OptionCell(name)
                cell.choose.clicked.connect(lambda _c=False, r=row, o=option: self.choose(r, o))
                cell.plus.clicked.connect(lambda _c=False, r=row, o=option: self.tally(r, o, 1))
                cell.minus.clicked.connect(lambda _c=False, r=row, o=option: self.tally(r, o, -1))
                self.table.setCellWidget(row, option + 1, cell)
                cells.append(cell)
            self.cells.append(cells)
            total = QTableWidgetItem("0")
            total.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            self.table.setItem(row, len(self.scale) + 1, total)
            self.totals.append(total)

        self.chart = charts.CountsChart("Results")
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(self.chart)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([640, 360])
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self._layout = layout

        # Keys 1..n record the option for the selected statement and move to the next one.
        # Option n's key is the digit n (from 1), as numbered on the screen.
        self.keys = install_digits(OPTION_KEYS, lambda n: self._on_key(n - 1), range(1, len(self.scale) + 1),
                                   [self.table])

        self._fill_people()
        session.changed.connect(self._on_changed)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._fit_rows.start()

    # -- state ----------------------------------------------------------------------------------
    @property
    def participant(self) -> str | None:
        """The participant whose answers the buttons record, or None for the room's tally."""
        return self.who.currentData()

    def _answers(self) -> list[Answer]:
        return self.session.workshop.items(self.step_id, Answer)

    def _fill_people(self) -> None:
        ws = self.session.workshop
        current = self.who.currentData()
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem("The room (tally)", ROOM)
        if not ws.step(self.step_id).anonymous:
            for p in ws.participants:
                self.who.addItem(f"{p.name} · {p.role}" if p.role else p.name, p.id)
        self.who.setCurrentIndex(max(self.who.findData(current), 0))
        self.who.blockSignals(False)
        self._on_who_changed()

    def _on_who_changed(self, _index: int = 0) -> None:
        tally = self.participant is ROOM
        for cells in self.cells:
            for cell in cells:
                cell.set_tally_mode(tally)
        self.next_button.setEnabled(self.who.count() > 1)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.refresh()

    def _on_changed(self, change: Change) -> None:
        if change.answers_in(self.step_id):
            self.refresh()
        if change.participants or self.step_id in change.steps:
            self._fill_people()

    # -- showing --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Update counts, the chosen answers of the current participant, and the chart in place."""
        ws = self.session.workshop
        step = ws.step(self.step_id)
        answers = self._answers()
        results = poll_results(ws.doc.items, step)
        who = self.participant
        chosen = {a.statement: int(a.value) for a in reversed(answers) if a.author == who and a.value is not None}
        anonymous = {(a.statement, int(a.value)) for a in answers
                     if a.author is None and a.respondent is None and a.value is not None}
        for row, result in enumerate(results):
            for option, cell in enumerate(self.cells[row]):
                cell.count.setText(str(result.counts[option]))
                cell.choose.setChecked(who is not ROOM and chosen.get(row) == option)
                cell.minus.setEnabled((row, option) in anonymous)
            self.totals[row].setText(str(result.total))
        if who is ROOM:
            tally = sum(1 for a in answers if a.author is None and a.respondent is None)
            people = len({a.respondent for a in answers if a.respondent is not None})
            paper = f" · {people} {'ballot' if people == 1 else 'ballots'}" if people else ""
            self.progress.setText(f"Room tally: {tally} answers{paper} · {len(answers)} answers in all")
        else:
            name = ws.author_name(who)
            self.progress.setText(f"{name} has answered {len(chosen)} of {len(self.statements)}")
        self.chart.set_data([str(n + 1) for n in range(len(results))], [r.counts for r in results], self.scale)

    def selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    # -- changing -------------------------------------------------------------------------------
    def choose(self, row: int, option: int) -> None:
        """Record the current participant's answer to a statement (again on the same option: clear it)."""
        who = self.participant
        if who is ROOM:
            self.tally(row, option, 1)
            return
        ws = self.session.workshop
        mine = [a for a in self._answers() if a.author == who and a.statement == row]
        if not mine:
            done = self.session.do(lambda: ws.add_item(
                self.step_id, "answer", "Answer", statement=row, value=float(option), author=who))
        elif mine[0].value is not None and int(mine[0].value) == option:
            done = self.session.do(lambda: ws.delete_items([a.id for a in mine], "Clear answer"))
        else:
            done = self.session.do(lambda: ws.update_item(mine[0].id, "Change answer", value=float(option)))
        if not done:
            self.refresh()  # a refused change: put the buttons back as the file has them

    def tally(self, row: int, option: int, delta: int) -> None:
        """Add or take off one anonymous answer for an option of a statement."""
        ws = self.session.workshop
        if delta > 0:
            self.session.do(lambda: ws.add_item(
                self.step_id, "answer", "Tally +1", statement=row, value=float(option), author=None))
            return
        anonymous = [a for a in self._answers() if a.author is None and a.respondent is None
                     and a.statement == row and a.value is not None and int(a.value) == option]
        if not anonymous:
            self.session.error_raised.emit("The room's tally has none of that answer to take off.")
            return
        last = max(anonymous, key=lambda a: (a.created, a.order))
        self.session.do(lambda: ws.delete_items([last.id], "Tally −1"))

    def show_ballot_entry(self, shown: bool = True) -> BallotEntry | None:
        """Show (or hide) the entry of paper ballots above the statements, with the keyboard in it."""
        if shown and self.ballots is None:
            legend = ", ".join(f"{n} {name}" for n, name in enumerate(self.scale, start=1))
            self.ballots = BallotEntry(self.session, self.step_id, self.statements, poll_keys(len(self.scale)),
                                       legend)
            self._layout.insertWidget(1, self.ballots)
        show_entry(self.ballots, shown, self.paper_button)
        return self.ballots

    def next_participant(self) -> None:
        """Move to the next participant (from the tally: the first one)."""
        index = self.who.currentIndex() + 1
        if index >= self.who.count():
            index = 1 if self.who.count() > 1 else 0
        self.who.setCurrentIndex(index)

    def _on_key(self, option: int) -> None:
        row = self.selected_row()
        if row < 0:
            row = 0
        if self.participant is ROOM:
            self.tally(row, option, 1)
        else:
            self.choose(row, option)
        self.table.selectRow(min(row + 1, len(self.statements) - 1))

    def action_from_selected(self) -> None:
        row = self.selected_row()
        if row < 0:
            self.session.error_raised.emit("Select a statement to make it an action item.")
            return
        self.action_from_statement(row)

    def action_from_statement(self, row: int) -> None:
        """An action item for a statement, with the room's answers as the reason.

        A statement is not an item of its own (only the answers are), so this adds the action
        directly rather than through ``action_from_item``.
        """
        ws = self.session.workshop
        step = ws.step(self.step_id)
        result = poll_results(ws.doc.items, step)[row]
        tally = ", ".join(f"{name} {count}" for name, count in zip(self.scale, result.counts, strict=True))
        why = f"From “{step.title}”: {self.statements[row]} ({tally})"
        self.session.do(lambda: ws.add_action(self.statements[row][:300], why=why, step=self.step_id))

    def _on_context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        row = index.row()
        self.table.selectRow(row)
        menu = QMenu(self)
        menu.addAction("Make action item", lambda: self.action_from_statement(row))
        menu.exec(self.table.viewport().mapToGlobal(pos))
