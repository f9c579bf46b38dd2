"""The answers of every exercise type, one model per kind, each with fields named for what they hold.

All kinds share one table, one edit record and one JSON schema: ``Item`` is a union discriminated on
``kind``. A note sits under a ``prompt``, a poll or rating answer answers a ``statement``, a KPI sits in
a ``category`` at a ``position`` with its proposed ``change``, a canvas entry fills a ``field`` of a
``card``, a department stands in a ``lane``, a marker is a loss or a ``proposal``, a commitment fills a
``slot``, a progress note reviews an ``action`` of the plan. A field another kind uses is refused, not ignored.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Annotated, Any, Literal, TypeVar, overload

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, TypeAdapter

from workshop_app.model.fields import Id, Name, NoteText, new_id, now

# A place among a step's prompts, statements, categories, fields, lanes or slots.
Place = Annotated[int, Field(ge=0, le=100)]
Votes = dict[Id, Annotated[int, Field(ge=0, le=100)]]


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


Finite = Annotated[float, AfterValidator(_finite)]
# Map coordinates: far beyond any screen, short of numbers that break drawing and PDF output.
Coordinate = Annotated[float, AfterValidator(_finite), Field(ge=-1e6, le=1e6)]

ItemKind = Literal["note", "cluster", "answer", "spectrum", "entry", "node", "link", "marker", "commitment",
                   "progress"]


class ItemBase(BaseModel):
    """What every answer has: where it belongs, its text, who gave it, whether it is hidden, its order."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: Id = Field(default_factory=new_id)
    kind: ItemKind
    step: Id
    text: NoteText = ""
    author: Id | None = None
    hidden: bool = False
    order: float = 0.0
    created: dt.datetime = Field(default_factory=now)

    @property
    def vote_total(self) -> int:
        return 0


class _Votable(ItemBase):
    votes: Votes = Field(default_factory=dict)

    @property
    def vote_total(self) -> int:
        return sum(self.votes.values())


class Note(_Votable):
    """A sticky note under one of a board's prompts, perhaps in a cluster, with the dot votes it got."""

    kind: Literal["note"] = "note"
    prompt: Place = 0
    cluster: Id | None = None


class Cluster(_Votable):
    """A named group of notes under a prompt; ``text`` is its name."""

    kind: Literal["cluster"] = "cluster"
    prompt: Place = 0


class Answer(ItemBase):
    """A poll or rating answer to one statement; ``author`` None is the room's tally or an anonymous respondent.

    ``respondent`` ties one anonymous person's answers together across statements (so per-person scores
    and their reliability can be computed): a random key made for that person, never linked to a name.
    ``role`` is the role or department that person chose to give, if any, for results by role.
    """

    kind: Literal["answer"] = "answer"
    statement: Place = 0
    value: Finite
    respondent: Id | None = None
    role: Name = ""


class SpectrumItem(ItemBase):
    """A KPI (``text``) placed in a category at a position from 0 to 1, with the change proposed for it."""

    kind: Literal["spectrum"] = "spectrum"
    category: Place = 0
    position: Annotated[float, AfterValidator(_finite), Field(ge=0.0, le=1.0)] = 0.5
    change: NoteText = ""


class Entry(ItemBase):
    """What is written in one field of a canvas card (a role, a group; "" for the whole room)."""

    kind: Literal["entry"] = "entry"
    field: Place = 0
    card: Name = ""


class Node(ItemBase):
    """A department on the map, standing in a lane at a point."""

    kind: Literal["node"] = "node"
    lane: Place = 0
    x: Coordinate = 0.0
    y: Coordinate = 0.0


class Link(ItemBase):
    """A hand-off from one department to another."""

    kind: Literal["link"] = "link"
    source: Id
    target: Id


class Marker(ItemBase):
    """On a department or a hand-off: where customer insight is lost, or a proposed fix for it.

    A proposal may fix several hand-offs at once (a shared complaint queue mends Service → Product and
    Product → Service): ``target`` is the first, ``also`` the others in the order they were attached.
    Keeping ``target`` lets every file and export from before read as it always did.
    """

    kind: Literal["marker"] = "marker"
    target: Id
    also: list[Id] = Field(default_factory=list, max_length=50)
    proposal: bool = False

    @property
    def targets(self) -> list[str]:
        """Every department or hand-off the marker sits on, the first one first."""
        return [self.target, *self.also]


class Commitment(ItemBase):
    """One of a person's own commitments, in one of their slots, with the date it is due."""

    kind: Literal["commitment"] = "commitment"
    slot: Place = 0
    due: dt.date | None = None


