"""Exercise and agenda definitions: the TOML files in ``exercises/``, read into strict models."""

from __future__ import annotations

from typing import Annotated

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


class FacilitatorNotes(Strict):
    """The script shown only on the facilitator's screen."""

    introduce: Prose = ""
    run: Prose = ""
    close: Prose = ""
    facts: list[Fact] = Field(default_factory=list, max_length=20)


class ExerciseDef(Strict):
    """One exercise file: what the room does, how to run it, and what it is built on."""

    id: Slug
    title: Line
    purpose: Line
    type: TypeName
    minutes: int = Field(ge=1, le=480)
    source: Line
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
