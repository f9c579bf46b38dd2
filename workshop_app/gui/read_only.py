"""Read-only means read-only: every control that would change the workshop is disabled, and says why.

A workshop opened read-only (made by a newer version, open on another computer, in a folder this app
may not write to) can be looked through, moved through step by step, and exported; nothing can be
typed, dragged, voted or deleted. Rather than each view knowing about this, ``ReadOnlyLock`` walks the
console's widgets: fields, drop-downs, spin boxes, check boxes and buttons are disabled with the reason
as their tooltip, lists and tables keep selection and scrolling but lose editing, dragging, double-click
and context menus, and each view's own keys (V, Delete, 1-5...) are switched off. Widgets made later
(a step's view on first showing, a person's commitment rows) are locked as they appear. Controls that
only change what is looked at (the agenda, filters, zoom, the timer, exports) are marked safe by
their views with :func:`mark_safe`.
"""

from __future__ import annotations

from PySide6.QtCore import QChildEvent, QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextBrowser,
    QTextEdit,
    QWidget,
)

SAFE = "readOnlySafe"
LOCKED = "readOnlyLocked"
EDITING = (QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox, QAbstractButton)
LOCAL = (Qt.ShortcutContext.WidgetShortcut, Qt.ShortcutContext.WidgetWithChildrenShortcut)
# On a list or a map, these would start an edit (a rename, a menu of changes, a drag that moves).
VIEW_EDITS = {QEvent.Type.MouseButtonDblClick, QEvent.Type.ContextMenu}
MAP_EDITS = VIEW_EDITS | {QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.MouseMove}


def mark_safe(*widgets: QWidget) -> None:
    """Controls that change only what is shown (a filter, a zoom, whose answers are on screen)."""
    for widget in widgets:
        widget.setProperty(SAFE, True)


def is_locked(widget: QWidget) -> bool:
    return bool(widget.property(LOCKED))


class ReadOnlyLock(QObject):
    """Locks a tree of widgets, and whatever is added to it later, against changes."""

    def __init__(self, reason: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reason = reason
        self.tip = f"Read-only: {reason}"

    def lock(self, root: QWidget) -> None:
        for widget in [root, *root.findChildren(QWidget)]:
            if widget is root or not widget.isWindow():  # a dialog opened from here is not part of it
                self._lock_one(widget)

    def _lock_one(self, widget: QWidget) -> None:
        if widget.property(LOCKED):
            return
        widget.setProperty(LOCKED, True)
        widget.installEventFilter(self)  # to lock children made later, and to keep it locked
        for action in widget.actions():
            if action.shortcutContext() in LOCAL:
                action.setEnabled(False)  # a view's own keys: vote, delete, rate...
        if widget.property(SAFE) or isinstance(widget.parentWidget(), QTabBar | QAbstractSpinBox | QComboBox):
            return
        if isinstance(widget, QAbstractItemView):
            widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            widget.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            widget.viewport().setProperty(LOCKED, True)
            widget.viewport().installEventFilter(self)
        elif isinstance(widget, QGraphicsView):
            widget.setInteractive(False)
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            widget.viewport().setProperty(LOCKED, True)
            widget.viewport().installEventFilter(self)
        elif isinstance(widget, EDITING) and not isinstance(widget, QTextBrowser):
            widget.setEnabled(False)
            widget.setToolTip(self.tip)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind == QEvent.Type.ChildPolished:
            child = event.child() if isinstance(event, QChildEvent) else None
            if isinstance(child, QWidget) and not child.isWindow():
                self.lock(child)
        elif kind == QEvent.Type.EnabledChange and isinstance(watched, QWidget) and watched.isEnabled():
            if isinstance(watched, EDITING) and not watched.property(SAFE) and not isinstance(watched, QTextBrowser) \
                    and not isinstance(watched.parentWidget(), QTabBar | QAbstractSpinBox | QComboBox):
                watched.setEnabled(False)  # a view enabling its own control (a due date) stays locked
        elif isinstance(watched, QWidget) and isinstance(watched.parentWidget(), QAbstractScrollArea):
            area = watched.parentWidget()
            edits = MAP_EDITS if isinstance(area, QGraphicsView) else VIEW_EDITS
            if kind in edits and not isinstance(area, QTextBrowser) and not (area and area.property(SAFE)):
                return True
        return False
