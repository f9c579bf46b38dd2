"""What a phone sees of the current step and what it may send to it, as core operations.

Owner thread only (called by :class:`~workshop_app.join.room.JoinRoom` and the server's dispatched
functions). Each step type offers what its exercise asks for and nothing more: the prompts of a board
and, while dot voting is open, the visible notes without their authors; the statements and options of a
poll or rating with the phone's own answers only; the fields of the canvas card of the phone's role or
group; the phone's own commitments and spectrum items.
"""

from __future__ import annotations

from typing import Any

from workshop_app.core.results import rating_statements
from workshop_app.join.requests import (
    CommitmentBody,
    EntryBody,
    NoteBody,
    PollBody,
    RatingBody,
    SpectrumBody,
    VoteBody,
)
from workshop_app.join.room import Answer, Device, JoinError, JoinRoom, is_anonymous, needs_name
from workshop_app.model.answers import Answer as AnswerItem
from workshop_app.model.answers import Commitment, Entry, Note, SpectrumItem
from workshop_app.model.document import Step
from workshop_app.model.text import clean_text


# -- the state of the current step ------------------------------------------------------------------
def step_state(room: JoinRoom, device: Device, step: Step) -> dict[str, Any]:
    """The current step as the phone shows it."""
    ex = step.exercise
    state: dict[str, Any] = {
        "id": step.id,
        "title": step.title,
        "type": step.type,
        "purpose": ex.purpose if ex else "",
        "anonymous": is_anonymous(step),
        "anonymous_allowed": not needs_name(step),
        "needs_name": needs_name(step),
    }
    if ex is None:
        return state
    if ex.board:
        state.update(_board(room, device, step))
    elif ex.poll:
        mine = {a.statement: int(a.value) for a in room.mine(device, step, AnswerItem)}
        state.update(statements=list(ex.poll.statements), options=list(ex.poll.scale), mine=mine)
    elif ex.rating:
        r = ex.rating
        mine = {a.statement: round(a.value) for a in room.mine(device, step, AnswerItem)}
        state.update(
            statements=[{"dimension": d, "text": s} for d, s in rating_statements(step)],
            scale={"min": r.scale_min, "max": r.scale_max, "low": r.low_label, "high": r.high_label},
            mine=mine,
        )
    elif ex.spectrum:
        s = ex.spectrum
        mine_items = [{"id": i.id, "text": i.text, "category": i.category, "change": i.change}
                      for i in room.mine(device, step, SpectrumItem)]
        state.update(item_label=s.item_label, categories=list(s.categories), change_label=s.change_label,
                     mine=mine_items)
    elif ex.canvas:
        card = _card(room, device, step)
        entries: dict[int, str] = {}
        if card is not None:
            for entry in room.workshop.items(step.id, Entry):
                if entry.card == card and entry.field not in entries:
                    entries[entry.field] = entry.text
        state.update(fields=list(ex.canvas.fields), per=ex.canvas.per, card=card, entries=entries)
    elif ex.commitments:
        c = ex.commitments
        mine_slots = [{"slot": i.slot, "text": i.text, "due": i.due.isoformat() if i.due else None}
                      for i in room.mine(device, step, Commitment)]
        state.update(count=c.count, prompt=c.prompt, mine=mine_slots)
    return state


def _board(room: JoinRoom, device: Device, step: Step) -> dict[str, Any]:
    assert step.exercise and step.exercise.board
    me = device.participant
    all_notes = room.board_notes(step)
    made = set(device.made.get(step.id, ()))
    by_name = me if me and not is_anonymous(step) else None
    mine = {n.id for n in all_notes if n.id in made or (by_name and n.author == by_name)}
    voting = step.budget > 0 and not step.answers_hidden
    # The notes to vote on are the same for every phone (``room.voting_notes``, made once per revision);
    # what is this phone's own comes beside them: its dots, its notes.
    notes = room.voting_notes(step) if voting else []
    my_votes = {n.id: n.votes[me] for n in all_notes if me and n.votes.get(me)} if voting else {}
    own = [{"id": n.id, "text": n.text, "prompt": n.prompt, "held": n.hidden} for n in all_notes if n.id in mine]
    return {
        "prompts": list(step.exercise.board.prompts),
        "budget": step.budget,
        "voting": voting,
        "votes_used": room.workshop.votes_used(step.id, me) if me else 0,  # clusters' dots count too
        "notes": notes,
        "my_votes": my_votes,
        "my_notes": own,
    }