class Progress(ItemBase):
    """A review of one action of the plan: what moved (``text``) and whether it is a quick win to celebrate.

    The action's status is the action's own; this holds what the room said about it at this review.
    """

    kind: Literal["progress"] = "progress"
    action: Id
    quick_win: bool = False


Item = Annotated[
    Note | Cluster | Answer | SpectrumItem | Entry | Node | Link | Marker | Commitment | Progress,
    Field(discriminator="kind"),
]
ITEM_CLASSES: dict[str, type[ItemBase]] = {
    cls.model_fields["kind"].default: cls
    for cls in (Note, Cluster, Answer, SpectrumItem, Entry, Node, Link, Marker, Commitment, Progress)
}
_ITEM: TypeAdapter[Item] = TypeAdapter(Item)


def make_item(kind: str, **fields: Any) -> ItemBase:
    """An answer of ``kind`` from its fields; raises pydantic's ValidationError on anything wrong."""
    return _ITEM.validate_python({"kind": kind, **fields})


def item_from_json(data: str | bytes) -> ItemBase:
    return _ITEM.validate_json(data)


# -- files and exports from before the answers were typed --------------------------------------------
# Then one generic item carried every kind: ``column`` was the prompt, statement, category, field, lane
# or slot; ``detail`` a KPI's change or the word "proposal" on a marker; ``value`` a KPI's position.
_PLACE = {"note": "prompt", "cluster": "prompt", "answer": "statement", "spectrum": "category",
          "entry": "field", "node": "lane", "commitment": "slot"}
_KEEP = {"note": ("cluster", "votes"), "cluster": ("votes",), "answer": ("value",), "entry": ("card",),
         "node": ("x", "y"), "link": ("source", "target"), "marker": ("target",), "commitment": ("due",)}


def upgrade_untyped_item(old: dict[str, Any]) -> dict[str, Any]:
    """The typed form of an answer saved as the old generic item; fields its kind never used are dropped.

    A row already in the typed form comes back as it is, so running the upgrade twice changes nothing.
    """
    kind = str(old.get("kind"))
    cls = ITEM_CLASSES.get(kind)
    if cls is None:
        return old  # not an answer of any known kind: validation will say so
    new = {key: value for key, value in old.items() if key in cls.model_fields}
    if kind in _PLACE and "column" in old:
        new.setdefault(_PLACE[kind], old["column"])
    for key in _KEEP.get(kind, ()):
        if new.get(key) is None:
            new.pop(key, None)  # the old item stored None for fields its kind did not use
    if kind == "spectrum":
        if old.get("value") is not None:
            new.setdefault("position", old["value"])
        if "detail" in old:
            new.setdefault("change", old["detail"])
    elif kind == "marker" and "detail" in old:
        new.setdefault("proposal", str(old["detail"]).strip().lower() == "proposal")
    return new


def points_at(item: ItemBase) -> set[str]:
    """The ids of the other answers this one hangs on: a note's cluster, a link's ends, a marker's targets."""
    if isinstance(item, Note):
        return {item.cluster} if item.cluster else set()
    if isinstance(item, Link):
        return {item.source, item.target}
    if isinstance(item, Marker):
        return set(item.targets)
    return set()


def votes_of(item: ItemBase) -> dict[str, int]:
    """The dot votes an answer got, by voter; answers that cannot be voted on have none."""
    return item.votes if isinstance(item, _Votable) else {}


def place_of(item: ItemBase) -> int | None:
    """Where in its step's list the answer sits: the prompt, statement, category, field, lane or slot."""
    for name in ("prompt", "statement", "category", "field", "lane", "slot"):
        if name in type(item).model_fields:
            return int(getattr(item, name))
    return None


def value_of(item: ItemBase) -> float | None:
    """The number an answer carries: a poll option or rating, or a KPI's position on the spectrum."""
    if isinstance(item, Answer):
        return item.value
    if isinstance(item, SpectrumItem):
        return item.position
    return None


AnswerT = TypeVar("AnswerT", bound=ItemBase)


@overload
def of_kind(items: Iterable[ItemBase], kind: type[AnswerT]) -> list[AnswerT]: ...
@overload
def of_kind(items: Iterable[ItemBase], kind: str | None) -> list[ItemBase]: ...
def of_kind(items: Iterable[ItemBase], kind: type[ItemBase] | str | None) -> list[Any]:
    """The answers of one kind, named by its class (typed) or by its ``kind`` (None: all of them)."""
    if kind is None:
        return list(items)
    if isinstance(kind, str):
        return [i for i in items if i.kind == kind]
    return [i for i in items if isinstance(i, kind)]
