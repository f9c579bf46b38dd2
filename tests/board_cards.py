"""Working the console's board of cards as a person does: clicks on cards and dots, drags, keys."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from workshop_app.gui.views.board_cards import CardColumn, CardRow
from workshop_app.gui.views.board_view import BoardView

NONE = Qt.KeyboardModifier.NoModifier
LEFT = Qt.MouseButton.LeftButton


def rows(board: BoardView, column: int) -> list[CardRow]:
    """The cards under prompt ``column``, top to bottom: cluster headings and notes."""
    return list(board.cards.columns[column].card_model.rows)


def texts(board: BoardView, column: int, kind: str = "note") -> list[str]:
    return [r.text for r in rows(board, column) if r.kind == kind]


def find(board: BoardView, item_id: str) -> tuple[CardColumn, QModelIndex]:
    """The column showing ``item_id`` and its index there, scrolled into view."""
    for column in board.cards.columns:
        k = column.card_model.index_of.get(item_id)
        if k is not None:
            index = column.card_model.index(k)
            board.cards.ensureWidgetVisible(column, 0, 0)
            column.scrollTo(index)
            return column, index
    raise AssertionError(f"{item_id} is not on the board")


def card_point(board: BoardView, item_id: str) -> tuple[CardColumn, QPoint]:
    """A point on the card's text, away from its vote dot."""
    column, index = find(board, item_id)
    rect = column.visualRect(index)
    return column, QPoint(rect.left() + 40, rect.top() + 14)


def click_card(board: BoardView, item_id: str, modifier: Qt.KeyboardModifier = NONE) -> None:
    column, point = card_point(board, item_id)
    QTest.mouseClick(column.viewport(), LEFT, modifier, point)


def click_dot(board: BoardView, item_id: str) -> None:
    column, index = find(board, item_id)
    row = index.data(Qt.ItemDataRole.UserRole + 1)
    dot = column.delegate.dot_rect(column.visualRect(index), row)
    QTest.mouseClick(column.viewport(), LEFT, NONE, dot.center())


def drag(board: BoardView, item_id: str, column: int, onto: str | None = None) -> None:
    """Press on a card, move in steps, release over another card or over ``column``'s empty space.

    The presses and moves go to the pressed column's viewport, as Qt sends them while the button is
    held; the release too, at the point beneath it."""
    source, start = card_point(board, item_id)
    if onto is not None:
        target, end = card_point(board, onto)
    else:
        target = board.cards.columns[column]
        board.cards.ensureWidgetVisible(target, 0, 0)
        last = target.visualRect(target.card_model.index(len(target.card_model.rows) - 1)) \
            if target.card_model.rows else None
        bottom = last.bottom() + 20 if last is not None else 20
        if bottom >= target.viewport().height() - 5:
            raise AssertionError("no empty space under the column's cards to drop on")
        end = QPoint(target.viewport().width() // 2, bottom)
    viewport = source.viewport()
    QTest.mousePress(viewport, LEFT, NONE, start)
    goal = viewport.mapFromGlobal(target.viewport().mapToGlobal(end))
    distance = QApplication.startDragDistance()
    for k in range(1, 6):  # the first step starts the drag; the others follow the mouse
        at = QPoint(start.x() + (goal.x() - start.x()) * k // 5, start.y() + (goal.y() - start.y()) * k // 5) \
            if k > 1 else start + QPoint(distance + 1, 0)
        QTest.mouseMove(viewport, at)
    QTest.mouseRelease(viewport, LEFT, NONE, goal)
