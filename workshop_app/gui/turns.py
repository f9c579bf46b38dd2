"""Work the GUI thread does later, one piece per turn of its event loop.

Several parts of the app put work off to a later turn: the phones' requests, the changes they bring
told to both windows, the shared screen's next picture (laid out in one piece, painted in another),
the counts of who has joined. With a plain zero-interval ``QTimer`` each, every piece that is due runs
in the same turn, one after the other, and a burst of phones then holds the GUI thread for all of them
at once: the timer, the keyboard and the paint of the console wait that long.

:class:`Turns` runs them one at a time instead: a :class:`PacedTimer` that fires joins a queue, and the
queue gives one timer its turn per pass of the event loop, so the windows paint and the keyboard is
read between any two pieces.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QTimer


class Turns(QObject):
    """The queue of paced timers that have fired and wait for their turn, oldest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._waiting: dict[PacedTimer, None] = {}  # an ordered set
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(0)
        self._next.timeout.connect(self._run_one)

    def timer(self, parent: QObject, slot: Callable[[], object]) -> PacedTimer:
        """A stopped single-shot timer whose ``slot`` runs in a turn of its own."""
        return PacedTimer(self, parent, slot)

    def waiting(self) -> int:
        """How many pieces of work wait for their turn."""
        return len(self._waiting)

    def _join(self, job: PacedTimer) -> None:
        self._waiting.setdefault(job, None)
        if not self._next.isActive():
            self._next.start()

    def _leave(self, job: PacedTimer) -> None:
        self._waiting.pop(job, None)

    def _run_one(self) -> None:
        while self._waiting:
            job = next(iter(self._waiting))
            del self._waiting[job]
            if shiboken6.isValid(job):  # its owner may have been closed meanwhile
                job._fire()
                break
        if self._waiting:
            self._next.start()


class PacedTimer(QObject):
    """Like a single-shot ``QTimer``: ``start(msec)``, ``stop()``, ``isActive()``; but once the time is
    up the slot waits for its turn in :class:`Turns` instead of running beside every other timer due."""

    def __init__(self, turns: Turns, parent: QObject, slot: Callable[[], object]) -> None:
        super().__init__(parent)
        self._turns = turns
        self._slot = slot
        self._queued = False
        self._delay = QTimer(self)
        self._delay.setSingleShot(True)
        self._delay.timeout.connect(self._queue)

    def start(self, msec: int = 0) -> None:
        """Run the slot ``msec`` milliseconds from now, in the first free turn after that. A timer
        already waiting for its turn keeps its place."""
        if self._queued:
            return
        if msec <= 0:
            self._delay.stop()
            self._queue()
        else:
            self._delay.start(msec)

    def stop(self) -> None:
        self._delay.stop()
        if self._queued:
            self._queued = False
            self._turns._leave(self)

    def isActive(self) -> bool:  # noqa: N802 - the name QTimer gives it
        return self._queued or self._delay.isActive()

    def _queue(self) -> None:
        self._queued = True
        self._turns._join(self)

    def _fire(self) -> None:
        self._queued = False
        self._slot()
