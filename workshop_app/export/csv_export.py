"""Every answer, and the action plan, as CSV for spreadsheets: UTF-8 with a BOM so Excel reads it right.

The rows are the Excel workbook's (see ``tables``): the same headers, labels and rounding.
"""

from __future__ import annotations

import csv
from pathlib import Path

from workshop_app.export import tables
from workshop_app.export.common import Progress
from workshop_app.export.tables import Table, actions_table, answers_table, text_of
from workshop_app.model.document import WorkshopDoc
from workshop_app.storage.files import atomic_path

ANSWER_COLUMNS = tuple(c.label for c in tables.ANSWER_COLUMNS)
ACTION_COLUMNS = tuple(c.label for c in tables.ACTION_COLUMNS)

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


def write_table_csv(table: Table, out: Path) -> None:
    """One table as CSV, written to a temporary file first so a failure leaves the old file whole."""
    with atomic_path(Path(out)) as tmp:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, dialect="excel")
            writer.writerow(table.header)
            for row in table.rows:
                # Text is guarded against formulas; numbers and dates are not text and need no guard.
                writer.writerow([safe_cell(v) if isinstance(v, str) else text_of(v) for v in row])


def write_answers_csv(doc: WorkshopDoc, out: Path, progress: Progress | None = None) -> None:
    """Every answer as one CSV row: exercise, prompt, text, author (blank when anonymous), votes, value."""
    write_table_csv(answers_table(doc), Path(out))
    if progress:
        progress(1, 1)


def write_actions_csv(doc: WorkshopDoc, out: Path, progress: Progress | None = None) -> None:
    """The action plan as CSV, one row per action in plan order."""
    write_table_csv(actions_table(doc), Path(out))
    if progress:
        progress(1, 1)
