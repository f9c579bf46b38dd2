"""The workshop document: metadata, participants, the agenda, every answer and the action plan.

The answers of every exercise type live in one list of typed items (see ``answers``): one table, one
edit record and one JSON schema for all types.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from workshop_app.model.answers import (
    Answer,
    Cluster,
    Commitment,
    Entry,
    Item,
    ItemBase,
    ItemKind,
    Link,
    Marker,
    Node,
    Note,
    SpectrumItem,
    make_item,
    upgrade_untyped_item,
)
from workshop_app.model.exercises import ExerciseDef
from workshop_app.model.fields import (
    Colour,
    Id,
    Name,
    NoteText,
    RequiredName,
    RequiredText,
    RequiredTitle,
    Title,
    new_id,
    now,
)
from workshop_app.model.registry import BREAK

__all__ = [
    "AREAS", "PALETTE", "ActionItem", "Answer", "Area", "Cluster", "Colour", "Commitment", "Entry", "Group",
    "Id", "Item", "ItemBase", "ItemKind", "Link", "Marker", "Model", "Name", "Node", "Note", "NoteText",
    "Participant", "Priority", "RequiredName", "RequiredText", "RequiredTitle", "SpectrumItem", "Status", "Step",
    "Title", "WorkshopDoc", "WorkshopInfo", "make_item", "new_id", "now", "upgrade_untyped_item",
]

# 2: answers typed by kind, with named fields (1 had one generic item for every kind).
FORMAT_VERSION = 2

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

# Participants' colours: 24, each readable with black text (contrast above 8:1), every two of them
# apart (CIEDE2000 above 11), and each next to the next one apart also for protanopia, deuteranopia
# and tritanopia (above 19), since neighbours in the list sit next to each other on the boards.
PALETTE: tuple[str, ...] = (
    "#5AC57D", "#CCCFF8", "#FF9289", "#2BFDE1", "#C4AF7A", "#B1EFE2", "#F1CF69", "#0EC6AF",
    "#E0EA7F", "#EBB2BB", "#9BBC57", "#58E3FE", "#F7C7B3", "#7EB4F5", "#D4E9C2", "#CA9DFC",
    "#9BB996", "#FED7F8", "#F49C5B", "#79BCBD", "#F3E1B9", "#F890C0", "#8EF9AD", "#C4A7CA",
)


class Model(BaseModel):
    """Base of the document models: unknown fields are refused, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class WorkshopInfo(Model):
    """What the workshop is: shown on the cover and in every footer."""

    title: RequiredTitle = "Untitled workshop"
    organisation: Name = ""
    date: dt.date | None = None
    start_time: dt.time | None = None  # when the first step begins: the agenda shows clock times
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
    # A rating's results reach the shared screen only once this many people have answered (and are revealed).
    min_respondents: int = Field(default=5, ge=1, le=100)

    @property
    def type(self) -> str:
        return self.exercise.type if self.exercise else BREAK

    @property
    def budget(self) -> int:
        """The dot-vote budget per person: the facilitator's setting, else the exercise's."""
        if self.vote_budget is not None:
            return self.vote_budget
        if self.exercise and self.exercise.board:
            return self.exercise.board.vote_budget
        return 0


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

    @model_validator(mode="before")
    @classmethod
    def _upgrade(cls, data: Any) -> Any:
        """An export from before the answers were typed (version 1) reads as today's form."""
        if isinstance(data, dict) and data.get("version", FORMAT_VERSION) == 1:
            items = data.get("items")
            if isinstance(items, list):
                data = {**data, "version": FORMAT_VERSION,
                        "items": [upgrade_untyped_item(i) if isinstance(i, dict) else i for i in items]}
        return data
