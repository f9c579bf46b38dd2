"""The joined phones as the workshop's owner thread sees them: who is who, and what each may see.

A :class:`JoinRoom` lives on the thread that owns the workshop and is only ever called there (through the
dispatcher by the server, directly by the GUI). It keeps one :class:`Device` per phone: the participant
it chose, if any, and the answers it made, so an anonymous phone can still see and change its own.
It builds the state a phone is shown (the current step, what it offers, and the phone's own answers:
never another person's) and hands each submission to :mod:`workshop_app.join.answers`, which turns it
into core operations.

For the console: :meth:`JoinRoom.summary` says who has joined and how many people answered each step;
:meth:`JoinRoom.subscribe` tells when that changes. With ``hold_notes`` on, phone notes arrive hidden
and wait in :meth:`JoinRoom.held` until the facilitator approves or rejects them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from workshop_app.core.workshop import Change, Edit, Workshop
from workshop_app.model.answers import ItemBase, Note
from workshop_app.model.document import Step, new_id

AnswerT = TypeVar("AnswerT", bound=ItemBase)
Answer = tuple[int, dict[str, Any]]  # an HTTP status and the JSON to send back
RoomListener = Callable[[], None]


class JoinError(Exception):
    """A request the room refuses: the HTTP status and a sentence for the person holding the phone."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass
class Device:
    """One phone (one device cookie) for as long as the server runs."""

    id: str
    joined: dt.datetime
    participant: str | None = None
    connected: int = 0  # open event streams: the page is open on the phone
    made: dict[str, list[str]] = field(default_factory=dict)  # step id -> ids of the items it created
    answered: set[str] = field(default_factory=set)  # step ids it has sent something to
    # step id -> the random respondent key of this phone's anonymous ratings there (it names nobody)
    respondents: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class JoinedDevice:
    """A phone as the console lists it."""

    id: str
    name: str | None  # the participant's name, None while anonymous
    participant: str | None
    connected: bool
    joined: dt.datetime


@dataclass(frozen=True)
class RoomSummary:
    """Who has joined and how far the room is: what the console shows beside the shared screen."""

    devices: tuple[JoinedDevice, ...]
    answered: dict[str, int]  # step id -> how many phones sent something to it (people, not answers)
    held: int  # phone notes waiting for the facilitator

    @property
    def joined(self) -> int:
        return len(self.devices)

    @property
    def connected(self) -> int:
        return sum(1 for d in self.devices if d.connected)

    @property
    def anonymous(self) -> int:
        return sum(1 for d in self.devices if d.participant is None)

    def answered_step(self, step_id: str | None) -> int:
        return self.answered.get(step_id, 0) if step_id else 0


def is_anonymous(step: Step) -> bool:
    """True when the step stores no names: the facilitator's setting, or a rating its file marks anonymous."""
    rating = step.exercise.rating if step.exercise else None
    return step.anonymous or bool(rating and rating.anonymous)


def needs_name(step: Step) -> bool:
    """True when a phone must pick a participant before it can send anything to this step."""
    ex = step.exercise
    if ex is None:
        return False
    if ex.commitments is not None:
        return True
    return ex.canvas is not None and ex.canvas.per != "room"


