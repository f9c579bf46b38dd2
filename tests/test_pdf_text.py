"""PDF fonts and text: every font embedded, emoji copy and search as text, tables that break across pages
as a reader expects, cut texts that say so, and handouts numbered per person."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from workshop_app.core.demo import build_demo
from workshop_app.model.document import ActionItem, Commitment, Note, WorkshopDoc

EMOJI = "🚀 👍🏽"


def page_texts(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def fonts_of(path: Path) -> list[dict[str, Any]]:
    """Every font the pages and their drawings use, with whether its glyphs are in the file."""
    found: dict[str, dict[str, Any]] = {}

    def walk(resources: Any) -> None:
        if resources is None:
            return
        resources = resources.get_object()
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = {"name": str(font["/BaseFont"]), "embedded": embedded}
        for ref in (resources.get("/XObject") or {}).values():
            walk(ref.get_object().get("/Resources"))

    for page in PdfReader(str(path)).pages:
        walk(page.get("/Resources"))
    return list(found.values())


@pytest.fixture
def demo(library) -> WorkshopDoc:
    doc = build_demo(library)
    board = next(s for s in doc.steps if s.type == "board")
    doc.items.append(Note(step=board.id, text=f"Launch day {EMOJI} for the team", prompt=0))
    return doc


@pytest.fixture
def exports(tmp_path: Path, demo: WorkshopDoc, library) -> dict[str, Path]:
    from workshop_app.export.guide import write_guide
    from workshop_app.export.handout import write_handouts
    from workshop_app.export.pdf_report import write_pdf

    paths = {"report": tmp_path / "report.pdf", "handouts": tmp_path / "handouts.pdf",
             "guide": tmp_path / "guide.pdf"}
    write_pdf(demo, paths["report"])
    write_handouts(demo, paths["handouts"])
    write_guide(library, library.agendas["half-day-kickoff"], paths["guide"])
    return paths


def test_every_font_is_embedded(exports: dict[str, Path]) -> None:
    for name, path in exports.items():
        fonts = fonts_of(path)
        assert fonts, name
        assert not [f["name"] for f in fonts if not f["embedded"]], name
        assert not [f["name"] for f in fonts if "Helvetica" in f["name"]], name


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler's pdffonts is not installed")
def test_pdffonts_lists_only_embedded_fonts(exports: dict[str, Path]) -> None:
    for path in exports.values():
        lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
        rows = lines.splitlines()[2:]
        assert rows
        for row in rows:
            assert "Helvetica" not in row
            # The "emb" column: yes for every font.
            assert re.search(r"\s(yes)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row), row


def test_guide_bullets_and_numbers_are_in_the_embedded_font(exports: dict[str, Path]) -> None:
    reader = PdfReader(str(exports["guide"]))
    used: set[str] = set()

    def visit(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if text.strip() in ("•", "1.", "2.") and font is not None:
            used.add(str(font.get("/BaseFont")))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    assert used and all("DejaVuSans" in name for name in used), used


def test_emoji_copy_and_search_as_text(exports: dict[str, Path], caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING):
        text = "".join(page_texts(exports["report"]))
    assert not [r for r in caplog.records if "invalid hex" in r.getMessage().lower()]
    assert f"Launch day {EMOJI} for the team" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext is not installed")
def test_pdftotext_reads_emoji(exports: dict[str, Path]) -> None:
    text = subprocess.run(["pdftotext", str(exports["report"]), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert EMOJI in text


def test_no_header_repeated_mid_page_above_a_long_row(tmp_path: Path, demo: WorkshopDoc) -> None:
    from workshop_app.export.pdf_report import write_pdf

    # Short decisions, then one long enough to break across pages, then more.
    for n in range(12):
        demo.actions.append(ActionItem(what=f"Decision {n} " + "word " * 8, order=100 + n))
    demo.actions.append(ActionItem(what="Long " + "x" * 1990, why="y" * 1500, measure="z" * 1500, order=200))
    demo.actions.append(ActionItem(what="After the long one", order=201))
    out = tmp_path / "report.pdf"
    write_pdf(demo, out)
    pages = page_texts(out)
    counts = [squash(text).count("Why/wherefrom") for text in pages]
    assert sum(1 for c in counts if c) >= 3, counts
    assert max(counts) == 1, f"a page repeats the header: {counts}"
    assert "Afterthelongone" in squash("".join(pages))


def rows_table_doc(tmp_path: Path, filler: float, rows: int, height: float = 40) -> list[list[str]]:
    """A page of ``filler`` points, then a table of ``rows`` rows ``height`` high: the rows on each page."""
    from reportlab.platypus import Paragraph, Spacer

    from workshop_app.export.pdf_base import PdfInfo, build_pdf, data_table, styles
    from workshop_app.export.pdf_text import trusted

    s = styles()
    table_rows = [[trusted("Row", s.th), trusted("Text", s.th)]]
    for n in range(rows):
        table_rows.append([trusted(f"Row{n:02d}", s.cell), Paragraph("filler<br/>" * int(height // 11), s.cell)])
    out = tmp_path / "rows.pdf"
    build_pdf(out, [Spacer(1, filler), data_table(table_rows, [60, 300])], PdfInfo("t", "", ""), "rows")
    return [re.findall(r"Row\d\d", text) for text in page_texts(out)]


@pytest.mark.parametrize("filler", [560, 580, 600, 620, 640, 660])
def test_a_page_never_holds_a_single_row(tmp_path: Path, filler: float) -> None:
    pages = rows_table_doc(tmp_path, filler, rows=12)
    assert sorted(sum(pages, [])) == [f"Row{n:02d}" for n in range(12)]
    for rows in pages:
        assert len(rows) != 1, pages


@pytest.mark.parametrize("rows", [16, 17, 18, 19, 20])
def test_the_last_row_never_goes_on_alone(tmp_path: Path, rows: int) -> None:
    pages = rows_table_doc(tmp_path, 0, rows=rows)
    assert sum(len(p) for p in pages) == rows
    for found in pages:
        assert len(found) != 1, pages


def test_a_cut_commitment_says_it_was_cut(tmp_path: Path, demo: WorkshopDoc) -> None:
    from workshop_app.export.handout import CLIP, write_handouts

    person = demo.participants[0]
    step = next(s for s in demo.steps if s.type == "commitments")
    long = "I will call " + " ".join(f"customer{n}" for n in range(80)) + " THE-END"
    assert len(long) > CLIP
    demo.items.append(Commitment(step=step.id, author=person.id, text=long))
    out = tmp_path / "handouts.pdf"
    write_handouts(demo, out)
    first = squash(page_texts(out)[0])
    assert squash(long[:120]) in first
    assert "THE-END" not in first
    assert "Shortenedhere:theworkshopreporthasthefulltext." in first
    # A text that fits is not marked.
    others = squash("".join(page_texts(out)[1:]))
    assert "Shortenedhere" not in others


def test_handouts_are_numbered_per_person(tmp_path: Path, demo: WorkshopDoc) -> None:
    from workshop_app.export.handout import write_handouts

    busy = demo.participants[2]
    step = next(s for s in demo.steps if s.type == "commitments")
    for n in range(30):
        demo.items.append(Commitment(step=step.id, author=busy.id, text=f"Promise {n} " * 12))
    out = tmp_path / "handouts.pdf"
    write_handouts(demo, out)
    pages = page_texts(out)
    assert len(pages) == len(demo.participants) + 1
    footers = [re.findall(r"page (\d+) of (\d+)", text) for text in pages]
    assert all(len(f) == 1 for f in footers), footers
    numbers = [f[0] for f in footers]
    assert numbers[2:4] == [("1", "2"), ("2", "2")]
    assert all(n == ("1", "1") for k, n in enumerate(numbers) if k not in (2, 3))
    # Each page names its person in the footer; the busy person's second page too.
    assert squash(busy.name) in squash(pages[3])
    for n in range(30):
        assert f"Promise {n}" in "".join(pages[2:4])
