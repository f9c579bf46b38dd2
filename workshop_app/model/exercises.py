"""Exercise and agenda definitions: the TOML files in ``exercises/``, read into strict models."""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from workshop_app.model.contents import (
    BoardContent,
    CanvasContent,
    CommitmentsContent,
    Label,
    Line,
    MapContent,
    PollContent,
    Prose,
    RatingContent,
    ReviewContent,
    SpectrumContent,
    Strict,
)
from workshop_app.model.registry import TYPE_NAMES, TypeName, check_tables

# The source articles, by the file name exercise files cite, as a reader would know them.
ARTICLES: dict[str, str] = {
    "000_11df2ccfe37401e2.txt": "the article on resisting internal focus in times of change",
    "001_83a36d631f07dcdd.txt": "Alain Thys on six attention areas for customer centricity",
    "002_f8097f34aad49e8a.txt": "“Two big-picture ways to keep your corporate focus locked on customers”",
    "003_9215e0da2af717c2.txt": "“Maintaining momentum during a customer focused culture change initiative”",
    "004_69dba631a5e9921c.txt": "“Strategic Internal Marketing: Delivering Customer Value throughout your Organization”",
}


def readable_source(source: str) -> str:
    """A source reference with article file names replaced by what the articles are called."""
    for name, title in ARTICLES.items():
        source = source.replace(name, title)
    return source


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]


class Fact(Strict):
    """A fact worth quoting to the room, with where it comes from."""

    text: Prose
    source: Line


class Variant(Strict):
    """Another way to run the exercise, with its name: for a large room, a hybrid room, less time."""

    name: Label
    text: Prose


class FacilitatorNotes(Strict):
    """The script shown only on the facilitator's screen.

    ``prepare`` is what to have ready before the day (figures, paper materials, a word with the
    sponsor); ``variants`` other ways to run it; ``debrief`` the questions to ask the room at the end.
    """

    prepare: Prose = ""
    introduce: Prose = ""
    run: Prose = ""
    close: Prose = ""
    variants: list[Variant] = Field(default_factory=list, max_length=8)
    debrief: list[Line] = Field(default_factory=list, max_length=10)
    facts: list[Fact] = Field(default_factory=list, max_length=20)

    def script(self) -> list[tuple[str, str]]:
        """The script's parts in the order they are used, each (heading, text), the empty ones left out:
        what to prepare, what to say, other ways to run it, the debrief questions."""
        parts = [("Prepare", self.prepare), ("Introduce", self.introduce), ("Run", self.run), ("Close", self.close)]
        parts += [(f"Variant: {v.name}", v.text) for v in self.variants]
        if self.debrief:
            parts.append(("Debrief questions", "\n".join(f"• {q}" for q in self.debrief)))
        return [(heading, text.strip()) for heading, text in parts if text.strip()]


class Timing(Strict):
    """How long an exercise takes in a room: ``minimum`` is the least that still works for ``people``
    people (``minutes`` of the exercise is the time it is designed for), and both grow by ``per_person``
    minutes for each person beyond that (a round of the room, more notes to cluster, more to read out)."""

    minimum: int = Field(ge=1, le=480)
    people: int = Field(default=12, ge=1, le=500)
    per_person: float = Field(default=0.0, ge=0.0, le=10.0)


# Where an exercise belongs in a programme: the opening, the work, or the close (commitments, check-out).
Phase = Literal["opening", "work", "closing"]
# How demanding it is for the room; the hardest work should not come last, when energy is lowest.
Effort = Literal["light", "steady", "hard"]


class ExerciseDef(Strict):
    """One exercise file: what the room does, how to run it, and what it is built on."""

    id: Slug
    title: Line
    purpose: Line
    type: TypeName
    minutes: int = Field(ge=1, le=480)
    source: Line
    timing: Timing | None = None
    phase: Phase = "work"
    effort: Effort = "steady"
    notes: FacilitatorNotes = FacilitatorNotes()
    # One optional table per registered type (check_tables below keeps this list and the registry equal).
    board: BoardContent | None = None
    poll: PollContent | None = None
    rating: RatingContent | None = None
    spectrum: SpectrumContent | None = None
    canvas: CanvasContent | None = None
    map: MapContent | None = None
    commitments: CommitmentsContent | None = None
    review: ReviewContent | None = None

    def minutes_for(self, people: int) -> tuple[int, int] | None:
        """(the least, the designed) minutes for a room of ``people``; None when the file does not say."""
        if self.timing is None:
            return None
        extra = self.timing.per_person * max(0, people - self.timing.people)
        return math.ceil(self.timing.minimum + extra - 1e-9), math.ceil(self.minutes + extra - 1e-9)

    @model_validator(mode="after")
    def _minimum_fits(self) -> ExerciseDef:
        if self.timing and self.timing.minimum > self.minutes:
            raise ValueError(f"timing.minimum is {self.timing.minimum} but the exercise is designed for "
                             f"{self.minutes} minutes; the minimum cannot be longer")
        return self

    @model_validator(mode="after")
    def _content_matches_type(self) -> ExerciseDef:
        present = [t for t in TYPE_NAMES if getattr(self, t) is not None]
        if present != [self.type]:
            extra = [t for t in present if t != self.type]
            if extra:
                raise ValueError(f"type is '{self.type}' but the file also has a [{extra[0]}] table; remove it")
            raise ValueError(f"type is '{self.type}', so the file needs a [{self.type}] table")
        return self


check_tables(ExerciseDef)


class AgendaEntry(Strict):
    """One step of an agenda: an exercise (by id) or a break, with its minutes."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    exercise: Slug | None = None
    pause: Label | None = Field(default=None, alias="break")
    minutes: int = Field(ge=1, le=480)

    @model_validator(mode="after")
    def _one_kind(self) -> AgendaEntry:
        if (self.exercise is None) == (self.pause is None):
            raise ValueError("each step needs exactly one of 'exercise' or 'break'")
        return self


class Agenda(Strict):
    """An agenda template: an ordered list of exercises and breaks that adds up to its length."""

    id: Slug
    title: Line
    purpose: Line
    minutes: int = Field(ge=1, le=1440)
    people: int = Field(default=20, ge=1, le=500)  # the size of room its timeboxes are planned for
    steps: list[AgendaEntry] = Field(min_length=1, max_length=40)

    @model_validator(mode="after")
    def _adds_up(self) -> Agenda:
        total = sum(s.minutes for s in self.steps)
        if total != self.minutes:
            raise ValueError(f"the steps add up to {total} minutes but minutes = {self.minutes}")
        return self

    @property
    def title_with_time(self) -> str:
        hours, mins = divmod(self.minutes, 60)
        span = f"{hours} h {mins:02d} min" if hours else f"{mins} min"
        return f"{self.title} ({span})"
