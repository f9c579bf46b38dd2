"""The board as cards: one column per prompt, as the room sees it, with its clusters and loose notes.

Each prompt's column is a list view over a small model of rows (a cluster's heading, its notes, then
the loose notes) painted as cards by ``CardDelegate``: the note wrapped on its author's colour, the
author below, and a vote dot that takes a vote for the chosen voter when clicked. A change sets each
column's rows again; ``CardModel.set_rows`` turns that into the smallest model change it can (a row
changed in place, rows added at the end, rows removed) so a thousand notes are not laid out anew for
one vote.

A drag is done here rather than by Qt's drag and drop: the pressed column keeps the mouse while it is
held (Qt's implicit grab), so wherever it is released the board finds the column and card beneath it
and makes one core change of it. That keeps a multi-selection across columns whole, and lets a drag be
driven by plain mouse presses, moves and releases.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QHBoxLayout,
    QListView,
    QScrollArea,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.gui.accessible import named
from workshop_app.gui.actions import KeySpec
from workshop_app.gui.plain import plain_tip
from workshop_app.gui.read_only import is_locked
from workshop_app.gui.shared_paint import ink_for
from workshop_app.model.answers import Cluster, Note

if TYPE_CHECKING:
    from workshop_app.gui.turns import PacedTimer, Turns
    from workshop_app.gui.views.board_view import BoardView

ID_ROLE = Qt.ItemDataRole.UserRole
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
NEUTRAL = "#E4E4E4"  # a note without an author, as on the shared screen
ACCENT = "#0041A8"
COLUMN_WIDTH = 200  # the narrowest a prompt's column gets; wider when the board has room
CARD_KEYS = (
    KeySpec("board.previous_column", "The card beside, in the prompt to the left", ("Left",), "Board",
            "Up and Down move between the cards of a prompt; Shift or Ctrl with a click selects several"),
    KeySpec("board.next_column", "The card beside, in the prompt to the right", ("Right",), "Board"),
    KeySpec("board.open", "Edit the card that has the keyboard", ("Return", "Enter"), "Board"),
    KeySpec("board.cancel_drag", "Drop nothing: the card goes back", ("Esc",), "Board",
            "While a card is being dragged"),
)
CARD = {spec.id: spec for spec in CARD_KEYS}


@dataclass(frozen=True)
class CardRow:
    """One card as the console shows it: a note, or a cluster's heading."""

    id: str
    kind: str  # "note" or "cluster"
    text: str
    author: str = ""
    colour: str = ""
    votes: int = 0
    hidden: bool = False
    cluster: str | None = None  # the cluster a note is in
    last_in_cluster: bool = False
    count: int = 0  # a cluster's notes

    def spoken(self) -> str:
        """What a screen reader says for the card."""
        votes = f", {self.votes} vote{'s' if self.votes != 1 else ''}" if self.votes else ""
        if self.kind == "cluster":
            return f"Cluster {self.text}: {self.count} note{'s' if self.count != 1 else ''}{votes}"
        hidden = ", hidden from the room" if self.hidden else ""
        inside = ", in a cluster" if self.cluster else ""
        return f"{self.text}, by {self.author or 'Anonymous'}{votes}{inside}{hidden}"


