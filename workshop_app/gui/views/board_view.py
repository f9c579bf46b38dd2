"""The facilitator's board: add notes under each prompt, edit, move, cluster, dot-vote, make actions.

By default the board is cards in prompt columns, as the room sees it (``board_cards``): a card
dragged onto another column moves there, onto a cluster or one of its notes joins that cluster, onto
a loose note makes a new cluster of both; a click on a card's dot is a vote. As a second mode, each
prompt is a tab holding a tree: clusters at the top level with their notes inside, loose notes beside
them, dragged the same way within the prompt. Every user act is one core operation on the shared undo
stack.

With a thousand notes on a board, a change must not rebuild everything: the cards change only the
rows that changed; the tree changes a note added, edited, voted on, hidden or deleted in its own row
and rebuilds only the visible prompt's tree for other changes. A board that is not on screen catches
up when it is shown again.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QDropEvent,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.workshop import Change
from workshop_app.gui.accessible import named
from workshop_app.gui.action_plan_view import action_for_item
from workshop_app.gui.actions import KeySpec, install_keys
from workshop_app.gui.plain import plain_tip
from workshop_app.gui.read_only import mark_safe
from workshop_app.gui.session import Session
from workshop_app.gui.views.board_cards import CARD_KEYS, CardBoard, PromptHeading, column_rows
from workshop_app.gui.vote_grid import VoteGrid
from workshop_app.model.answers import Cluster, Note, votes_of

ROLE_ID = Qt.ItemDataRole.UserRole
ROOM = "room"  # the scribe entering votes the room calls out
BOUND = (
    KeySpec("board.vote", "Vote for the selected notes", ("V",), "Board",
            "One vote each, for the voter chosen under the board"),
    KeySpec("board.edit", "Edit the selected note or cluster", ("F2",), "Board"),
    KeySpec("board.delete", "Delete the selected notes", (QKeySequence.StandardKey.Delete,), "Board",
            "Deleting a cluster keeps its notes"),
)
KEYS = (*BOUND, *CARD_KEYS)  # the cards' own keys work in their columns (``CardColumn.keyPressEvent``)


_SWATCHES: dict[str, QIcon] = {}


def swatch(colour: str) -> QIcon:
    icon = _SWATCHES.get(colour)
    if icon is None:
        pix = QPixmap(12, 12)
        pix.fill(QColor(colour or "#d0d5dd"))
        icon = _SWATCHES[colour] = QIcon(pix)
    return icon


class NoteEntry(QLineEdit):
    """The note entry. When it is empty, Undo and Redo go to the workshop, not to the field."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and not self.text()
            and isinstance(event, QKeyEvent)
            and (event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo))
        ):
            return False  # left unaccepted, the key reaches the window's Undo/Redo actions
        return super().event(event)


class NoteTree(QTreeWidget):
    """One prompt's notes and clusters. Drops are turned into core operations, not moved by Qt."""

    def __init__(self, board: BoardView, column: int) -> None:
        super().__init__()
        self.board = board
        self.column = column
        self.setColumnCount(3)
        self.setHeaderLabels(["Note", "Author", "Votes"])
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.header().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(board._on_context_menu)
        self.itemDoubleClicked.connect(lambda item, _col: board.edit_item(item.data(0, ROLE_ID)))
        self.setIconSize(QSize(12, 12))

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        moved = [i.data(0, ROLE_ID) for i in self.selectedItems()]
        target = self.itemAt(event.position().toPoint())
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        target_id = target.data(0, ROLE_ID) if target else None
        # Defer: rebuilding the tree inside its own drop handler would delete the items Qt still holds.
        QTimer.singleShot(0, lambda: self.board.drop_cards(moved, self.column, target_id))


