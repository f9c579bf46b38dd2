"""What each exercise type's table in an exercise file holds (``[board]``, ``[poll]``, ...), as strict models.

These are the content models the registry of exercise types (``model/registry.py``) names; the field
types and the ``Strict`` base are shared with the rest of the exercise file (``model/exercises.py``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

from workshop_app.model.text import LONG_TEXT_MAX, NAME_MAX, TITLE_MAX, clean_line, clean_text

# Checked after the clean-up, so a label of only spaces is refused rather than stored empty.
Label = Annotated[str, AfterValidator(clean_line), StringConstraints(min_length=1, max_length=NAME_MAX)]
Line = Annotated[str, AfterValidator(clean_line), StringConstraints(min_length=1, max_length=TITLE_MAX * 2)]
Prose = Annotated[str, StringConstraints(max_length=LONG_TEXT_MAX), AfterValidator(clean_text)]


class Strict(BaseModel):
    """Base for every data-file model: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Content(Strict):
    """Base of the content models: one exercise type's table in an exercise file."""


class BoardContent(Content):
    """Sticky notes under one or more prompts, clustered and dot-voted."""

    prompts: list[Line] = Field(min_length=1, max_length=12)
    vote_budget: int = Field(default=3, ge=0, le=20)


class PollContent(Content):
    """Fixed statements, each answered from a fixed scale."""

    statements: list[Line] = Field(min_length=1, max_length=30)
    scale: list[Label] = Field(default=["Yes", "Partly", "No"], min_length=2, max_length=7)


class RatingStatement(Strict):
    """One statement to rate. ``reverse``: it is worded against its construct, so its score is turned round
    (on a 1–5 scale a 1 counts as 5) before it joins the construct's score."""

    text: Line
    reverse: bool = False


def _statement(value: object) -> object:
    # Files written before statements could be reverse-worded hold each one as plain text.
    return {"text": value} if isinstance(value, str) else value


Statement = Annotated[RatingStatement, BeforeValidator(_statement)]


class Dimension(Strict):
    """A group of rating statements with a name: one construct of the instrument (an attention area, a condition)."""

    name: Label
    about: Line | None = None  # what the construct measures, in a sentence, for the report
    statements: list[Statement] = Field(min_length=1, max_length=12)


class RatingContent(Content):
    """Statements grouped into dimensions (constructs), each rated on a numeric scale.

    ``version`` names the instrument: two runs are compared only when their versions and their
    statements (wording, order, construct and reverse flag) are the same.
    """

    dimensions: list[Dimension] = Field(min_length=1, max_length=12)
    scale_min: int = Field(default=1, ge=0, le=10)
    scale_max: int = Field(default=5, ge=1, le=10)
    low_label: Label = "Not at all"
    high_label: Label = "Fully"
    anonymous: bool = True
    version: Label | None = None

    @model_validator(mode="after")
    def _scale_order(self) -> RatingContent:
        if self.scale_max <= self.scale_min:
            raise ValueError("scale_max must be greater than scale_min")
        return self

    def scored(self, statement: RatingStatement, value: float) -> float:
        """A rating as it counts for its construct: turned round on the scale for a reverse-worded statement."""
        return self.scale_min + self.scale_max - value if statement.reverse else value


class SpectrumContent(Content):
    """Items the room adds, each placed in one of the labelled categories along an axis."""

    item_label: Label = "Item"
    categories: list[Label] = Field(min_length=2, max_length=7)
    change_label: Label = "Proposed change"


class CanvasContent(Content):
    """Named fields filled in once for the room, or on one card per role or group."""

    fields: list[Line] = Field(min_length=1, max_length=10)
    per: Literal["room", "role", "group"] = "room"


class MapContent(Content):
    """Departments as nodes along lanes, hand-offs as links, markers and proposals."""

    lanes: list[Label] = Field(default_factory=list, max_length=10)
    departments: list[Label] = Field(default_factory=list, max_length=30)
    marker_label: Label = "Customer insight lost here"
    proposal_label: Label = "Proposal"


class CommitmentsContent(Content):
    """Each participant's personal commitments, each of which becomes an action item."""

    count: int = Field(default=3, ge=1, le=10)
    prompt: Line = "What will you do?"


class ReviewContent(Content):
    """The actions carried from the earlier workshop, walked one at a time: status, progress, quick wins.

    ``scope`` says which: the room's plan, or each person's own commitments (their "last three").
    """

    scope: Literal["plan", "commitments"] = "plan"
    prompt: Line = "What moved since last time?"
