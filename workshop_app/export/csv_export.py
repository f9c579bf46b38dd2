"""Every answer, and the action plan, as CSV for spreadsheets: UTF-8 with a BOM so Excel reads it right."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from workshop_app.export.common import (
    KIND_LABELS,
    TYPE_LABELS,
    Directory,
    Progress,
    column_label,
    exercise_steps,
    marker_kind,
    rating_dimension,
    value_label,
)
from workshop_app.model.answers import value_of
from workshop_app.model.document import Commitment, Entry, Link, Marker, Note, SpectrumItem, WorkshopDoc
from workshop_app.storage.files import atomic_path

ANSWER_COLUMNS = (
    "step", "exercise", "type", "kind", "prompt", "dimension", "card", "text", "detail", "author", "role",
    "cluster", "votes", "value", "value_label", "from", "to", "due", "hidden", "created", "id",
)
ACTION_COLUMNS = (
    "number", "what", "why", "from_exercise", "owner", "due", "measure", "area", "priority", "status",
    "created", "id", "source_id",
)

# Spreadsheets run a cell that starts with one of these as a formula; a leading quote keeps it text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A cell value that a spreadsheet shows as text and never evaluates."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def actions_csv_path(out: Path) -> Path:
    """Where the action items go beside an answers CSV: ``name-actions.csv``."""
    out = Path(out)
    suffix = out.suffix or ".csv"
    return out.with_name(f"{out.stem}-actions{suffix}")


def _write_rows(out: Path, header: Iterable[str], rows: Iterable[Iterable[object]]) -> None:
    with atomic_path(out) as tmp:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, dialect="excel")
            writer.writerow(header)
            for row in rows:
                writer.writerow([safe_cell(v) for v in row])


def answer_rows(doc: WorkshopDoc) -> list[list[object]]:
    """One row per answer of every exercise (clusters are named in their notes' rows, not as rows)."""
    d = Directory(doc)
    rows: list[list[object]] = []
    for ref in exercise_steps(doc):
        step = ref.step
        for item in d.items_of(step):
            if item.kind == "cluster":
                continue
            votes: object = item.vote_total if isinstance(item, Note) else ""
            source = target = ""
            if isinstance(item, Link):
                source, target = d.item_label(item.source), d.item_label(item.target)
            elif isinstance(item, Marker):
                target = d.item_label(item.target)
            detail = marker_kind(step, item) if isinstance(item, Marker) else (item.change if isinstance(item, SpectrumItem) else "")
            number = value_of(item)
            value: object = "" if number is None else number
            card = item.card if isinstance(item, Entry) else ""
            due = item.due.isoformat() if isinstance(item, Commitment) and item.due else ""
            rows.append([
                ref.number, step.title, TYPE_LABELS.get(step.type, step.type), KIND_LABELS.get(item.kind, item.kind),
                column_label(step, item), rating_dimension(step, item), card, item.text, detail,
                d.author(step, item), "" if step.anonymous else d.role(item.author), d.cluster_name(item), votes,
                value, value_label(step, item), source, target, due,
                "yes" if item.hidden else "", item.created.isoformat(), item.id,
            ])
    return rows


def action_rows(doc: WorkshopDoc) -> list[list[object]]:
    d = Directory(doc)
    return [
        [n, a.what, a.why, d.step_title(a.step), d.owner(a), a.due.isoformat() if a.due else "", a.measure,
         a.area or "", a.priority, a.status, a.created.isoformat(), a.id, a.source or ""]
        for n, a in enumerate(d.actions(), start=1)
    ]


def write_answers_csv(doc: WorkshopDoc, out: Path, progress: Progress | None = None) -> None:
    """Every answer as one CSV row: exercise, prompt, text, author (blank when anonymous), votes, value."""
    _write_rows(Path(out), ANSWER_COLUMNS, answer_rows(doc))
    if progress:
        progress(1, 1)


def write_actions_csv(doc: WorkshopDoc, out: Path, progress: Progress | None = None) -> None:
    """The action plan as CSV, one row per action in plan order."""
    _write_rows(Path(out), ACTION_COLUMNS, action_rows(doc))
    if progress:
        progress(1, 1)

