"""The action plan: every action item with its owner, due date and measure; sorted, filtered, edited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.workshop import Change, Edit
from workshop_app.gui.accessible import named
from workshop_app.gui.date_field import DateField
from workshop_app.gui.read_only import mark_safe
from workshop_app.gui.session import Session
from workshop_app.model.document import AREAS, ActionItem

COLUMNS = ["What", "Owner", "Due", "Measure of success", "Area", "Priority", "Status", "From"]
STATUSES = ["open", "in progress", "done", "dropped"]
PRIORITIES = ["high", "medium", "low"]
PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}
ID_ROLE = Qt.ItemDataRole.UserRole
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class ActionTableModel(QAbstractTableModel):
    """A table over the workshop's action items; it reads the core and holds no copy of its own."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._rows: list[ActionItem] = list(session.workshop.actions)
        session.changed.connect(self._on_changed)

    def _on_changed(self, change: Change) -> None:
        if change.actions or change.steps or change.participants:
            self.beginResetModel()
            self._rows = list(self.session.workshop.actions)
            self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def action_at(self, row: int) -> ActionItem:
        return self._rows[row]

    def _source(self, action: ActionItem) -> str:
        ws = self.session.workshop
        if action.step:
            try:
                return ws.step(action.step).title
            except KeyError:
                return ""
        return ""

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return a.id
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, Qt.ItemDataRole.ToolTipRole):
            values: list[Any] = [
                a.what, a.owner, a.due.isoformat() if a.due else "", a.measure, a.area or "", a.priority,
                a.status, self._source(a),
            ]
            if role == SORT_ROLE:
                if col == 2:
                    return a.due.isoformat() if a.due else "9999"
                if col == 5:
                    return PRIORITY_RANK[a.priority]
            if role == Qt.ItemDataRole.ToolTipRole:
                return a.why or None
            return values[col]
        return None