def _card(room: JoinRoom, device: Device, step: Step) -> str | None:
    """The canvas card the phone fills in: the room's, or its participant's role or group (None: none)."""
    assert step.exercise and step.exercise.canvas
    per = step.exercise.canvas.per
    if per == "room":
        return ""
    person = room.workshop.participant(device.participant)
    if person is None:
        return None
    if per == "role":
        return person.role or None
    group = next((g for g in room.workshop.doc.groups if g.id == person.group), None)
    return group.name if group else None


def _expect(step: Step, kind: str) -> None:
    if step.type != kind:
        raise JoinError(409, f"This step is not a {kind}: have a look at the current step.")


def _named(room: JoinRoom, device: Device, what: str) -> str:
    if device.participant is None:
        raise JoinError(409, f"Pick your name first: {what} belong to a person.")
    return device.participant


# -- submissions ------------------------------------------------------------------------------------
def add_note(room: JoinRoom, device: Device, body: NoteBody) -> Answer:
    step = room.current(device, body.step)
    _expect(step, "board")
    assert step.exercise and step.exercise.board
    if body.prompt >= len(step.exercise.board.prompts):
        raise JoinError(400, "There is no such prompt on this board.")
    ws = room.workshop
    if not clean_text(body.text).strip():
        raise JoinError(400, "A note needs some text.")
    fields: dict[str, Any] = {"text": body.text, "prompt": body.prompt, "author": room.author(device, step)}
    if room.hold_notes:
        fields["hidden"] = True  # waits for the facilitator; the shared screen never shows hidden notes
    edit = ws.add_item(step.id, "note", "Add note from a phone", **fields)
    note_id = edit.rows[0][1]
    room.record(device, step, edit)
    if room.hold_notes:
        room.hold(note_id)
    return 201, {"id": note_id, "held": room.hold_notes}


def vote(room: JoinRoom, device: Device, body: VoteBody) -> Answer:
    step = room.current(device, body.step)
    _expect(step, "board")
    voter = _named(room, device, "votes")
    ws = room.workshop
    if not (step.budget > 0 and not step.answers_hidden):
        raise JoinError(409, "Voting is not open on this board.")
    note = ws.item(body.note) if ws.has_item(body.note) else None
    if not isinstance(note, Note) or note.step != step.id or note.hidden:
        raise JoinError(404, "That note is no longer on the board.")
    if body.delta == 0:
        raise JoinError(400, "A vote is +1 or -1.")
    if body.delta < 0 and not note.votes.get(voter):
        raise JoinError(409, "You have no vote on that note to take back.")
    edit = ws.vote(body.note, voter, body.delta)
    room.record(device, step, edit)
    return (201 if body.delta > 0 else 200), {
        "id": body.note, "my_votes": ws.item(body.note, Note).votes.get(voter, 0),
        "votes_used": ws.votes_used(step.id, voter),
    }


def _set_answers(room: JoinRoom, device: Device, step: Step, wanted: dict[int, float | None], label: str) -> Answer:
    """Make the phone's answers on a poll or rating step read ``wanted`` (None: no answer), as one change."""
    ws = room.workshop
    mine: dict[int, AnswerItem] = {}
    for answer in room.mine(device, step, AnswerItem):
        mine.setdefault(answer.statement, answer)
    author = room.author(device, step)
    respondent = room.respondent(device, step)
    created = 0
    with ws.unit(label) as edit:
        for statement, value in wanted.items():
            current = mine.get(statement)
            if value is None:
                if current is not None:
                    ws.delete_items([current.id], "Clear answer")
            elif current is None:
                ws.add_item(step.id, "answer", label, statement=statement, value=value, author=author,
                            respondent=respondent)
                created += 1
            elif current.value != value:
                ws.update_item(current.id, label, value=value)
    room.record(device, step, edit)
    return (201 if created else 200), {"saved": len(wanted)}


def poll(room: JoinRoom, device: Device, body: PollBody) -> Answer:
    step = room.current(device, body.step)
    _expect(step, "poll")
    assert step.exercise and step.exercise.poll
    p = step.exercise.poll
    wanted: dict[int, float | None] = {}
    for a in body.answers:
        if a.statement >= len(p.statements):
            raise JoinError(400, "There is no such statement in this poll.")
        if a.option is not None and a.option >= len(p.scale):
            raise JoinError(400, "There is no such option in this poll.")
        wanted[a.statement] = None if a.option is None else float(a.option)
    return _set_answers(room, device, step, wanted, "Answer from a phone")