def column_rows(ws: Any, step_id: str, prompts: int, by_votes: bool,
                memo: dict[str, tuple[Any, ...]] | None = None) -> list[list[CardRow]]:
    """Every prompt's cards in board order: each cluster's heading and its notes, then the loose notes.

    ``memo`` keeps each note's card from one call to the next while the note (an object the core
    replaces on every change), its author and its place stay the same: a thousand notes, one changed."""
    memo = {} if memo is None else memo
    items = ws.items(step_id)
    people = {p.id: p for p in ws.participants}
    clusters: list[list[Cluster]] = [[] for _ in range(prompts)]
    for item in items:
        if isinstance(item, Cluster) and 0 <= item.prompt < prompts:
            clusters[item.prompt].append(item)
    homes = {c.id for col in clusters for c in col}
    members: dict[str | None, list[Note]] = {}
    loose: list[list[Note]] = [[] for _ in range(prompts)]
    for item in items:
        if isinstance(item, Note):
            if item.cluster in homes:
                members.setdefault(item.cluster, []).append(item)
            else:
                loose[min(max(item.prompt, 0), prompts - 1)].append(item)

    def card(note: Note, cluster: str | None = None, last: bool = False) -> CardRow:
        person = people.get(note.author) if note.author else None
        kept = memo.get(note.id)
        if kept is not None and kept[0] is note and kept[1] is person and kept[2] == cluster and kept[3] == last:
            return kept[4]
        made = CardRow(note.id, "note", note.text, person.name if person else "", person.colour if person else "",
                       note.vote_total, note.hidden, cluster, last)
        memo[note.id] = (note, person, cluster, last, made)
        return made

    columns: list[list[CardRow]] = []
    for col in range(prompts):
        here = clusters[col]
        if by_votes:
            for group in members.values():
                group.sort(key=lambda n: -n.vote_total)
            here = sorted(here, key=lambda c: -(c.vote_total + sum(n.vote_total for n in members.get(c.id, []))))
            loose[col].sort(key=lambda n: -n.vote_total)
        rows: list[CardRow] = []
        for cluster in here:
            inside = members.get(cluster.id, [])
            total = cluster.vote_total + sum(n.vote_total for n in inside)
            rows.append(CardRow(cluster.id, "cluster", cluster.text, votes=total, count=len(inside),
                                last_in_cluster=not inside))
            rows += [card(n, cluster.id, k == len(inside) - 1) for k, n in enumerate(inside)]
        rows += [card(n) for n in loose[col]]
        columns.append(rows)
    return columns


class CardModel(QAbstractListModel):
    """One prompt's cards, changed by the smallest step that turns the old rows into the new."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[CardRow] = []
        self.index_of: dict[str, int] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.text
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.spoken()
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tip(row.text)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def set_rows(self, rows: list[CardRow]) -> None:
        """Show ``rows``: in place when the same cards changed, by insertion or removal when cards came
        or went, and by a reset only when the order changed."""
        old = self.rows
        if rows == old:
            return
        old_ids = [r.id for r in old]
        new_ids = [r.id for r in rows]
        if old_ids == new_ids:
            resized = False
            for k, (a, b) in enumerate(zip(old, rows, strict=True)):
                if a != b:
                    self.rows[k] = b
                    resized |= (a.text, a.hidden, a.author) != (b.text, b.hidden, b.author)
                    self.dataChanged.emit(self.index(k), self.index(k))
            if resized:  # a list view lays out again only when told that sizes changed
                self.layoutAboutToBeChanged.emit()
                self.layoutChanged.emit()
            return
        if len(new_ids) > len(old_ids) and new_ids[: len(old_ids)] == old_ids and rows[: len(old)] == old:
            self.beginInsertRows(QModelIndex(), len(old), len(rows) - 1)
            self.rows = list(rows)
            self._index()
            self.endInsertRows()
            return
        kept = set(new_ids)
        if len(new_ids) < len(old_ids) and [r for r in old if r.id in kept] == rows:
            for k in range(len(old) - 1, -1, -1):
                if old[k].id not in kept:
                    self.beginRemoveRows(QModelIndex(), k, k)
                    del self.rows[k]
                    self.endRemoveRows()
            self._index()
            return
        self.beginResetModel()
        self.rows = list(rows)
        self._index()
        self.endResetModel()

    def _index(self) -> None:
        self.index_of = {r.id: k for k, r in enumerate(self.rows)}


def wrapped(text: str, font: QFont, width: float, max_lines: int = 0, first: float = 0) -> tuple[QTextLayout, float]:
    """``text`` laid out in lines ``width`` wide (the first ``first`` wide, when given), broken between
    words and inside a word too long for a line; with ``max_lines``, the last line kept ends in "…" when
    more is left. Returns (layout, height)."""
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    shown = text.replace("\r\n", "\n").replace("\n", "\u2028")  # a line break Qt's layout keeps
    for attempt in range(2):
        layout = QTextLayout(shown, font)
        layout.setTextOption(option)
        layout.beginLayout()
        y = 0.0
        lines = 0
        cut = False
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            if max_lines and lines == max_lines:
                cut = True
                break
            line.setLineWidth(first if first and not lines else width)
            line.setPosition(QPointF(0, y))
            y += line.height()
            lines += 1
        layout.endLayout()
        if not cut or attempt:
            return layout, y
        last = layout.lineAt(max_lines - 1)
        head = shown[: last.textStart()]
        tail = QFontMetrics(font).elidedText(shown[last.textStart():].replace("\u2028", " "),
                                             Qt.TextElideMode.ElideRight, int(width))
        shown = head + tail
    return layout, y


class PromptHeading(QWidget):
    """A prompt's heading above its column: two lines at most, the same height whatever the prompt, so
    the cards below never move; the whole prompt in its tooltip."""

    def __init__(self, prompt: str, width: int = COLUMN_WIDTH) -> None:
        super().__init__()
        self.text = ""
        self.count = ""
        self.current = False
        self.set_prompt(prompt)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 6)
        self.setMinimumWidth(width)

    def set_prompt(self, prompt: str) -> None:
        """Show another prompt (the board's line above the columns follows the prompt taking notes)."""
        if prompt != self.text:
            self.text = prompt
            self.setToolTip(plain_tip(prompt))
            self.setAccessibleName(prompt)
            self.update()

    def set(self, count: str, current: bool) -> None:
        """Show how many notes the prompt holds (at the right of the first line), and whether it is the
        prompt the next note goes under."""
        if (count, current) != (self.count, self.current):
            self.count, self.current = count, current
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        font = QFont(self.font())
        font.setBold(self.current)
        count_w = QFontMetrics(font).horizontalAdvance(self.count) + 8
        layout, _h = wrapped(self.text, font, self.width() - 4, 2, self.width() - 4 - count_w)
        painter = QPainter(self)
        painter.setPen(QColor(ACCENT) if self.current else self.palette().color(QPalette.ColorRole.WindowText))
        layout.draw(painter, QPointF(2, 2))
        painter.setFont(font)
        painter.drawText(QRect(0, 2, self.width() - 2, self.fontMetrics().lineSpacing()),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), self.count)
        painter.end()


