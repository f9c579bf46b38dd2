"""The field types every document model shares: cleaned texts with their limits, ids, colours."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from pydantic import AfterValidator, StringConstraints

from workshop_app.model.text import NAME_MAX, NOTE_MAX, TITLE_MAX, clean_line, clean_text

NoteText = Annotated[str, AfterValidator(clean_text), StringConstraints(max_length=NOTE_MAX)]
Name = Annotated[str, AfterValidator(clean_line), StringConstraints(max_length=NAME_MAX)]
Title = Annotated[str, AfterValidator(clean_line), StringConstraints(max_length=TITLE_MAX)]
# Required text is checked for emptiness after the clean-up, so whatever is saved loads again
# (a name of only spaces or control characters used to be saved empty, and then refused on open).
RequiredText = Annotated[str, AfterValidator(clean_text), StringConstraints(min_length=1, max_length=NOTE_MAX)]
RequiredName = Annotated[str, AfterValidator(clean_line), StringConstraints(min_length=1, max_length=NAME_MAX)]
RequiredTitle = Annotated[str, AfterValidator(clean_line), StringConstraints(min_length=1, max_length=TITLE_MAX)]
Colour = Annotated[str, StringConstraints(pattern=r"^(#[0-9a-fA-F]{6})?$")]
Id = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]

def new_id() -> str:
    return uuid.uuid4().hex[:16]


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
