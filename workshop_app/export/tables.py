"""The rows of the spreadsheets, said once for CSV and Excel: readable headers, typed and rounded values.

Each table holds Python values (text, whole numbers, rounded numbers, dates, times) so the Excel
workbook can type its cells; the CSV writes the same values as text. Labels read as the app shows
them ("In progress", "High", "Note"), numbers are rounded as the app shows them, and times are UTC.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from workshop_app.export.common import (
    Directory,
    column_label,
    exercise_steps,
    marker_kind,
    rating_dimension,
)
from workshop_app.export.summary import personal_actions, room_actions
from workshop_app.model.answers import value_of
from workshop_app.model.document import (
    ActionItem,
    Commitment,
    Entry,
    ItemBase,
    Link,
    Marker,
    Note,
    SpectrumItem,
    Step,
    WorkshopDoc,
)
from workshop_app.model.registry import answer_label, type_label

Kind = Literal["text", "int", "number", "date", "time"]
Value = str | int | float | dt.date | dt.datetime | None


@dataclass(frozen=True)
class Column:
    """A column: its header, what its cells hold, and the width in characters its text wraps at."""

    label: str
    kind: Kind = "text"
    width: int = 14


@dataclass
class Table:
    """A named table of typed rows, one value per column."""

    name: str
    columns: list[Column]
    rows: list[list[Value]] = field(default_factory=list)

    @property
    def header(self) -> list[str]:
        return [c.label for c in self.columns]


def label(word: str) -> str:
    """A stored word as the app shows it: "in progress" -> "In progress"."""
    return word[:1].upper() + word[1:]


def utc_time(value: dt.datetime) -> dt.datetime:
    """A time in UTC to the second, without a zone (spreadsheets hold no zones; the header says UTC)."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.replace(microsecond=0)


def rounded(value: float | None, digits: int) -> int | float | None:
    """A number rounded as the app shows it; a whole number stays whole (4, not 4.0)."""
    if value is None:
        return None
    value = round(float(value), digits)
    return int(value) if value.is_integer() else value


def answer_value(step: Step, item: ItemBase) -> tuple[int | float | None, str]:
    """An answer's number and its meaning in words: a rating's score, a poll's option, a spectrum place."""
    ex = step.exercise
    value = value_of(item)
    if value is None or ex is None:
        return None, ""
    if ex.poll:
        index = int(value)
        return None, ex.poll.scale[index] if 0 <= index < len(ex.poll.scale) else ""
    if ex.rating:
        # Ratings are whole numbers on the scale; the app shows means to one decimal.
        return rounded(value, 1), ""
    # A place on the spectrum: from the start of its category (0) to its end (1).
    return rounded(value, 2), ""


ANSWER_COLUMNS = [
    Column("Step", "int", 6), Column("Exercise", "text", 26), Column("Type", "text", 12),
    Column("Kind", "text", 12), Column("Prompt or statement", "text", 36), Column("Dimension", "text", 18),
    Column("Card", "text", 16), Column("Text", "text", 50), Column("Detail", "text", 30),
    Column("Author", "text", 18), Column("Role", "text", 16), Column("Cluster", "text", 22),
    Column("Votes", "int", 7), Column("Value", "number", 8), Column("Answer", "text", 12),
    Column("From", "text", 18), Column("To", "text", 18), Column("Due", "date", 12),
    Column("Hidden from the room", "text", 10), Column("Created (UTC)", "time", 18), Column("ID", "text", 18),
]

ACTION_COLUMNS = [
    Column("#", "int", 5), Column("What", "text", 44), Column("Why", "text", 34),
    Column("From exercise", "text", 24), Column("Made from", "text", 16), Column("Owner", "text", 18),
    Column("Due", "date", 12), Column("Measure of success", "text", 34), Column("Area", "text", 20),
    Column("Priority", "text", 9), Column("Status", "text", 11), Column("Created (UTC)", "time", 18),
    Column("ID", "text", 18), Column("Source ID", "text", 18),
]

PARTICIPANT_COLUMNS = [
    Column("Name", "text", 24), Column("Role or department", "text", 22), Column("Group", "text", 16),
    Column("Actions owned", "int", 9), Column("Open actions", "int", 9), Column("Commitments", "int", 11),
    Column("ID", "text", 18),
]


def answers_table(doc: WorkshopDoc) -> Table:
    """One row per answer of every exercise (clusters are named in their notes' rows, not as rows)."""
    d = Directory(doc)
    table = Table("Answers", ANSWER_COLUMNS)
    for ref in exercise_steps(doc):
        step = ref.step
        for item in d.items_of(step):
            if item.kind == "cluster":
                continue
            source = target = ""
            if isinstance(item, Link):
                source, target = d.item_label(item.source), d.item_label(item.target)
            elif isinstance(item, Marker):
                target = d.item_label(item.target)
            detail = marker_kind(step, item) if isinstance(item, Marker) else (
                item.change if isinstance(item, SpectrumItem) else "")
            value, in_words = answer_value(step, item)
            table.rows.append([
                ref.number, step.title, type_label(step.type),
                label(answer_label(item.kind)), column_label(step, item), rating_dimension(step, item),
                item.card if isinstance(item, Entry) else "", item.text, detail, d.author(step, item), "" if step.anonymous else d.role(item.author),
                d.cluster_name(item), item.vote_total if isinstance(item, Note) else None, value, in_words,
                source, target, item.due if isinstance(item, Commitment) else None, "Yes" if item.hidden else "", utc_time(item.created), item.id,
            ])
    return table


def made_from(d: Directory, action: ActionItem) -> str:
    """What the action was made from, in words: a personal commitment, a note, a cluster…"""
    item = d.items.get(action.source or "")
    if item is None:
        return ""
    if item.kind == "commitment":
        return "Personal commitment"
    return label(answer_label(item.kind))


def actions_table(doc: WorkshopDoc) -> Table:
    """The room's plan, numbered in plan order, then the personal commitments (not numbered into it)."""
    d = Directory(doc)
    table = Table("Actions", ACTION_COLUMNS)
    numbered: list[tuple[int | None, ActionItem]] = list(enumerate(room_actions(d), start=1))
    numbered += [(None, a) for a in personal_actions(d)]
    for n, a in numbered:
        table.rows.append([
            n, a.what, a.why, d.step_title(a.step), made_from(d, a), d.owner(a), a.due, a.measure, a.area or "",
            label(a.priority), label(a.status), utc_time(a.created), a.id, a.source or "",
        ])
    return table


def participants_table(doc: WorkshopDoc) -> Table:
    """Who took part, with how many actions each owns and how many commitments each made."""
    d = Directory(doc)
    table = Table("Participants", PARTICIPANT_COLUMNS)
    for p in doc.participants:
        owned = d.actions_of(p)
        table.rows.append([
            p.name, p.role, d.groups.get(p.group or "", ""), len(owned),
            sum(1 for a in owned if a.status in ("open", "in progress")), len(d.commitments_of(p.id)), p.id,
        ])
    return table


def text_of(value: Value) -> str:
    """A value as CSV text: dates as ISO dates, times to the second, numbers as rounded."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
