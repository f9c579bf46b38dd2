"""Dialogs that are submitted on purpose: by their button or Ctrl+Enter, never by Enter in a field.

In a plain QDialog, Enter in any field presses the default button: typing a name and pressing Enter
to add the next person created the workshop with one participant. Here Enter belongs to the field it
is pressed in (a participant list moves to the next row), and only the button or Ctrl+Enter submits.
A button that has the keyboard focus still answers Enter itself.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget

from workshop_app.gui.actions import KeySpec

DIALOGS = "Dialogs"
SUBMIT = KeySpec("dialog.submit", "Submit the dialog (Create workshop, Close)", ("Ctrl+Return", "Ctrl+Enter"),
                 DIALOGS, "Enter alone stays in the field it was pressed in")
CANCEL = KeySpec("dialog.cancel", "Close the dialog without submitting", ("Esc",), DIALOGS)
ENTER = KeySpec("dialog.enter", "Enter", ("Return", "Enter"), DIALOGS)
KEYS = (SUBMIT, CANCEL)


class SubmittedDialog(QDialog):
    """A dialog whose default button does not answer Enter; :meth:`submit` runs on Ctrl+Enter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A window action rather than a key handler: it fires wherever the focus is, a cell editor too.
        submit = QAction(SUBMIT.title, self)
        submit.setObjectName(SUBMIT.id)
        submit.setShortcuts(SUBMIT.sequences())
        submit.triggered.connect(lambda _checked=False: self.submit())
        self.addAction(submit)

    def submit(self) -> None:
        """What the dialog's main button does (checked, then accepted). Subclasses replace it."""
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if ENTER.matches(event):
            event.accept()  # a field's Enter that the field did not use: it goes no further
        else:
            super().keyPressEvent(event)
