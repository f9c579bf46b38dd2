"""A large workshop (40 people, 1,000 notes, 100 actions) exports completely; the times are printed."""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

import pytest

from workshop_app.core.demo import build_demo
from workshop_app.model.document import AREAS, ActionItem, Commitment, Note, Participant, WorkshopDoc

WORDS = ("customer", "handover", "billing", "delivery", "quote", "renewal", "complaint", "team", "promise",
         "feedback", "service", "dashboard", "call", "visit", "review", "KPI", "onboarding", "report")


@pytest.fixture(scope="module")
def large_doc() -> WorkshopDoc:
    from tests.conftest import REPO
    from workshop_app.core.library import load_library

    rng = random.Random(11)
    doc = build_demo(load_library([REPO / "exercises"]))
    doc.participants = [Participant(name=f"Person {n:02d} {rng.choice(WORDS).title()}", role=rng.choice(WORDS))
                        for n in range(40)]
    people = [p.id for p in doc.participants]
    boards = [s for s in doc.steps if s.type == "board"]
    doc.items = [i for i in doc.items if i.kind not in ("note", "cluster", "commitment")]
    for n in range(1000):
        step = boards[n % len(boards)]
        assert step.exercise and step.exercise.board
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 30))) + f" #{n}"
        votes = {rng.choice(people): rng.randint(1, 3) for _ in range(rng.randint(0, 4))}
        doc.items.append(Note(step=step.id, text=text, author=rng.choice(people + [None]),
                              prompt=n % len(step.exercise.board.prompts), votes=votes, order=n))
    commit_step = next(s for s in doc.steps if s.type == "commitments")
    for person in people:
        for k in range(3):
            doc.items.append(Commitment(step=commit_step.id, author=person,
                                  text=f"I will {rng.choice(WORDS)} every {rng.choice(WORDS)} ({k})"))
    doc.actions = [
        ActionItem(what=f"Action {n}: " + " ".join(rng.choice(WORDS) for _ in range(8)),
                   why="Top-voted idea", owner_id=(owner := rng.choice(people)),
                   owner=next(p.name for p in doc.participants if p.id == owner),
                   due=dt.date(2026, 4, 1) + dt.timedelta(days=n), measure=" ".join(rng.choice(WORDS) for _ in range(6)),
                   area=rng.choice(AREAS), priority=rng.choice(("high", "medium", "low")), order=n)  # type: ignore[arg-type]
        for n in range(100)
    ]
    return WorkshopDoc.model_validate(doc.model_dump())


def test_large_workshop_exports(tmp_path: Path, large_doc: WorkshopDoc, capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader

    from workshop_app.export.csv_export import write_actions_csv, write_answers_csv
    from workshop_app.export.handout import write_handouts
    from workshop_app.export.markdown import write_markdown
    from workshop_app.export.pdf_report import write_pdf
    from workshop_app.export.xlsx_export import write_xlsx

    timings: dict[str, float] = {}

    def timed(name: str, fn, *args) -> None:
        start = time.perf_counter()
        fn(*args)
        timings[name] = time.perf_counter() - start

    timed("PDF report", write_pdf, large_doc, tmp_path / "r.pdf")
    timed("handouts", write_handouts, large_doc, tmp_path / "h.pdf")
    timed("answers CSV", write_answers_csv, large_doc, tmp_path / "a.csv")
    timed("actions CSV", write_actions_csv, large_doc, tmp_path / "a-actions.csv")
    timed("Markdown", write_markdown, large_doc, tmp_path / "w.md")
    timed("Excel", write_xlsx, large_doc, tmp_path / "w.xlsx")
    reader = PdfReader(str(tmp_path / "r.pdf"))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    for n in (0, 499, 999):
        assert f"#{n}" in text
    assert "Action 99:" in text
    # The decisions and the summary stay on one page each: the action plan starts right after them.
    assert "What the room decided" in (reader.pages[1].extract_text() or "")
    assert "Actions by owner" in (reader.pages[2].extract_text() or "")
    assert "Action plan" in (reader.pages[3].extract_text() or "")
    assert len(PdfReader(str(tmp_path / "h.pdf")).pages) == 40
    # Roughly 1,000 short notes plus 100 actions: tens of pages, not hundreds.
    assert 20 <= len(reader.pages) <= 150
    with capsys.disabled():
        print(f"\nlarge workshop (40 people, 1,000 notes, 100 actions), {len(reader.pages)} PDF pages:")
        for name, seconds in timings.items():
            print(f"  {name:12} {seconds:6.2f} s")