class CardDelegate(QStyledItemDelegate):
    """Paints a row as a card, and knows where its vote dot is."""

    PAD = 8
    GAP = 6
    INDENT = 14  # a cluster's notes sit inside its frame
    DOT = 24

    def __init__(self, view: CardColumn) -> None:
        super().__init__(view)
        self.view = view
        self.font = QFont(view.font())
        self.small = QFont(view.font())
        self.small.setPointSizeF(max(self.font.pointSizeF() * 0.85, 7.0))
        self.bold = QFont(view.font())
        self.bold.setBold(True)
        self._layouts: dict[tuple[Any, ...], tuple[QTextLayout, float]] = {}
        self._sizes: dict[tuple[Any, ...], QSize] = {}  # asked for every card at every layout of the column
        self._foot = max(QFontMetrics(self.small).lineSpacing(), self.DOT - 4)
        self._width = -1

    def card_rect(self, rect: QRect, row: CardRow) -> QRect:
        """The card inside its row: the gap below, and indented when the note is in a cluster."""
        left = self.INDENT if row.cluster else 0
        return QRect(rect.left() + left + 2, rect.top() + 2, rect.width() - left - 4, rect.height() - self.GAP - 2)

    def dot_rect(self, rect: QRect, row: CardRow) -> QRect:
        """The vote dot at the card's lower right."""
        card = self.card_rect(rect, row)
        return QRect(card.right() - self.PAD - self.DOT + 2, card.bottom() - self.PAD - self.DOT + 2,
                     self.DOT, self.DOT)

    def _text_width(self, row: CardRow) -> int:
        width = self.view.viewport().width() - 4 - (self.INDENT if row.cluster else 0) - 2 * self.PAD
        return max(width, 40)

    def _text(self, row: CardRow) -> tuple[QTextLayout, float]:
        """The card's text laid out for the column's width, made once per text and width."""
        width = self.view.viewport().width()
        if width != self._width:
            self._layouts.clear()
            self._sizes.clear()
            self._width = width
        key = (row.id, row.kind, row.text, bool(row.cluster))
        found = self._layouts.get(key)
        if found is None:
            font = self.bold if row.kind == "cluster" else self.font
            text_w = self._text_width(row) - (self.DOT + self.PAD if row.kind == "cluster" else 0)
            found = self._layouts[key] = wrapped(row.text, font, text_w)
        return found

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        row: CardRow = index.data(ROW_ROLE)
        key = (row.id, row.kind, row.text, bool(row.cluster))
        size = self._sizes.get(key) if self.view.viewport().width() == self._width else None
        if size is None:
            _layout, text_h = self._text(row)
            size = self._sizes[key] = QSize(self._width, int(2 * self.PAD + text_h + 0.999) + 4 + self._foot + self.GAP + 4)
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        row: CardRow = index.data(ROW_ROLE)
        rect = QRect(option.rect)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        focused = bool(state & QStyle.StateFlag.State_HasFocus)
        palette: QPalette = option.palette
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if row.cluster or row.kind == "cluster":
            # The cluster's frame runs down the left of its notes, so a group reads as one.
            top = rect.top() + (self.PAD if row.kind == "cluster" else 0)
            bottom = rect.bottom() - (self.GAP if row.last_in_cluster else -1)
            painter.fillRect(QRect(rect.left() + 4, top, 4, bottom - top), QColor(ACCENT))
        card = self.card_rect(rect, row)
        if row.kind == "cluster":
            fill, ink = QColor("#EDEDED"), QColor("#000000")
            border = QPen(QColor(ACCENT), 2)
        else:
            fill = QColor(row.colour or NEUTRAL)
            ink = QColor(ink_for(row.colour or NEUTRAL))
            border = QPen(QColor("#000000"), 1)
            if row.hidden:
                fill = fill.lighter(115)
                border = QPen(QColor("#667085"), 1, Qt.PenStyle.DashLine)
        if selected:
            border = QPen(palette.color(QPalette.ColorRole.Highlight), 3)
        if self.view.drop_row == index.row():
            border = QPen(QColor(ACCENT), 3, Qt.PenStyle.DashLine)
        painter.setPen(border)
        painter.setBrush(fill)
        painter.drawRoundedRect(card.adjusted(1, 1, -1, -1), 5, 5)
        inner = card.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        painter.setPen(ink if not row.hidden else QColor("#475467"))
        self._text(row)[0].draw(painter, QPointF(inner.topLeft()))
        dot = self.dot_rect(rect, row)
        painter.setFont(self.small)
        if row.kind == "cluster":
            caption = f"{row.count} note{'s' if row.count != 1 else ''}"
        else:
            caption = (row.author or "Anonymous") + (" · hidden from the room" if row.hidden else "")
        foot = QRect(inner.left(), dot.top(), dot.left() - inner.left() - 4, dot.height())
        painter.drawText(foot, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         QFontMetrics(self.small).elidedText(caption, Qt.TextElideMode.ElideRight, foot.width()))
        # The vote dot: filled once the card has votes; a cluster's shows its notes' sum.
        painter.setPen(QPen(QColor(ACCENT), 2))
        painter.setBrush(QColor(ACCENT) if row.votes else QColor("#FFFFFF"))
        painter.drawEllipse(dot.adjusted(1, 1, -1, -1))
        painter.setPen(QColor("#FFFFFF") if row.votes else QColor(ACCENT))
        painter.setFont(self.bold if row.votes else self.small)
        painter.drawText(dot, int(Qt.AlignmentFlag.AlignCenter), str(row.votes) if row.votes else "+")
        if focused and not selected:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(card.adjusted(-1, -1, 1, 1), 6, 6)
        painter.restore()


