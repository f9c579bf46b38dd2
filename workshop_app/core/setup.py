"""Building a new workshop document from the set-up: details, people and the chosen exercises."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from workshop_app.core.library import Library
from workshop_app.core.plan import Slot
from workshop_app.model.document import PALETTE, Participant, Step, WorkshopDoc, WorkshopInfo
from workshop_app.model.exercises import Agenda, AgendaEntry, ExerciseDef


@dataclass(frozen=True)
class PlannedStep:
    """A step chosen in the set-up: an exercise (or None for a break), its title and minutes."""

    exercise: ExerciseDef | None
    minutes: int
    title: str = ""

    @property
    def label(self) -> str:
        return self.exercise.title if self.exercise else (self.title or "Break")


def plan_from_agenda(library: Library, agenda: Agenda) -> list[PlannedStep]:
    return [
        PlannedStep(library.exercises[s.exercise] if s.exercise else None, s.minutes, s.pause or "")
        for s in agenda.steps
    ]


def make_step(planned: PlannedStep) -> Step:
    """A workshop step. A rating the exercise file marks anonymous starts anonymous, and every rating
    starts with its results hidden, so nobody rates after seeing how the others did."""
    ex = planned.exercise
    anonymous = bool(ex and ex.rating and ex.rating.anonymous)
    hidden = bool(ex and ex.rating)
    return Step(title=planned.label, minutes=planned.minutes, exercise=ex, anonymous=anonymous, answers_hidden=hidden)


def new_workshop_doc(
    info: WorkshopInfo, people: Sequence[tuple[str, str]], plan: Sequence[PlannedStep]
) -> WorkshopDoc:
    """A fresh workshop: participants get distinct colours in the order they were entered."""
    participants = [
        Participant(name=name, role=role, colour=PALETTE[i % len(PALETTE)])
        for i, (name, role) in enumerate(people)
        if name.strip()
    ]
    return WorkshopDoc(info=info, participants=participants, steps=[make_step(p) for p in plan])


DEFAULT_START = dt.time(9, 0)


def start_time(info: WorkshopInfo) -> dt.time:
    """When the workshop starts, for the guide's clock: its start time if the details hold one, else 09:00."""
    start = getattr(info, "start", None)
    if isinstance(start, dt.datetime):
        return start.time()
    return start if isinstance(start, dt.time) else DEFAULT_START


def plan_slots(plan: Sequence[PlannedStep]) -> list[Slot]:
    """The planned steps as slots, for the checks of ``core.plan``."""
    return [Slot(p.exercise, p.minutes, p.title) for p in plan]


def agenda_of(doc: WorkshopDoc) -> tuple[Library, Agenda]:
    """A workshop's own agenda (as edited at set-up) as a template, so its guide can be printed."""
    lib = Library()
    entries = []
    for step in doc.steps:
        if step.exercise is None:
            entries.append(AgendaEntry(pause=step.title, minutes=step.minutes))
        else:
            lib.exercises[step.exercise.id] = step.exercise
            entries.append(AgendaEntry(exercise=step.exercise.id, minutes=step.minutes))
    agenda = Agenda(
        id="this-workshop",
        title=doc.info.title,
        purpose=f"The agenda of {doc.info.title}",
        minutes=sum(e.minutes for e in entries) or 1,
        people=min(max(len(doc.participants), 1), 500),
        steps=entries or [AgendaEntry(pause="Break", minutes=1)],
    )
    return lib, agenda