class BoardView(QWidget):
    """The board exercise for the facilitator: cards in prompt columns (or a tab of rows per prompt),
    an entry row, voting controls."""

    def __init__(self, session: Session, step_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.step_id = step_id
        step = session.workshop.step(step_id)
        assert step.exercise and step.exercise.board
        self.prompts = step.exercise.board.prompts
        self._column = 0  # the prompt the next note goes under

        self.cards = CardBoard(self)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.trees = [NoteTree(self, col) for col in range(len(self.prompts))]
        for col, tree in enumerate(self.trees):
            named(tree, f"Notes under prompt {col + 1}", self.prompts[col])
            self.tabs.addTab(tree, "")
            self.tabs.setTabToolTip(col, self.prompts[col])
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.modes = QStackedWidget()
        self.modes.addWidget(self.cards)
        self.modes.addWidget(self.tabs)
        # Two lines high whatever the prompt, so the board below never moves when another prompt is chosen.
        self.prompt_label = PromptHeading(self.prompts[0], 120)
        self.prompt_label.setObjectName("stepPrompt")

        self.author = named(QComboBox(), "Author of the new note")
        self.author.setToolTip("Who wrote the note")
        self.entry = NoteEntry()
        self.entry.setPlaceholderText("Type a note and press Enter")
        self.entry.setClearButtonEnabled(True)
        self.entry.returnPressed.connect(self.add_note_from_entry)
        named(self.entry, "New note")
        self.prompt_choice = named(QComboBox(), "Prompt of the new note")
        self.prompt_choice.setToolTip("The prompt the note goes under (or click a column)")
        for col, prompt in enumerate(self.prompts):
            self.prompt_choice.addItem(f"{col + 1}. {prompt}", col)
        # As wide as its longest choice would make it jump; a fixed width keeps the row in place.
        self.prompt_choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.prompt_choice.setMinimumContentsLength(16)
        self.prompt_choice.currentIndexChanged.connect(lambda k: self.set_column(max(k, 0)))
        mark_safe(self.prompt_choice)
        add = QPushButton("Add note")
        add.clicked.connect(self.add_note_from_entry)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.author)
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.prompt_choice)
        entry_row.addWidget(add)

        self.voter = named(QComboBox(), "Votes by")
        self.voter.setToolTip("Whose vote the buttons add: a participant, or the room as its scribe")
        vote = QPushButton("+1 vote")
        vote.setToolTip("Add a vote to the selected note (V)")
        vote.clicked.connect(lambda: self.vote_selected(1))
        unvote = QPushButton("−1 vote")
        unvote.clicked.connect(lambda: self.vote_selected(-1))
        self.sort_by_votes = QPushButton("Sort by votes")
        self.sort_by_votes.setCheckable(True)
        self.sort_by_votes.toggled.connect(lambda _on: self.refresh())
        mark_safe(self.sort_by_votes)
        self.as_list = QPushButton("Show as list")
        self.as_list.setCheckable(True)
        self.as_list.setToolTip("The notes as rows in a tab per prompt, or as cards in columns as the room sees them")
        self.as_list.toggled.connect(self._on_mode)
        mark_safe(self.as_list)
        self.budget = named(QSpinBox(), "Votes each")
        self.budget.setRange(0, 20)
        self.budget.setPrefix("Votes each: ")
        self.budget.setKeyboardTracking(False)  # typing "12" is one change, not a 1 first
        self.budget.setToolTip("How many dots each person has for this step")
        self.budget.setValue(step.budget)
        self.budget.valueChanged.connect(self._on_budget)
        self.votes_shown = QCheckBox("Votes on screen")
        self.votes_shown.setToolTip("Show the dot votes on the shared screen; until then the room sees the notes "
                                    "without counts, so the first dots do not steer the rest")
        self.votes_shown.setChecked(step.votes_shown)
        self.votes_shown.toggled.connect(self._on_votes_shown)
        hands = QPushButton("Count hands…")
        hands.setToolTip("A grid of people and notes to enter a show of hands in one pass")
        hands.clicked.connect(self.count_hands)
        cluster = QPushButton("Cluster selected")
        cluster.setToolTip("Group the selected notes under a new name (or drag a note onto another)")
        cluster.clicked.connect(self.cluster_selected)
        action = QPushButton("Make action item")
        action.clicked.connect(self.action_from_selected)
        vote_row = QHBoxLayout()
        votes_by = QLabel("Votes by")
        votes_by.setBuddy(self.voter)  # its label for screen readers that read labels, not names
        vote_row.addWidget(votes_by)
        vote_row.addWidget(self.voter)
        vote_row.addWidget(vote)
        vote_row.addWidget(unvote)
        vote_row.addWidget(hands)
        vote_row.addStretch(1)
        vote_row.addWidget(cluster)
        vote_row.addWidget(action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        # The step's setting and what is looked at go with the prompt; what changes answers, below.
        view_row = QHBoxLayout()
        view_row.addWidget(self.prompt_label, 1)
        view_row.addWidget(self.budget)
        view_row.addWidget(self.votes_shown)
        view_row.addWidget(self.sort_by_votes)
        view_row.addWidget(self.as_list)
        layout.addLayout(view_row)
        layout.addLayout(entry_row)
        layout.addWidget(self.modes, 1)
        layout.addLayout(vote_row)

        # The keys act on the notes, so they work while a prompt's list of notes has the keyboard.
        self.keys = install_keys(BOUND, {
            "board.delete": self.delete_selected,
            "board.vote": lambda: self.vote_selected(1),
            "board.edit": lambda: self.edit_item(self._selected_ids()[0]) if self._selected_ids() else None,
        }, [*self.trees, *self.cards.columns], Qt.ShortcutContext.WidgetShortcut)
        # The visible tree's rows by id and what updating it in place needs (see ``refresh``).
        self._rows: dict[str, QTreeWidgetItem] = {}
        self._rows_column = -1
        self._cluster_names: dict[str, str] = {}
        self._keys: dict[str, tuple[Any, ...]] = {}  # each note row's board order, (order, created)
        self._last_loose: tuple[Any, ...] | None = None
        self._step_ids: set[str] = set()
        self._stale = False  # changed while another step was on screen
        self._cards_memo: dict[str, tuple[Any, ...]] = {}  # each note's card while it stays the same
        self._fill_people()
        self.session.changed.connect(self._on_changed)
        self.refresh()

    # -- state ----------------------------------------------------------------------------------
    @property
    def column(self) -> int:
        """The prompt the next note goes under: the tab shown, or the column last clicked."""
        return self._column

    @property
    def showing_cards(self) -> bool:
        return not self.as_list.isChecked()

    def set_column(self, column: int) -> None:
        """Make ``column`` the prompt the next note goes under, on every control that shows it."""
        if not 0 <= column < len(self.prompts):
            return
        changed = column != self._column
        self._column = column
        if self.prompt_choice.currentIndex() != column:
            self.prompt_choice.setCurrentIndex(column)
        if self.tabs.currentIndex() != column:
            self.tabs.setCurrentIndex(column)  # refreshes the tree when it is shown
        self.prompt_label.set_prompt(self.prompts[column])
        if changed:
            self.cards.mark_current(column)

    def _on_mode(self, as_list: bool) -> None:
        self.modes.setCurrentIndex(1 if as_list else 0)
        self.as_list.setText("Show as cards" if as_list else "Show as list")
        self.refresh()

    def _fill_people(self) -> None:
        self._fill_authors()
        self._fill_voters()

    def _fill_authors(self) -> None:
        ws = self.session.workshop
        step = ws.step(self.step_id)
        self.author.clear()
        self.author.addItem("Anonymous", None)
        if not step.anonymous:
            for p in ws.participants:
                self.author.addItem(swatch(p.colour), p.name, p.id)

    def _fill_voters(self) -> None:
        """Each voter with the votes they have left; texts change in place while the people stay the same."""
        ws = self.session.workshop
        step = ws.step(self.step_id)
        used: dict[str, int] = {}
        for item in ws.items(self.step_id):  # one pass for everyone, not one per person
            for voter, n in votes_of(item).items():
                used[voter] = used.get(voter, 0) + n
        entries = [("The room (scribe)", ROOM)]
        entries += [(f"{p.name} ({step.budget - used.get(p.id, 0)} left)", p.id) for p in ws.participants]
        if [self.voter.itemData(i) for i in range(self.voter.count())] == [data for _, data in entries]:
            for i, (text, _) in enumerate(entries):
                if self.voter.itemText(i) != text:
                    self.voter.setItemText(i, text)
            return
        current = self.voter.currentData()
        self.voter.clear()
        for text, data in entries:
            self.voter.addItem(text, data)
        index = self.voter.findData(current)
        self.voter.setCurrentIndex(max(index, 0))

    def _on_changed(self, change: Change) -> None:
        if change.participants:
            self._fill_people()
        if self.step_id in change.steps:  # this step's settings
            self._fill_authors()
            step = self.session.workshop.step(self.step_id)
            if self.votes_shown.isChecked() != step.votes_shown:
                self.votes_shown.blockSignals(True)
                self.votes_shown.setChecked(step.votes_shown)
                self.votes_shown.blockSignals(False)
            budget = step.budget
            if self.budget.value() != budget:
                self.budget.blockSignals(True)  # shown, not a new change
                self.budget.setValue(budget)
                self.budget.blockSignals(False)
            self._fill_voters()
            self._refresh_when_shown()
        if change.answers_in(self.step_id):
            ws = self.session.workshop
            mine = [i for i in change.items if i in self._step_ids or (ws.has_item(i) and ws.item(i).step == self.step_id)]
            if self.isHidden():
                self._stale = True  # another step is on screen: catch up when this one is shown again
            elif self.showing_cards:
                self._show_cards()
            elif self.sort_by_votes.isChecked() or not self._update_rows(mine):
                self.refresh()
            self._fill_voters()

    def _refresh_when_shown(self) -> None:
        if self.isHidden():
            self._stale = True
        else:
            self.refresh()
            self._fill_voters()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        if self._stale:
            self.refresh()
            self._fill_voters()
        super().showEvent(event)

    def _on_tab_changed(self, index: int) -> None:
        if 0 <= index < len(self.prompts):
            self.set_column(index)
        if not self.showing_cards:
            self.refresh()

    def _selected_ids(self) -> list[str]:
        if self.showing_cards:
            return self.cards.selected_ids()
        tree = self.trees[self.column]
        return [i.data(0, ROLE_ID) for i in tree.selectedItems()]

    # -- showing --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Show the board again from the core: every column of cards, or the visible prompt's tree."""
        if self.showing_cards:
            self._show_cards()
            self._stale = False
            return
        self._refresh_tree()

    def _show_cards(self) -> None:
        ws = self.session.workshop
        columns = column_rows(ws, self.step_id, len(self.prompts), self.sort_by_votes.isChecked(), self._cards_memo)
        # Phones' notes in a burst: a column per turn of the event loop (the facilitator's own: at once).
        self.cards.show_rows(columns, self.session.turns if self.session.telling_deferred else None)
        self._set_counts([], [sum(r.kind == "note" for r in rows) for rows in columns])
        self._rows_column = -1  # the tree is not kept up to date meanwhile: rebuilt when shown
        self._step_ids = {r.id for rows in columns for r in rows}

    def shown_ids(self) -> list[str]:
        """The notes and clusters the board shows now, in order (the visible prompt's, as a list)."""
        if self.showing_cards:
            return [r.id for column in self.cards.columns for r in column.card_model.rows]
        tree = self.trees[self.column]
        ids = []
        for i in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(i)
            if top is not None:
                ids.append(top.data(0, ROLE_ID))
                ids += [child.data(0, ROLE_ID) for j in range(top.childCount()) if (child := top.child(j))]
        return ids

    def _refresh_tree(self) -> None:
        """Rebuild the visible prompt's tree and every tab's count from the core."""
        ws = self.session.workshop
        column = self.column
        items = ws.items(self.step_id)
        self._step_ids = {i.id for i in items}
        notes = [i for i in items if isinstance(i, Note)]
        self._set_counts(notes)
        self.prompt_label.set_prompt(self.prompts[column])
        tree = self.trees[column]
        selected = set(self._selected_ids())
        tree.clear()
        self._keys = {}
        by_votes = self.sort_by_votes.isChecked()
        clusters = [i for i in items if isinstance(i, Cluster) and i.prompt == column]
        cluster_ids = {c.id for c in clusters}
        members: dict[str | None, list[Note]] = {}
        for note in notes:
            if note.prompt == column:
                members.setdefault(note.cluster if note.cluster in cluster_ids else None, []).append(note)
        if by_votes:
            for group in members.values():
                group.sort(key=lambda n: -n.vote_total)
            clusters.sort(key=lambda c: -sum(n.vote_total for n in members.get(c.id, [])))
        rows: dict[str, QTreeWidgetItem] = {}
        tops: list[QTreeWidgetItem] = []
        for cluster in clusters:
            inside = members.get(cluster.id, [])
            node = QTreeWidgetItem(["", "", ""])
            node.setData(0, ROLE_ID, cluster.id)
            font = node.font(0)
            font.setBold(True)
            node.setFont(0, font)
            node.setFlags(node.flags() | Qt.ItemFlag.ItemIsDropEnabled)
            children = [self._note_row(note) for note in inside]
            node.addChildren(children)  # built off the tree, added in one go: one layout, not one per row
            self._label_cluster(node, cluster.text, inside)
            rows[cluster.id] = node
            rows.update((n.id, row) for n, row in zip(inside, children, strict=True))
            tops.append(node)
        loose = members.get(None, [])
        for note in loose:
            rows[note.id] = row = self._note_row(note)
            tops.append(row)
        tree.addTopLevelItems(tops)
        for node in tops[: len(clusters)]:
            node.setExpanded(True)
        for item_id in selected:
            if item_id in rows:
                rows[item_id].setSelected(True)
        # What an update needs to change this tree in place rather than rebuild it.
        self._rows = rows
        self._rows_column = column
        self._cluster_names = {c.id: c.text for c in clusters}
        self._last_loose = (loose[-1].order, loose[-1].created) if loose else None
        self._stale = False

    def _set_counts(self, notes: list[Note], counted: list[int] | None = None) -> None:
        counts = counted or [0] * len(self.prompts)
        for note in notes:
            if 0 <= note.prompt < len(counts):
                counts[note.prompt] += 1
        self.cards.show_counts(counts)
        for col, prompt in enumerate(self.prompts):
            short = prompt if len(prompt) <= 28 else prompt[:26] + "…"
            text = f"{col + 1}. {short} ({counts[col]})"
            if self.tabs.tabText(col) != text:
                self.tabs.setTabText(col, text)

    def _label_cluster(self, node: QTreeWidgetItem, name: str, inside: list[Note]) -> None:
        votes = sum(n.vote_total for n in inside)
        node.setText(0, f"{name}  ({len(inside)} notes)")
        node.setText(2, str(votes))

    def _update_rows(self, ids: list[str]) -> bool:
        """Change the visible tree in place for notes added, edited, voted on or deleted.

        Returns False, having changed nothing, when the change needs the tree rebuilt: clusters made,
        renamed or dissolved, notes moving between clusters or prompts, or placed anywhere but last.
        """
        ws = self.session.workshop
        column = self.column
        if column != self._rows_column:
            return False
        tree = self.trees[column]
        rows = self._rows
        plan: list[tuple[str, str, Note | None]] = []
        for item_id in dict.fromkeys(ids):
            row = rows.get(item_id)
            item = ws.item(item_id) if ws.has_item(item_id) else None
            if item is None:  # deleted
                if row is None:
                    continue  # it was under another prompt: only that tab's count changes
                if item_id in self._cluster_names:
                    return False  # a cluster dissolved
                plan.append(("remove", item_id, None))
                continue
            if item.step != self.step_id:
                return False
            if not isinstance(item, Note):
                if row is not None or (isinstance(item, Cluster) and item.prompt == column):
                    return False  # this prompt's clusters changed
                continue
            home = item.cluster if item.cluster in self._cluster_names else None
            if row is None:
                if item.prompt != column:
                    continue  # added under another prompt: only its tab's count changes
                key = (item.order, item.created)
                if home is not None or (self._last_loose is not None and key < self._last_loose):
                    return False
                plan.append(("append", item_id, item))
                self._last_loose = key
            else:
                parent = row.parent()
                if item.prompt != column or home != (parent.data(0, ROLE_ID) if parent is not None else None):
                    return False
                if self._keys.get(item_id) != (item.order, item.created):
                    return False
                plan.append(("update", item_id, item))
        touched: set[str] = set()
        for action, item_id, item in plan:
            if action == "remove":
                row = rows.pop(item_id)
                self._keys.pop(item_id, None)
                parent = row.parent()
                if parent is not None:
                    parent.removeChild(row)
                    touched.add(parent.data(0, ROLE_ID))
                else:
                    tree.takeTopLevelItem(tree.indexOfTopLevelItem(row))
            elif action == "append":
                assert item is not None
                rows[item_id] = row = self._note_row(item)
                tree.addTopLevelItem(row)
            else:
                assert item is not None
                row = rows[item_id]
                self._fill_note_row(row, item)
                if (parent := row.parent()) is not None:
                    touched.add(parent.data(0, ROLE_ID))
        for cluster_id in touched:
            node = rows[cluster_id]
            inside = [ws.item(child.data(0, ROLE_ID), Note) for child in map(node.child, range(node.childCount())) if child]
            self._label_cluster(node, self._cluster_names[cluster_id], inside)
        current = ws.items(self.step_id)
        self._step_ids = {i.id for i in current}
        self._set_counts([i for i in current if isinstance(i, Note)])
        return True

    def _note_row(self, note: Note) -> QTreeWidgetItem:
        row = QTreeWidgetItem(["", "", ""])
        row.setData(0, ROLE_ID, note.id)
        self._fill_note_row(row, note)
        return row

    def _fill_note_row(self, row: QTreeWidgetItem, note: Note) -> None:
        """Show ``note`` in ``row``: a new row, or one already on the tree after an edit or a vote."""
        ws = self.session.workshop
        person = ws.participant(note.author)
        row.setText(0, note.text)
        row.setText(2, str(note.vote_total or ""))
        self._keys[note.id] = (note.order, note.created)
        row.setIcon(0, swatch(person.colour if person else ""))
        row.setToolTip(0, plain_tip(note.text))
        name = person.name if person else "Anonymous"
        if note.hidden:
            row.setForeground(0, QBrush(QColor("#98a2b3")))
            row.setText(1, f"{name} · hidden from the room")
        else:
            row.setData(0, Qt.ItemDataRole.ForegroundRole, None)
            row.setText(1, name)

    # -- changing -------------------------------------------------------------------------------
    def add_note_from_entry(self) -> None:
        text = self.entry.text()
        if not text.strip():
            return
        author = self.author.currentData()
        ws = self.session.workshop
        if self.session.do(lambda: ws.add_note(self.step_id, text, self.column, author)):
            self.entry.clear()
            if self.showing_cards and ws.doc.items:
                self.cards.scroll_to(ws.doc.items[-1].id)  # the newest card in view, however long the column

    def edit_item(self, item_id: str) -> None:
        ws = self.session.workshop
        if not ws.has_item(item_id):
            return
        item = ws.item(item_id)
        title = "Rename cluster" if item.kind == "cluster" else "Edit note"
        text, ok = QInputDialog.getMultiLineText(self, title, "Text:", item.text)
        if ok and text.strip() and text != item.text:
            self.session.do(lambda: ws.update_item(item_id, title, text=text))

    def delete_selected(self) -> None:
        ids = self._selected_ids()
        if ids:
            self.session.do(lambda: self.session.workshop.delete_items(ids, "Delete"))

    def _on_budget(self, value: int) -> None:
        ws = self.session.workshop
        if value != ws.step(self.step_id).budget and not self.session.do(
                lambda: ws.update_step(self.step_id, "Change vote budget", vote_budget=value)):
            self.budget.blockSignals(True)
            self.budget.setValue(ws.step(self.step_id).budget)
            self.budget.blockSignals(False)

    def _on_votes_shown(self, shown: bool) -> None:
        ws = self.session.workshop
        if shown != ws.step(self.step_id).votes_shown and not self.session.do(
                lambda: ws.update_step(self.step_id, "Reveal votes" if shown else "Hide votes", votes_shown=shown)):
            self.votes_shown.blockSignals(True)
            self.votes_shown.setChecked(not shown)
            self.votes_shown.blockSignals(False)

    def count_hands(self) -> None:
        """The scribe's grid of people and notes for a show of hands; one undo step when recorded."""
        VoteGrid(self.session, self.step_id, self.column, self).exec()

    def vote_card(self, item_id: str) -> None:
        """A click on a card's dot: one vote for the chosen voter (a cluster's dot votes for the cluster)."""
        ws = self.session.workshop
        if ws.has_item(item_id):
            self.session.do(lambda: ws.vote(item_id, self.voter.currentData() or ROOM, 1))

    def vote_selected(self, delta: int) -> None:
        voter = self.voter.currentData() or ROOM
        ws = self.session.workshop
        for item_id in self._selected_ids():
            if ws.has_item(item_id) and ws.item(item_id).kind == "note":
                if not self.session.do(partial(ws.vote, item_id, voter, delta)):
                    break

    def cluster_selected(self) -> None:
        ws = self.session.workshop
        notes = [i for i in self._selected_ids() if ws.has_item(i) and ws.item(i).kind == "note"]
        if not notes:
            self.session.error_raised.emit("Select the notes to cluster first.")
            return
        name, ok = QInputDialog.getText(self, "New cluster", "Name of the cluster:")
        if ok and name.strip():
            self._make_cluster(name, notes)

    def _make_cluster(self, name: str, note_ids: list[str]) -> None:
        ws = self.session.workshop
        self.session.do(lambda: ws.cluster_notes(self.step_id, name, note_ids, self.column))

    def drop_notes(self, moved: list[str], target_id: str | None) -> None:
        """A drag ended on ``target_id`` (or on the visible prompt's empty space): see ``drop_cards``."""
        ws = self.session.workshop
        target = ws.item(target_id) if target_id and ws.has_item(target_id) else None
        column = target.prompt if isinstance(target, Note | Cluster) else self.column
        self.drop_cards(moved, column, target_id)

    def drop_cards(self, moved: list[str], column: int, target_id: str | None) -> None:
        """A drag ended under prompt ``column``: into a cluster (onto it or one of its notes), onto a loose
        note (a new cluster of both), or onto the column's empty space (out of any cluster, under that
        prompt). A cluster dragged to another column takes its notes along. One core change each."""
        ws = self.session.workshop
        items = [ws.item(i) for i in dict.fromkeys(moved) if i != target_id and ws.has_item(i)]
        notes = [i for i in items if isinstance(i, Note)]
        clusters = [i for i in items if isinstance(i, Cluster)]
        target = ws.item(target_id) if target_id and ws.has_item(target_id) else None
        home = target.id if isinstance(target, Cluster) else target.cluster if isinstance(target, Note) else None
        if isinstance(target, Note) and not home and notes:
            name = target.text.splitlines()[0][:60] if target.text.strip() else "Cluster"
            self.session.do(lambda: ws.cluster_notes(self.step_id, name, [target.id, *(n.id for n in notes)],
                                                     target.prompt))
            return
        changes: list[tuple[str, dict[str, Any]]] = []
        for note in notes:
            if note.cluster != home or note.prompt != column:
                changes.append((note.id, {"cluster": home, "prompt": column}))
        for cluster in clusters:
            if cluster.prompt != column:
                changes.append((cluster.id, {"prompt": column}))
                changes += [(n.id, {"prompt": column}) for n in ws.items(self.step_id, Note)
                            if n.cluster == cluster.id and n.id not in moved]
        if not changes:
            return
        if home is not None:
            label = "Move to cluster"
        elif all(n.prompt == column for n in notes) and not clusters:
            label = "Take out of cluster"
        else:
            label = f"Move to prompt {column + 1}"
        self.session.do(lambda: ws.update_items(changes, label))

    def change_author(self, item_ids: list[str], author: str | None) -> None:
        """Put the notes under another person's name (or none): one undoable change."""
        ws = self.session.workshop
        changes = [(i, {"author": author}) for i in item_ids if ws.has_item(i) and isinstance(ws.item(i), Note)
                   and ws.item(i).author != author]
        if changes:
            self.session.do(lambda: ws.update_items(changes, "Change author"))

    def move_to_prompt(self, item_ids: list[str], column: int) -> None:
        ws = self.session.workshop
        changes = [(i, {"prompt": column, "cluster": None}) for i in item_ids if ws.item(i).kind == "note"]
        self.session.do(lambda: ws.update_items(changes, "Move to another prompt"))

    def action_from_selected(self) -> None:
        ids = self._selected_ids()
        if not ids:
            self.session.error_raised.emit("Select a note or cluster to make it an action item.")
            return
        action_for_item(self.session, ids[0], self)

    def _on_context_menu(self, pos: QPoint) -> None:
        self.show_menu(self.trees[self.column].viewport().mapToGlobal(pos))

    def show_menu(self, where: QPoint) -> None:
        """The selected cards' menu, at ``where`` on the screen."""
        ids = self._selected_ids()
        if not ids:
            return
        ws = self.session.workshop
        first = ws.item(ids[0])
        menu = QMenu(self)
        menu.addAction("Edit…", lambda: self.edit_item(ids[0]))
        if first.kind == "cluster":
            menu.addAction("Dissolve cluster", lambda: self.session.do(lambda: ws.delete_items([first.id], "Dissolve cluster")))
        else:
            menu.addAction("+1 vote", lambda: self.vote_selected(1))
            menu.addAction("−1 vote", lambda: self.vote_selected(-1))
            hide = not first.hidden
            menu.addAction(
                "Hide from the room" if hide else "Show to the room",
                lambda: self.session.do(lambda: ws.update_items([(i, {"hidden": hide}) for i in ids], "Hide note")),
            )
            authors = menu.addMenu("Change author")
            authors.setEnabled(not ws.step(self.step_id).anonymous)
            for person_id, name in [(None, "Anonymous"), *((p.id, p.name) for p in ws.participants)]:
                chosen = authors.addAction(name, partial(self.change_author, ids, person_id))
                chosen.setCheckable(True)
                chosen.setChecked(first.author == person_id)
            move = menu.addMenu("Move to prompt")
            for col, prompt in enumerate(self.prompts):
                if col != self.column:
                    move.addAction(f"{col + 1}. {prompt[:50]}", partial(self.move_to_prompt, ids, col))
        menu.addAction("Make action item", self.action_from_selected)
        menu.addSeparator()
        menu.addAction("Delete", self.delete_selected)
        menu.exec(where)
