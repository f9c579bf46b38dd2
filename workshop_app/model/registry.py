"""The exercise types, each declared once: its name, its label, its content model and the answers it takes.

Everything else about a type is registered against these names by the layer it belongs to, in a
``Parts`` table: the console view and the shared-screen scene in the GUI, the sections of each export.
A table that leaves out a declared type, or names one that is not declared, refuses to be built, so
the program does not even import with a type half added; and looking up a type a table does not have
is an error, never an empty section.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from pydantic import BaseModel

from workshop_app.model.answers import (
    ITEM_CLASSES,
    Answer,
    Cluster,
    Commitment,
    Entry,
    ItemBase,
    Link,
    Marker,
    Node,
    Note,
    Progress,
    SpectrumItem,
)
from workshop_app.model.contents import (
    BoardContent,
    CanvasContent,
    CommitmentsContent,
    Content,
    MapContent,
    PollContent,
    RatingContent,
    ReviewContent,
    SpectrumContent,
)

BREAK = "break"  # what ``Step.type`` says for a break: a step, but not an exercise type


class RegistryError(Exception):
    """A part of the program disagrees with the registry: a type is missing from it, or unknown to it."""


class UnknownType(RegistryError, KeyError):
    """A look-up of a type that a table has no entry for."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class AnswerKind:
    """A kind of answer: its model (whose ``kind`` is its name), with the word exports use for it."""

    model: type[ItemBase]
    label: str

    @property
    def name(self) -> str:
        return str(self.model.model_fields["kind"].default)


@dataclass(frozen=True)
class ExerciseType:
    """One exercise type: the ``type`` an exercise file names, and what that brings with it."""

    name: str  # also the name of the exercise file's table that holds ``content``
    label: str
    content: type[Content]
    answers: tuple[AnswerKind, ...]

    @property
    def answer_kinds(self) -> tuple[str, ...]:
        return tuple(a.name for a in self.answers)


NOTE = AnswerKind(Note, "note")
CLUSTER = AnswerKind(Cluster, "cluster")
ANSWER = AnswerKind(Answer, "answer")
SPECTRUM_ITEM = AnswerKind(SpectrumItem, "item")
ENTRY = AnswerKind(Entry, "entry")
NODE = AnswerKind(Node, "department")
LINK = AnswerKind(Link, "hand-off")
MARKER = AnswerKind(Marker, "marker")
COMMITMENT = AnswerKind(Commitment, "commitment")
PROGRESS = AnswerKind(Progress, "progress note")

# The registry. A new type is one line here (and its content model, and its table in ExerciseDef).
TYPES: tuple[ExerciseType, ...] = (
    ExerciseType("board", "Board", BoardContent, (NOTE, CLUSTER)),
    ExerciseType("poll", "Poll", PollContent, (ANSWER,)),
    ExerciseType("rating", "Rating", RatingContent, (ANSWER,)),
    ExerciseType("spectrum", "Spectrum", SpectrumContent, (SPECTRUM_ITEM,)),
    ExerciseType("canvas", "Canvas", CanvasContent, (ENTRY,)),
    ExerciseType("map", "Map", MapContent, (NODE, LINK, MARKER)),
    ExerciseType("commitments", "Commitments", CommitmentsContent, (COMMITMENT,)),
    ExerciseType("review", "Review", ReviewContent, (PROGRESS,)),
)

_BY_NAME: dict[str, ExerciseType] = {t.name: t for t in TYPES}
_KINDS: dict[str, AnswerKind] = {a.name: a for t in TYPES for a in t.answers}
# A name declared twice, or one answer kind with two labels, would make the tables above lose one;
# an answer model that no type takes could never be written.
if len(_BY_NAME) != len(TYPES) or len(_KINDS) != len({a for t in TYPES for a in t.answers}):
    raise RegistryError("An exercise type or an answer kind is declared twice with different details.")
if set(_KINDS) != set(ITEM_CLASSES):
    raise RegistryError(f"No exercise type takes the answers {sorted(set(ITEM_CLASSES) - set(_KINDS))}.")

