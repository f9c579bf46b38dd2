"""CSV and Markdown exports: every answer once, text given back exactly, spreadsheets never run a cell."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.markdown_render import STRUCTURE_TAGS, render, squash
from tests.test_export import TRICKY, tricky_doc
from workshop_app.core.demo import build_demo
from workshop_app.core.workshop import Workshop
from workshop_app.export.csv_export import (
    ACTION_COLUMNS,
    ANSWER_COLUMNS,
    actions_csv_path,
    safe_cell,
    write_actions_csv,
    write_answers_csv,
)
from workshop_app.export.markdown import write_markdown
from workshop_app.model.document import WorkshopDoc


@pytest.fixture
def tricky(tmp_path: Path, library) -> WorkshopDoc:
    return tricky_doc(tmp_path / "tricky.workshop", library)


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def unguard(value: str) -> str:
    return value[1:] if value[:1] == "'" and value[1:2] in ("=", "+", "-", "@", "\t", "\r") else value


def answers(doc: WorkshopDoc) -> list:
    steps = {s.id for s in doc.steps if s.exercise is not None}
    return [i for i in doc.items if i.kind != "cluster" and i.step in steps]


def test_answers_csv_one_row_per_answer(tmp_path: Path, library) -> None:
    doc = build_demo(library)
    out = tmp_path / "answers.csv"
    write_answers_csv(doc, out)
    rows = read_csv(out)
    assert list(rows[0]) == list(ANSWER_COLUMNS)
    assert len(rows) == len(answers(doc))
    assert sorted(r["ID"] for r in rows) == sorted(i.id for i in answers(doc))
    by_id = {r["ID"]: r for r in rows}
    people = {p.id: p.name for p in doc.participants}
    anonymous = {s.id for s in doc.steps if s.anonymous}
    for item in answers(doc):
        row = by_id[item.id]
        if item.step in anonymous or item.author is None:
            assert row["Author"] == ""
        else:
            assert row["Author"] == people[item.author]
        if item.kind == "note":
            assert int(row["Votes"]) == item.vote_total
    notes = [r for r in rows if r["Kind"] == "Note"]
    assert any(r["Cluster"] == "One face to the customer through the merger" for r in notes)
    assert all(r["Prompt or statement"] for r in notes)
    poll = [r for r in rows if r["Type"] == "Poll"]
    assert poll and {r["Answer"] for r in poll} <= {"Yes", "Partly", "No"}
    assert all(r["Value"] == "" for r in poll)
    # Numbers as the app rounds them: whole ratings, spectrum places to two decimals; times to the second.
    ratings = [r for r in rows if r["Type"] == "Rating"]
    assert ratings and all(re.fullmatch(r"\d", r["Value"]) for r in ratings)
    spectrum = [r for r in rows if r["Type"] == "Spectrum"]
    assert spectrum and all(re.fullmatch(r"0(\.\d{1,2})?|1", r["Value"]) for r in spectrum)
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", r["Created (UTC)"]) for r in rows)
    commitments = [r for r in rows if r["Kind"] == "Commitment"]
    assert commitments and all(re.fullmatch(r"\d{4}-\d\d-\d\d", r["Due"]) for r in commitments)


def test_actions_csv_beside_the_answers(tmp_path: Path, library) -> None:
    doc = build_demo(library)
    assert actions_csv_path(tmp_path / "w.csv") == tmp_path / "w-actions.csv"
    out = actions_csv_path(tmp_path / "w.csv")
    write_actions_csv(doc, out)
    rows = read_csv(out)
    assert list(rows[0]) == list(ACTION_COLUMNS)
    assert len(rows) == len(doc.actions)
    assert {r["What"] for r in rows} == {a.what for a in doc.actions}
    # The room's decisions are numbered; personal commitments follow, not numbered into the plan.
    personal = [r for r in rows if r["Made from"] == "Personal commitment"]
    plan = [r for r in rows if r["Made from"] != "Personal commitment"]
    assert rows == plan + personal and len(plan) == 5 and len(personal) == 36
    assert [r["#"] for r in plan] == [str(n) for n in range(1, len(plan) + 1)]
    assert {r["#"] for r in personal} == {""}
    # Labels as the app shows them, not the stored words.
    assert {r["Status"] for r in rows} <= {"Open", "In progress", "Done", "Dropped"}
    assert {r["Priority"] for r in rows} <= {"High", "Medium", "Low"}
    assert "In progress" in {r["Status"] for r in rows}


def test_csv_gives_tricky_text_back_unchanged(tmp_path: Path, tricky: WorkshopDoc) -> None:
    out = tmp_path / "answers.csv"
    write_answers_csv(tricky, out)
    rows = read_csv(out)
    assert len(rows) == len(answers(tricky))
    texts = [unguard(r["Text"]) for r in rows]
    for t in TRICKY:
        assert t in texts, t
    write_actions_csv(tricky, actions_csv_path(out))
    whats = [unguard(r["What"]) for r in read_csv(actions_csv_path(out))]
    for t in TRICKY:
        assert t in whats


@pytest.mark.parametrize("value", ["=SUM(A1)", "+1", "-2+3", "@cmd", "\tx", "=HYPERLINK(\"http://x\")"])
def test_formula_injection_guard(value: str) -> None:
    assert safe_cell(value) == "'" + value
    assert safe_cell("plain") == "plain"
    assert safe_cell(-3) == -3


def test_csv_cells_that_look_like_formulas_are_quoted(tmp_path: Path, tricky: WorkshopDoc) -> None:
    out = tmp_path / "answers.csv"
    write_answers_csv(tricky, out)
    rows = read_csv(out)
    assert any(r["Text"] == "'=SUM(A1:A9)" for r in rows)
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())


def test_markdown_shows_everything_as_typed(tmp_path: Path, tricky: WorkshopDoc) -> None:
    out = tmp_path / "w.md"
    write_markdown(tricky, out)
    text = out.read_text(encoding="utf-8")
    tags, shown, _bold = render(text)
    # User text (with "<b>", "<i>" and "&" in it) makes no tag of its own, and a reader shows it as typed.
    assert tags <= STRUCTURE_TAGS, tags - STRUCTURE_TAGS
    for t in TRICKY:
        assert squash(t) in shown, t
    for item in tricky.items:
        if item.kind in ("note", "commitment", "spectrum", "entry", "marker", "node"):
            assert squash(item.text) in shown, item.text
    for action in tricky.actions:
        assert squash(action.what) in shown
    for step in tricky.steps:
        assert step.title in shown
    assert text.startswith(f"# {tricky.info.title}\n")


MARKUP_NOTE = "<script>alert(1)</script> <b>bold</b> <font size=99>big</font> [link](http://x) *emphasis* " \
              "_under_ `code` ``two`` a|b \\ &amp; ~~gone~~ $x$ ![img](y.png) <http://z>"


def test_markdown_prints_markup_in_user_text_literally(tmp_path: Path, library) -> None:
    path = tmp_path / "w.workshop"
    ws = Workshop.create(path, build_demo(library))
    try:
        board = next(s for s in ws.steps if s.type == "board")
        ws.add_note(board.id, MARKUP_NOTE, prompt=0)
        for start in ("# heading", "> quote", "- bullet", "+ plus", "1. first", "2) second", "---", "===", "***"):
            ws.add_note(board.id, start, prompt=0)
        ws.add_participant("<b>Eve</b> *the* [boss](http://x)", role="`IT`")
        ws.add_action("Line one of the title\n\nline two, *still* bold\n# and three", why=MARKUP_NOTE,
                      measure="- 20% | by `June`")
        doc = ws.doc.model_copy(deep=True)
    finally:
        ws.close()
    out = tmp_path / "w.md"
    write_markdown(doc, out)
    tags, shown, bold = render(out.read_text(encoding="utf-8"))
    assert tags <= STRUCTURE_TAGS, tags - STRUCTURE_TAGS
    assert squash(MARKUP_NOTE) in shown
    for start in ("# heading", "> quote", "- bullet", "+ plus", "1. first", "2) second", "---", "===", "***"):
        assert f" {start} " in shown, start
    assert "<b>Eve</b> *the* [boss](http://x) (`IT`)" in shown
    assert "- 20% | by `June`" in shown
    # A title of several lines stays one bold title, every line of it.
    assert "Line one of the title line two, *still* bold # and three" in bold


def test_markdown_of_the_demo_reads_well(tmp_path: Path, library) -> None:
    doc = build_demo(library)
    out = tmp_path / "w.md"
    write_markdown(doc, out)
    text = out.read_text(encoding="utf-8")
    for heading in ("## What the room decided", "## Summary", "## Action plan", "## Personal commitments",
                    "## Participants", "## Agenda",
                    "## Exercise results"):
        assert f"\n{heading}\n" in text
    assert "| Statement | Yes | Partly | No | Answers |" in text
    # Anonymous ratings: no names anywhere in that exercise's section.
    rating = next(s for s in doc.steps if s.type == "rating")
    section = text.split(f"{rating.title}\n", 2)[-1].split("\n### ", 1)[0]
    assert not any(p.name in section for p in doc.participants)