def rate(room: JoinRoom, device: Device, body: RatingBody) -> Answer:
    step = room.current(device, body.step)
    _expect(step, "rating")
    assert step.exercise and step.exercise.rating
    r = step.exercise.rating
    count = len(rating_statements(step))
    wanted: dict[int, float | None] = {}
    for a in body.ratings:
        if a.statement >= count:
            raise JoinError(400, "There is no such statement in this rating.")
        if a.value is not None and not r.scale_min <= a.value <= r.scale_max:
            raise JoinError(400, f"A rating is from {r.scale_min} to {r.scale_max}.")
        wanted[a.statement] = None if a.value is None else float(a.value)
    return _set_answers(room, device, step, wanted, "Rating from a phone")


def fill_entry(room: JoinRoom, device: Device, body: EntryBody) -> Answer:
    step = room.current(device, body.step)
    _expect(step, "canvas")
    assert step.exercise and step.exercise.canvas
    if body.field >= len(step.exercise.canvas.fields):
        raise JoinError(400, "There is no such field on this canvas.")
    card = _card(room, device, step)
    if card is None:
        what = "role" if step.exercise.canvas.per == "role" else "group"
        raise JoinError(409, f"Pick your name first: each {what} fills in its own card, "
                             f"and yours needs a {what} in the participant list.")
    ws = room.workshop
    text = clean_text(body.text)
    entry = next((e for e in ws.items(step.id, Entry) if e.card == card and e.field == body.field), None)
    if entry is None:
        if not text.strip():
            return 200, {"id": None}
        edit = ws.add_item(step.id, "entry", "Fill in canvas field from a phone", text=text, field=body.field,
                           card=card)
        room.record(device, step, edit)
        return 201, {"id": edit.rows[0][1]}
    if entry.text != text:
        edit = ws.update_item(entry.id, "Edit canvas field from a phone", text=text)
        room.record(device, step, edit)
    return 200, {"id": entry.id}


def commit(room: JoinRoom, device: Device, body: CommitmentBody) -> Answer:
    """Add, change or (with an empty text) remove one of the person's commitments, with its action."""
    step = room.current(device, body.step)
    _expect(step, "commitments")
    assert step.exercise and step.exercise.commitments
    if body.slot >= step.exercise.commitments.count:
        raise JoinError(400, f"There are {step.exercise.commitments.count} commitments to make, no more.")
    ws = room.workshop
    person = ws.participant(_named(room, device, "commitments"))
    assert person is not None
    try:
        due = body.due_date()
    except ValueError:
        raise JoinError(400, "That due date does not exist.") from None
    text = clean_text(body.text).strip()
    item = next((i for i in ws.items(step.id, Commitment) if i.author == person.id and i.slot == body.slot), None)
    # The core keeps a commitment and its action together: one unit, one change, all or nothing.
    if item is None:
        if not text:
            return 200, {"id": None}
        edit = ws.add_commitment(step.id, person.id, text, due, slot=body.slot)
        room.record(device, step, edit)
        return 201, {"id": next(r[1] for r in edit.rows if r[0] == "items")}
    if not text:
        edit = ws.remove_commitment(item.id)
        room.record(device, step, edit)
        return 200, {"id": None}
    if (text, due) != (item.text, item.due):
        room.record(device, step, ws.update_commitment(item.id, text, due))
    return 200, {"id": item.id}


def add_spectrum(room: JoinRoom, device: Device, body: SpectrumBody) -> Answer:
    step = room.current(device, body.step)
    _expect(step, "spectrum")
    assert step.exercise and step.exercise.spectrum
    s = step.exercise.spectrum
    if body.category >= len(s.categories):
        raise JoinError(400, "There is no such category.")
    if not clean_text(body.text).strip():
        raise JoinError(400, f"The {s.item_label.lower()} needs a name.")
    ws = room.workshop
    edit = ws.add_item(step.id, "spectrum", f"Add {s.item_label} from a phone", text=body.text,
                       category=body.category, change=body.change, author=room.author(device, step), position=0.5)
    room.record(device, step, edit)
    return 201, {"id": edit.rows[0][1]}
