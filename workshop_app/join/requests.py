"""The bodies a phone may send, checked in the server's thread before anything reaches the workshop.

Each model is strict (no unknown keys, no type coercion, bounded lengths and counts), so a request the
owner thread sees is already well formed; whether it fits the current step is the room's question.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from workshop_app.model.text import NOTE_MAX

Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
Index = Annotated[int, Field(ge=0, le=100)]
Text = Annotated[str, StringConstraints(max_length=NOTE_MAX)]


class Body(BaseModel):
    """Base of every request body. ``step``, when given, is the step the phone was showing: a submission
    meant for a step the facilitator has since left is refused rather than landing on the next one."""

    model_config = ConfigDict(extra="forbid", strict=True)

    step: Id | None = None


class ChooseMe(Body):
    """Pick a participant from the list, or None to stay anonymous."""

    participant: Id | None = None


class NoteBody(Body):
    text: Text
    prompt: Index = 0


class VoteBody(Body):
    note: Id
    delta: Annotated[int, Field(ge=-1, le=1)] = 1


class PollAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    statement: Index
    option: Index | None  # None takes the answer back


class PollBody(Body):
    answers: list[PollAnswer] = Field(min_length=1, max_length=30)


class Rating(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    statement: Index
    value: Index | None  # None takes the rating back


class RatingBody(Body):
    ratings: list[Rating] = Field(min_length=1, max_length=144)


class EntryBody(Body):
    field: Index
    text: Text


class CommitmentBody(Body):
    slot: Index
    text: Text  # empty removes the commitment (and its action)
    due: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = None

    def due_date(self) -> dt.date | None:
        """The due date; a date that does not exist raises ValueError."""
        return dt.date.fromisoformat(self.due) if self.due else None


class SpectrumBody(Body):
    text: Text
    category: Index = 0
    change: Text = ""


def describe(err: ValidationError) -> str:
    """One sentence about the first thing wrong with a body, naming the field."""
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"]) or "body"
    if first["type"] == "extra_forbidden":
        return f"Unknown field '{where}'."
    if first["type"] == "missing":
        return f"The field '{where}' is missing."
    if first["type"] in ("string_too_long", "too_long"):
        return f"The field '{where}' is too long."
    return f"The field '{where}' is not valid: {first['msg']}."
