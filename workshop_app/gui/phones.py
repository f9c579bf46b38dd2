"""Phones join the open workshop over the room's network: the GUI's host for the join server.

:class:`PhoneJoin` starts and stops a :class:`~workshop_app.join.server.JoinServer` for the session's
workshop. Nothing listens until the facilitator asks (Room → "Let phones join…"), and the server stops
when the workshop closes or the app quits. The server's thread never touches the workshop: it hands
every read and change to :class:`QtDispatcher`, which runs it on the GUI thread from a queued signal.

Phones' changes are told to the windows through :meth:`Session.deferred`: notes that arrive together
become one update of the board and one repaint of the shared screen. Phones' answers are not put on
the facilitator's undo stack: Ctrl+Z undoes the facilitator's own last change, never a participant's
note. Approving or rejecting a held note is the facilitator's, so it is undoable; an undone decision
puts the note back in the queue.
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from workshop_app.core.workshop import Change, Workshop
from workshop_app.gui.actions import ActionSpec
from workshop_app.gui.session import Session

if TYPE_CHECKING:  # the join package (aiohttp) is loaded when phones are first let in
    from workshop_app.join.room import RoomSummary
    from workshop_app.join.server import JoinServer
    from workshop_app.model.answers import Note

T = TypeVar("T")
ROOM = "Room"
SLICE = 0.008  # seconds of phones' work per turn of the GUI's event loop


@dataclass(frozen=True)
class JoinInfo:
    """What both windows show of the phones: where to join, and who has joined."""

    url: str
    summary: RoomSummary
    loopback: bool  # only this computer can reach the address

    @property
    def typed(self) -> str:
        """The address as a person types it: without ``http://``."""
        return self.url.split("://", 1)[-1]

    @property
    def host(self) -> str:
        """ADDRESS:PORT, the part people can check against their network."""
        return self.typed.split("/", 1)[0]

    def answered(self, step_id: str | None) -> int:
        """How many phones (people, not answers) sent something to a step."""
        return self.summary.answered_step(step_id)


class QtDispatcher(QObject):
    """Runs the join server's functions on the GUI thread, in order.

    Functions wait in a queue; a queued signal wakes the GUI thread, which runs them for at most
    :data:`SLICE` seconds per turn of its event loop and then lets the loop paint and tick before going
    on. Forty phones' requests at once are then forty short pieces of work, not one long stall.
    """

    _wake = Signal()

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.session = session
        self._closed = False
        self._queue: deque[tuple[Callable[[Workshop], Any], Future[Any]]] = deque()  # changes first
        self._reads: deque[tuple[Callable[[Workshop], Any], Future[Any]]] = deque()  # then what only reads
        self._lock = threading.Lock()
        self._woken = False
        # The requests run in turns of their own (``Session.turns``), between the windows' other work.
        self._more = session.turns.timer(self, self._run)
        self._wake.connect(self._on_wake, Qt.ConnectionType.QueuedConnection)
        session.more_coming = self.busy

    def dispatch(self, fn: Callable[[Workshop], T], read: bool = False) -> Future[T]:
        """Safe from any thread: ``fn(workshop)`` runs on the GUI thread, the future holds its result.
        Changes run before reads that wait (``read``), in the order each came."""
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                future.set_exception(RuntimeError("The workshop has been closed."))
                return future
            (self._reads if read else self._queue).append((fn, future))
            wake, self._woken = not self._woken, True
        if wake:
            self._wake.emit()
        return future

    def _on_wake(self) -> None:
        self._more.start()

    def _run(self) -> None:
        from workshop_app.join.dispatch import run_task

        until = time.monotonic() + SLICE
        with self.session.deferred():
            while True:
                with self._lock:
                    if not self._queue and not self._reads:
                        self._woken = False
                        break
                    fn, future = (self._queue or self._reads).popleft()
                run_task(self.session.workshop, fn, future)
                if time.monotonic() >= until:
                    self._more.start()  # the rest on the next turn, after the windows have had theirs
                    return
        self.session.flush_soon()

    def busy(self) -> bool:
        """Whether functions are waiting for the next turn (their changes will be told with these)."""
        return self._more.isActive()

    def close(self) -> None:
        """Refuse whatever comes after this (the server has stopped); what waits is refused too."""
        with self._lock:
            self._closed = True
            waiting = [*self._queue, *self._reads]
            self._queue.clear()
            self._reads.clear()
        self._more.stop()
        if self.session.more_coming == self.busy:
            self.session.more_coming = lambda: False
        self.session.flush_soon()
        for _fn, future in waiting:
            if future.set_running_or_notify_cancel():
                future.set_exception(RuntimeError("The workshop has been closed."))


