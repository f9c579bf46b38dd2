"""The open workshop: its state in memory, every operation on it, each committed to the file at once.

Both windows (the facilitator's and the shared screen) and the command line work through this one
object. Each operation writes one transaction first and only then changes memory and tells listeners,
so nothing on screen claims a change the file does not hold. Operations that users can undo return an
:class:`Edit` (the rows before and after); applying it in reverse is the undo.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any, cast, overload

from pydantic import BaseModel, ValidationError

from workshop_app.model.answers import AnswerT, of_kind, points_at, votes_of
from workshop_app.model.document import (
    PALETTE,
    ActionItem,
    Answer,
    Cluster,
    Commitment,
    Group,
    ItemBase,
    Link,
    Marker,
    Note,
    Participant,
    Progress,
    SpectrumItem,
    Step,
    TimerState,
    WorkshopDoc,
    WorkshopInfo,
    make_item,
)
from workshop_app.model.references import action_problem, item_problem
from workshop_app.model.registry import accepts, refusal
from workshop_app.model.text import NOTE_MAX, clean_text
from workshop_app.storage.lifecycle import close_file, create_file, open_file
from workshop_app.storage.workshop_file import WorkshopFile

Listener = Callable[["Change"], None]

# Why a commitment's action is in the plan: a person's own promise, not a decision of the room.
COMMITMENT_WHY = "Personal commitment"


class WorkshopError(Exception):
    """A change the workshop refuses, with a message for the person who tried it."""


class VoteBudgetError(WorkshopError):
    pass


@dataclass(frozen=True)
class Change:
    """What one user action changed, told to listeners once: the ids of the rows of each table.

    ``item_steps`` names the steps whose answers changed, so a view can tell at once whether the
    change concerns it. ``current`` is set when the room moved to another step.
    """

    items: frozenset[str] = frozenset()
    item_steps: frozenset[str] = frozenset()
    steps: frozenset[str] = frozenset()
    participants: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    actions: frozenset[str] = frozenset()
    info: bool = False
    current: bool = False

    def answers_in(self, step_id: str) -> bool:
        return step_id in self.item_steps


@dataclass
class Edit:
    """An undoable change: the rows of each table before and after (None = absent)."""

    label: str
    rows: list[tuple[str, str, BaseModel | None, BaseModel | None]] = field(default_factory=list)

    def add(self, table: str, row_id: str, before: BaseModel | None, after: BaseModel | None) -> None:
        self.rows.append((table, row_id, before, after))

    def reversed(self) -> Edit:
        return Edit(self.label, [(t, i, a, b) for t, i, b, a in reversed(self.rows)])

    def compacted(self) -> Edit:
        """One row per changed row: its state before the first change and after the last.

        Rows that end as they began (added then deleted, changed and changed back) drop out, so the
        file gets one write per row and undo restores exactly what was there before.
        """
        first: dict[tuple[str, str], BaseModel | None] = {}
        last: dict[tuple[str, str], BaseModel | None] = {}
        for table, row_id, before, after in self.rows:
            first.setdefault((table, row_id), before)
            last[(table, row_id)] = after
        rows = [(t, i, first[(t, i)], after) for (t, i), after in last.items() if first[(t, i)] != after]
        return Edit(self.label, rows)

    def __bool__(self) -> bool:
        return bool(self.rows)


def friendly_validation(err: ValidationError) -> str:
    """One sentence for the first problem in a pydantic error, naming the field."""
    e = err.errors()[0]
    name = str(e["loc"][-1]) if e["loc"] else "value"
    if e["type"] in ("string_too_long", "too_long"):
        limit = e.get("ctx", {}).get("max_length", NOTE_MAX)
        return f"The {name} is too long: at most {limit:,} characters. Shorten it or split it in two."
    if e["type"] in ("string_too_short", "too_short"):
        return f"The {name} cannot be empty."
    return f"The {name} is not valid: {e['msg']}."


def _position(listing: list[Any], row: Any) -> int:
    """Where ``row`` is in ``listing``, found by identity: comparing models field by field to find one
    among thousands of items took milliseconds per change."""
    try:
        return list(map(operator.is_, listing, repeat(row))).index(True)
    except ValueError:
        return listing.index(row)


class Workshop:
    """An open workshop file and its state. Create with :meth:`open` or :meth:`create`."""

    def __init__(self, file: WorkshopFile, doc: WorkshopDoc) -> None:
        self.file = file
        self.doc = doc
        self._listeners: list[Listener] = []
        self._tables: dict[str, dict[str, Any]] = {}
        self._unit: Edit | None = None  # the user action being built, inside :meth:`unit`
        self._saved: dict[str, Any] = {}  # each table as it was before that action
        self._reindex()

    # -- life cycle ----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, readonly: bool = False, take_over: bool = False) -> Workshop:
        """Open the workshop at ``path``, backed up and brought up to date (see storage.lifecycle).

        ``take_over`` takes the lock from another computer that seems to hold it (after asking).
        """
        file, doc = open_file(Path(path), readonly=readonly, take_over=take_over)
        return cls(file, doc)

    @classmethod
    def create(cls, path: Path | str, doc: WorkshopDoc) -> Workshop:
        """Create a workshop file holding ``doc`` (a new workshop, the demo, or an import).

        The file appears complete or not at all: it is built under a temporary name first.
        """
        file, loaded = create_file(Path(path), doc)
        return cls(file, loaded)

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def readonly(self) -> bool:
        return self.file.readonly

    def close(self) -> None:
        """Back up what changed, close the file and give its lock back."""
        close_file(self.file)

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def _reindex(self) -> None:
        self._tables = {
            "participants": {p.id: p for p in self.doc.participants},
            "groups": {g.id: g for g in self.doc.groups},
            "steps": {s.id: s for s in self.doc.steps},
            "items": {i.id: i for i in self.doc.items},
            "actions": {a.id: a for a in self.doc.actions},
        }
        # Each step's items, in the order of ``doc.items``: reading one step never scans the others.
        self._by_step: dict[str, dict[str, ItemBase]] = {}
        for item in self.doc.items:
            self._by_step.setdefault(item.step, {})[item.id] = item

    def _index_item(self, item_id: str, before: ItemBase | None, after: ItemBase | None) -> None:
        """Keep the per-step index in step with one item change (already made in ``doc.items``)."""
        if before is not None and (after is None or after.step != before.step):
            self._by_step.get(before.step, {}).pop(item_id, None)
            if after is not None:  # moved to another step (rare): rebuild that step's index in file order
                self._by_step[after.step] = {i.id: i for i in self.doc.items if i.step == after.step}
        elif after is not None:
            self._by_step.setdefault(after.step, {})[item_id] = after

    # -- reading -------------------------------------------------------------------------------
    @property
    def info(self) -> WorkshopInfo:
        return self.doc.info

    @property
    def participants(self) -> list[Participant]:
        return self.doc.participants

    @property
    def steps(self) -> list[Step]:
        return self.doc.steps

    @property
    def actions(self) -> list[ActionItem]:
        return sorted(self.doc.actions, key=lambda a: (a.order, a.created))

    @property
    def current_index(self) -> int:
        return min(self.doc.current_step, max(len(self.doc.steps) - 1, 0))

    @property
    def current_step(self) -> Step | None:
        return self.doc.steps[self.current_index] if self.doc.steps else None

    def step(self, step_id: str) -> Step:
        return self._tables["steps"][step_id]

    @overload
    def item(self, item_id: str) -> ItemBase: ...
    @overload
    def item(self, item_id: str, kind: type[AnswerT]) -> AnswerT: ...
    def item(self, item_id: str, kind: type[ItemBase] = ItemBase) -> ItemBase:
        """An answer by id; with ``kind``, refused unless it is an answer of that kind."""
        found = self._tables["items"][item_id]
        if not isinstance(found, kind):
            raise WorkshopError("That is not something this can be done with.")
        return found

    def has_item(self, item_id: str) -> bool:
        return item_id in self._tables["items"]

    def action(self, action_id: str) -> ActionItem:
        return self._tables["actions"][action_id]

    def participant(self, participant_id: str | None) -> Participant | None:
        return self._tables["participants"].get(participant_id) if participant_id else None

    def author_name(self, participant_id: str | None) -> str:
        p = self.participant(participant_id)
        return p.name if p else "Anonymous"

    @overload
    def items(self, step_id: str, kind: type[AnswerT]) -> list[AnswerT]: ...
    @overload
    def items(self, step_id: str, kind: str | None = None) -> list[ItemBase]: ...
    def items(self, step_id: str, kind: type[ItemBase] | str | None = None) -> list[Any]:
        """A step's answers of one kind (its class, or its ``kind`` name), in board order."""
        found = of_kind(self._by_step.get(step_id, {}).values(), kind)
        return sorted(found, key=lambda i: (i.order, i.created))

    def votes_used(self, step_id: str, voter: str) -> int:
        return sum(votes_of(i).get(voter, 0) for i in self._by_step.get(step_id, {}).values())

    # -- the one write path --------------------------------------------------------------------
    @contextmanager
    def unit(self, label: str) -> Iterator[Edit]:
        """One user action: every operation inside is one transaction, one change notice, one undo step.

        Operations inside change memory at once (so later parts see earlier ones: a new cluster's id,
        a node just placed), but nothing is written or announced until the block ends. Then the
        references are checked and everything is committed together. If any part is refused, or the
        disk fails, memory is put back and nothing of it is in the file, on screen or on the undo stack.
        The yielded edit holds the whole action once the block has ended. A unit inside a unit joins it.
        """
        if self._unit is not None:
            yield self._unit
            return
        edit = Edit(label)
        self._unit = edit
        self._saved = {}
        try:
            yield edit
            whole = edit.compacted()
            self._check_references(whole)
            if whole:
                self._write(whole)
        except BaseException:
            self._unit = None
            self._restore()
            raise
        self._unit = None
        self._saved = {}
        edit.rows = whole.rows
        self._announce(whole)

    def apply(self, edit: Edit) -> None:
        """Commit an edit (or, inside :meth:`unit`, add it to the action being built)."""
        if self._unit is not None:
            for table, _, _, _ in edit.rows:
                if table not in self._saved:  # the state before the action, to put back if it fails
                    self._saved[table] = self.doc.info if table == "info" else list(getattr(self.doc, table))
            self._apply_memory(edit.rows)
            self._unit.rows.extend(edit.rows)
            return
        with self.unit(edit.label):
            self.apply(edit)

    def undo(self, edit: Edit) -> None:
        """Reverse an edit, refused if a row it touched was changed since (by a phone, say)."""
        for table, row_id, _, after in edit.rows:
            current = self.doc.info if table == "info" else self._tables[table].get(row_id)
            if current != after:
                raise WorkshopError(
                    f"“{edit.label}” cannot be undone: what it changed has been changed again since."
                )
        self.apply(edit.reversed())

    def redo(self, edit: Edit) -> None:
        """Apply an undone edit again, refused if a row it touches was changed since it was undone."""
        self.undo(edit.reversed())

    def _restore(self) -> None:
        """Put memory back as it was before the failed action, rows in their old places."""
        for table, saved in self._saved.items():
            if table == "info":
                self.doc.info = cast(WorkshopInfo, saved)
            else:
                getattr(self.doc, table)[:] = saved  # in place: no re-validation of every row
        self._saved = {}
        self._reindex()

    def _write(self, edit: Edit) -> None:
        puts = [(t, after) for t, _, _, after in edit.rows if after is not None and t != "info"]
        deletes = [(t, i) for t, i, _, after in edit.rows if after is None]
        meta = {}
        for table, _, _, after in edit.rows:
            if table == "info" and after is not None:
                meta["info"] = after.model_dump_json()  # compacted: at most one such row
        self.file.write(puts=puts, deletes=deletes, meta=meta)

    def _apply_memory(self, rows: list[tuple[str, str, BaseModel | None, BaseModel | None]]) -> None:
        for table, row_id, _, after in rows:
            if table == "info":
                self.doc.info = cast(WorkshopInfo, after)
                continue
            table_rows = self._tables[table]
            listing = getattr(self.doc, table)
            before = table_rows.get(row_id)
            if after is None:
                if before is not None:
                    del table_rows[row_id]
                    del listing[_position(listing, before)]
            elif before is not None:
                listing[_position(listing, before)] = after
                table_rows[row_id] = after
            else:
                listing.append(after)
                table_rows[row_id] = after
            if table == "items":
                self._index_item(row_id, cast(ItemBase | None, before), cast(ItemBase | None, after))

    def _announce(self, edit: Edit) -> None:
        if not edit:
            return
        touched: dict[str, set[str]] = {"items": set(), "steps": set(), "participants": set(), "groups": set(),
                                        "actions": set()}
        item_steps: set[str] = set()
        for table, row_id, before, after in edit.rows:
            if table in touched:
                touched[table].add(row_id)
            if table == "items":
                item_steps.update(row.step for row in (before, after) if isinstance(row, ItemBase))
        self._notify(Change(
            items=frozenset(touched["items"]), item_steps=frozenset(item_steps), steps=frozenset(touched["steps"]),
            participants=frozenset(touched["participants"]), groups=frozenset(touched["groups"]),
            actions=frozenset(touched["actions"]), info=any(t == "info" for t, _, _, _ in edit.rows),
        ))

    def _check_references(self, edit: Edit) -> None:
        """Every row written points at rows that exist, of the right kind; nothing left points at a deleted one."""
        steps, items, people = self._tables["steps"], self._tables["items"], self._tables["participants"]
        actions = self._tables["actions"]
        deleted_items: set[str] = set()
        deleted_actions: set[str] = set()
        for table, row_id, _, after in edit.rows:
            if table == "items":
                if after is None:
                    deleted_items.add(row_id)
                else:
                    problem = item_problem(cast(ItemBase, after), steps, items, people, actions)
                    if problem:
                        raise WorkshopError(problem)
            elif table == "actions" and after is None:
                deleted_actions.add(row_id)
            elif table == "actions":
                problem = action_problem(cast(ActionItem, after), steps, people)
                if problem:
                    raise WorkshopError(problem)
            elif table == "steps" and after is None and self._by_step.get(row_id):
                raise WorkshopError("That step still holds answers; they would be lost with it.")
        if deleted_items:
            for item in self.doc.items:
                if points_at(item) & deleted_items:
                    raise WorkshopError("Something else on the board still points at what would be deleted.")
        if deleted_actions and any(isinstance(i, Progress) and i.action in deleted_actions for i in self.doc.items):
            raise WorkshopError("A review still holds progress notes on that action.")

    @staticmethod
    def _build(model: type[BaseModel], **fields: Any) -> Any:
        try:
            return model(**fields)
        except ValidationError as exc:
            raise WorkshopError(friendly_validation(exc)) from None

    def _updated(self, row: BaseModel, changes: dict[str, Any]) -> Any:
        try:
            return type(row).model_validate({**row.model_dump(), **changes})
        except ValidationError as exc:
            raise WorkshopError(friendly_validation(exc)) from None

    # -- items (answers of every exercise type) -------------------------------------------------
    def add_item(self, step_id: str, kind: str, label: str = "", **fields: Any) -> Edit:
        """Add an answer of any kind to a step, placed after the others."""
        if step_id not in self._tables["steps"]:
            raise WorkshopError("That exercise is no longer in the agenda.")
        step_type = self.step(step_id).type
        if not accepts(step_type, kind):  # before building it: the kind may not exist at all
            raise WorkshopError(refusal(step_type, kind))
        fields.setdefault("order", max((i.order for i in self.items(step_id)), default=0.0) + 1)
        try:
            item = make_item(kind, step=step_id, **fields)
        except ValidationError as exc:
            raise WorkshopError(friendly_validation(exc)) from None
        edit = Edit(label or f"Add {kind}")
        edit.add("items", item.id, None, item)
        self.apply(edit)
        return edit

    def add_note(self, step_id: str, text: str, prompt: int = 0, author: str | None = None) -> Edit:
        if not clean_text(text).strip():
            raise WorkshopError("A note needs some text.")
        return self.add_item(step_id, "note", "Add note", text=text, prompt=prompt, author=author)

    def update_item(self, item_id: str, label: str = "Edit", **changes: Any) -> Edit:
        before = self.item(item_id)
        after = self._updated(before, changes)
        edit = Edit(label)
        if after != before:
            edit.add("items", item_id, before, after)
            self.apply(edit)
        return edit

    def update_items(self, updates: Iterable[tuple[str, dict[str, Any]]], label: str) -> Edit:
        """Several item changes as one undoable step (a cluster drop, a reorder)."""
        edit = Edit(label)
        for item_id, changes in updates:
            before = self.item(item_id)
            after = self._updated(before, changes)
            if after != before:
                edit.add("items", item_id, before, after)
        if edit:
            self.apply(edit)
        return edit

    def delete_items(self, item_ids: Iterable[str], label: str = "Delete") -> Edit:
        """Delete items and what hangs on them: a cluster's notes leave it, a node's links go too."""
        edit = Edit(label)
        doomed = {i for i in item_ids if self.has_item(i)}
        # Links attached to deleted nodes go with them, and markers left on nothing with their last place.
        grew = True
        while grew:
            extra = {i.id for i in self.doc.items if i.id not in doomed and (
                isinstance(i, Link) and points_at(i) & doomed or isinstance(i, Marker) and points_at(i) <= doomed)}
            grew = bool(extra)
            doomed |= extra
        for item in self.doc.items:
            if isinstance(item, Note) and item.cluster in doomed and item.id not in doomed:
                edit.add("items", item.id, item, item.model_copy(update={"cluster": None}))
            elif isinstance(item, Marker) and item.id not in doomed and points_at(item) & doomed:
                # A proposal on several hand-offs stays on those that remain.
                left = [t for t in item.targets if t not in doomed]
                edit.add("items", item.id, item, item.model_copy(update={"target": left[0], "also": left[1:]}))
        for item_id in doomed:
            edit.add("items", item_id, self.item(item_id), None)
        if edit:
            self.apply(edit)
        return edit

    def vote(self, item_id: str, voter: str, delta: int = 1) -> Edit:
        """Add (or with ``delta`` -1 take back) a dot vote, within the voter's budget for the step."""
        item = self.item(item_id)
        step = self.step(item.step)
        if not isinstance(item, Note | Cluster):
            raise WorkshopError("Only notes and clusters take dot votes.")
        current = item.votes.get(voter, 0)
        if delta > 0:
            used = self.votes_used(step.id, voter)
            budget = step.budget
            # The room's scribe ("room") enters tallies called out by the room, so has no budget.
            if voter != "room" and used + delta > budget:
                name = self.author_name(voter)
                raise VoteBudgetError(f"{name} has used all {budget} votes for this exercise.")
        new = max(current + delta, 0)
        votes = dict(item.votes)
        if new:
            votes[voter] = new
        else:
            votes.pop(voter, None)
        return self.update_item(item_id, "Vote" if delta > 0 else "Remove vote", votes=votes)

    def record_votes(self, step_id: str, tallies: dict[str, dict[str, int]], label: str = "Record votes") -> Edit:
        """A show of hands taken in one pass: for each note or cluster, each listed voter's count of
        dots set at once (0 takes them away). One undoable step; refused whole, with the reason, when a
        person would go over the step's budget or a count is not a count."""
        step = self.step(step_id)
        updates: list[tuple[str, dict[str, Any]]] = []
        used: dict[str, int] = {}
        for item in self.items(step_id):
            for voter, n in votes_of(item).items():
                used[voter] = used.get(voter, 0) + n
        for item_id, counts in tallies.items():
            target = self.item(item_id) if self.has_item(item_id) else None
            if not isinstance(target, Note | Cluster) or target.step != step_id:
                raise WorkshopError("Only this step's notes and clusters take dot votes.")
            votes = dict(target.votes)
            for voter, n in counts.items():
                if voter != "room" and self.participant(voter) is None:
                    raise WorkshopError("A vote must come from a participant or the room.")
                if not isinstance(n, int) or n < 0 or n > 100:
                    raise WorkshopError("A count of votes is a whole number from 0 to 100.")
                used[voter] = used.get(voter, 0) - votes.get(voter, 0) + n
                if n:
                    votes[voter] = n
                else:
                    votes.pop(voter, None)
            updates.append((item_id, {"votes": votes}))
        over = [v for v, n in used.items() if v != "room" and n > step.budget]  # the room's scribe has no budget
        if over:
            names = ", ".join(self.author_name(v) for v in over)
            raise VoteBudgetError(f"Over the budget of {step.budget} votes each: {names}.")
        with self.unit(label) as edit:
            self.update_items(updates, label)
        return edit

    # -- the step timer ---------------------------------------------------------------------------
    TIMER_KEY = "timer"

    def save_timer(self, state: TimerState | None) -> None:
        """Keep the step timer's state in the file (not an undoable change, and not told to anyone):
        a restart after a crash finds it with :meth:`saved_timer`. Nothing is written read-only."""
        if self.readonly:
            return
        self.file.write(meta={self.TIMER_KEY: state.model_dump_json() if state is not None else ""})

    def saved_timer(self) -> TimerState | None:
        """The timer state last saved, if it is readable and belongs to a step that is still there."""
        # The file's meta table holds it beside the details; the loaded document has no place for it.
        row = self.file.conn.execute("SELECT value FROM meta WHERE key=?", (self.TIMER_KEY,)).fetchone()
        if not row or not row[0]:
            return None
        try:
            state = TimerState.model_validate_json(row[0])
        except ValidationError:
            return None  # a timer that cannot be read is a timer not restored, never a file not opened
        return state if any(s.id == state.step for s in self.doc.steps) else None

    # -- steps (the agenda) ----------------------------------------------------------------------
    def go_to(self, index: int) -> None:
        """Move the room to another step; nothing is lost by moving, forward or back."""
        index = max(0, min(index, len(self.doc.steps) - 1))
        if index == self.doc.current_step:
            return
        if not self.readonly:  # looking through a read-only workshop moves through it, unsaved
            self.file.write(meta={"current_step": str(index)})
        self.doc.current_step = index
        self._notify(Change(current=True))

    def update_step(self, step_id: str, label: str = "Change step", **changes: Any) -> Edit:
        before = self.step(step_id)
        after = self._updated(before, changes)
        edit = Edit(label)
        if after != before:
            edit.add("steps", step_id, before, after)
            self.apply(edit)
        return edit

    # -- workshop details and people ------------------------------------------------------------
    def update_info(self, label: str = "Edit workshop details", **changes: Any) -> Edit:
        """Change the title, organisation, date or facilitator: an undoable change like any other."""
        before = self.doc.info
        after = self._updated(before, changes)
        edit = Edit(label)
        if after != before:
            edit.add("info", "info", before, after)
            self.apply(edit)
        return edit

    def add_participant(self, name: str, role: str = "", colour: str = "", group: str | None = None) -> Edit:
        colour = colour or PALETTE[len(self.doc.participants) % len(PALETTE)]
        person = self._build(Participant, name=name, role=role, colour=colour, group=group)
        edit = Edit("Add participant")
        edit.add("participants", person.id, None, person)
        self.apply(edit)
        return edit

    def update_participant(self, participant_id: str, **changes: Any) -> Edit:
        before = self._tables["participants"][participant_id]
        after = self._updated(before, changes)
        edit = Edit("Edit participant")
        if after != before:
            edit.add("participants", participant_id, before, after)
            self.apply(edit)
        return edit

    def add_group(self, name: str) -> Edit:
        group = self._build(Group, name=name)
        edit = Edit("Add group")
        edit.add("groups", group.id, None, group)
        self.apply(edit)
        return edit

    # -- action plan ------------------------------------------------------------------------------
    def add_action(self, what: str, **fields: Any) -> Edit:
        fields.setdefault("order", max((a.order for a in self.doc.actions), default=0.0) + 1)
        action = self._build(ActionItem, what=what, **fields)
        edit = Edit("Add action")
        edit.add("actions", action.id, None, action)
        self.apply(edit)
        return edit

    def update_action(self, action_id: str, **changes: Any) -> Edit:
        before = self.action(action_id)
        after = self._updated(before, changes)
        edit = Edit("Edit action")
        if after != before:
            edit.add("actions", action_id, before, after)
            self.apply(edit)
        return edit

    def delete_action(self, action_id: str) -> Edit:
        """Delete an action, with what a review said about it: both in one undo step."""
        with self.unit("Delete action") as edit:
            reviews = [i.id for i in self.doc.items if isinstance(i, Progress) and i.action == action_id]
            if reviews:
                self.delete_items(reviews, "Delete action")
            removal = Edit("Delete action")
            removal.add("actions", action_id, self.action(action_id), None)
            self.apply(removal)
        return edit

    def action_from_item(
        self, item_id: str, owner_id: str | None = None, what: str | None = None, why: str | None = None
    ) -> Edit:
        """Make any answer an action item, linked back to where it came from.

        ``what`` and ``why`` replace the wording taken from the answer (a KPI's proposed change is
        what to do, say); the action is still one addition, one undo step.
        """
        item = self.item(item_id)
        step = self.step(item.step)
        text = item.text or (item.change if isinstance(item, SpectrumItem) else "") or "Follow up"
        owner = self.participant(owner_id or item.author)
        return self.add_action(
            what or (text.splitlines()[0][:300] if text.strip() else "Follow up"),
            why=(why or f"From “{step.title}”: {text}")[:NOTE_MAX],
            source=item.id,
            step=step.id,
            owner=owner.name if owner else "",
            owner_id=owner.id if owner else None,
            due=item.due if isinstance(item, Commitment) else None,
        )

    # -- compound actions: each one user action, one unit -------------------------------------------
    def cluster_notes(self, step_id: str, name: str, note_ids: Iterable[str], prompt: int = 0) -> Edit:
        """A new named cluster holding these notes, under ``prompt`` with them: one step."""
        notes = [i for i in note_ids if self.has_item(i) and self.item(i).kind == "note"]
        if not notes:
            raise WorkshopError("Select the notes to cluster first.")
        with self.unit("Cluster notes") as edit:
            cluster_id = self.add_item(step_id, "cluster", text=name, prompt=prompt).rows[0][1]
            # A note dragged from another prompt onto this one's note moves with it.
            self.update_items([(n, {"cluster": cluster_id, "prompt": prompt}) for n in notes], "Cluster notes")
        return edit

    def add_nodes(self, step_id: str, nodes: Iterable[tuple[str, float, float, int]], label: str) -> Edit:
        """Several departments (name, x, y, lane) placed on a map at once."""
        with self.unit(label) as edit:
            for name, x, y, lane in nodes:
                self.add_item(step_id, "node", text=name, x=x, y=y, lane=lane)
        return edit

    def linked_actions(self, item_id: str) -> list[ActionItem]:
        """The actions made from an answer (a commitment's own action, say)."""
        return [a for a in self.doc.actions if a.source == item_id]

    def add_commitment(
        self, step_id: str, author: str, text: str, due: dt.date | None = None, slot: int = 0
    ) -> Edit:
        """A person's commitment and its action in the plan, together: neither exists without the other."""
        person = self.participant(author)
        if person is None:
            raise WorkshopError("Choose who is making the commitment.")
        if not clean_text(text).strip():
            raise WorkshopError("A commitment needs some text.")
        with self.unit("Add commitment") as edit:
            made = self.add_item(step_id, "commitment", text=text, author=person.id, due=due, slot=slot)
            self.add_action(what=text, why=COMMITMENT_WHY, source=made.rows[0][1], step=step_id,
                            owner=person.name, owner_id=person.id, due=due, area="Mindset and completion")
        return edit

    def update_commitment(self, item_id: str, text: str, due: dt.date | None) -> Edit:
        """New wording or date for a commitment, carried to its action."""
        with self.unit("Edit commitment") as edit:
            self.update_item(item_id, text=text, due=due)
            for action in self.linked_actions(item_id):
                self.update_action(action.id, what=text, due=due)
        return edit

    def remove_commitment(self, item_id: str) -> Edit:
        """A commitment taken back, with its action."""
        with self.unit("Remove commitment") as edit:
            for action in self.linked_actions(item_id):
                self.delete_action(action.id)
            self.delete_items([item_id], "Remove commitment")
        return edit

    def give_respondent_role(self, step_id: str, respondent: str, role: str) -> Edit:
        """The role an anonymous respondent gives, put on every rating they made in the step: one change."""
        with self.unit("Give role") as edit:
            for answer in self.items(step_id, Answer):
                if answer.respondent == respondent and answer.role != role:
                    self.update_item(answer.id, "Give role", role=role)
        return edit
