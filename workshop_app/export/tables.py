"""The rows of the spreadsheets, said once for CSV and Excel: readable headers, typed and rounded values.

Each table holds Python values (text, whole numbers, rounded numbers, dates, times) so the Excel
workbook can type its cells; the CSV writes the same values as text. Labels read as the app shows
them ("In progress", "High", "Note"), numbers are rounded as the app shows them, and times are UTC.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from workshop_app.export.common import Directory, exercise_steps, is_proposal
from workshop_app.export.summary import personal_actions, room_actions
from workshop_app.model.document import (
    ActionItem,
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
    Step,
    WorkshopDoc,
)
from workshop_app.model.registry import Parts, answer_label, type_label

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


@dataclass
class AnswerCells:
    """The cells of an answer's row that depend on its exercise type."""

    prompt: str = ""  # the prompt, statement, category, field or lane it answers
    dimension: str = ""
    card: str = ""
    detail: str = ""
    votes: int | None = None
    value: int | float | None = None
    in_words: str = ""  # the value as the room chose it: a poll's option
    source: str = ""
    target: str = ""
    due: dt.date | None = None


def _at(labels: Sequence[str], index: int) -> str:
    return labels[index] if 0 <= index < len(labels) else ""


def _board_cells(d: Directory, step: Step, item: ItemBase) -> AnswerCells | None:
    assert step.exercise and step.exercise.board
    if isinstance(item, Cluster):
        return None  # a cluster is named in its notes' rows
    if not isinstance(item, Note):
        return AnswerCells()
    return AnswerCells(prompt=_at(step.exercise.board.prompts, item.prompt), votes=item.vote_total)


def _poll_cells(d: Directory, step: Step, item: ItemBase) -> AnswerCells | None:
    assert step.exercise and step.exercise.poll
    poll = step.exercise.poll
    if not isinstance(item, Answer):
        return AnswerCells()
    return AnswerCells(prompt=_at(poll.statements, item.statement), in_words=_at(poll.scale, int(item.value)))


def _rating_cells(d: Directory, step: Step, item: ItemBase) -> AnswerCells | None:
    assert step.exercise and step.exercise.rating
    dimensions = step.exercise.rating.dimensions
    if not isinstance(item, Answer):
        return AnswerCells()
    statements = [s for dim in dimensions for s in dim.statements]
    # The respondent key lets an analyst tie one anonymous person's ratings together (it names nobody);
    # a reverse-worded statement's value is as rated, to be turned round for its construct.
    notes = [f"respondent {item.respondent}"] if item.respondent else []
    if 0 <= item.statement < len(statements) and statements[item.statement].reverse:
        notes.append("reverse-worded")
    # Ratings are whole numbers on the scale; the app shows means to one decimal.
    return AnswerCells(prompt=_at([s.text for s in statements], item.statement),
                       dimension=_at([dim.name for dim in dimensions for _ in dim.statements], item.statement),
                       detail=", ".join(notes), value=rounded(item.value, 1))


def _spectrum_cells(d: Directory, step: Step, item: ItemBase) -> AnswerCells | None:
    assert step.exercise and step.exercise.spectrum
    if not isinstance(item, SpectrumItem):
        return AnswerCells()
    # A place on the spectrum: from the start of its category (0) to its end (1).
    return AnswerCells(prompt=_at(step.exercise.spectrum.categories, item.category), detail=item.change,
                       value=rounded(item.position, 2))


def _canvas_cells(d: Directory, step: Step, item: ItemBase) -> AnswerCells | None:
    assert step.exercise and step.exercise.canvas
    if not isinstance(item, Entry):
        return AnswerCells()
    return AnswerCells(prompt=_at(step.exercise.canvas.fields, item.field), card=item.card)


def _map_cells(d: Directory, step: Step, item: ItemBase) -> AnswerCells | None:
    assert step.exercise and step.exercise.map
    m = step.exercise.map
    if isinstance(item, Node):
        return AnswerCells(prompt=_at(m.lanes, item.lane))
    if isinstance(item, Link):
        return AnswerCells(source=d.item_label(item.source), target=d.item_label(item.target))
    if isinstance(item, Marker):
        # Where insight is lost, or a proposal, in the exercise's words.
        return AnswerCells(target=d.places(item),
                           detail=m.proposal_label if is_proposal(item) else m.marker_label)
    return AnswerCells()


def _commitments_cells(d: Directory, step: Step, item: ItemBase) -> AnswerCells | None:
    assert step.exercise and step.exercise.commitments
    if not isinstance(item, Commitment):
        return AnswerCells()
    return AnswerCells(prompt=step.exercise.commitments.prompt, due=item.due)


def _review_cells(d: Directory, step: Step, item: ItemBase) -> AnswerCells | None:
    assert step.exercise and step.exercise.review
    if not isinstance(item, Progress):
        return AnswerCells()
    action = next((a for a in d.doc.actions if a.id == item.action), None)
    # The action reviewed, its status and due date; a quick win says so in the value in words.
    return AnswerCells(prompt=action.what if action else "", detail=label(action.status) if action else "",
                       in_words="Quick win" if item.quick_win else "", due=action.due if action else None)


# The cells each registered type fills in the answers table (CSV and Excel), or None for an answer
# without a row of its own. A new type is one line here.
ANSWER_CELLS: Parts[Callable[[Directory, Step, ItemBase], AnswerCells | None]] = Parts("spreadsheet rows", {
    "board": _board_cells,
    "poll": _poll_cells,
    "rating": _rating_cells,
    "spectrum": _spectrum_cells,
    "canvas": _canvas_cells,
    "map": _map_cells,
    "commitments": _commitments_cells,
    "review": _review_cells,
})


def answers_table(doc: WorkshopDoc) -> Table:
    """One row per answer of every exercise (clusters are named in their notes' rows, not as rows)."""
    d = Directory(doc)
    table = Table("Answers", ANSWER_COLUMNS)
    for ref in exercise_steps(doc):
        step = ref.step
        cells_of = ANSWER_CELLS[step.type]
        for item in d.items_of(step):
            c = cells_of(d, step, item)
            if c is None:
                continue
            table.rows.append([
                ref.number, step.title, type_label(step.type), label(answer_label(item.kind)), c.prompt,
                c.dimension, c.card, item.text, c.detail, d.author(step, item),
                "" if step.anonymous else d.role(item.author), d.cluster_name(item), c.votes, c.value, c.in_words,
                c.source, c.target, c.due, "Yes" if item.hidden else "", utc_time(item.created), item.id,
            ])
    return table


def made_from(d: Directory, action: ActionItem) -> str:
    """What the action was made from, in words: a personal commitment, a note, a cluster…"""
    item = d.items.get(action.source or "")
    if action.personal:
        return "Personal commitment"
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
