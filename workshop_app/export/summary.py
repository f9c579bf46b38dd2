"""What a sponsor reads first: the room's decisions, what is asked of the sponsor, the next review, the figures.

The plan is the room's: actions made from notes, clusters or any other answer, numbered in the order
the room arranged them. Actions made from personal commitments are the people's own and are kept
apart from the plan (they are listed per person).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workshop_app.core.results import RatingResult, poll_results, rating_results
from workshop_app.export.common import Directory, exercise_steps, fmt_date, isolate
from workshop_app.model.answers import Cluster, Commitment, ItemBase, Note
from workshop_app.model.document import ActionItem, Step, WorkshopDoc

# The attention area whose actions ask leaders, the sponsor first, for backing.
LEADERSHIP_AREA = "Leadership support"
# The first progress review, counted from the workshop: the 30-60-90 rhythm of the momentum board.
REVIEW_AFTER_DAYS = 30
EXECUTIVE_DECISIONS = 5


@dataclass(frozen=True)
class Idea:
    """A voted note or cluster and where it came from; a cluster counts the votes of its notes."""

    item: Note | Cluster
    step: Step
    prompt: str
    votes: int
    notes: tuple[ItemBase, ...] = ()


@dataclass(frozen=True)
class Decision:
    """An action of the room's plan, numbered, with the votes and notes the room put behind it."""

    number: int
    action: ActionItem
    source: ItemBase | None
    votes: int | None
    notes: tuple[ItemBase, ...]


def is_personal(d: Directory, action: ActionItem) -> bool:
    """Whether the action is a personal commitment rather than one of the room's decisions (also one
    carried into a follow-up, whose commitment stayed in the earlier workshop)."""
    item = d.items.get(action.source or "")
    return action.personal or (item is not None and item.kind == "commitment")


def room_actions(d: Directory) -> list[ActionItem]:
    """The room's plan in the order the room arranged it, personal commitments left out."""
    return [a for a in d.actions() if not is_personal(d, a)]


def personal_actions(d: Directory) -> list[ActionItem]:
    return [a for a in d.actions() if is_personal(d, a)]


def backing(d: Directory, item: ItemBase | None) -> tuple[int | None, tuple[ItemBase, ...]]:
    """The votes behind an answer and the notes it stands for: a note itself, or a cluster's notes."""
    if item is None:
        return None, ()
    if item.kind == "note":
        return item.vote_total, (item,)
    if item.kind == "cluster":
        members = sorted((i for i in d.doc.items if i.kind == "note" and i.cluster == item.id),
                         key=lambda i: (-i.vote_total, i.order))
        return sum(i.vote_total for i in members), tuple(members)
    return None, ()


def decisions(d: Directory) -> list[Decision]:
    """Every action of the room's plan, numbered from 1."""
    out = []
    for n, action in enumerate(room_actions(d), start=1):
        source = d.items.get(action.source or "")
        votes, notes = backing(d, source)
        out.append(Decision(n, action, source, votes, notes))
    return out


@dataclass(frozen=True)
class RatingHighlight:
    """The strongest and weakest dimension of one rating exercise, and where the room disagreed most."""

    step: Step
    scale: tuple[int, int]
    strongest: RatingResult
    weakest: RatingResult
    most_split: RatingResult | None
    dimensions: list[RatingResult]


@dataclass(frozen=True)
class PollHighlight:
    """The poll statements most often answered with the first option of the scale (e.g. "Yes")."""

    step: Step
    option: str
    statements: list[tuple[str, int, int]]  # statement, times chosen, answers


@dataclass
class OwnerLoad:
    owner: str
    total: int = 0
    high: int = 0
    open: int = 0
    next_due: dt.date | None = None


@dataclass
class Summary:
    participants: int = 0
    exercises: int = 0
    notes: int = 0
    votes: int = 0
    answers: int = 0
    actions: int = 0
    high_priority: int = 0
    commitments: int = 0
    ideas: list[Idea] = field(default_factory=list)
    ratings: list[RatingHighlight] = field(default_factory=list)
    polls: list[PollHighlight] = field(default_factory=list)
    owners: list[OwnerLoad] = field(default_factory=list)
    areas: dict[str, int] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    review: dt.date | None = None
    due_by_review: int = 0
    asks: list[str] = field(default_factory=list)

    @property
    def headline(self) -> list[Decision]:
        """The decisions for the executive page: the first of the plan that still stand."""
        return [x for x in self.decisions if x.action.status != "dropped"][:EXECUTIVE_DECISIONS]


