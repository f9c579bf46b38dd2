"""The workshop document: metadata, participants, the agenda, every answer and the action plan.

The answers of every exercise type live in one list of typed items (see ``answers``): one table, one
edit record and one JSON schema for all types.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
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
    Progress,
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
    "AREAS", "PALETTE", "ActionEvent", "ActionItem", "Answer", "Area", "Cluster", "Colour", "Commitment", "Entry", "Group",
    "Id", "Item", "ItemBase", "ItemKind", "Link", "Marker", "Model", "Name", "Node", "Note", "NoteText",
    "Participant", "Priority", "Progress", "RequiredName", "RequiredText", "RequiredTitle", "SpectrumItem", "Status", "Step",
    "Title", "WorkshopDoc", "WorkshopInfo", "WorkshopLink", "derived_workshop_id", "make_item", "new_id", "now", "upgrade_untyped_item",
]

# 2: answers typed by kind, with named fields (1 had one generic item for every kind).
# 3: a workshop id, the link to the workshop a follow-up was made from, action histories, review answers.
# 4: a proposal may sit on several hand-offs (a marker's ``also``).
FORMAT_VERSION = 4

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


class WorkshopLink(Model):
    """Another workshop, named by its id (which survives renaming and moving the file) and its title."""

    id: Id
    title: Title = ""
    date: dt.date | None = None
    # Where the file lay when the link was made, relative to the linking file's folder, with forward
    # slashes: looked at first when the series is gathered, but only the id decides.
    file: Name = ""


def derived_workshop_id(step_ids: Iterable[str], participant_ids: Iterable[str]) -> str:
    """The id of a workshop saved before workshops had ids: the same every time it is read.

    Step and participant ids are made once, when the workshop is created, so a file and every copy or
    export of it get the same id whether they are read read-only or upgraded.
    """
    basis = ",".join(sorted(step_ids)) + ";" + ",".join(sorted(participant_ids))
    return uuid.uuid5(uuid.NAMESPACE_URL, "workshop:" + basis).hex[:16]


class WorkshopInfo(Model):
    """What the workshop is: shown on the cover and in every footer.

    ``id`` names the workshop for good (a follow-up links to it); ``follows`` is the earlier workshop a
    follow-up was made from.
    """

    id: Id = Field(default_factory=new_id)
    follows: WorkshopLink | None = None
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
    # Dot votes reach the shared screen only once revealed, so the first dots do not steer the rest.
    votes_shown: bool = False
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


class TimerState(Model):
    """The step timer as it stood at its last start, pause, extension or reset, kept in the workshop file
    so that the app, restarted after a crash, carries on counting: ``left`` seconds remained at
    ``since`` (wall-clock time, UTC), and it was counting down from then if ``running``."""

    step: Id
    total: int = Field(ge=0, le=100 * 3600)
    left: int = Field(ge=-100 * 3600, le=100 * 3600)
    running: bool = False
    since: dt.datetime


class ActionEvent(Model):
    """What became of an action at one earlier workshop of its series: its status then, what was said."""

    workshop_id: Id
    workshop: Title = ""
    date: dt.date | None = None
    status: Status = "open"
    note: NoteText = ""
    quick_win: bool = False


class ActionItem(Model):
    """An action of the plan: what, why, who, by when, how we will know, which area it serves.

    An action carried into a follow-up keeps its id, and ``history`` holds what became of it at each
    earlier workshop, oldest first. ``personal`` marks a person's own commitment carried that way (in
    the workshop where it was made, the commitment it came from says so).
    """

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
    history: list[ActionEvent] = Field(default_factory=list, max_length=100)
    personal: bool = False

    @property
    def carried(self) -> bool:
        """Whether the action came from an earlier workshop."""
        return bool(self.history)


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
        """An export from an earlier version reads as today's form.

        Version 1 had untyped answers; before version 3 a workshop had no id, so it gets the one its
        file gets (see ``derived_workshop_id``); before version 4 every marker sat on one place.
        """
        if not isinstance(data, dict):
            return data
        version = data.get("version", FORMAT_VERSION)
        if version == 1:
            items = data.get("items")
            if isinstance(items, list):
                data = {**data, "items": [upgrade_untyped_item(i) if isinstance(i, dict) else i for i in items]}
        if isinstance(version, int) and version < 3:
            info = data.get("info")
            if isinstance(info, dict) and "id" not in info:
                data = {**data, "info": {**info, "id": derived_workshop_id(_ids(data, "steps"),
                                                                           _ids(data, "participants"))}}
        if isinstance(version, int) and version < FORMAT_VERSION:
            data = {**data, "version": FORMAT_VERSION}  # version 3 reads unchanged: a marker's ``also`` is new
        return data


def _ids(data: dict[str, Any], table: str) -> list[str]:
    rows = data.get(table)
    return [str(r["id"]) for r in rows if isinstance(r, dict) and "id" in r] if isinstance(rows, list) else []
