"""CSV and Markdown exports: every answer once, text given back exactly, spreadsheets never run a cell."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.test_export import TRICKY, tricky_doc
from workshop_app.core.demo import build_demo
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
    assert sorted(r["id"] for r in rows) == sorted(i.id for i in answers(doc))
    by_id = {r["id"]: r for r in rows}
    people = {p.id: p.name for p in doc.participants}
    anonymous = {s.id for s in doc.steps if s.anonymous}
    for item in answers(doc):
        row = by_id[item.id]
        if item.step in anonymous or item.author is None:
            assert row["author"] == ""
        else:
            assert row["author"] == people[item.author]
        if item.kind == "note":
            assert int(row["votes"]) == item.vote_total
    notes = [r for r in rows if r["kind"] == "note"]
    assert any(r["cluster"] == "Quick wins" for r in notes)
    assert all(r["prompt"] for r in notes)
    poll = [r for r in rows if r["type"] == "Poll"]
    assert poll and {r["value_label"] for r in poll} <= {"Yes", "Partly", "No"}


def test_actions_csv_beside_the_answers(tmp_path: Path, library) -> None:
    doc = build_demo(library)
    assert actions_csv_path(tmp_path / "w.csv") == tmp_path / "w-actions.csv"
    out = actions_csv_path(tmp_path / "w.csv")
    write_actions_csv(doc, out)
    rows = read_csv(out)
    assert list(rows[0]) == list(ACTION_COLUMNS)
    assert len(rows) == len(doc.actions)
    assert {r["what"] for r in rows} == {a.what for a in doc.actions}
    assert [r["number"] for r in rows] == [str(n) for n in range(1, len(rows) + 1)]


def test_csv_gives_tricky_text_back_unchanged(tmp_path: Path, tricky: WorkshopDoc) -> None:
    out = tmp_path / "answers.csv"
    write_answers_csv(tricky, out)
    rows = read_csv(out)
    assert len(rows) == len(answers(tricky))
    texts = [unguard(r["text"]) for r in rows]
    for t in TRICKY:
        assert t in texts, t
    write_actions_csv(tricky, actions_csv_path(out))
    whats = [unguard(r["what"]) for r in read_csv(actions_csv_path(out))]
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
    assert any(r["text"] == "'=SUM(A1:A9)" for r in rows)
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())


def test_markdown_has_everything_unchanged(tmp_path: Path, tricky: WorkshopDoc) -> None:
    out = tmp_path / "w.md"
    write_markdown(tricky, out)
    text = out.read_text(encoding="utf-8")
    # Continuation lines of multi-line text are indented under their list item; nothing else changes.
    flat = re.sub(r"\n +", "\n", text)
    for t in TRICKY:
        assert t in flat, t
    for item in tricky.items:
        if item.kind in ("note", "commitment", "spectrum", "entry", "marker", "node") and "\n" not in item.text:
            assert item.text in text, item.text
    for action in tricky.actions:
        assert action.what.splitlines()[0] in text
    for step in tricky.steps:
        assert step.title in text
    assert text.startswith(f"# {tricky.info.title}\n")


def test_markdown_of_the_demo_reads_well(tmp_path: Path, library) -> None:
    doc = build_demo(library)
    out = tmp_path / "w.md"
    write_markdown(doc, out)
    text = out.read_text(encoding="utf-8")
    for heading in ("## Summary", "## Action plan", "## Commitments", "## Participants", "## Agenda",
                    "## Exercise results"):
        assert f"\n{heading}\n" in text
    assert "| Statement | Yes | Partly | No | Answers |" in text
    # Anonymous ratings: no names anywhere in that exercise's section.
    rating = next(s for s in doc.steps if s.type == "rating")
    section = text.split(f"{rating.title}\n", 2)[-1].split("\n### ", 1)[0]
    assert not any(p.name in section for p in doc.participants)
