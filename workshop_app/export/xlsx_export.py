"""The workshop as an Excel workbook: sheets Actions, Answers and Participants with typed cells.

The rows are the CSV's (see ``tables``). Dates are dates and numbers are numbers, so a spreadsheet
sorts and filters them; text stays text, even when it starts with "=", so nothing is ever evaluated.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from workshop_app.export.common import Progress
from workshop_app.export.tables import Table, Value, actions_table, answers_table, participants_table
from workshop_app.model.document import WorkshopDoc
from workshop_app.storage.files import atomic_path

# An Excel cell holds at most this many characters.
CELL_MAX = 32_767
# Control characters an xlsx file cannot hold (XML 1.0 forbids them).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
HEADER_FILL = "1E5A7A"  # the house accent, as in the PDF's table headers
DATE_FORMAT = "d mmm yyyy"  # 12 Mar 2026, as every other export writes dates
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
MAX_WIDTH = 60
LINE_HEIGHT = 12.75  # points per line of the default 10-11 point font
MAX_LINES = 12  # a taller cell scrolls inside its row rather than make one row a page


def _cell_text(value: str) -> str:
    return _ILLEGAL.sub("", value)[:CELL_MAX]


def _lines(value: Value, width: float) -> int:
    """How many lines a wrapped text cell needs at ``width`` characters (a little generously)."""
    if not isinstance(value, str) or not value:
        return 1
    per_line = max(width * 1.1 - 2, 1)
    return sum(max(1, -(-len(part) // int(per_line))) for part in value.split("\n"))


def _width(table: Table, index: int) -> float:
    """A column width that fits its header and most of its cells, never wider than ``MAX_WIDTH``."""
    column = table.columns[index]
    if column.kind == "date":
        return 12
    if column.kind == "time":
        return 19
    longest = max((len(str(row[index]).split("\n")[0]) for row in table.rows if row[index] is not None), default=0)
    if column.kind == "text":
        # Text wraps inside its column rather than make the sheet wide.
        longest = min(longest, column.width)
    header = len(column.label) + 3  # room for the filter button
    return float(min(MAX_WIDTH, max(header, longest + 1)))


def _add_styles(book: Any) -> None:
    """The cell styles, made once per workbook: cells name them, which is much faster than styling each."""
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    top = Alignment(vertical="top")
    wrap = Alignment(vertical="top", wrap_text=True)
    for style in (
        NamedStyle("Header", font=Font(bold=True, color="FFFFFF"), fill=PatternFill("solid", fgColor=HEADER_FILL),
                   alignment=wrap),
        NamedStyle("Text", alignment=wrap),
        NamedStyle("Figure", alignment=top),
        NamedStyle("Day", alignment=top, number_format=DATE_FORMAT),
        NamedStyle("Moment", alignment=top, number_format=TIME_FORMAT),
    ):
        book.add_named_style(style)


def _style(value: Value) -> str:
    if isinstance(value, str):
        return "Text"
    if isinstance(value, dt.datetime):
        return "Moment"
    if isinstance(value, dt.date):
        return "Day"
    return "Figure"


def _add_sheet(book: Any, table: Table) -> None:
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(table.name)
    sheet.append(table.header)
    for cell in sheet[1]:
        cell.style = "Header"
    for r, row in enumerate(table.rows, start=2):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            _set(cell, value)
            cell.style = _style(value)
    widths = [_width(table, c) for c in range(len(table.columns))]
    for c, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(c + 1)].width = width
    # Spreadsheets do not all grow a row for its wrapped text when they open a file; say how tall it is.
    for r, row in enumerate(table.rows, start=2):
        lines = max((_lines(v, widths[c]) for c, v in enumerate(row)), default=1)
        if lines > 1:
            sheet.row_dimensions[r].height = LINE_HEIGHT * min(lines, MAX_LINES) + 3
    # The header stays in view while scrolling, and every column can be filtered and sorted.
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.columns))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
    # Printed, a sheet is as wide as a landscape page and repeats its header on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = "1:1"


def _set(cell: Any, value: Value) -> None:
    if isinstance(value, str):
        cell.value = _cell_text(value)
        # openpyxl takes text starting with "=" for a formula; this cell is text, and shown as typed.
        cell.data_type = "s"
    else:
        cell.value = value


def write_xlsx(doc: WorkshopDoc, out: Path, progress: Progress | None = None) -> None:
    """Write the action plan, every answer and the participants as one Excel workbook."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    _add_styles(book)
    tables = (actions_table(doc), answers_table(doc), participants_table(doc))
    for n, table in enumerate(tables, start=1):
        _add_sheet(book, table)
        if progress:
            progress(n, len(tables) + 1)
    info = doc.info
    book.properties.title = _cell_text(info.title)
    book.properties.creator = _cell_text(info.facilitator) or "Workshop Room"
    book.properties.subject = "Workshop action plan and answers"
    if info.language:
        book.properties.language = info.language
    # A fixed time keeps the same workshop's workbook the same from one export to the next.
    stamp = dt.datetime.combine(info.date, dt.time()) if info.date else dt.datetime(2000, 1, 1)
    book.properties.created = book.properties.modified = stamp
    with atomic_path(Path(out)) as tmp:
        book.save(tmp)
    if progress:
        progress(len(tables) + 1, len(tables) + 1)

