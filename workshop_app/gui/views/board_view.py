"""The facilitator's board: add notes under each prompt, edit, move, cluster, dot-vote, make actions.

Each prompt is a tab holding a tree: clusters at the top level with their notes inside, loose notes
beside them. Dropping a note on a cluster puts it there, on another note makes a new cluster of the
two, on empty space takes it out. Every change is one core operation on the shared undo stack.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QDropEvent, QIcon, QKeyEvent, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.model import Item
from workshop_app.core.workshop import Change
from workshop_app.gui.session import Session

ROLE_ID = Qt.ItemDataRole.UserRole
ROOM = "room"  # the scribe entering votes the room calls out


def swatch(colour: str) -> QIcon:
    pix = QPixmap(12, 12)
    pix.fill(QColor(colour or "#d0d5dd"))
    return QIcon(pix)


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
        QTimer.singleShot(0, lambda: self.board.drop_notes(moved, target_id))


class BoardView(QWidget):
    """The board exercise for the facilitator: one tab per prompt, an entry row, voting controls."""

    def __init__(self, session: Session, step_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.step_id = step_id
        step = session.workshop.step(step_id)
        assert step.exercise and step.exercise.board
        self.prompts = step.exercise.board.prompts

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.trees = [NoteTree(self, col) for col in range(len(self.prompts))]
        for col, tree in enumerate(self.trees):
            self.tabs.addTab(tree, "")
            self.tabs.setTabToolTip(col, self.prompts[col])
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.prompt_label = QLabel()
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setObjectName("stepPrompt")

        self.author = QComboBox()
        self.author.setToolTip("Who wrote the note")
        self.entry = NoteEntry()
        self.entry.setPlaceholderText("Type a note and press Enter")
        self.entry.setClearButtonEnabled(True)
        self.entry.returnPressed.connect(self.add_note_from_entry)
        add = QPushButton("Add note")
        add.clicked.connect(self.add_note_from_entry)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.author)
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(add)

        self.voter = QComboBox()
        self.voter.setToolTip("Whose vote the buttons add: a participant, or the room as its scribe")
        vote = QPushButton("+1 vote")
        vote.setToolTip("Add a vote to the selected note (V)")
        vote.clicked.connect(lambda: self.vote_selected(1))
        unvote = QPushButton("−1 vote")
        unvote.clicked.connect(lambda: self.vote_selected(-1))
        self.sort_by_votes = QPushButton("Sort by votes")
        self.sort_by_votes.setCheckable(True)
        self.sort_by_votes.toggled.connect(lambda _on: self.refresh())
        cluster = QPushButton("Cluster selected")
        cluster.setToolTip("Group the selected notes under a new name (or drag a note onto another)")
        cluster.clicked.connect(self.cluster_selected)
        action = QPushButton("Make action item")
        action.clicked.connect(self.action_from_selected)
        vote_row = QHBoxLayout()
        vote_row.addWidget(QLabel("Votes by"))
        vote_row.addWidget(self.voter)
        vote_row.addWidget(vote)
        vote_row.addWidget(unvote)
        vote_row.addWidget(self.sort_by_votes)
        vote_row.addStretch(1)
        vote_row.addWidget(cluster)
        vote_row.addWidget(action)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.prompt_label)
        layout.addLayout(entry_row)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(vote_row)

        # The entry field takes printable keys and Delete first, so these only act on the notes.
        for key, handler in (
            (QKeySequence.StandardKey.Delete, self.delete_selected),
            ("V", lambda: self.vote_selected(1)),
            ("F2", lambda: self.edit_item(self._selected_ids()[0]) if self._selected_ids() else None),
        ):
            shortcut = QShortcut(QKeySequence(key), self, activated=handler)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._fill_people()
        self.session.changed.connect(self._on_changed)
        self.refresh()

    # -- state ----------------------------------------------------------------------------------
    @property
    def column(self) -> int:
        return max(self.tabs.currentIndex(), 0)

    def _fill_people(self) -> None:
        ws = self.session.workshop
        step = ws.step(self.step_id)
        self.author.clear()
        self.author.addItem("Anonymous", None)
        if not step.anonymous:
            for p in ws.participants:
                self.author.addItem(swatch(p.colour), p.name, p.id)
        current = self.voter.currentData()
        self.voter.clear()
        self.voter.addItem("The room (scribe)", ROOM)
        for p in ws.participants:
            left = step.budget - ws.votes_used(self.step_id, p.id)
            self.voter.addItem(f"{p.name} ({left} left)", p.id)
        index = self.voter.findData(current)
        self.voter.setCurrentIndex(max(index, 0))

    def _on_changed(self, change: Change) -> None:
        if change.what == "participants" or change.what == "steps":
            self._fill_people()
        if change.what in ("items", "steps"):
            self.refresh()
            self._fill_people()

    def _on_tab_changed(self, index: int) -> None:
        if 0 <= index < len(self.prompts):
            self.prompt_label.setText(self.prompts[index])
        self.refresh()

    def _selected_ids(self) -> list[str]:
        tree = self.trees[self.column]
        return [i.data(0, ROLE_ID) for i in tree.selectedItems()]

    # -- showing --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the visible prompt's tree and every tab's count from the core."""
        ws = self.session.workshop
        items = ws.items(self.step_id)
        notes = [i for i in items if i.kind == "note"]
        for col, prompt in enumerate(self.prompts):
            count = sum(1 for n in notes if n.column == col)
            short = prompt if len(prompt) <= 28 else prompt[:26] + "…"
            self.tabs.setTabText(col, f"{col + 1}. {short} ({count})")
        self.prompt_label.setText(self.prompts[self.column])
        tree = self.trees[self.column]
        selected = set(self._selected_ids())
        tree.clear()
        by_votes = self.sort_by_votes.isChecked()
        clusters = [i for i in items if i.kind == "cluster" and i.column == self.column]
        members: dict[str | None, list[Item]] = {}
        for note in notes:
            if note.column == self.column:
                members.setdefault(note.cluster if note.cluster in {c.id for c in clusters} else None, []).append(note)
        if by_votes:
            for group in members.values():
                group.sort(key=lambda n: -n.vote_total)
            clusters.sort(key=lambda c: -sum(n.vote_total for n in members.get(c.id, [])))
        for cluster in clusters:
            inside = members.get(cluster.id, [])
            votes = sum(n.vote_total for n in inside)
            node = QTreeWidgetItem([f"{cluster.text}  ({len(inside)} notes)", "", str(votes)])
            node.setData(0, ROLE_ID, cluster.id)
            font = node.font(0)
            font.setBold(True)
            node.setFont(0, font)
            node.setFlags(node.flags() | Qt.ItemFlag.ItemIsDropEnabled)
            tree.addTopLevelItem(node)
            for note in inside:
                node.addChild(self._note_row(note))
            node.setExpanded(True)
            node.setSelected(cluster.id in selected)
        for note in members.get(None, []):
            tree.addTopLevelItem(self._note_row(note))
        for i in range(tree.topLevelItemCount()):
            top = tree.topLevelItem(i)
            if top.data(0, ROLE_ID) in selected:
                top.setSelected(True)
            for j in range(top.childCount()):
                if top.child(j).data(0, ROLE_ID) in selected:
                    top.child(j).setSelected(True)

    def _note_row(self, note: Item) -> QTreeWidgetItem:
        ws = self.session.workshop
        person = ws.participant(note.author)
        row = QTreeWidgetItem([note.text, person.name if person else "Anonymous", str(note.vote_total or "")])
        row.setData(0, ROLE_ID, note.id)
        row.setIcon(0, swatch(person.colour if person else ""))
        row.setToolTip(0, note.text)
        if note.hidden:
            row.setForeground(0, QBrush(QColor("#98a2b3")))
            row.setText(1, f"{row.text(1)} · hidden from the room")
        return row

    # -- changing -------------------------------------------------------------------------------
    def add_note_from_entry(self) -> None:
        text = self.entry.text()
        if not text.strip():
            return
        author = self.author.currentData()
        if self.session.do(lambda: self.session.workshop.add_note(self.step_id, text, self.column, author)):
            self.entry.clear()

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

    def vote_selected(self, delta: int) -> None:
        voter = self.voter.currentData() or ROOM
        ws = self.session.workshop
        for item_id in self._selected_ids():
            if ws.has_item(item_id) and ws.item(item_id).kind == "note":
                if not self.session.do(lambda i=item_id: ws.vote(i, voter, delta)):
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

        def operation():  # noqa: ANN202 - one undo step: the cluster and its members
            edit = ws.add_item(self.step_id, "cluster", "Cluster notes", text=name, column=self.column)
            cluster_id = edit.rows[0][1]
            more = ws.update_items([(n, {"cluster": cluster_id}) for n in note_ids], "Cluster notes")
            edit.rows.extend(more.rows)
            return edit

        self.session.do(operation)

    def drop_notes(self, moved: list[str], target_id: str | None) -> None:
        """A drag ended: into a cluster, onto a note (a new cluster of both), or out of any cluster."""
        ws = self.session.workshop
        notes = [i for i in moved if ws.has_item(i) and ws.item(i).kind == "note" and i != target_id]
        if not notes:
            return
        target = ws.item(target_id) if target_id and ws.has_item(target_id) else None
        if target is None:
            self.session.do(lambda: ws.update_items([(n, {"cluster": None}) for n in notes], "Take out of cluster"))
        elif target.kind == "cluster":
            self.session.do(lambda: ws.update_items([(n, {"cluster": target.id}) for n in notes], "Move to cluster"))
        elif target.cluster:
            self.session.do(lambda: ws.update_items([(n, {"cluster": target.cluster}) for n in notes], "Move to cluster"))
        else:
            self._make_cluster(target.text.splitlines()[0][:60] or "Cluster", [target.id, *notes])

    def move_to_prompt(self, item_ids: list[str], column: int) -> None:
        ws = self.session.workshop
        changes = [(i, {"column": column, "cluster": None}) for i in item_ids if ws.item(i).kind == "note"]
        self.session.do(lambda: ws.update_items(changes, "Move to another prompt"))

    def action_from_selected(self) -> None:
        ids = self._selected_ids()
        if not ids:
            self.session.error_raised.emit("Select a note or cluster to make it an action item.")
            return
        self.session.do(lambda: self.session.workshop.action_from_item(ids[0]))

    def _on_context_menu(self, pos) -> None:  # noqa: ANN001
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
            move = menu.addMenu("Move to prompt")
            for col, prompt in enumerate(self.prompts):
                if col != self.column:
                    move.addAction(f"{col + 1}. {prompt[:50]}", lambda c=col: self.move_to_prompt(ids, c))
        menu.addAction("Make action item", self.action_from_selected)
        menu.addSeparator()
        menu.addAction("Delete", self.delete_selected)
        menu.exec(self.trees[self.column].viewport().mapToGlobal(pos))