class CardColumn(QListView):
    """One prompt's cards. Presses, moves and releases become votes, selections and drags of the board."""

    def __init__(self, cards: CardBoard, column: int) -> None:
        super().__init__()
        self.cards = cards
        self.column = column
        self.drop_row = -2  # the row a drag is over; -1: the column's empty space; -2: none
        self.card_model = CardModel()
        self.setModel(self.card_model)
        self.delegate = CardDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)  # the same width with or without
        self.setResizeMode(QListView.ResizeMode.Adjust)
        # Laid out a few cards per turn of the event loop: a burst of notes into every column at once
        # then never lays out a thousand cards in one go.
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(40)
        self.setMouseTracking(False)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(COLUMN_WIDTH)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._press: tuple[QPoint, QPersistentModelIndex] | None = None
        self._deferred = False  # a plain press on a selected card: select only it, unless it becomes a drag

    def lay_out_now(self) -> None:
        """Give every card its place at once, instead of a batch per turn of the event loop."""
        self.setLayoutMode(QListView.LayoutMode.SinglePass)
        self.doItemsLayout()
        self.setLayoutMode(QListView.LayoutMode.Batched)

    def row_at(self, pos: QPoint) -> CardRow | None:
        index = self.indexAt(pos)
        return index.data(ROW_ROLE) if index.isValid() else None

    def on_dot(self, pos: QPoint) -> CardRow | None:
        """The card whose vote dot is at ``pos``, if any."""
        index = self.indexAt(pos)
        if not index.isValid():
            return None
        row: CardRow = index.data(ROW_ROLE)
        return row if self.delegate.dot_rect(self.visualRect(index), row).contains(pos) else None

    def select_ids(self, ids: set[str]) -> None:
        model = self.selectionModel()
        model.clearSelection()
        for item_id in ids:
            k = self.card_model.index_of.get(item_id)
            if k is not None:
                model.select(self.card_model.index(k), QItemSelectionModel.SelectionFlag.Select)

    def selected_ids(self) -> list[str]:
        rows = sorted(i.row() for i in self.selectionModel().selectedIndexes())
        return [self.card_model.rows[k].id for k in rows if k < len(self.card_model.rows)]

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self.cards.board.set_column(self.column)
        pos = event.position().toPoint()
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier))
        if event.button() == Qt.MouseButton.LeftButton:
            dot = self.on_dot(pos)
            if dot is not None and plain:
                self.setFocus(Qt.FocusReason.MouseFocusReason)
                if not is_locked(self):
                    self.cards.board.vote_card(dot.id)
                event.accept()
                return
            index = self.indexAt(pos)
            self._press = (pos, QPersistentModelIndex(index)) if index.isValid() else None
            if index.isValid() and plain and self.selectionModel().isSelected(index):
                # Keep the selection: this may be the start of dragging all of it.
                self._deferred = True
                self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.setFocus(Qt.FocusReason.MouseFocusReason)
                event.accept()
                return
            if plain:
                self.cards.clear_other_selections(self)
        self._deferred = False
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        cards = self.cards
        if cards.dragging is not None:
            cards.drag_to(event.globalPosition().toPoint())
            event.accept()
            return
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton and not is_locked(self):
            start, index = self._press
            if (event.position().toPoint() - start).manhattanLength() >= QApplication.startDragDistance():
                if index.isValid() and not self.selectionModel().isSelected(index):
                    self.selectionModel().select(index, QItemSelectionModel.SelectionFlag.Select)
                self._deferred = False
                cards.start_drag(self)
                cards.drag_to(event.globalPosition().toPoint())
                event.accept()
                return
        if self._press is not None:
            return  # a press held on a card: no rubber band of selection while it may become a drag
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        cards = self.cards
        press, self._press = self._press, None
        if cards.dragging is not None:
            cards.finish_drag(event.globalPosition().toPoint())
            event.accept()
            return
        if self._deferred and press is not None and press[1].isValid():
            self._deferred = False
            cards.clear_other_selections(self)
            index = self.card_model.index(press[1].row())
            self.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.on_dot(event.position().toPoint()) is not None:
            self.mousePressEvent(event)  # a second quick click on the dot is a second vote
            return
        row = self.row_at(event.position().toPoint())
        if row is not None:
            self.cards.board.edit_item(row.id)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if CARD["board.cancel_drag"].matches(event) and self.cards.dragging is not None:
            self.cards.cancel_drag()
            return
        for spec_id, step in (("board.previous_column", -1), ("board.next_column", 1)):
            if CARD[spec_id].matches(event):
                self.cards.focus_beside(self, step)
                return
        if CARD["board.open"].matches(event) and self.currentIndex().isValid() and not is_locked(self):
            self.cards.board.edit_item(self.currentIndex().data(ID_ROLE))
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.cards.board.set_column(self.column)
        super().focusInEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # cards wrap to the new width

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        if self.drop_row == -1:  # a drop on the column itself: frame it all
            painter = QPainter(self.viewport())
            painter.setPen(QPen(QColor(ACCENT), 3, Qt.PenStyle.DashLine))
            painter.drawRect(self.viewport().rect().adjusted(1, 1, -2, -2))
            painter.end()


