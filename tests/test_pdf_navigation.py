"""Bookmarks and contents links of the PDFs lead to their headings, and the reader opens with the outline."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import Destination

from workshop_app.core.demo import build_demo
from workshop_app.export.guide import write_guide
from workshop_app.export.pdf_report import write_pdf
from workshop_app.model.document import WorkshopDoc

# A heading sits just below the top of the window its bookmark opens.
BELOW_TOP = 40.0


def fragments(reader: PdfReader, page: int) -> list[tuple[float, float, str]]:
    """The page's text pieces with where each starts (x, y in PDF points)."""
    found: list[tuple[float, float, str]] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, text.strip()))

    reader.pages[page].extract_text(visitor_text=visit)
    return found


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_heading_at(reader: PdfReader, page: int, top: float, title: str) -> None:
    """The title is printed on ``page`` just below ``top``, where the link puts the top of the window."""
    near = [squash(t) for _x, y, t in fragments(reader, page) if top - BELOW_TOP <= y <= top]
    assert any(squash(title) in t for t in near), f"{title!r} is not at the top of page {page + 1}: {near}"


def outline_entries(reader: PdfReader) -> list[Destination]:
    found: list[Destination] = []

    def walk(entries: list[Any]) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry)
            else:
                found.append(entry)

    walk(reader.outline)
    return found


def check_outline(path: Path, expected: int) -> list[tuple[str, int]]:
    reader = PdfReader(path)
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"
    entries = outline_entries(reader)
    assert len(entries) == expected
    pages = []
    for entry in entries:
        page = reader.get_destination_page_number(entry)
        assert_heading_at(reader, page, float(entry.top), entry.title)
        pages.append((entry.title, page))
    # The sections come in the order of the outline, and not all on one page.
    numbers = [p for _t, p in pages]
    assert numbers == sorted(numbers) and len(set(numbers)) > 1
    return pages


@pytest.fixture
def demo(library) -> WorkshopDoc:
    return build_demo(library)


def test_report_bookmarks_lead_to_their_sections(tmp_path: Path, demo: WorkshopDoc) -> None:
    out = tmp_path / "report.pdf"
    write_pdf(demo, out)
    exercises = sum(1 for s in demo.steps if s.exercise is not None)
    pages = check_outline(out, expected=6 + exercises)
    assert pages[:2] == [("What the room decided", 1), ("Summary", 2)]


def test_report_contents_links_lead_to_their_sections(tmp_path: Path, demo: WorkshopDoc) -> None:
    out = tmp_path / "report.pdf"
    write_pdf(demo, out)
    reader = PdfReader(out)
    cover = fragments(reader, 0)
    index = {id(p.indirect_reference.get_object()): n for n, p in enumerate(reader.pages)}  # type: ignore[union-attr]
    links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
    links = [a for a in links if a.get("/Subtype") == "/Link"]
    titles = {e.title for e in outline_entries(reader)}
    followed: set[str] = set()
    for link in links:
        dest = link["/Dest"]
        page = index[id(dest[0].get_object())]
        _left, bottom = (float(v) for v in link["/Rect"][:2])
        # The contents line the link sits on: its title, dot leaders and the page number.
        line = squash(" ".join(t for x, y, t in sorted(cover) if bottom - 1 <= y <= bottom + 4))
        match = re.fullmatch(r"(.+?)[ .]*?(\d+)", line)
        assert match, line
        title, printed = match.group(1).rstrip(" ."), int(match.group(2))
        assert title in titles
        assert printed == page + 1, f"{title} says page {printed} but leads to page {page + 1}"
        assert_heading_at(reader, page, float(dest[3]), title)
        followed.add(title)
    # Every entry of the contents (all of them, at this agenda's length) was followed.
    assert followed == titles


def test_guide_bookmarks_lead_to_their_exercises(tmp_path: Path, library) -> None:
    agenda = library.agendas["half-day-kickoff"]
    out = tmp_path / "guide.pdf"
    write_guide(library, agenda, out)
    exercises = sum(1 for step in agenda.steps if step.exercise)
    pages = check_outline(out, expected=1 + exercises)
    assert pages[0] == ("Run sheet", 0)
