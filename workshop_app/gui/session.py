"""The open workshop as the GUI sees it: the core ``Workshop``, its undo stack, and Qt signals.

Both windows hold the same ``Session``; it turns core change notices into signals, and runs every
undoable change through one ``QUndoStack`` so undo works the same for every exercise type.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from workshop_app.core.workshop import Change, Edit, Workshop, WorkshopError
from workshop_app.gui.timer import StepTimer
from workshop_app.gui.turns import Turns
from workshop_app.model.document import ItemBase, Step, TimerState
from workshop_app.storage.errors import StorageWriteError, WorkshopFileError
from workshop_app.storage.settings import SettingsFile

if TYPE_CHECKING:
    from workshop_app.gui.phones import JoinInfo


def merged(changes: list[Change]) -> Change:
    """One change notice for several: every row any of them touched, every flag any of them set."""
    values: dict[str, Any] = {}
    for f in dataclasses.fields(Change):
        parts = [getattr(c, f.name) for c in changes]
        values[f.name] = frozenset().union(*parts) if isinstance(f.default, frozenset) else any(parts)
    return Change(**values)


# Phones' changes in a burst reach the windows at most this often (seconds): each update of a board of a
# thousand notes and its shared screen costs tens of milliseconds, which forty separate ones would add up.
BURST_GAP = 0.1


class EditCommand(QUndoCommand):
    """An undo step holding one core edit. The session runs the core undo or redo first and moves the
    stack only when that succeeded, so a failed undo never leaves the stack out of step with the file."""

    def __init__(self, edit: Edit) -> None:
        super().__init__(edit.label)
        self.edit = edit

    # The stack calls these when it moves; the core work has already been done by the session.
    def redo(self) -> None:
        pass

    def undo(self) -> None:
        pass


class Session(QObject):
    """Signals for what changed in the workshop, and the one way the GUI makes a change."""

    changed = Signal(object)  # a core Change
    current_step_changed = Signal(int)
    error_raised = Signal(str)  # a message for the user: a refused change
    write_failed = Signal(str)  # the disk refused a change: it was not saved
    presentation_changed = Signal()  # blank, freeze, participant entry mode or the join code switched
    join_changed = Signal()  # phones joined, left or answered; the join address changed
    undo_done = Signal(str)  # "Undone: add note “X” in Provocative questions"
    undo_failed = Signal(str)  # an undo or redo was refused or not saved: the stack did not move

    def __init__(self, workshop: Workshop, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workshop = workshop
        self.undo_stack = QUndoStack(self)
        self.timer = StepTimer(self)
        # How the shared screen presents the room's work; not part of the workshop file.
        self.blanked = False
        self.frozen = False
        self.entry_mode = False
        self.show_join = True  # the join code on the shared screen while phones may join
        # Phones joining over the room's network (``gui.phones``): the join URL and who has joined, or None.
        self.join: JoinInfo | None = None
        # Changes made while deferred (a phone's answers) are told once, on the next turn of the event loop.
        self._deferring = 0
        self._pending: list[Change] = []
        # The GUI thread's deferred work, one piece per turn of the event loop (phones' requests, these
        # changes told, the shared screen's next picture): a burst never holds the windows for all at once.
        self.turns = Turns(self)
        self._flush_timer = self.turns.timer(self, self._flush_due)
        self._last_flush = 0.0
        self.telling_deferred = False  # True while deferred changes are being told: windows may take a turn
        self._first_pending = 0.0
        # Set by whoever runs deferred work in pieces (the phones' dispatcher) while more of it waits.
        self.more_coming: Callable[[], bool] = lambda: False
        # The facilitator's choices for the timer, kept across workshops.
        remembered = SettingsFile().load()
        self.auto_start_timer = remembered.auto_start_timer
        self.sound_on_time_up = remembered.sound_on_time_up
        workshop.subscribe(self._on_change)
        step = workshop.current_step
        saved = workshop.saved_timer()
        self.timer.reset(step.minutes * 60 if step else 0)
        if saved is not None and step is not None and saved.step == step.id:
            # The app stopped (a crash, a restart) with this step's timer set: it carries on from there.
            elapsed = (dt.datetime.now(dt.UTC) - saved.since).total_seconds() if saved.running else 0.0
            self.timer.restore(saved.total, saved.left, saved.running, elapsed)
        self.timer.settled.connect(self._save_timer)

    def _save_timer(self) -> None:
        """The timer's state into the workshop file at each start, pause, extension and reset."""
        step = self.workshop.current_step
        timer = self.timer
        state = TimerState(step=step.id, total=timer.total, left=timer.seconds_left(), running=timer.running,
                           since=dt.datetime.now(dt.UTC)) if step is not None else None
        self.run(lambda: self.workshop.save_timer(state))  # the timer keeps counting if the disk refuses

    def _on_change(self, change: Change) -> None:
        if self._deferring:
            if not self._pending:
                self._first_pending = time.monotonic()
            self._pending.append(change)
            if not self._flush_timer.isActive():
                # At once after a quiet spell; in a burst, at most one update of the windows per BURST_GAP.
                wait = self._last_flush + BURST_GAP - time.monotonic()
                self._flush_timer.start(max(0, round(wait * 1000)))
            return
        self.flush_changes()  # what came before is told first
        self._tell(change)

    def _tell(self, change: Change) -> None:
        self.changed.emit(change)
        if change.current:
            self.current_step_changed.emit(self.workshop.current_index)

    @contextmanager
    def deferred(self) -> Iterator[None]:
        """Changes made inside are told to both windows together, once, on a later turn of the event loop:
        at once after a quiet spell, and at most every :data:`BURST_GAP` seconds while they keep coming.

        Phones' answers run through this: forty notes that arrive together become a few updates of the
        board and repaints of the shared screen, not forty.
        """
        self._deferring += 1
        try:
            yield
        finally:
            self._deferring -= 1

    def _flush_due(self) -> None:
        # While more deferred work is queued, wait for it (up to BURST_GAP) so it is told with the rest.
        age = time.monotonic() - self._first_pending
        if self.more_coming() and age < BURST_GAP:
            self._flush_timer.start(max(1, round((BURST_GAP - age) * 1000)))
            return
        self.flush_changes()

    def flush_soon(self) -> None:
        """The deferred work is done for now: tell its changes on the next turn."""
        if self._pending:
            self._flush_timer.start(0)

    def flush_changes(self) -> None:
        """Tell the deferred changes now, as one notice."""
        self._flush_timer.stop()
        if self._pending:
            pending, self._pending = self._pending, []
            self._last_flush = time.monotonic()
            self.telling_deferred = True
            try:
                self._tell(merged(pending))
            finally:
                self.telling_deferred = False

    def set_join(self, info: JoinInfo | None) -> None:
        """The phones' join address and counts changed (None: phones cannot join)."""
        self.join = info
        self.join_changed.emit()

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
            self.undo_stack.push(EditCommand(edit))
            return True
        return False

    def _attempt(self, operation: Callable[[], object]) -> bool:
        ok = False

        def run() -> None:
            nonlocal ok
            operation()
            ok = True

        self.run(run)
        return ok

    def undo(self) -> bool:
        """Undo the last change. On a refusal or a failed write the stack stays where it was, and says so."""
        stack = self.undo_stack
        if not stack.canUndo():
            return False
        command = stack.command(stack.index() - 1)
        assert isinstance(command, EditCommand)
        self._show_step_of(command.edit)
        if not self._attempt(lambda: self.workshop.undo(command.edit)):
            self.undo_failed.emit(f"Could not undo: {self.describe(command.edit)}.")
            return False
        stack.undo()
        self.undo_done.emit(f"Undone: {self.describe(command.edit)}")
        return True

    def redo(self) -> bool:
        """Redo the last undone change, with the same promise as :meth:`undo`."""
        stack = self.undo_stack
        if not stack.canRedo():
            return False
        command = stack.command(stack.index())
        assert isinstance(command, EditCommand)
        self._show_step_of(command.edit)
        if not self._attempt(lambda: self.workshop.redo(command.edit)):
            self.undo_failed.emit(f"Could not redo: {self.describe(command.edit)}.")
            return False
        stack.redo()
        self.undo_done.emit(f"Redone: {self.describe(command.edit)}")
        return True

    def _step_of(self, edit: Edit) -> str | None:
        for table, _row_id, before, after in edit.rows:
            row = after if after is not None else before
            if table == "items" and isinstance(row, ItemBase):
                return row.step
            if table == "steps" and isinstance(row, Step):
                return row.id
        return None

    def _show_step_of(self, edit: Edit) -> None:
        """An undo in another step takes the room there first, so nobody is surprised by it."""
        step_id = self._step_of(edit)
        ws = self.workshop
        index = next((n for n, s in enumerate(ws.steps) if s.id == step_id), None)
        if index is not None and index != ws.current_index:
            self.go_to(index)

    def describe(self, edit: Edit) -> str:
        """What an edit did, in words for the status bar: its label, the text it touched and where."""
        words = edit.label[:1].lower() + edit.label[1:]
        texts = [getattr(r, "text", "") or getattr(r, "what", "") for _t, _i, b, a in edit.rows for r in (a or b,)]
        text = next((t for t in texts if t), "")
        if text:
            first = text.splitlines()[0]
            words += f" “{first[:40]}{'…' if len(first) > 40 else ''}”"
        step_id = self._step_of(edit)
        if step_id is not None and step_id in {s.id for s in self.workshop.steps}:
            words += f" in {self.workshop.step(step_id).title}"
        return words

    def set_presentation(self, **flags: bool) -> None:
        """Switch ``blanked``, ``frozen``, ``entry_mode`` or ``show_join`` and tell both windows."""
        for name, value in flags.items():
            if name not in ("blanked", "frozen", "entry_mode", "show_join"):
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
        with SettingsFile().edit() as settings:
            setattr(settings, name, value)

    def close(self) -> None:
        self._flush_timer.stop()
        self._pending = []
        self.workshop.unsubscribe(self._on_change)
        self.workshop.close()