def summarise(doc: WorkshopDoc, top: int = 5) -> Summary:
    """Work out the summary figures of a workshop."""
    d = Directory(doc)
    s = Summary(participants=len(doc.participants))
    refs = exercise_steps(doc)
    s.exercises = len(refs)
    ideas: list[Idea] = []
    for ref in refs:
        step = ref.step
        ex = step.exercise
        assert ex is not None
        if ex.board:
            notes = d.items_of(step, Note)
            prompts = ex.board.prompts
            for note in notes:
                s.notes += 1
                s.votes += note.vote_total
            # The room votes on notes, and clusters gather them: a cluster counts as one idea.
            for cluster in d.items_of(step, Cluster):
                votes, members = backing(d, cluster)
                if votes:
                    prompt = prompts[cluster.prompt] if cluster.prompt < len(prompts) else ""
                    ideas.append(Idea(cluster, step, prompt, votes, members))
            for note in notes:
                if note.vote_total > 0 and note.cluster not in d.items:
                    prompt = prompts[note.prompt] if note.prompt < len(prompts) else ""
                    ideas.append(Idea(note, step, prompt, note.vote_total))
        elif ex.poll:
            results = poll_results(doc.items, step)
            s.answers += sum(r.total for r in results)
            ranked = sorted(
                ((r.statement, r.counts[0], r.total) for r in results if r.total),
                key=lambda t: -t[1] / t[2],
            )
            if ranked:
                s.polls.append(PollHighlight(step, ex.poll.scale[0], ranked[:3]))
        elif ex.rating:
            per_statement, per_dimension = rating_results(doc.items, step)
            s.answers += sum(r.count for r in per_statement)
            rated = [r for r in per_dimension if r.mean is not None]
            if rated:
                by_mean = sorted(rated, key=lambda r: r.mean or 0.0)
                split = max((r for r in per_statement if r.count > 1), key=lambda r: r.spread or 0.0, default=None)
                s.ratings.append(RatingHighlight(
                    step, (ex.rating.scale_min, ex.rating.scale_max), by_mean[-1], by_mean[0], split, rated,
                ))
        elif ex.commitments:
            s.commitments += len(d.items_of(step, Commitment))
    ideas.sort(key=lambda i: -i.votes)
    s.ideas = ideas[:top]
    actions = room_actions(d)
    s.actions = len(actions)
    s.high_priority = sum(1 for a in actions if a.priority == "high")
    loads: dict[str, OwnerLoad] = {}
    for a in actions:
        owner = d.owner(a) or "No owner yet"
        load = loads.setdefault(owner, OwnerLoad(owner))
        load.total += 1
        load.high += a.priority == "high"
        load.open += a.status in ("open", "in progress")
        if a.due and a.status in ("open", "in progress") and (load.next_due is None or a.due < load.next_due):
            load.next_due = a.due
        if a.area:
            s.areas[a.area] = s.areas.get(a.area, 0) + 1
    s.owners = sorted(loads.values(), key=lambda o: (-o.total, o.owner.casefold()))
    s.decisions = decisions(d)
    _review(doc, s, actions)
    s.asks = _asks(d, s, actions)
    return s


def _review(doc: WorkshopDoc, s: Summary, actions: list[ActionItem]) -> None:
    """The next progress review: a fixed time after the workshop, else when the first action falls due."""
    open_actions = [a for a in actions if a.status in ("open", "in progress")]
    if doc.info.date:
        s.review = doc.info.date + dt.timedelta(days=REVIEW_AFTER_DAYS)
    else:
        s.review = min((a.due for a in open_actions if a.due), default=None)
    if s.review:
        s.due_by_review = sum(1 for a in open_actions if a.due and a.due <= s.review)


def _asks(d: Directory, s: Summary, actions: list[ActionItem]) -> list[str]:
    """What the plan asks of the sponsor, in plain sentences (user text in them is not escaped, and is
    isolated so that a right-to-left title or name reads in its own direction)."""
    asks: list[str] = []
    standing = [a for a in actions if a.status != "dropped"]
    backed = [a for a in standing if a.area == LEADERSHIP_AREA]
    for a in backed[:3]:
        owner = d.owner(a)
        asks.append(f"Back “{isolate(a.what.splitlines()[0])}”" + (f", led by {isolate(owner)}" if owner else "") + ".")
    if not backed and standing:
        asks.append(f"Give the owners of the {len(standing)} decisions the time and budget they ask for.")
    unowned = sum(1 for a in standing if not d.owner(a))
    if unowned:
        asks.append(f"Name an owner for the {unowned} decision{'s' if unowned != 1 else ''} that "
                    f"{'have' if unowned != 1 else 'has'} none yet.")
    if s.review:
        asks.append(f"Join the first progress review on {fmt_date(s.review)}.")
    return asks
