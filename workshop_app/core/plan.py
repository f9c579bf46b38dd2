"""Whether a programme fits the clock and the room: each timebox against the number of people, and its shape.

The checks, each a sentence the facilitator can act on:

- a timebox shorter than its exercise's minimum for this many people (``ExerciseDef.minutes_for``);
- a stretch of more than ``MAX_STRETCH`` minutes without a break;
- a programme that does not open with an opening (purpose, agreements, check-in) or end with a close;
- the hardest piece of work last, when the room's energy is lowest.

The shape checks apply to programmes of ``SHAPED_FROM`` exercises or more; a single exercise is not a day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workshop_app.model.exercises import Agenda, ExerciseDef

MAX_STRETCH = 90
SHAPED_FROM = 3


@dataclass(frozen=True)
class Slot:
    """One step of a programme: an exercise in its timebox, or a break (``exercise`` None)."""

    exercise: ExerciseDef | None
    minutes: int
    label: str = ""

    @property
    def name(self) -> str:
        return self.exercise.title if self.exercise else (self.label or "Break")


def agenda_slots(exercises: dict[str, ExerciseDef], agenda: Agenda) -> list[Slot]:
    """An agenda's steps as slots (its exercises looked up by id; unknown ones are left out)."""
    return [Slot(exercises[s.exercise] if s.exercise else None, s.minutes, s.pause or "")
            for s in agenda.steps if s.exercise is None or s.exercise in exercises]


def minutes(n: int) -> str:
    return f"{n} minute" if n == 1 else f"{n} minutes"


def too_short(slots: Sequence[Slot], people: int) -> list[str]:
    """The timeboxes shorter than their exercise needs with ``people`` people in the room."""
    out = []
    for slot in slots:
        need = slot.exercise.minutes_for(people) if slot.exercise else None
        if need is None:
            continue
        least, designed = need
        if slot.minutes < least:
            room = f"{people} {'person' if people == 1 else 'people'}"
            out.append(f"{slot.name}: {minutes(slot.minutes)} is too short for {room}; it needs at least "
                       f"{least} ({designed} as designed).")
    return out


def shape_problems(slots: Sequence[Slot]) -> list[str]:
    """What is wrong with the shape of a programme: long stretches, no opening or close, the hardest work last."""
    exercises = [s for s in slots if s.exercise]
    if len(exercises) < SHAPED_FROM:
        return []
    out = []
    stretch, first = 0, ""
    for slot in [*slots, Slot(None, 0, "the end")]:
        if slot.exercise is None:
            if stretch > MAX_STRETCH:
                out.append(f"{stretch} minutes without a break, from {first} until {slot.name}; plan a break at "
                           f"least every {MAX_STRETCH} minutes.")
            stretch, first = 0, ""
            continue
        stretch += slot.minutes
        first = first or slot.name
    opening, closing = exercises[0].exercise, exercises[-1].exercise
    assert opening and closing
    if opening.phase != "opening":
        out.append(f"The programme starts with {opening.title}, not an opening: add one (purpose, agreements, "
                   "check-in) so the room knows why it is there and how it will work.")
    if closing.phase != "closing":
        out.append(f"The programme ends with {closing.title}: end with a close (commitments, a check-out) so "
                   "people leave knowing what happens next.")
    work = [s.exercise for s in exercises if s.exercise and s.exercise.phase == "work"]
    if len(work) > 1 and work[-1].effort == "hard":
        out.append(f"The hardest piece of work, {work[-1].title}, comes last, when the room is tired; move it "
                   "earlier.")
    return out


def plan_problems(slots: Sequence[Slot], people: int | None) -> list[str]:
    """Every check: the timeboxes (when the number of people is known) and the shape."""
    return (too_short(slots, people) if people else []) + shape_problems(slots)
