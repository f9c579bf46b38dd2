"""The review of a follow-up: the carried actions walked one at a time, and what moved since last time.

A review step of scope "plan" walks the room's actions, one of scope "commitments" each person's own
commitments. Both walk the actions carried in from the earlier workshop; a workshop that was not made
as a follow-up has none, and its review walks its own plan. What the room says about an action is a
``Progress`` answer of the step (a note and a quick-win flag); its status is the action's own, so the
plan, the exports and the next follow-up all see it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from workshop_app.core.workshop import Edit, Workshop, WorkshopError
from workshop_app.model.answers import Commitment, ItemBase, Progress
from workshop_app.model.document import ActionItem, Status, Step, WorkshopDoc

Movement = Literal["done", "moving", "stuck", "dropped"]
MOVEMENTS: tuple[Movement, ...] = ("done", "moving", "stuck", "dropped")
STATUS_WORDS: dict[str, str] = {"open": "Open", "in progress": "In progress", "done": "Done", "dropped": "Dropped"}
MOVEMENT_LABELS: dict[Movement, str] = {"done": "Done", "moving": "Moving", "stuck": "Stuck", "dropped": "Dropped"}
# What each status says about progress: in progress is moving, still open is stuck.
_BY_STATUS: dict[str, Movement] = {"done": "done", "in progress": "moving", "open": "stuck", "dropped": "dropped"}


def movement(action: ActionItem) -> Movement:
    """Where an action stands: done, moving (in progress), stuck (still open) or dropped."""
    return _BY_STATUS[action.status]


def is_commitment(action: ActionItem, items: Mapping[str, ItemBase]) -> bool:
    """Whether the action is a person's own commitment rather than one of the room's decisions."""
    return action.personal or isinstance(items.get(action.source or ""), Commitment)


def is_overdue(action: ActionItem, today: dt.date) -> bool:
    """Due before ``today`` and neither done nor dropped."""
    return action.due is not None and action.due < today and action.status in ("open", "in progress")


def review_day(doc: WorkshopDoc) -> dt.date:
    """The day a review measures against: the workshop's date, else today."""
    return doc.info.date or dt.date.today()


def _sorted(actions: Iterable[ActionItem]) -> list[ActionItem]:
    return sorted(actions, key=lambda a: (a.order, a.created))


def actions_to_review(doc: WorkshopDoc, step: Step) -> list[ActionItem]:
    """The actions a review step walks, in the order it walks them.

    The carried actions of its scope, else (in a workshop that carried none) all of its scope. Each
    person's commitments come person by person, in the order of the participant list.
    """
    assert step.exercise and step.exercise.review
    items = {i.id: i for i in doc.items}
    personal = step.exercise.review.scope == "commitments"
    scope = [a for a in _sorted(doc.actions) if is_commitment(a, items) == personal]
    carried = [a for a in scope if a.carried]
    chosen = carried or scope
    if personal:
        rank = {p.id: n for n, p in enumerate(doc.participants)}
        chosen.sort(key=lambda a: (rank.get(a.owner_id or "", len(rank)), a.owner.casefold(), a.order, a.created))
    return chosen


def progress_by_action(items: Iterable[ItemBase], step: Step) -> dict[str, Progress]:
    """A review step's progress notes by the action each one reviews."""
    return {i.action: i for i in items if isinstance(i, Progress) and i.step == step.id}


def review_action(ws: Workshop, step_id: str, action_id: str, *, status: Status | None = None,
                  note: str | None = None, quick_win: bool | None = None) -> Edit:
    """Record the review of one action: its status in the plan, the progress note, the quick-win flag.

    One user action: the action's status and the step's progress note change together, in one
    transaction and one undo step. What is not given stays as it was.
    """
    step = ws.step(step_id)
    if step.exercise is None or step.exercise.review is None:
        raise WorkshopError("Actions are reviewed in a review step.")
    action = ws.action(action_id)
    existing = progress_by_action(ws.items(step_id, Progress), step).get(action_id)
    with ws.unit("Review action") as edit:
        if status is not None and status != action.status:
            ws.update_action(action_id, status=status)
        changes: dict[str, object] = {}
        if note is not None:
            changes["text"] = note
        if quick_win is not None:
            changes["quick_win"] = quick_win
        if existing is None:
            ws.add_item(step_id, "progress", "Review action", action=action_id, **changes)
        elif changes:
            ws.update_item(existing.id, "Review action", **changes)
    return edit


def progress_notes(doc: WorkshopDoc) -> dict[str, Progress]:
    """What the workshop's reviews said about each action (one review that said something wins over one
    that did not, should an action be reviewed twice)."""
    notes: dict[str, Progress] = {}
    for item in doc.items:
        if isinstance(item, Progress):
            if item.action not in notes or item.quick_win or item.text:
                notes[item.action] = item
    return notes


@dataclass
class ReviewFigures:
    """How the reviewed actions stand: counts by movement, the quick wins, the overdue ones."""

    actions: list[ActionItem] = field(default_factory=list)
    counts: dict[Movement, int] = field(default_factory=lambda: dict.fromkeys(MOVEMENTS, 0))
    reviewed: int = 0
    quick_wins: list[tuple[ActionItem, Progress]] = field(default_factory=list)
    overdue: list[ActionItem] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.actions)


def review_figures(doc: WorkshopDoc, step: Step) -> ReviewFigures:
    """The figures of one review step, as the console, the room's chart and the exports show them."""
    actions = actions_to_review(doc, step)
    notes = progress_by_action(doc.items, step)
    day = review_day(doc)
    figures = ReviewFigures(actions=actions)
    for action in actions:
        figures.counts[movement(action)] += 1
        progress = notes.get(action.id)
        if progress is not None:
            figures.reviewed += 1
            if progress.quick_win:
                figures.quick_wins.append((action, progress))
        if is_overdue(action, day):
            figures.overdue.append(action)
    return figures


@dataclass(frozen=True)
class Moved:
    """One carried action: how it stood when it was carried, how it stands now, what was said."""

    action: ActionItem
    before: Status
    now: Movement
    progress: Progress | None

    @property
    def changed(self) -> bool:
        return self.action.status != self.before


@dataclass
class SinceLastTime:
    """What moved since the earlier workshop: every carried action in its group, and the quick wins."""

    earlier: str
    groups: dict[Movement, list[Moved]] = field(default_factory=lambda: {m: [] for m in MOVEMENTS})
    quick_wins: list[Moved] = field(default_factory=list)
    # Commitments carried for the round of "my last three" that were done or dropped already last time.
    settled: list[Moved] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(g) for g in self.groups.values())


def since_last_time(doc: WorkshopDoc) -> SinceLastTime | None:
    """What moved since last time, for a workshop made as a follow-up (None for any other workshop)."""
    carried = [a for a in _sorted(doc.actions) if a.carried]
    if doc.info.follows is None and not carried:
        return None
    notes = progress_notes(doc)
    follows = doc.info.follows
    out = SinceLastTime(follows.title if follows else "the earlier workshop")
    for action in carried:
        moved = Moved(action, action.history[-1].status, movement(action), notes.get(action.id))
        if moved.before in ("done", "dropped") and not moved.changed:
            out.settled.append(moved)
        else:
            out.groups[moved.now].append(moved)
        if moved.progress is not None and moved.progress.quick_win:
            out.quick_wins.append(moved)
    return out
