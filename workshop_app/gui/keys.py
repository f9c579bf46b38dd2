"""Who gets a key: the field being typed in, or the window's shortcuts.

The room's controls are single keys (T starts the timer, B blanks the screen, E opens entry mode) so
a clicker and one hand can drive them. Qt gives a text field the printable keys first, but not a
drop-down, a list, a spin box or a read-only editor: typing a letter to pick an author in a drop-down
would start the timer. ``KeyRules`` closes that gap for the whole application:

- A key without Ctrl, Alt or Meta (a letter, a digit, a sign, Space, Left/Right, Delete, Backspace)
  pressed in a field, drop-down, list, table, tree, spin box or editor goes to that widget, unless the
  widget (or the view holding it) declares that key as its own: V votes in the board's list of notes,
  1-5 rate in the rating table. The agenda takes no typed keys (it has no type-ahead, since moving in
  it moves the room), so it says room keys are welcome (``welcome_room_keys``): a clicker's B and the
  room's letters work while it has the keyboard, as they do on a button.
- Undo in an empty text field, and Undo or Redo in a field with nothing of its own to undo or redo,
  go to the workshop: Ctrl+Z in an empty field undoes the last change instead of doing nothing. A
  field with typing to undo undoes that first.

Only the widget with the keyboard focus is watched (the filter moves with the focus), so nothing is
paid on the paint and mouse events of the rest of the window.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

# Widgets that take typed keys: a single key pressed in one of these never fires a window shortcut.
EDITING = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox, QComboBox, QAbstractItemView)
# Keys without text that editing widgets use and the windows also bind (next step, previous step).
PLAIN_KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_Space}
COMMAND_MODIFIERS = (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                     | Qt.KeyboardModifier.MetaModifier)
WELCOME = "roomKeysWelcome"
LOCAL_CONTEXTS = (Qt.ShortcutContext.WidgetShortcut, Qt.ShortcutContext.WidgetWithChildrenShortcut)


def welcome_room_keys(widget: QWidget) -> None:
    """Mark a list that uses no typed keys itself: single room keys keep working while it has the focus."""
    widget.setProperty(WELCOME, True)


def is_single_key(event: QKeyEvent) -> bool:
    """A key pressed without Ctrl, Alt or Meta that types something or moves in a field."""
    if event.modifiers() & COMMAND_MODIFIERS:
        return False
    if event.key() in PLAIN_KEYS:
        return True
    text = event.text()
    return bool(text) and text.isprintable()


def editing_widget(widget: QObject) -> bool:
    return isinstance(widget, EDITING)


def text_field(widget: QObject) -> QLineEdit | QTextEdit | QPlainTextEdit | None:
    """The text a widget edits (a spin box's or an editable drop-down's line included), if it edits text."""
    if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
        return widget
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget.lineEdit()
    if isinstance(widget, QAbstractSpinBox):
        return widget.findChild(QLineEdit)
    return None


def is_empty(field: QLineEdit | QTextEdit | QPlainTextEdit) -> bool:
    return not (field.text() if isinstance(field, QLineEdit) else field.toPlainText())


def has_history(field: QLineEdit | QTextEdit | QPlainTextEdit, redo: bool) -> bool:
    """Whether a text field has typing of its own to undo (or redo)."""
    if isinstance(field, QLineEdit):
        if field.isReadOnly():
            return False
        return field.isRedoAvailable() if redo else field.isUndoAvailable()
    if field.isReadOnly() or not field.isUndoRedoEnabled():
        return False
    document = field.document()
    return document.isRedoAvailable() if redo else document.isUndoAvailable()


def own_key(widget: QWidget, event: QKeyEvent) -> bool:
    """Whether the focused widget, or a view around it, declares this key as its own (see ``install_keys``)."""
    pressed = QKeySequence(event.keyCombination())
    current: QWidget | None = widget
    while current is not None and not current.isWindow():
        for action in current.actions():
            if not isinstance(action, QAction) or not action.isEnabled():
                continue
            context = action.shortcutContext()
            if context not in LOCAL_CONTEXTS or (context == Qt.ShortcutContext.WidgetShortcut and current is not widget):
                continue
            if any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in action.shortcuts()):
                return True
        current = current.parentWidget()
    return False


def is_undo(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Undo)


def is_redo(event: QKeyEvent) -> bool:
    combo = event.keyCombination()
    ctrl_y = combo.key() == Qt.Key.Key_Y and combo.keyboardModifiers() == Qt.KeyboardModifier.ControlModifier
    return event.matches(QKeySequence.StandardKey.Redo) or ctrl_y


class KeyRules(QObject):
    """The application's rules for keys in editing widgets (see the module's docstring). One per app."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._watched: QWidget | None = None
        app.focusChanged.connect(self._on_focus)
        self._on_focus(None, app.focusWidget())

    def _on_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._watched is not None:
            try:
                self._watched.removeEventFilter(self)
            except RuntimeError:
                pass  # the widget that had the focus has been deleted
        self._watched = new
        if new is not None:
            new.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() != QEvent.Type.ShortcutOverride or not isinstance(event, QKeyEvent):
            return False
        if not isinstance(watched, QWidget) or not editing_widget(watched):
            return False
        if is_undo(event) or is_redo(event):
            field = text_field(watched)
            redo = is_redo(event)
            # An empty field undoes the workshop even if it was cleared after a note was added (that
            # clearing is in its history); redo follows the field's history, to bring typing back.
            if field is not None and ((not redo and is_empty(field)) or not has_history(field, redo)):
                event.ignore()  # not the field's: the window's Undo or Redo takes it
                return True
            return False
        if is_single_key(event) and not watched.property(WELCOME) and not own_key(watched, event):
            event.accept()  # the widget's: no window shortcut fires, the key arrives as a key press
            return True
        return False


def install_key_rules() -> KeyRules:
    """The key rules of the running application, made the first time they are asked for."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    rules = app.findChild(KeyRules)
    return rules if rules is not None else KeyRules(app)
