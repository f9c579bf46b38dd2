"""The open workshop as the GUI sees it: the core ``Workshop``, its undo stack, and Qt signals.

Both windows hold the same ``Session``; it turns core change notices into signals, and runs every
undoable change through one ``QUndoStack`` so undo works the same for every exercise type.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workshop_app.core import prefs
from workshop_app.core.workshop import Change, Edit, Workshop, WorkshopError
from workshop_app.gui.timer import StepTimer
from workshop_app.storage.errors import StorageWriteError, WorkshopFileError


class EditCommand(QUndoCommand):
    """An undo step: redo applies the core edit, undo applies it in reverse."""

    def __init__(self, session: Session, edit: Edit) -> None:
        super().__init__(edit.label)
        self._session = session
        self._edit = edit
        self._done = True  # the operation already ran when the command was pushed

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._session.run(lambda: self._session.workshop.apply(self._edit))

    def undo(self) -> None:
        self._session.run(lambda: self._session.workshop.undo(self._edit))


class Session(QObject):
    """Signals for what changed in the workshop, and the one way the GUI makes a change."""

    changed = Signal(object)  # a core Change
    current_step_changed = Signal(int)
    error_raised = Signal(str)  # a message for the user: a refused change
    write_failed = Signal(str)  # the disk refused a change: it was not saved
    presentation_changed = Signal()  # blank, freeze or participant entry mode switched

    def __init__(self, workshop: Workshop, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workshop = workshop
        self.undo_stack = QUndoStack(self)
        self.timer = StepTimer(self)
        # How the shared screen presents the room's work; not part of the workshop file.
        self.blanked = False
        self.frozen = False
        self.entry_mode = False
        # The facilitator's choices for the timer, kept across workshops.
        self.auto_start_timer = bool(prefs.get("auto_start_timer", False))
        self.sound_on_time_up = bool(prefs.get("sound_on_time_up", True))
        workshop.subscribe(self._on_change)
        step = workshop.current_step
        self.timer.reset(step.minutes * 60 if step else 0)

    def _on_change(self, change: Change) -> None:
        self.changed.emit(change)
        if change.what == "current":
            self.current_step_changed.emit(self.workshop.current_index)

    def run(self, operation: Callable[[], object]) -> object | None:
        """Run a core operation; a refusal or a failed write becomes a message, never a traceback."""
        try:
            return operation()
        except StorageWriteError as exc:
            self.error_raised.emit(str(exc))
            self.write_failed.emit(str(exc))
            return None
        except (WorkshopError, WorkshopFileError) as exc:
            self.error_raised.emit(str(exc))
            return None

    def do(self, operation: Callable[[], Edit]) -> bool:
        """Run an undoable core operation and put it on the undo stack. False if it was refused."""
        edit = self.run(operation)
        if isinstance(edit, Edit) and edit:
            self.undo_stack.push(EditCommand(self, edit))
            return True
        return False

    def set_presentation(self, **flags: bool) -> None:
        """Switch ``blanked``, ``frozen`` or ``entry_mode`` and tell both windows."""
        for name, value in flags.items():
            if name not in ("blanked", "frozen", "entry_mode"):
                raise AttributeError(name)
            setattr(self, name, value)
        self.presentation_changed.emit()

    def go_to(self, index: int) -> None:
        """Move the room to another step and set the timer to its timebox."""
        before = self.workshop.current_index
        self.run(lambda: self.workshop.go_to(index))
        step = self.workshop.current_step
        if step is not None and self.workshop.current_index != before:
            self.timer.reset(step.minutes * 60)
            if self.auto_start_timer:
                self.timer.start()

    def set_timer_option(self, name: str, value: bool) -> None:
        """``auto_start_timer`` or ``sound_on_time_up``; remembered for the next workshop too."""
        if name not in ("auto_start_timer", "sound_on_time_up"):
            raise AttributeError(name)
        setattr(self, name, value)
        prefs.put(name, value)

    def close(self) -> None:
        self.workshop.unsubscribe(self._on_change)
        self.workshop.close()
