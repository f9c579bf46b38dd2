"""The workshop document: metadata, participants, the agenda, every answer and the action plan.

One generic ``Item`` carries the answers of every exercise type (a note, a cluster, a poll or rating
answer, a KPI on the spectrum, a canvas entry, a map node, link or marker, a commitment); its ``kind``
says which fields matter. That keeps storage, undo and exports one mechanism for all types.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from workshop_app.model.exercises import ExerciseDef
from workshop_app.model.text import NAME_MAX, NOTE_MAX, TITLE_MAX, clean_line, clean_text

FORMAT_VERSION = 1

NoteText = Annotated[str, AfterValidator(clean_text), StringConstraints(max_length=NOTE_MAX)]
Name = Annotated[str, AfterValidator(clean_line), StringConstraints(max_length=NAME_MAX)]
# Required text is checked for emptiness after the clean-up, so whatever is saved loads again
# (a name of only spaces or control characters used to be saved empty, and then refused on open).
RequiredText = Annotated[str, AfterValidator(clean_text), StringConstraints(min_length=1, max_length=NOTE_MAX)]
RequiredName = Annotated[str, AfterValidator(clean_line), StringConstraints(min_length=1, max_length=NAME_MAX)]
RequiredTitle = Annotated[str, AfterValidator(clean_line), StringConstraints(min_length=1, max_length=TITLE_MAX)]
Colour = Annotated[str, StringConstraints(pattern=r"^(#[0-9a-fA-F]{6})?$")]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]

ItemKind = Literal["note", "cluster", "answer", "spectrum", "entry", "node", "link", "marker", "commitment"]
Status = Literal["open", "in progress", "done", "dropped"]
Priority = Literal["high", "medium", "low"]

# The six attention areas an action can serve (seed 001).
AREAS: tuple[str, ...] = (
    "Show them the money",
    "Involve everyone",
    "Adapt the KPIs",
    "Leadership support",
    "Break the silos",
    "Mindset and completion",
)
Area = Literal[
    "Show them the money",
    "Involve everyone",
    "Adapt the KPIs",
    "Leadership support",
    "Break the silos",
    "Mindset and completion",
]

# Colours that stay distinct on a projector and readable with black text.
PALETTE: tuple[str, ...] = (
    "#FFE066", "#9AD0F5", "#B5E48C", "#FFB4A2", "#CDB4DB", "#FFD6A5",
    "#A0E7E5", "#F4A6C8", "#D4E09B", "#BDB2FF", "#FDFFB6", "#CAFFBF",
)


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


class Model(BaseModel):
    """Base of the document models: unknown fields are refused, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class WorkshopInfo(Model):
    """What the workshop is: shown on the cover and in every footer."""

    title: RequiredTitle = "Untitled workshop"
    organisation: Name = ""
    date: dt.date | None = None
    facilitator: Name = ""
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")] = "en"


class Participant(Model):
    """Someone in the room."""

    id: Id = Field(default_factory=new_id)
    name: RequiredName
    role: Name = ""
    colour: Colour = ""
    group: Id | None = None


class Group(Model):
    """A table or team of participants."""

    id: Id = Field(default_factory=new_id)
    name: RequiredName


class Step(Model):
    """One step of this workshop's agenda: an exercise (a copy, so the file stands alone) or a break."""

    id: Id = Field(default_factory=new_id)
    title: RequiredTitle
    minutes: int = Field(default=15, ge=1, le=480)
    exercise: ExerciseDef | None = None
    answers_hidden: bool = False
    vote_budget: int | None = Field(default=None, ge=0, le=20)
    anonymous: bool = False
    locked: bool = False

    @property
    def type(self) -> str:
        return self.exercise.type if self.exercise else "break"

    @property
    def budget(self) -> int:
        """The dot-vote budget per person: the facilitator's setting, else the exercise's."""
        if self.vote_budget is not None:
            return self.vote_budget
        if self.exercise and self.exercise.board:
            return self.exercise.board.vote_budget
        return 0


class Item(Model):
    """One answer of any exercise type; ``kind`` decides which fields are used.

    - note: ``text`` under prompt ``column``, by ``author``, maybe in ``cluster``, with ``votes``
    - cluster: a named group of notes (``text`` is its name) under ``column``
    - answer: poll/rating answer to statement ``column`` with ``value``, by ``author`` (None: the room)
    - spectrum: a KPI (``text``) in category ``column`` at ``value`` (0..1), with ``detail`` = proposed change
    - entry: canvas field ``column`` on card ``card`` (a role or group; "" for the room)
    - node: a department at ``x``, ``y`` in lane ``column``; link: ``source`` -> ``target``;
      marker: on ``target`` (node or link); ``detail`` "proposal" marks a proposal rather than a loss
    - commitment: by ``author``, with ``due``
    """

    id: Id = Field(default_factory=new_id)
    step: Id
    kind: ItemKind
    text: NoteText = ""
    column: int = Field(default=0, ge=0, le=100)
    author: Id | None = None
    card: Name = ""
    cluster: Id | None = None
    votes: dict[Id, Annotated[int, Field(ge=0, le=100)]] = Field(default_factory=dict)
    value: float | None = None
    x: float = 0.0
    y: float = 0.0
    source: Id | None = None
    target: Id | None = None
    detail: NoteText = ""
    due: dt.date | None = None
    hidden: bool = False
    order: float = 0.0
    created: dt.datetime = Field(default_factory=now)

    @property
    def vote_total(self) -> int:
        return sum(self.votes.values())


class ActionItem(Model):
    """An action of the plan: what, why, who, by when, how we will know, which area it serves."""

    id: Id = Field(default_factory=new_id)
    what: RequiredText
    why: NoteText = ""
    source: Id | None = None
    step: Id | None = None
    owner: Name = ""
    owner_id: Id | None = None
    due: dt.date | None = None
    measure: NoteText = ""
    area: Area | None = None
    priority: Priority = "medium"
    status: Status = "open"
    order: float = 0.0
    created: dt.datetime = Field(default_factory=now)


class WorkshopDoc(Model):
    """The whole workshop: what the file holds, and what JSON export and import carry."""

    format: Literal["workshop-app"] = "workshop-app"
    version: int = FORMAT_VERSION
    info: WorkshopInfo = Field(default_factory=WorkshopInfo)
    participants: list[Participant] = Field(default_factory=list, max_length=500)
    groups: list[Group] = Field(default_factory=list, max_length=100)
    steps: list[Step] = Field(default_factory=list, max_length=100)
    items: list[Item] = Field(default_factory=list, max_length=50_000)
    actions: list[ActionItem] = Field(default_factory=list, max_length=5_000)
    current_step: int = Field(default=0, ge=0)