class JoinRoom:
    """The phones joined to one open workshop. Owner thread only."""

    def __init__(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self.devices: dict[str, Device] = {}
        self.hold_notes = False
        self._held: list[str] = []
        self.revision = 0
        self._notes_cache: tuple[int, str, list[Note]] | None = None
        self._voting_cache: tuple[int, str, list[dict[str, Any]]] | None = None
        self._listeners: list[RoomListener] = []
        # Set by the server: called with "step" when what every phone shows changes (another step, its
        # settings, the people) and with "items" when answers on the current step change.
        self.on_change: Callable[[str], None] | None = None
        # Set by a host that wants phone changes on its undo stack.
        self.on_edit: Callable[[Edit], None] | None = None
        workshop.subscribe(self._on_workshop_change)

    def close(self) -> None:
        """Stop following the workshop (the server is stopping)."""
        self.workshop.unsubscribe(self._on_workshop_change)
        self.on_change = None

    # -- telling others --------------------------------------------------------------------------
    def subscribe(self, listener: RoomListener) -> None:
        """Call ``listener()`` on the owner thread whenever :meth:`summary` may have changed."""
        self._listeners.append(listener)

    def unsubscribe(self, listener: RoomListener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _room_changed(self, phones_too: bool = False) -> None:
        if phones_too:
            self._phones_look("step")
        for listener in list(self._listeners):
            listener()

    def _phones_look(self, what: str) -> None:
        """What phones show has changed: a new revision, and the server tells the phones."""
        self.revision += 1
        if self.on_change:
            self.on_change(what)

    def _on_workshop_change(self, change: Change) -> None:
        ws = self.workshop
        step = ws.current_step
        # What every phone shows: the step (another one, or its settings), the people, the title.
        if change.current or change.steps or change.participants or change.groups or change.info:
            self._phones_look("step")
        elif step is not None and change.answers_in(step.id):
            self._phones_look("items")  # answers on the current step; the action plan is not on phones
        if change.items and self._held:
            before = len(self._held)
            self._held = [i for i in self._held if ws.has_item(i) and ws.item(i).hidden]
            if len(self._held) != before:
                self._room_changed()

    # -- devices ---------------------------------------------------------------------------------
    def register(self, device_id: str) -> Device:
        """The phone behind a device cookie, recorded the first time it opens the page."""
        device = self.devices.get(device_id)
        if device is None:
            device = self.devices[device_id] = Device(device_id, dt.datetime.now(dt.UTC))
            self._room_changed()
        return device

    def device(self, device_id: str) -> Device:
        device = self.devices.get(device_id)
        if device is None:
            raise JoinError(403, "This phone has not joined: open the join page again.")
        if device.participant is not None and self.workshop.participant(device.participant) is None:
            device.participant = None  # the participant was removed from the workshop
        return device

    def set_connected(self, device_id: str, delta: int) -> None:
        """An event stream of the phone opened (+1) or closed (-1)."""
        device = self.devices.get(device_id)
        if device is not None:
            was = device.connected > 0
            device.connected = max(device.connected + delta, 0)
            if was != (device.connected > 0):
                self._room_changed()

    def holder(self, participant_id: str) -> Device | None:
        """The phone that has chosen this participant, if any."""
        return next((d for d in self.devices.values() if d.participant == participant_id), None)

    def choose(self, device_id: str, participant_id: str | None) -> Answer:
        """Tie the phone to a participant (None: anonymous). A name another phone holds is refused."""
        device = self.device(device_id)
        if participant_id is not None:
            person = self.workshop.participant(participant_id)
            if person is None:
                raise JoinError(404, "That name is no longer on the list.")
            other = self.holder(participant_id)
            if other is not None and other is not device:
                raise JoinError(409, f"{person.name} has already joined on another phone. "
                                     "If that is you, ask the facilitator to free the name.")
        if device.participant != participant_id:
            device.participant = participant_id
            self._room_changed(phones_too=True)
        return 200, self._me(device)

    def release(self, participant_id: str) -> bool:
        """Free a participant's name so another phone can pick it (the console's "free this name")."""
        device = self.holder(participant_id)
        if device is None:
            return False
        device.participant = None
        self._room_changed(phones_too=True)
        return True

    def _me(self, device: Device) -> dict[str, Any]:
        person = self.workshop.participant(device.participant)
        return {"participant": person.id if person else None, "name": person.name if person else None}

    # -- what the console sees ----------------------------------------------------------------------
    def summary(self) -> RoomSummary:
        ws = self.workshop
        devices = tuple(
            JoinedDevice(d.id, p.name if (p := ws.participant(d.participant)) else None,
                         p.id if p else None, d.connected > 0, d.joined)
            for d in sorted(self.devices.values(), key=lambda d: d.joined)
        )
        answered: dict[str, int] = {}
        for d in self.devices.values():
            for step_id in d.answered:
                answered[step_id] = answered.get(step_id, 0) + 1
        return RoomSummary(devices, answered, len(self.held()))

    # -- moderation ------------------------------------------------------------------------------
    def held(self) -> list[Note]:
        """Phone notes waiting for the facilitator, oldest first (only while ``hold_notes`` was on)."""
        ws = self.workshop
        return [ws.item(i, Note) for i in self._held if ws.has_item(i) and ws.item(i).hidden]

    def hold(self, item_id: str) -> None:
        self._held.append(item_id)
        self._room_changed()

    def approve(self, item_id: str) -> Edit:
        """Show a held note on the board and the shared screen."""
        edit = self.workshop.update_item(item_id, "Approve phone note", hidden=False)
        self._held = [i for i in self._held if i != item_id]
        self._room_changed()
        return edit

    def reject(self, item_id: str) -> Edit:
        """Delete a held note: it never reaches the shared screen."""
        edit = self.workshop.delete_items([item_id], "Reject phone note")
        self._held = [i for i in self._held if i != item_id]
        self._room_changed()
        return edit

    # -- bookkeeping for answers -----------------------------------------------------------------
    def current(self, device: Device, step_id: str | None) -> Step:
        """The current step, checked against the step the phone was showing."""
        step = self.workshop.current_step
        if step is None:
            raise JoinError(409, "The workshop has no steps yet.")
        if step_id is not None and step_id != step.id:
            raise JoinError(409, "The facilitator has moved to another step: have a look at it.")
        return step

    def mine(self, device: Device, step: Step, kind: type[AnswerT]) -> list[AnswerT]:
        """The phone's own answers of one kind on a step: those it made, and on a step that stores
        names, those of the participant it chose."""
        made = set(device.made.get(step.id, ()))
        by_name = device.participant if device.participant and not is_anonymous(step) else None
        return [i for i in self.workshop.items(step.id, kind) if i.id in made or (by_name and i.author == by_name)]

    def board_notes(self, step: Step) -> list[Note]:
        """A board's notes in board order, looked up once per revision: forty phones reloading the
        board after a burst of notes cost one look at the workshop, not forty."""
        cached = self._notes_cache
        if cached is not None and cached[0] == self.revision and cached[1] == step.id:
            return cached[2]
        notes = self.workshop.items(step.id, Note)
        self._notes_cache = (self.revision, step.id, notes)
        return notes

    def voting_notes(self, step: Step) -> list[dict[str, Any]]:
        """The notes every phone votes on, made once per revision and shared by all (never changed).

        The texts only: no author, colour or vote count of anyone else, and never a hidden note. On an
        anonymous step they come in text order, as on the shared screen, so the order of arrival does not
        tell who wrote what."""
        cached = self._voting_cache
        if cached is not None and cached[0] == self.revision and cached[1] == step.id:
            return cached[2]
        visible = [n for n in self.board_notes(step) if not n.hidden]
        if step.anonymous:
            visible.sort(key=lambda n: (n.text.casefold(), n.id))
        notes = [{"id": n.id, "text": n.text, "prompt": n.prompt} for n in visible]
        self._voting_cache = (self.revision, step.id, notes)
        return notes

    def author(self, device: Device, step: Step) -> str | None:
        """Who the answers of this phone are stored as on this step: nobody on an anonymous step."""
        return None if is_anonymous(step) else device.participant

    def respondent(self, device: Device, step: Step) -> str | None:
        """The key that ties this phone's anonymous ratings on a step together, for per-person scores:
        random, made for this step, never stored with a name. None where the answers carry the author."""
        if step.type != "rating" or self.author(device, step) is not None:
            return None
        return device.respondents.setdefault(step.id, new_id())

    def record(self, device: Device, step: Step, edit: Edit) -> None:
        """Remember what a submission created, and that the phone has answered this step."""
        made = device.made.setdefault(step.id, [])
        made += [row_id for table, row_id, before, _ in edit.rows if table == "items" and before is None]
        first = step.id not in device.answered
        device.answered.add(step.id)
        if edit and self.on_edit:
            self.on_edit(edit)
        if first:
            self._room_changed()

    # -- the phone's view ------------------------------------------------------------------------
    def state(self, device_id: str) -> dict[str, Any]:
        """Everything the phone shows: the workshop's title, who it is, whom it can pick, the step."""
        from workshop_app.join.answers import step_state

        ws = self.workshop
        device = self.device(device_id)
        step = ws.current_step
        people = [
            {"id": p.id, "name": p.name, "taken": (h := self.holder(p.id)) is not None and h is not device}
            for p in sorted(ws.participants, key=lambda p: p.name.casefold())
        ]
        return {
            "revision": self.revision,
            "workshop": ws.info.title,
            "me": self._me(device),
            "participants": people,
            "step": step_state(self, device, step) if step is not None else None,
            "index": ws.current_index,
            "count": len(ws.steps),
        }
