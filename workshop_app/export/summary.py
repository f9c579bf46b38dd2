"""The figures a sponsor reads first: top ideas, strongest and weakest ratings, who owns how many actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from workshop_app.core.results import RatingResult, poll_results, rating_results
from workshop_app.export.common import Directory, exercise_steps
from workshop_app.model.answers import Commitment, Note
from workshop_app.model.document import Step, WorkshopDoc


@dataclass(frozen=True)
class Idea:
    """A voted note and where it came from."""

    item: Note
    step: Step
    prompt: str

    @property
    def votes(self) -> int:
        return self.item.vote_total


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
            for note in d.items_of(step, Note):
                s.notes += 1
                s.votes += note.vote_total
                prompts = ex.board.prompts
                prompt = prompts[note.prompt] if note.prompt < len(prompts) else ""
                if note.vote_total > 0:
                    ideas.append(Idea(note, step, prompt))
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
    actions = d.actions()
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
    return s