class CardBoard(QScrollArea):
    """The prompts side by side, each a column of cards under its heading; scrolls sideways when narrow."""

    def __init__(self, board: BoardView) -> None:
        super().__init__()
        self.board = board
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        named(self, "Board of cards")
        inner = QWidget()
        row = QHBoxLayout(inner)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.columns: list[CardColumn] = []
        self.headers: list[PromptHeading] = []
        for col, prompt in enumerate(board.prompts):
            box = QVBoxLayout()
            box.setSpacing(2)
            header = PromptHeading(f"{col + 1}. {prompt}")
            column = CardColumn(self, col)
            named(column, f"Notes under prompt {col + 1}", prompt)
            column.customContextMenuRequested.connect(
                lambda pos, c=column: board.show_menu(c.viewport().mapToGlobal(pos)))
            box.addWidget(header)
            box.addWidget(column, 1)
            row.addLayout(box, 1)
            self.columns.append(column)
            self.headers.append(header)
        self.setWidget(inner)
        self.dragging: list[str] | None = None
        self._over: tuple[CardColumn, CardRow | None] | None = None
        self._counts: list[int] = []
        self._pending: dict[int, list[CardRow]] = {}  # columns' rows waiting for their turn
        self._timers: dict[int, PacedTimer] = {}

    # -- showing --------------------------------------------------------------------------------
    def show_rows(self, columns: list[list[CardRow]], in_turns: Turns | None = None) -> None:
        """Each column shows its rows; selections stay on the cards that are still there.

        With ``in_turns`` (phones' notes in a burst) each column that changed takes a turn of the event
        loop of its own: five columns laid out and painted at once would hold the GUI thread for all
        five. The counts above the columns change at once."""
        for k, (column, rows) in enumerate(zip(self.columns, columns, strict=True)):
            if in_turns is None:
                self._pending.pop(k, None)
                timer = self._timers.get(k)
                if timer is not None:
                    timer.stop()
                self._show_column(column, rows)
            elif column.card_model.rows != rows or k in self._pending:
                self._pending[k] = rows
                if k not in self._timers:
                    self._timers[k] = in_turns.timer(self, partial(self._show_pending, k))
                self._timers[k].start()
        self.show_counts([sum(r.kind == "note" for r in rows) for rows in columns])

    def _show_pending(self, k: int) -> None:
        rows = self._pending.pop(k, None)
        if rows is not None:
            self._show_column(self.columns[k], rows)

    def _show_column(self, column: CardColumn, rows: list[CardRow]) -> None:
        if column.card_model.rows == rows:
            return
        chosen = set(column.selected_ids())
        current = column.currentIndex().data(ID_ROLE)
        column.card_model.set_rows(rows)
        if chosen != set(column.selected_ids()):
            column.select_ids(chosen)
        if current and column.currentIndex().data(ID_ROLE) != current and current in column.card_model.index_of:
            column.selectionModel().setCurrentIndex(column.card_model.index(column.card_model.index_of[current]),
                                                    QItemSelectionModel.SelectionFlag.NoUpdate)

    def show_counts(self, counts: list[int]) -> None:
        if counts == self._counts:
            return
        self._counts = counts
        self.mark_current(self.board.column)

    def mark_current(self, current: int) -> None:
        """Headings with their counts; the prompt that takes the next note stands out."""
        for col, header in enumerate(self.headers):
            count = self._counts[col] if col < len(self._counts) else 0
            header.set(f"{count}", col == current)

    def scroll_to(self, item_id: str) -> None:
        for column in self.columns:
            k = column.card_model.index_of.get(item_id)
            if k is not None:
                column.lay_out_now()  # the card must have its place to be scrolled to
                column.scrollTo(column.card_model.index(k))
                self.ensureWidgetVisible(column, 0, 0)

    # -- selecting and moving between cards -----------------------------------------------------
    def selected_ids(self) -> list[str]:
        return [i for column in self.columns for i in column.selected_ids()]

    def clear_other_selections(self, keep: CardColumn) -> None:
        for column in self.columns:
            if column is not keep and column.selectionModel().hasSelection():
                column.clearSelection()

    def focus_beside(self, column: CardColumn, step: int) -> None:
        """Left and right go to the card at about the same height in the next column with cards."""
        y = column.visualRect(column.currentIndex()).center().y() if column.currentIndex().isValid() else 0
        k = column.column + step
        while 0 <= k < len(self.columns) and not self.columns[k].card_model.rows:
            k += step
        if not 0 <= k < len(self.columns):
            return
        target = self.columns[k]
        index = target.indexAt(QPoint(target.viewport().width() // 2, max(y, 0)))
        if not index.isValid():
            index = target.card_model.index(len(target.card_model.rows) - 1 if y > 0 else 0)
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        target.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        column.clearSelection()
        self.ensureWidgetVisible(target, 0, 0)

    # -- dragging -------------------------------------------------------------------------------
    def start_drag(self, source: CardColumn) -> None:
        self.dragging = self.selected_ids()
        QApplication.setOverrideCursor(Qt.CursorShape.ClosedHandCursor)

    def target_at(self, global_pos: QPoint) -> tuple[CardColumn, CardRow | None] | None:
        """The column under ``global_pos`` and the card there (None: the column's empty space)."""
        for column in self.columns:
            viewport = column.viewport()
            local = viewport.mapFromGlobal(global_pos)
            if viewport.rect().contains(local):
                return column, column.row_at(local)
        return None

    def drag_to(self, global_pos: QPoint) -> None:
        """Show where the cards would go: the card beneath framed, or the whole column."""
        over = self.target_at(global_pos)
        if over is not None and over[1] is not None and over[1].id in (self.dragging or []):
            over = None  # on one of the dragged cards themselves: nowhere
        if over == self._over:
            return
        self._set_mark(self._over, -2)
        self._over = over
        if over is not None:
            column, row = over
            self._set_mark(over, column.card_model.index_of.get(row.id, -1) if row else -1)
            if row is not None:
                column.scrollTo(column.card_model.index(column.card_model.index_of[row.id]))

    def _set_mark(self, over: tuple[CardColumn, CardRow | None] | None, value: int) -> None:
        if over is None:
            return
        column = over[0]
        old = column.drop_row
        column.drop_row = value
        for k in (old, value):
            if k >= 0 and k < len(column.card_model.rows):
                column.update(column.card_model.index(k))
        if -1 in (old, value):
            column.viewport().update()

    def finish_drag(self, global_pos: QPoint) -> None:
        """The mouse was released: one core change for what the drop means."""
        self.drag_to(global_pos)
        moved, over = self.dragging or [], self._over
        self.cancel_drag()
        if over is not None and moved:
            column, row = over
            self.board.drop_cards(moved, column.column, row.id if row else None)

    def cancel_drag(self) -> None:
        if self.dragging is not None:
            QApplication.restoreOverrideCursor()
        self._set_mark(self._over, -2)
        self.dragging = None
        self._over = None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and self.dragging is not None:
            self.cancel_drag()
        return super().event(event)

