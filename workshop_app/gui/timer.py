"""The step timer both windows show: start, pause, extend, reset, and a signal when time is up."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, QTimer, Signal


class StepTimer(QObject):
    """A countdown for the current step. It counts from wall-clock time, so a busy GUI cannot slow it."""

    ticked = Signal(int)  # seconds left (negative once over time)
    state_changed = Signal()
    time_up = Signal()
    settled = Signal()  # started, paused, extended, reset or restored: worth keeping in the file

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._total = 0
        self._left_at_start = 0
        self._started_at: float | None = None
        self._announced = False
        self._tick = QTimer(self)
        self._tick.setInterval(250)
        self._tick.timeout.connect(self._on_tick)

    @property
    def running(self) -> bool:
        return self._started_at is not None

    @property
    def total(self) -> int:
        return self._total

    def seconds_left(self) -> int:
        if self._started_at is None:
            return self._left_at_start
        return self._left_at_start - int(time.monotonic() - self._started_at)

    def reset(self, seconds: int) -> None:
        """Set the timer to a step's timebox, stopped."""
        self._tick.stop()
        self._started_at = None
        self._total = self._left_at_start = max(seconds, 0)
        self._announced = False
        self.state_changed.emit()
        self.ticked.emit(self._left_at_start)
        self.settled.emit()

    def restore(self, total: int, left: int, running: bool, elapsed: float = 0.0) -> None:
        """Carry on from a saved state: ``left`` seconds remained ``elapsed`` seconds ago, counting down
        since then if ``running`` (a restart after a crash loses none of the step's time)."""
        self._tick.stop()
        self._total = max(total, 0)
        self._announced = False
        if running:
            self._left_at_start = left
            self._started_at = time.monotonic() - max(elapsed, 0.0)
            self._announced = self.seconds_left() <= 0  # time ran out while the app was away: said once already
            self._tick.start()
        else:
            self._left_at_start = left
            self._started_at = None
        self.state_changed.emit()
        self.ticked.emit(self.seconds_left())

    def start(self) -> None:
        if self._started_at is None:
            self._started_at = time.monotonic()
            self._tick.start()
            self.state_changed.emit()
            self.settled.emit()

    def pause(self) -> None:
        if self._started_at is not None:
            self._left_at_start = self.seconds_left()
            self._started_at = None
            self._tick.stop()
            self.state_changed.emit()
            self.ticked.emit(self._left_at_start)
            self.settled.emit()

    def toggle(self) -> None:
        self.pause() if self.running else self.start()

    def extend(self, seconds: int = 60) -> None:
        self._left_at_start += seconds
        self._total += seconds
        if self.seconds_left() > 0:
            self._announced = False
        self.ticked.emit(self.seconds_left())
        self.settled.emit()

    def _on_tick(self) -> None:
        left = self.seconds_left()
        self.ticked.emit(left)
        if left <= 0 and not self._announced:
            self._announced = True
            self.time_up.emit()


def format_seconds(seconds: int) -> str:
    sign = "−" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    return f"{sign}{minutes}:{secs:02d}"
