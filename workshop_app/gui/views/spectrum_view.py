"""The facilitator's spectrum: the room's items (KPIs) placed in labelled categories, each with a change.

Each item is a ``spectrum`` item: ``text`` its name, ``column`` its category, ``order`` its place in
the category's list, ``detail`` the proposed change. Items move between categories by drag and drop,
by Ctrl+Left / Ctrl+Right, or with the category box of the editor below the columns; every move and
edit is one core operation on the shared undo stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QByteArray, QMimeData, QPoint, Qt, QTimer
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.workshop import Change
from workshop_app.gui.accessible import named
from workshop_app.gui.action_plan_view import action_for_item
from workshop_app.gui.actions import KeySpec, install_keys
from workshop_app.gui.plain import button_text, plain_label, plain_tip
from workshop_app.gui.session import Session
from workshop_app.model.answers import SpectrumItem

ROLE_ID = Qt.ItemDataRole.UserRole
MIME_IDS = "application/x-workshop-item-ids"
KEYS = (
    KeySpec("spectrum.left", "Move the selection one category left", ("Ctrl+Left",), "Spectrum"),
    KeySpec("spectrum.right", "Move the selection one category right", ("Ctrl+Right",), "Spectrum"),
    KeySpec("spectrum.edit", "Rename the selected item", ("F2",), "Spectrum",
            "The keyboard goes to the item's name under the columns"),
    KeySpec("spectrum.delete", "Delete the selected items", (QKeySequence.StandardKey.Delete,), "Spectrum"),
)
# The axis runs from a muted red through a pale amber to a muted green.
AXIS = (QColor("#fda29b"), QColor("#fedf89"), QColor("#75e0a7"))
CARDS = """
QListWidget { background: #f2f4f7; border: none; }
QListWidget::item { background: white; color: #101828; border: 1px solid #d0d5dd; border-radius: 4px;
                    padding: 4px; margin: 1px 2px; }
QListWidget::item:selected { background: #dbeafe; border: 1px solid #1d4ed8; }
"""


def category_colour(index: int, count: int) -> str:
    """The header colour of a category: where it sits on the axis."""
    t = index / max(count - 1, 1) * 2
    a, b = (AXIS[0], AXIS[1]) if t <= 1 else (AXIS[1], AXIS[2])
    t = t if t <= 1 else t - 1
    mix = [x + (y - x) * t for x, y in zip((a.redF(), a.greenF(), a.blueF()), (b.redF(), b.greenF(), b.blueF()), strict=True)]
    return QColor.fromRgbF(*mix).name()





class CategoryList(QListWidget):
    """One category's items. A drop is turned into a core move, not carried out by Qt."""

    def __init__(self, view: SpectrumView, column: int) -> None:
        super().__init__()
        self.view = view
        self.column = column
        self.setWordWrap(True)
        self.setStyleSheet(CARDS)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(lambda pos: view._on_context_menu(self, pos))
        self.itemSelectionChanged.connect(lambda: view._on_selection(self))
        self.itemDoubleClicked.connect(lambda _item: view.change_edit.setFocus())

    def selected_ids(self) -> list[str]:
        return [i.data(ROLE_ID) for i in self.selectedItems()]

    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [MIME_IDS]

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:  # noqa: N802 - Qt override
        data = QMimeData()
        data.setData(MIME_IDS, QByteArray("\n".join(i.data(ROLE_ID) for i in items).encode()))
        return data

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(MIME_IDS):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt override
        if event.mimeData().hasFormat(MIME_IDS):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def drop_row(self, pos: QPoint) -> int:
        """The row a drop at ``pos`` lands before (the count: at the end)."""
        item = self.itemAt(pos)
        if item is None:
            return self.count()
        row = self.row(item)
        return row + 1 if pos.y() > self.visualItemRect(item).center().y() else row

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        if not event.mimeData().hasFormat(MIME_IDS):
            event.ignore()
            return
        ids = bytes(event.mimeData().data(MIME_IDS).data()).decode().split()
        row = self.drop_row(event.position().toPoint())
        # Qt must not move the rows itself: the core decides, and the lists are rebuilt from it.
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        # Deferred: rebuilding the lists inside their own drop handler would delete items Qt holds.
        QTimer.singleShot(0, self.view, lambda: self.view.move_items(ids, self.column, row))


class SpectrumView(QWidget):
    """The spectrum exercise for the facilitator: add items, place them in categories, propose changes."""

    def __init__(self, session: Session, step_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.step_id = step_id
        step = session.workshop.step(step_id)
        assert step.exercise and step.exercise.spectrum
        spectrum = step.exercise.spectrum
        self.categories = list(spectrum.categories)
        self.item_label = spectrum.item_label
        self.change_label = spectrum.change_label
        self._item_ids: set[str] = set()
        self._editing: str | None = None  # the item shown in the editor

        self.author = named(QComboBox(), f"Who named the {self.item_label}")
        self.author.setToolTip(plain_tip(f"Who named the {self.item_label}"))
        self.entry = QLineEdit()
        self.entry.setPlaceholderText(f"Name a {self.item_label} and press Enter")
        self.entry.setClearButtonEnabled(True)
        self.entry.returnPressed.connect(self.add_from_entry)
        named(self.entry, f"New {self.item_label}")
        self.entry_category = named(QComboBox(), "Category of the new item")
        self.entry_category.addItems(self.categories)
        self.entry_category.setCurrentIndex(len(self.categories) // 2)
        self.entry_category.setToolTip("The category the new item starts in")
        add = QPushButton(button_text(f"Add {self.item_label}"))
        add.clicked.connect(self.add_from_entry)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.author)
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.entry_category)
        entry_row.addWidget(add)

        columns = QHBoxLayout()
        columns.setSpacing(6)
        self.lists: list[CategoryList] = []
        self.headers: list[QLabel] = []
        for col, name in enumerate(self.categories):
            header = plain_label(name)
            header.setAlignment(Qt.AlignmentFlag.AlignCenter)
            header.setWordWrap(True)
            header.setStyleSheet(f"background: {category_colour(col, len(self.categories))}; color: #101828;"
                                 "font-weight: 600; padding: 4px; border-radius: 3px;")
            category = named(CategoryList(self, col), f"Category: {name}")
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(header)
            box.addWidget(category, 1)
            columns.addLayout(box, 1)
            self.headers.append(header)
            self.lists.append(category)
        axis = plain_label(f"◀ {self.categories[0]}  ·  drag items between the columns, or Ctrl+←/→  ·  "
                           f"{self.categories[-1]} ▶")
        axis.setAlignment(Qt.AlignmentFlag.AlignCenter)
        axis.setStyleSheet("color: #667085;")

        self.editor = QFrame()
        self.editor.setFrameShape(QFrame.Shape.StyledPanel)
        self.name_edit = named(QLineEdit(), f"Name of the selected {self.item_label}")
        self.name_edit.editingFinished.connect(self._on_name_edited)
        self.change_edit = named(QLineEdit(), self.change_label)
        self.change_edit.setPlaceholderText(f"{self.change_label}: what should change about it?")
        self.change_edit.editingFinished.connect(self._on_change_edited)
        self.category_box = named(QComboBox(), "Category of the selected item")
        self.category_box.addItems(self.categories)
        self.category_box.activated.connect(self._on_category_chosen)
        self.left_button = named(QPushButton("◀"), "Move one category left")
        self.left_button.setToolTip("Move to the category on the left (Ctrl+Left)")
        self.left_button.clicked.connect(lambda: self.shift_selected(-1))
        self.right_button = named(QPushButton("▶"), "Move one category right")
        self.right_button.setToolTip("Move to the category on the right (Ctrl+Right)")
        self.right_button.clicked.connect(lambda: self.shift_selected(1))
        self.action_button = QPushButton("Make action item")
        self.action_button.clicked.connect(self.action_from_selected)
        self.delete_button = QPushButton("Delete")
        self.delete_button.setToolTip("Delete the selected items (Delete)")
        self.delete_button.clicked.connect(self.delete_selected)
        grid = QGridLayout(self.editor)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.addWidget(plain_label(self.item_label), 0, 0)
        grid.addWidget(self.name_edit, 0, 1)
        grid.addWidget(self.left_button, 0, 2)
        grid.addWidget(self.category_box, 0, 3)
        grid.addWidget(self.right_button, 0, 4)
        grid.addWidget(plain_label(self.change_label), 1, 0)
        grid.addWidget(self.change_edit, 1, 1)
        grid.addWidget(self.action_button, 1, 2, 1, 2)
        grid.addWidget(self.delete_button, 1, 4)
        grid.setColumnStretch(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(entry_row)
        layout.addLayout(columns, 1)
        layout.addWidget(axis)
        layout.addWidget(self.editor)

        # The keys act on the selected items, so they work while a category's list has the keyboard.
        self.keys = install_keys(KEYS, {
            "spectrum.delete": self.delete_selected,
            "spectrum.left": lambda: self.shift_selected(-1),
            "spectrum.right": lambda: self.shift_selected(1),
            "spectrum.edit": self.name_edit.setFocus,
        }, self.lists, Qt.ShortcutContext.WidgetShortcut)

        self._fill_people()
        session.changed.connect(self._on_changed)
        self.refresh()

    # -- state ----------------------------------------------------------------------------------
    def _fill_people(self) -> None:
        ws = self.session.workshop
        current = self.author.currentData()
        self.author.clear()
        self.author.addItem("Anonymous", None)
        if not ws.step(self.step_id).anonymous:
            for p in ws.participants:
                self.author.addItem(p.name, p.id)
        self.author.setCurrentIndex(max(self.author.findData(current), 0))

    def _on_changed(self, change: Change) -> None:
        if change.participants or self.step_id in change.steps:
            self._fill_people()
            self.refresh()
        elif change.answers_in(self.step_id):
            self.refresh()

    def items(self) -> list[SpectrumItem]:
        return self.session.workshop.items(self.step_id, SpectrumItem)

    def selected_ids(self) -> list[str]:
        return [i for lst in self.lists for i in lst.selected_ids()]

    # -- showing --------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Rebuild the columns from the core, keeping the selection, and update the editor."""
        ws = self.session.workshop
        items = self.items()
        self._item_ids = {i.id for i in items}
        selected = set(self.selected_ids()) & self._item_ids
        last = len(self.categories) - 1
        for col, lst in enumerate(self.lists):
            lst.blockSignals(True)
            lst.clear()
            here = [i for i in items if min(i.category, last) == col]
            for item in here:
                lst.addItem(self._row(item, ws.author_name(item.author) if item.author else ""))
                if item.id in selected:
                    lst.item(lst.count() - 1).setSelected(True)
            lst.blockSignals(False)
            self.headers[col].setText(f"{self.categories[col]} ({len(here)})")
        if self._editing not in self._item_ids:
            self._editing = next(iter(sorted(selected)), None) if selected else None
        self._load_editor()

    def _row(self, item: SpectrumItem, author: str) -> QListWidgetItem:
        text = item.text if not item.change else f"{item.text}\n→ {item.change}"
        row = QListWidgetItem(text)
        row.setData(ROLE_ID, item.id)
        tip = [item.text, f"{self.change_label}: {item.change or '—'}"]
        if author:
            tip.append(f"Added by {author}")
        row.setToolTip(plain_tip("\n".join(tip)))
        return row

    def _on_selection(self, source: CategoryList) -> None:
        # One item at a time is edited; a selection in another column replaces this one.
        if source.selectedItems():
            for lst in self.lists:
                if lst is not source and lst.selectedItems():
                    lst.blockSignals(True)
                    lst.clearSelection()
                    lst.blockSignals(False)
        ids = self.selected_ids()
        self._editing = ids[0] if ids else None
        self._load_editor()

    def _load_editor(self) -> None:
        ws = self.session.workshop
        item = ws.item(self._editing, SpectrumItem) if self._editing and ws.has_item(self._editing) else None
        for widget in (self.name_edit, self.change_edit, self.category_box, self.left_button, self.right_button,
                       self.action_button, self.delete_button):
            widget.setEnabled(item is not None)
        if item is None:
            self.name_edit.clear()
            self.change_edit.clear()
            self.name_edit.setPlaceholderText(f"Select a {self.item_label} to edit it")
            return
        # Typing in progress is not overwritten by a change that arrives from elsewhere.
        if not (self.name_edit.hasFocus() and self.name_edit.isModified()):
            self.name_edit.setText(item.text)
        if not (self.change_edit.hasFocus() and self.change_edit.isModified()):
            self.change_edit.setText(item.change)
        self.category_box.setCurrentIndex(min(item.category, len(self.categories) - 1))
        self.left_button.setEnabled(item.category > 0)
        self.right_button.setEnabled(item.category < len(self.categories) - 1)

    # -- changing -------------------------------------------------------------------------------
    def add_from_entry(self) -> None:
        text = self.entry.text()
        if not text.strip():
            return
        ws = self.session.workshop
        column = self.entry_category.currentIndex()
        author = self.author.currentData()
        new_ids: list[str] = []

        def add():  # noqa: ANN202 - keeps the new item's id to select it
            edit = ws.add_item(self.step_id, "spectrum", f"Add {self.item_label}", text=text, category=column,
                               author=author, position=0.5)
            new_ids.append(edit.rows[0][1])
            return edit

        if self.session.do(add):
            self.entry.clear()
            # Selected, so its proposed change can be typed next; the entry keeps the focus.
            self._select(new_ids, column, focus=False)

    def _on_name_edited(self) -> None:
        item_id, text = self._editing, self.name_edit.text()
        ws = self.session.workshop
        if not item_id or not ws.has_item(item_id) or text == ws.item(item_id).text:
            return
        if not text.strip():
            self.session.error_raised.emit(f"A {self.item_label} needs a name.")
            self._load_editor()
            return
        self.session.do(lambda: ws.update_item(item_id, f"Rename {self.item_label}", text=text))

    def _on_change_edited(self) -> None:
        item_id, text = self._editing, self.change_edit.text()
        ws = self.session.workshop
        if item_id and ws.has_item(item_id) and text != ws.item(item_id, SpectrumItem).change:
            self.session.do(lambda: ws.update_item(item_id, f"Edit {self.change_label.lower()}", change=text))

    def move_items(self, item_ids: list[str], column: int, row: int | None = None) -> None:
        """Move items into a category, before ``row`` of its list (None or past the end: at the end)."""
        ws = self.session.workshop
        moving = [i for i in item_ids if ws.has_item(i) and ws.item(i).step == self.step_id]
        if not moving or not 0 <= column < len(self.categories):
            return
        last = len(self.categories) - 1
        staying = [i for i in self.items() if min(i.category, last) == column and i.id not in moving]
        row = len(staying) if row is None else max(0, min(row, len(staying)))
        # Place the moved items evenly between their new neighbours.
        before = staying[row - 1].order if row > 0 else (staying[0].order - 1 if staying else 0.0)
        after = staying[row].order if row < len(staying) else before + len(moving) + 1
        step = (after - before) / (len(moving) + 1)
        changes = []
        for n, item_id in enumerate(moving):
            item = ws.item(item_id, SpectrumItem)
            changes.append((item_id, {"category": column, "order": before + step * (n + 1),
                                      "position": item.position}))
        label = f"Move to {self.categories[column]}"
        if self.session.do(lambda: ws.update_items(changes, label)):
            self._select(moving, column)

    def _select(self, item_ids: list[str], column: int, focus: bool = True) -> None:
        for other in self.lists:
            other.clearSelection()
        lst = self.lists[column]
        for n in range(lst.count()):
            if lst.item(n).data(ROLE_ID) in item_ids:
                lst.item(n).setSelected(True)
                lst.setCurrentRow(n, lst.selectionModel().SelectionFlag.NoUpdate)
        if focus:
            lst.setFocus()

    def shift_selected(self, delta: int) -> None:
        """Move the selected items one category left (-1) or right (+1)."""
        ids = self.selected_ids()
        if not ids:
            return
        ws = self.session.workshop
        column = ws.item(ids[0], SpectrumItem).category + delta
        if 0 <= column < len(self.categories):
            self.move_items(ids, column)

    def _on_category_chosen(self, column: int) -> None:
        if self._editing:
            self.move_items([self._editing], column)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            label = f"Delete {self.item_label}" if len(ids) == 1 else f"Delete {len(ids)} items"
            self.session.do(lambda: self.session.workshop.delete_items(ids, label))

    def action_from_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            self.session.error_raised.emit(f"Select a {self.item_label} to make it an action item.")
            return
        self.action_from(ids[0])

    def action_from(self, item_id: str) -> None:
        """An action item from an item: its proposed change is what to do, when there is one."""
        ws = self.session.workshop

        item = ws.item(item_id, SpectrumItem)
        what = why = None
        if item.change.strip():
            category = self.categories[min(item.category, len(self.categories) - 1)]
            step_title = ws.step(self.step_id).title
            why = (f"From “{step_title}”: {self.item_label} “{item.text}”, placed as {category}. "
                   f"{self.change_label}: {item.change}")
            what = item.change.splitlines()[0][:300]
        action_for_item(self.session, item_id, self, lambda: ws.action_from_item(item_id, what=what, why=why))

    def _on_context_menu(self, source: CategoryList, pos: QPoint) -> None:
        item = source.itemAt(pos)
        if item is None:
            return
        if not item.isSelected():
            source.clearSelection()
            item.setSelected(True)
        item_id = item.data(ROLE_ID)
        menu = QMenu(self)
        menu.addAction("Make action item", lambda: self.action_from(item_id))
        menu.addAction("Edit…", self.name_edit.setFocus)
        move = menu.addMenu("Move to")
        for col, name in enumerate(self.categories):
            if col != source.column:
                move.addAction(button_text(name), partial(self.move_items, self.selected_ids(), col))
        menu.addSeparator()
        menu.addAction("Delete", self.delete_selected)
        menu.exec(source.viewport().mapToGlobal(pos))
