"""Right-to-left text in the PDFs reads by its own direction: an Arabic organisation name in a line of
English, brackets inside Arabic, and Arabic department names and labels on the map and in charts.

The checks read the text as it is drawn, left to right, glyph by glyph (a reader's own reordering on
extraction would hide a wrong order): Arabic drawn right to left shows up reversed and in its joined
(presentation) forms, which NFKC turns back into plain letters.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from workshop_app.core.demo import build_demo
from workshop_app.export.pdf_text import shown
from workshop_app.model.answers import Node, Note
from workshop_app.model.document import WorkshopDoc

ORGANISATION = "شركة النور للخدمات اللوجستية"
WITH_BRACKETS = "تقرير (v2) الربع الأول"
FINANCE = "المالية"
LONG_DEPARTMENT = "خدمة العملاء والدعم الفني للشركات الكبرى"
ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
SHAPED = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def _to_unicode(font: Any) -> dict[int, str]:
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    table: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    return table


def drawn_lines(path: Path, page: int) -> list[str]:
    """Each text object of the page (a line of text) as drawn from left to right."""
    reader = PdfReader(str(path))
    pg = reader.pages[page]
    fonts = {name: _to_unicode(ref.get_object()) for name, ref in pg["/Resources"]["/Font"].items()}
    lines: list[str] = []
    current: list[str] = []
    table: dict[int, str] = {}
    for operands, operator in ContentStream(pg.get_contents(), reader).operations:
        if operator == b"BT":
            current = []
        elif operator == b"Tf":
            table = fonts.get(str(operands[0]), {})
        elif operator == b"Tj":
            raw = operands[0]
            data = raw.original_bytes if hasattr(raw, "original_bytes") else bytes(raw, "latin-1")
            current.append("".join(table.get(b, chr(b)) for b in data))
        elif operator == b"ET":
            lines.append("".join(current))
    return [line for line in lines if line.strip()]


def read_back(drawn: str) -> str:
    """Arabic drawn left to right, read right to left, joined (presentation) forms back to plain letters.

    Reversed before NFKC, which writes a lam-alef ligature out as two letters in reading order.
    """
    return unicodedata.normalize("NFKC", drawn[::-1]).strip()


def reads_as(drawn: str, logical: str) -> bool:
    """Whether Arabic drawn left to right is ``logical`` read right to left, in joined forms."""
    return bool(SHAPED.search(drawn)) and read_back(drawn) == logical


@pytest.fixture
def arabic_doc(library) -> WorkshopDoc:
    doc = build_demo(library)
    doc.info.organisation = ORGANISATION
    board = next(s for s in doc.steps if s.type == "board")
    doc.items.append(Note(step=board.id, text=WITH_BRACKETS, prompt=0, votes={"x": 40}))
    step = next(s for s in doc.steps if s.type == "map")
    nodes = [i for i in doc.items if isinstance(i, Node) and i.step == step.id]
    nodes[0].text = FINANCE
    nodes[1].text = LONG_DEPARTMENT
    return doc


def test_handout_subheading_reads_in_order(tmp_path: Path, arabic_doc: WorkshopDoc) -> None:
    from workshop_app.export.handout import write_handouts

    out = tmp_path / "handouts.pdf"
    write_handouts(arabic_doc, out)
    line = next(x for x in drawn_lines(out, 0) if "facilitated by" in x)
    # The line reads left to right: the organisation first (itself right to left), then the date.
    arabic, rest = line.split("·", 1)
    assert reads_as(arabic, ORGANISATION), line
    assert " ".join(rest.split()) == "12 Mar 2026 · facilitated by Maria Jensen"


def test_brackets_inside_arabic_are_mirrored(tmp_path: Path, arabic_doc: WorkshopDoc) -> None:
    from workshop_app.export.pdf_report import write_pdf

    out = tmp_path / "report.pdf"
    write_pdf(arabic_doc, out)
    pages = len(PdfReader(str(out)).pages)
    found = [x for n in range(pages) for x in drawn_lines(out, n) if "v2" in x and ARABIC.search(x)]
    assert found
    for line in found:
        assert "(v2)" in line and ")v2(" not in line, line
        # Read right to left: "تقرير" first, so it is drawn at the right of the brackets.
        left, right = line.split("(v2)")
        assert reads_as(right, "تقرير"), line
        assert reads_as(left, "الربع الأول"), line


def test_arabic_departments_on_the_map_are_shaped_and_in_order(tmp_path: Path, arabic_doc: WorkshopDoc) -> None:
    from workshop_app.export.pdf_report import write_pdf

    out = tmp_path / "report.pdf"
    write_pdf(arabic_doc, out)
    reader = PdfReader(str(out))
    page = next(
        n
        for n, p in enumerate(reader.pages)
        if "Silo-breaking map" in (p.extract_text() or "") and "Strategy" in (p.extract_text() or "")
    )
    lines = drawn_lines(out, page)
    assert any(reads_as(x, FINANCE) for x in lines), lines
    # The long name takes two lines, its start on the first (drawn first, above the second).
    arabic = [x for x in lines if ARABIC.search(x) and not reads_as(x, FINANCE)]
    first, second = arabic[0], arabic[1]
    words = LONG_DEPARTMENT.split()
    start = read_back(first)
    assert LONG_DEPARTMENT.startswith(start) and len(start.split()) < len(words), arabic
    assert f"{start} {read_back(second)}" == LONG_DEPARTMENT


def test_arabic_labels_in_charts_keep_their_start(tmp_path: Path, arabic_doc: WorkshopDoc) -> None:
    from workshop_app.export.pdf_report import write_pdf

    board = next(s for s in arabic_doc.steps if s.type == "board")
    long_note = "ما الذي يحتاجه عملاؤنا من فريق الدعم عندما تتأخر الشحنة لأكثر من يومين متتاليين"
    arabic_doc.items.append(Note(step=board.id, text=long_note, prompt=0, votes={"y": 30}))
    out = tmp_path / "report.pdf"
    write_pdf(arabic_doc, out)
    lines = drawn_lines(out, 1)  # the executive page and its votes chart
    cut = next(x for x in lines if ARABIC.search(x) and "…" in x)
    # Cut at its logical end, which for right-to-left text is drawn at the left.
    assert cut.startswith("…"), cut
    assert long_note.startswith(read_back(cut[1:])), cut
    assert any("(v2)" in x and reads_as(x.split("(v2)")[1], "تقرير") for x in lines), lines


def test_a_character_newer_than_the_unicode_tables_keeps_its_place() -> None:
    # U+2EBE1 (CJK Extension I) has no bidi class in Python 3.11's tables; it used to stop the export.
    line = "\U0002ebe1مرحبا (v2)"
    drawn = shown(line)
    assert "\U0002ebe1" in drawn
    assert drawn.endswith("\U0002ebe1")
    assert "(v2)" in drawn