TYPE_NAMES: tuple[str, ...] = tuple(_BY_NAME)
ANSWER_KINDS: tuple[str, ...] = tuple(_KINDS)

# The type names as a type for the exercise model: pydantic checks against it, the JSON schema lists it.
if TYPE_CHECKING:
    TypeName = str
else:
    TypeName = Literal[TYPE_NAMES]


def exercise_type(name: str) -> ExerciseType:
    """The declared type called ``name``."""
    found = _BY_NAME.get(name)
    if found is None:
        raise UnknownType(f"There is no exercise type called '{name}'.")
    return found


def type_label(step_type: str) -> str:
    """How the agenda and the exports name a step's type: "Board", ..., or "Break"."""
    return "Break" if step_type == BREAK else exercise_type(step_type).label


def answer_label(kind: str) -> str:
    """How the exports name an answer kind: a map "node" is a "department", a "link" a "hand-off"."""
    found = _KINDS.get(kind)
    if found is None:
        raise UnknownType(f"There is no answer kind called '{kind}'.")
    return found.label


def accepts(step_type: str, item_kind: str) -> bool:
    """Whether a step of ``step_type`` takes answers of ``item_kind`` (a break takes none)."""
    found = _BY_NAME.get(step_type)
    return found is not None and item_kind in found.answer_kinds


def refusal(step_type: str, item_kind: str) -> str:
    """The sentence that says an answer of ``item_kind`` does not belong on a ``step_type`` step."""
    what = answer_label(item_kind) if item_kind in _KINDS else item_kind
    where = "a break" if step_type == BREAK else f"a {type_label(step_type).lower()} step"
    article = "An" if what[:1].lower() in "aeiou" else "A"
    return f"{article} {what} cannot be added to {where}."


T = TypeVar("T")


class Parts(Mapping[str, T]):
    """One layer's part of every exercise type (a view class, a scene, an export section), by type name.

    Built from a plain dict, it must name exactly the declared types; ``part`` says what the entries
    are, for the messages ("Markdown section").
    """

    def __init__(self, part: str, entries: dict[str, T]) -> None:
        self.part = part
        self._entries = dict(entries)
        self.check()

    def check(self) -> None:
        """Refuse a table that leaves out a registered type or names one that is not registered."""
        missing = [name for name in TYPE_NAMES if name not in self._entries]
        unknown = [name for name in self._entries if name not in _BY_NAME]
        if missing or unknown:
            problems = [f"no {self.part} for '{name}'" for name in missing]
            problems += [f"a {self.part} for '{name}', which is not a registered exercise type" for name in unknown]
            raise RegistryError("The registry of exercise types and its parts disagree: " + "; ".join(problems))

    def __getitem__(self, name: str) -> T:
        try:
            return self._entries[name]
        except KeyError:
            raise UnknownType(f"There is no {self.part} for the exercise type '{name}'.") from None

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def check_tables(model: type[BaseModel]) -> None:
    """Refuse an exercise file model without one optional table per type, typed with its content model.

    ``ExerciseDef`` spells its tables out so that code reads ``exercise.board.prompts`` with its type
    known; this keeps those fields and the registry from drifting apart.
    """
    fields = model.model_fields
    problems: list[str] = []
    for t in TYPES:
        field = fields.get(t.name)
        if field is None or _content_model(field.annotation) is not t.content:
            problems.append(f"it needs the field `{t.name}: {t.content.__name__} | None = None`")
        elif field.default is not None:
            problems.append(f"the field `{t.name}` must default to None")
    for name, field in fields.items():
        if name not in _BY_NAME and _content_model(field.annotation) is not None:
            problems.append(f"it has the table `{name}`, which is not a registered exercise type")
    if problems:
        raise RegistryError(f"{model.__name__} disagrees with the registry of exercise types: " + "; ".join(problems))


def _content_model(annotation: object) -> type[Content] | None:
    """The content model in an ``X | None`` annotation, if X is one."""
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType):
        return None
    args = typing.get_args(annotation)
    if len(args) != 2 or type(None) not in args:
        return None
    inner = next(a for a in args if a is not type(None))
    return inner if isinstance(inner, type) and issubclass(inner, Content) else None
