"""Arbitrary Unicode through the core, the file, JSON and the exporters: what goes in comes back out,
after the documented clean-up (clean_text for notes, clean_line for names and titles)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import board_step
from workshop_app.core.workshop import Workshop, WorkshopError
from workshop_app.export.json_io import dump_json, parse_json
from workshop_app.model.document import Note, Step, WorkshopDoc, WorkshopInfo
from workshop_app.model.text import NAME_MAX, NOTE_MAX, TITLE_MAX, clean_line, clean_text

SPECIALS = [
    "\u202e", "\u202d", "\u202a", "\u2066", "\u2067", "\u2069", "\u200e", "\u200f", "\u061c",  # bidi
    "\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b", "\r\n", "\r", "\n", "\t", "\u2028", "\xa0",  # controls
    "\ud800", "\udfff", "\udbff\udc00",  # lone surrogates, as Python strings can hold them
    "🎉", "👩‍💻", "🏳️‍🌈", "e\u0301",  # emoji, joiners, combining marks
    "مرحبا بالعالم", "שלום", "中文客户至上", "한국어", "Ελληνικά", "Кириллица",  # RTL, CJK, others
    "<script>alert(1)</script>", "<b>", "&amp;", "&#x202e;", "]]>", "<!--",  # markup
    '"', "'", "=SUM(A1)", "+1", "-1", "@x", "|", "*", "#", "\\", "`", "[x](y)", "---",  # CSV and Markdown
]

texts = st.lists(
    st.one_of(st.characters(exclude_categories=()), st.sampled_from(SPECIALS)), max_size=30
).map("".join)
long_texts = st.integers(NOTE_MAX - 5, NOTE_MAX + 5).map(lambda n: "é" * n)
any_text = st.one_of(texts, texts, texts, long_texts)

FUZZ = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def _note_expected(raw: str) -> str | None:
    """What add_note stores for ``raw``, or None when it refuses it (nothing left after clean-up, too long)."""
    cleaned = clean_text(raw)
    if not cleaned.strip():
        return None
    return cleaned if len(cleaned) <= NOTE_MAX else None


def _field_expected(raw: str, clean, limit: int, required: bool = False) -> str | None:
    """A model field: limits apply after the clean-up; ``required`` fields refuse what cleans to nothing."""
    cleaned = clean(raw)
    if required and not cleaned:
        return None
    return cleaned if len(cleaned) <= limit else None


def _refused(operation, ws: Workshop) -> bool:
    """Run an operation; True if it was refused, checking that a refusal changed nothing."""
    before = ws.doc.model_dump()
    try:
        operation()
    except WorkshopError:
        assert ws.doc.model_dump() == before
        return True
    return False


@FUZZ
@given(note=any_text, edited=any_text, what=any_text, measure=any_text, name=texts, role=texts, title=texts)
def test_text_round_trips_through_core_store_and_json(
    note: str, edited: str, what: str, measure: str, name: str, role: str, title: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.workshop"
        ws = Workshop.create(path, WorkshopDoc(info=WorkshopInfo(title="Fuzz"), steps=[board_step("Ideas")]))
        try:
            step = ws.steps[0].id
            expect_note = _note_expected(note)
            assert _refused(lambda: ws.add_note(step, note), ws) == (expect_note is None)
            if expect_note is not None:
                item = ws.items(step)[0]
                assert item.text == expect_note
                expect_edit = _field_expected(edited, clean_text, NOTE_MAX)
                assert _refused(lambda: ws.update_item(item.id, text=edited), ws) == (expect_edit is None)
                if expect_edit is not None:
                    assert ws.item(item.id).text == expect_edit

            expect_what = _field_expected(what, clean_text, NOTE_MAX, required=True)
            expect_measure = _field_expected(measure, clean_text, NOTE_MAX)
            refused = _refused(lambda: ws.add_action(what, measure=measure), ws)
            assert refused == (expect_what is None or expect_measure is None)
            if not refused:
                assert (ws.actions[0].what, ws.actions[0].measure) == (expect_what, expect_measure)

            expect_name = _field_expected(name, clean_line, NAME_MAX, required=True)
            expect_role = _field_expected(role, clean_line, NAME_MAX)
            refused = _refused(lambda: ws.add_participant(name, role=role), ws)
            assert refused == (expect_name is None or expect_role is None)
            if not refused:
                assert (ws.participants[0].name, ws.participants[0].role) == (expect_name, expect_role)

            expect_title = _field_expected(title, clean_line, TITLE_MAX, required=True)
            assert _refused(lambda: ws.update_info(title=title), ws) == (expect_title is None)
            if expect_title is not None:
                assert ws.info.title == expect_title

            in_memory = ws.doc.model_dump(mode="json")
        finally:
            ws.close()
        # The file gives back exactly what memory held…
        again = Workshop.open(path, readonly=True)
        assert again.doc.model_dump(mode="json") == in_memory
        again.close()
        # …and so does the JSON export, read back through the import's checks.
        assert parse_json(dump_json(again.doc)).model_dump(mode="json") == in_memory


@FUZZ
@given(raw=st.one_of(texts, st.text()))
def test_clean_up_rules(raw: str) -> None:
    text = clean_text(raw)
    line = clean_line(raw)
    assert clean_text(text) == text and clean_line(line) == line  # idempotent
    for cleaned in (text, line):
        assert not any(0xD800 <= ord(c) <= 0xDFFF for c in cleaned)
        assert not any(ord(c) < 32 and c not in "\t\n" for c in cleaned)
        assert not any(0x7F <= ord(c) <= 0x9F for c in cleaned)
        cleaned.encode("utf-8")  # always storable and exportable
    assert "\r" not in text
    assert not any(c in line for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\n\t")
    assert line == line.strip()


# -- exporters --------------------------------------------------------------------------------------
def _board_doc(library, texts_in: list[str]) -> tuple[WorkshopDoc, list[str]]:
    from workshop_app.model.document import ActionItem, Participant

    ex = library.exercises["provocative-questions"]
    step = Step(title=ex.title, exercise=ex)
    doc = WorkshopDoc(info=WorkshopInfo(title="Fuzz export"), steps=[step])
    doc.participants = [Participant(name="Ann")]
    doc.items = [
        Note(step=step.id, text=t, prompt=i % len(ex.board.prompts), order=i,
             author=doc.participants[0].id if i % 2 else None)
        for i, t in enumerate(texts_in)
    ]
    doc.actions = [ActionItem(what=t if t.strip() else "x", measure=t) for t in texts_in[:3]]
    return doc, [i.id for i in doc.items]


note_texts = st.lists(any_text.map(clean_text).filter(lambda t: bool(t.strip()) and len(t) <= NOTE_MAX),
                      min_size=1, max_size=5)


@FUZZ
@given(texts_in=note_texts)
def test_csv_gives_every_text_back(library, texts_in: list[str]) -> None:
    csv_export = pytest.importorskip("workshop_app.export.csv_export")
    doc, ids = _board_doc(library, texts_in)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "answers.csv"
        csv_export.write_answers_csv(doc, out)
        with out.open(encoding="utf-8-sig", newline="") as fh:
            rows = {row["ID"]: row for row in csv.DictReader(fh)}
        actions_out = Path(tmp) / "actions.csv"
        csv_export.write_actions_csv(doc, actions_out)
        with actions_out.open(encoding="utf-8-sig", newline="") as fh:
            actions = list(csv.DictReader(fh))
    for item_id, text in zip(ids, texts_in, strict=True):
        # A leading quote is added only where a spreadsheet would otherwise run the cell as a formula.
        assert rows[item_id]["Text"] == (("'" + text) if text.startswith(("=", "+", "-", "@", "\t", "\r")) else text)
    for row, action in zip(actions, doc.actions, strict=True):
        measure = action.measure
        assert row["Measure of success"] == (("'" + measure) if measure.startswith(("=", "+", "-", "@", "\t", "\r")) else measure)


@FUZZ
@given(texts_in=note_texts)
def test_markdown_gives_every_note_back(library, texts_in: list[str]) -> None:
    markdown = pytest.importorskip("workshop_app.export.markdown")
    doc, _ids = _board_doc(library, texts_in)
    from tests.markdown_render import STRUCTURE_TAGS, render, squash

    tags, shown, _bold = render(markdown.markdown_text(doc))
    # A CommonMark reader shows every note as typed, and nothing typed turns into markup.
    assert tags <= STRUCTURE_TAGS
    for text in texts_in:
        assert squash(text) in shown, text


@settings(max_examples=15, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts_in=note_texts, title=texts)
def test_pdf_report_never_raises(library, texts_in: list[str], title: str) -> None:
    pdf_report = pytest.importorskip("workshop_app.export.pdf_report")
    doc, _ids = _board_doc(library, texts_in)
    doc.info = WorkshopInfo(title=clean_line(title)[:TITLE_MAX] or "Untitled", organisation=clean_line(title)[:NAME_MAX])
    doc.participants[0] = doc.participants[0].model_copy(update={"name": clean_line(title)[:NAME_MAX] or "Ann"})
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.pdf"
        pdf_report.write_pdf(doc, out)
        assert out.read_bytes().startswith(b"%PDF")