class PhoneJoin(QObject):
    """The phones of one open workshop: off until started, and stopped before the workshop closes."""

    state_changed = Signal()  # started, stopped, a new code, hold switched
    room_changed = Signal()  # phones joined, dropped off, answered, notes held or decided

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.server: JoinServer | None = None
        self._dispatcher: QtDispatcher | None = None
        self._hold = False
        self._decided: set[str] = set()  # held notes approved or rejected: an undo puts them back
        self._room_timer = session.turns.timer(self, self._publish)  # counts that change together: shown once
        session.changed.connect(self._on_changed)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)

    # -- state ----------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.server is not None and self.server.running

    @property
    def url(self) -> str:
        return self.server.url if self.server is not None else ""

    @property
    def hold_notes(self) -> bool:
        return self._hold

    def set_hold_notes(self, on: bool) -> None:
        """Hold phone notes hidden until approved (applies from the next note)."""
        self._hold = on
        if self.server is not None:
            self.server.room.hold_notes = on
        self.state_changed.emit()
        self.session.set_join(self.session.join)  # the menu's tick follows

    def summary(self) -> RoomSummary | None:
        return self.server.room.summary() if self.server is not None else None

    def held(self) -> list[Note]:
        return self.server.room.held() if self.server is not None else []

    # -- life cycle -------------------------------------------------------------------------------
    def start(self, bind: str, port: int = 0) -> str:
        """Listen on ``bind`` (one of this computer's addresses); returns the join URL.

        Raises :class:`~workshop_app.join.server.JoinStartError` with a sentence for the facilitator.
        """
        from workshop_app.join.server import JoinServer, JoinStartError

        if self.running:
            raise JoinStartError("Phones can already join: stop them first to change the address.")
        self.stop()
        dispatcher = QtDispatcher(self.session)
        try:
            server = JoinServer(self.session.workshop, dispatcher, bind, port)
        except ValueError as exc:  # not an IP address
            dispatcher.close()
            dispatcher.deleteLater()
            raise JoinStartError(str(exc)) from None
        server.room.hold_notes = self._hold
        try:
            url = server.start()
        except JoinStartError:
            dispatcher.close()
            dispatcher.deleteLater()
            raise
        self.server, self._dispatcher = server, dispatcher
        server.room.subscribe(self._room_timer.start)
        self._publish()
        self.state_changed.emit()
        return url

    def stop(self) -> None:
        """Stop listening; phones' connections end. Every answer that got its reply is in the file."""
        server, dispatcher = self.server, self._dispatcher
        self.server, self._dispatcher = None, None
        self._room_timer.stop()
        if server is not None:
            server.room.unsubscribe(self._room_timer.start)
            server.stop()
        if dispatcher is not None:
            dispatcher.close()
            dispatcher.deleteLater()
        self._decided.clear()
        if server is not None:
            self.session.flush_changes()
            self.session.set_join(None)
            self.state_changed.emit()
            self.room_changed.emit()

    def renew(self) -> str:
        """A new join code: the old link stops working; phones that joined keep who they are."""
        if self.server is None:
            return ""
        url = self.server.renew_token()
        self._publish()
        self.state_changed.emit()
        return url

    # -- moderation -------------------------------------------------------------------------------
    def approve(self, note_id: str) -> bool:
        """Show a held note to the room (undoable)."""
        server = self.server
        if server is None:
            return False
        ok = self.session.do(lambda: server.room.approve(note_id))
        if ok:
            self._decided.add(note_id)
        return ok

    def reject(self, note_id: str) -> bool:
        """Delete a held note: it never reaches the shared screen (undoable: it comes back held)."""
        server = self.server
        if server is None:
            return False
        ok = self.session.do(lambda: server.room.reject(note_id))
        if ok:
            self._decided.add(note_id)
        return ok

    def free_name(self, participant_id: str) -> bool:
        """Let another phone pick this name (its phone stays joined, as anonymous)."""
        return self.server is not None and self.server.room.release(participant_id)

    def _on_changed(self, change: Change) -> None:
        if self.server is None or not (change.items & self._decided):
            return
        ws, room = self.session.workshop, self.server.room
        held = {n.id for n in room.held()}
        for note_id in change.items & self._decided:
            if ws.has_item(note_id) and ws.item(note_id).hidden and note_id not in held:
                room.hold(note_id)  # an approval or a rejection was undone: the note waits again
                self._decided.discard(note_id)

    def _publish(self) -> None:
        server = self.server
        if server is None:
            return
        loopback = ipaddress.ip_address(server.address).is_loopback
        self.session.set_join(JoinInfo(server.url, server.room.summary(), loopback))
        self.room_changed.emit()


def phone_actions(phones: PhoneJoin, start: Callable[[], object]) -> list[ActionSpec]:
    """The Room menu's entries for phones: let them join (``start`` opens the dialog), stop, a new code,
    the code on the shared screen, holding notes for approval."""
    session = phones.session

    def toggle_code() -> None:
        session.set_presentation(show_join=not session.show_join)

    return [
        ActionSpec("phones.start", "Let &phones join…", start, (), ROOM,
                   "Participants join from their phones over this room's network: no internet, no account",
                   enabled=lambda: not phones.running),
        ActionSpec("phones.stop", "Stop phones", phones.stop, (), ROOM,
                   "Stop listening: phones can no longer join or send; every answer sent is kept",
                   enabled=lambda: phones.running),
        ActionSpec("phones.renew", "New join code", phones.renew, (), ROOM,
                   "A new address for phones: the old link and QR code stop working; joined phones stay",
                   enabled=lambda: phones.running),
        ActionSpec("phones.show_code", "Show the &join code on the shared screen", toggle_code, ("J",), ROOM,
                   "The QR code and the address beside the step, for latecomers; the step keeps its room",
                   checkable=True, enabled=lambda: phones.running, extra={"checked": lambda: session.show_join}),
        ActionSpec("phones.hold", "Hold phone notes for approval",
                   lambda: phones.set_hold_notes(not phones.hold_notes), (), ROOM,
                   "Phone notes wait, hidden from the room, until you approve them in the Phones panel",
                   checkable=True, extra={"checked": lambda: phones.hold_notes}),
    ]