class ActionFilter(QSortFilterProxyModel):
    """Filters by text, owner and status; sorts dates and priorities by meaning, not spelling."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.owner = ""
        self.status = ""
        self.hide_closed = False
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter(self, **values: Any) -> None:
        self.beginFilterChange()
        for key, value in values.items():
            setattr(self, key, value)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, ActionTableModel)
        a = model.action_at(row)
        if self.owner and a.owner != self.owner:
            return False
        if self.status and a.status != self.status:
            return False
        if self.hide_closed and a.status in ("done", "dropped"):
            return False
        if self.text:
            haystack = " ".join((a.what, a.why, a.owner, a.measure, a.area or "")).casefold()
            return self.text.casefold() in haystack
        return True


class ActionDialog(QDialog):
    """Edit one action item: every field of the plan."""

    def __init__(self, session: Session, action: ActionItem | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Action item" if action is None else "Edit action item")
        ws = session.workshop
        self.what = QLineEdit(action.what if action else "")
        self.what.setMaxLength(2000)
        self.why = QPlainTextEdit(action.why if action else "")
        self.why.setMaximumHeight(70)
        self.owner = named(QComboBox(), "Owner")
        self.owner.setEditable(True)
        if (typed := self.owner.lineEdit()) is not None:
            named(typed, "Owner")
        self.owner.addItem("")
        for p in ws.participants:
            self.owner.addItem(p.name, p.id)
        self.owner.setCurrentText(action.owner if action else "")
        # Typed or picked; empty means no due date. A new action starts a month out.
        first = action.due if action else dt.date.today() + dt.timedelta(days=30)
        self.due = DateField(first, optional=True, name="Due date")
        self.measure = QLineEdit(action.measure if action else "")
        self.measure.setPlaceholderText("The KPI or sign that will show it worked")
        self.area = named(QComboBox(), "Area")
        self.area.addItem("")
        self.area.addItems(list(AREAS))
        self.area.setCurrentText(action.area or "" if action else "")
        self.priority = named(QComboBox(), "Priority")
        self.priority.addItems(PRIORITIES)
        self.priority.setCurrentText(action.priority if action else "medium")
        self.status = named(QComboBox(), "Status")
        self.status.addItems(STATUSES)
        self.status.setCurrentText(action.status if action else "open")
        form = QFormLayout()
        form.addRow("&What", self.what)
        form.addRow("W&hy", self.why)
        form.addRow("&Owner", self.owner)
        form.addRow("&Due", self.due)
        form.addRow("&Measure", self.measure)
        form.addRow("&Area", self.area)
        form.addRow("&Priority", self.priority)
        form.addRow("&Status", self.status)
        self.error = QLabel()
        self.error.setObjectName("banner")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self._ws = ws

    def values(self) -> dict[str, Any]:
        owner = self.owner.currentText().strip()
        person = next((p for p in self._ws.participants if p.name == owner), None)
        return {
            "what": self.what.text().strip(),
            "why": self.why.toPlainText(),
            "owner": owner,
            "owner_id": person.id if person else None,
            "due": self.due.date(),
            "measure": self.measure.text(),
            "area": self.area.currentText() or None,
            "priority": self.priority.currentText(),
            "status": self.status.currentText(),
        }

    def _on_accept(self) -> None:
        self.due.take_typed()
        if not self.what.text().strip():
            self.error.setText("Say what the action is.")
            self.error.show()
            return
        if not self.due.valid():
            self.error.setText("The due date is not one this field understands: type it like 12 March 2026, "
                               "pick it, or leave it empty.")
            self.error.show()
            return
        self.accept()


def edit_action(session: Session, action_id: str, parent: QWidget | None = None) -> bool:
    """Open an action item's dialog; what is changed there is one undoable change."""
    dialog = ActionDialog(session, session.workshop.action(action_id), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    return session.do(lambda: session.workshop.update_action(action_id, **dialog.values()))


def action_for_item(session: Session, item_id: str, parent: QWidget | None = None,
                    make: Callable[[], Edit] | None = None) -> bool:
    """"Make action item" on an answer: a new action linked to it, or, when it has one already, that
    action opened instead of a duplicate made. ``make`` words a new action (by default from the answer)."""
    linked = session.workshop.linked_actions(item_id)
    if linked:
        return edit_action(session, linked[0].id, parent)
    return session.do(make or (lambda: session.workshop.action_from_item(item_id)))


class ActionPlanView(QWidget):
    """The plan as a table, with filters, editing, and exports at hand."""

    export_requested = Signal(str)  # "pdf", "csv", "handouts"...

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = ActionTableModel(session, self)
        self.proxy = ActionFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = named(QTableView(), "Action items")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 125), (2, 85), (3, 190), (4, 140), (5, 65), (6, 80), (7, 130)):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())

        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter actions")
        self.search.setClearButtonEnabled(True)
        named(self.search, "Filter actions")
        self.search.textChanged.connect(lambda t: self.proxy.set_filter(text=t))
        self.owner_filter = named(QComboBox(), "Show the actions of")
        self.owner_filter.currentTextChanged.connect(
            lambda t: self.proxy.set_filter(owner="" if t == "Every owner" else t))
        self.status_filter = named(QComboBox(), "Show the actions with status")
        self.status_filter.addItems(["Every status", *STATUSES])
        self.status_filter.currentTextChanged.connect(
            lambda t: self.proxy.set_filter(status="" if t == "Every status" else t))
        filters = QHBoxLayout()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.owner_filter, 1)
        filters.addWidget(self.status_filter, 1)

        buttons = QHBoxLayout()
        for text, slot in (
            ("Add action…", self.add_action),
            ("Edit…", self.edit_selected),
            ("Mark done", lambda: self.set_status("done")),
            ("Delete", self.delete_selected),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        mark_safe(self.search, self.owner_filter, self.status_filter)  # filters and exports change nothing
        for text, kind in (("Export PDF…", "pdf"), ("Handouts…", "handouts"), ("CSV…", "csv")):
            b = QPushButton(text)
            mark_safe(b)
            b.clicked.connect(lambda _c=False, k=kind: self.export_requested.emit(k))
            buttons.addWidget(b)
        self.count = QLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addLayout(buttons)
        session.changed.connect(self._on_changed)
        self._refresh_owners()

    def _on_changed(self, change: Change) -> None:
        if change.actions or change.participants:
            self._refresh_owners()

    def _refresh_owners(self) -> None:
        current = self.owner_filter.currentText()
        owners = sorted({a.owner for a in self.session.workshop.actions if a.owner})
        self.owner_filter.blockSignals(True)
        self.owner_filter.clear()
        self.owner_filter.addItems(["Every owner", *owners])
        self.owner_filter.setCurrentText(current if current in owners else "Every owner")
        self.owner_filter.blockSignals(False)
        actions = self.session.workshop.actions
        done = sum(1 for a in actions if a.status == "done")
        self.count.setText(f"{len(actions)} actions, {done} done")

    def selected_ids(self) -> list[str]:
        rows = {i.row() for i in self.table.selectionModel().selectedRows()}
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in sorted(rows)]

    def add_action(self) -> None:
        dialog = ActionDialog(self.session, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            values = dialog.values()
            what = values.pop("what")
            self.session.do(lambda: self.session.workshop.add_action(what, **values))

    def edit_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        edit_action(self.session, ids[0], self)

    def set_status(self, status: str) -> None:
        for action_id in self.selected_ids():
            self.session.do(partial(self.session.workshop.update_action, action_id, status=status))

    def delete_selected(self) -> None:
        for action_id in self.selected_ids():
            self.session.do(partial(self.session.workshop.delete_action, action_id))

