"""How work reaches the thread that owns the workshop.

The join server runs its own event loop in a worker thread, but a :class:`Workshop` belongs to one
thread: the GUI thread in the app, the main thread on the command line. Every read of the workshop and
every change a phone asks for is wrapped in a function of the workshop and handed over with
:meth:`Dispatcher.dispatch`; the caller gets a :class:`concurrent.futures.Future` that the owner thread
completes. A host provides the dispatcher: :class:`QueueDispatcher` for the command line (the main thread
runs :meth:`QueueDispatcher.run`), a Qt dispatcher in the GUI that runs the function on the GUI thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Protocol, TypeVar

from workshop_app.core.workshop import Workshop

T = TypeVar("T")


class Dispatcher(Protocol):
    """Runs functions of the workshop on the thread that owns it."""

    def dispatch(self, fn: Callable[[Workshop], T], read: bool = False) -> Future[T]:
        """Run ``fn(workshop)`` on the owner thread; the future holds its result or its exception.

        Safe to call from any thread. A function whose future was cancelled before it started is skipped.
        ``read``: it only reads, and may wait behind changes queued after it (forty phones reloading the
        board must not hold back the note another phone just sent).
        """
        ...


def run_task(workshop: Workshop, fn: Callable[[Workshop], T], future: Future[T]) -> None:
    """Run one dispatched function on the owner thread and settle its future (shared by every host)."""
    if not future.set_running_or_notify_cancel():
        return  # the caller gave up waiting before it started: do nothing at all
    try:
        result = fn(workshop)
    except BaseException as exc:  # noqa: BLE001 - every failure belongs to the caller, not to the owner loop
        future.set_exception(exc)
    else:
        future.set_result(result)


class QueueDispatcher:
    """A dispatcher whose owner thread is whoever calls :meth:`run` (the command line's main thread)."""

    def __init__(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self._queue: queue.SimpleQueue[tuple[Callable[[Workshop], object], Future[object]] | None] = (
            queue.SimpleQueue()
        )
        self._stopped = threading.Event()
        self._lock = threading.Lock()  # a function is either queued before the stop or refused: never lost

    def dispatch(self, fn: Callable[[Workshop], T], read: bool = False) -> Future[T]:
        future: Future[T] = Future()  # in order, reads or not: the command line has no screen to keep free
        with self._lock:
            if not self._stopped.is_set():
                self._queue.put((fn, future))  # type: ignore[arg-type]
                return future
        future.set_exception(RuntimeError("The workshop has been closed."))
        return future

    def run(self) -> None:
        """Run dispatched functions, in order, until :meth:`stop`; then refuse whatever is still waiting."""
        while not self._stopped.is_set():
            try:
                task = self._queue.get(timeout=0.5)  # the timeout lets a signal handler's stop be seen
            except queue.Empty:
                continue
            if task is None:
                break
            run_task(self.workshop, task[0], task[1])
        with self._lock:
            self._stopped.set()
        while True:
            try:
                task = self._queue.get_nowait()
            except queue.Empty:
                return
            if task is not None and task[1].set_running_or_notify_cancel():
                task[1].set_exception(RuntimeError("The workshop has been closed."))

    def stop(self) -> None:
        """End :meth:`run` after the function it is running. Safe from any thread and from a signal
        handler (it takes no lock, so it cannot wait on a lock the interrupted thread holds)."""
        self._stopped.set()
        self._queue.put(None)
