"""The plan leads with what the room decided; personal commitments stand apart, per person, never numbered."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from workshop_app.core.demo import build_demo
from workshop_app.core.workshop import Workshop
from workshop_app.export.markdown import markdown_text
from workshop_app.export.pdf_report import write_pdf
from workshop_app.export.summary import summarise
from workshop_app.model.document import WorkshopDoc


def squash(text: str) -> str:
    return " ".join(text.split())


def page_texts(path: Path) -> list[str]:
    return [squash(page.extract_text() or "") for page in PdfReader(path).pages]


@pytest.fixture
def demo(library) -> WorkshopDoc:
    return build_demo(library)


def commitments_of(doc: WorkshopDoc) -> list[str]:
    return [i.text for i in doc.items if i.kind == "commitment"]


def test_executive_page_comes_first(tmp_path: Path, demo: WorkshopDoc) -> None:
    out = tmp_path / "report.pdf"
    write_pdf(demo, out)
    pages = page_texts(out)
    first = pages[1]
    assert first.startswith("What the room decided")
    sm = summarise(demo)
    assert 3 <= len(sm.headline) <= 5
    for x in sm.headline:
        assert squash(x.action.what)[:40] in first
        assert x.action.owner in first
    assert "Asked of the sponsor" in first and "Next review" in first
    # The review is a month after the workshop, and the page says so.
    assert demo.info.date and sm.review == demo.info.date + dt.timedelta(days=30)
    assert "11 Apr 2026, 30 days after the workshop" in first
    # The leadership decision is what the sponsor is asked to back.
    assert "Back “Every manager" in first
    # One chart: what the room voted for, its most voted idea first.
    assert "What the room voted for" in first and sm.ideas[0].item.text in first
    assert not any(c in first for c in commitments_of(demo))


def test_action_plan_holds_the_rooms_decisions_and_not_the_commitments(tmp_path: Path, demo: WorkshopDoc) -> None:
    out = tmp_path / "report.pdf"
    write_pdf(demo, out)
    pages = page_texts(out)
    start = next(n for n, p in enumerate(pages) if p.startswith("Action plan"))
    end = next(n for n, p in enumerate(pages) if p.startswith("Personal commitments"))
    plan = " ".join(pages[start:end])
    sm = summarise(demo)
    assert len(sm.decisions) == 5
    for x in sm.decisions:
        assert squash(x.action.what)[:40] in plan
    # A decision made from a cluster shows the cluster's notes and the votes behind them.
    clustered = next(x for x in sm.decisions if x.source is not None and x.source.kind == "cluster")
    assert len(clustered.notes) == 2 and clustered.votes == sum(n.vote_total for n in clustered.notes)
    for note in clustered.notes:
        assert squash(note.text) in plan
    assert not any(c in plan for c in commitments_of(demo))
    # Personal commitments: every one of them, person by person, after the plan.
    personal = " ".join(pages[end:end + 2])
    for person in demo.participants:
        assert person.name in personal
    assert all(c in personal for c in commitments_of(demo))
    assert "not numbered into the room's plan" in personal


def test_a_cluster_counts_as_one_idea_with_its_notes_votes(tmp_path: Path, library) -> None:
    ws = Workshop.create(tmp_path / "w.workshop", build_demo(library))
    try:
        board = next(s for s in ws.steps if s.type == "board")
        ws.delete_items([i.id for i in ws.items(board.id)])
        a = ws.add_note(board.id, "Answer the phone by the third ring", prompt=0).rows[0][1]
        b = ws.add_note(board.id, "Call back the same day", prompt=0).rows[0][1]
        c = ws.add_note(board.id, "Send a monthly customer letter", prompt=0).rows[0][1]
        cluster = ws.add_item(board.id, "cluster", text="Be reachable", prompt=0).rows[0][1]
        voters = [p.id for p in ws.participants]
        for item_id, votes in ((a, 3), (b, 2), (c, 4)):
            ws.update_item(item_id, votes={voters[k]: 1 for k in range(votes)})
        ws.update_item(a, cluster=cluster)
        ws.update_item(b, cluster=cluster)
        ws.add_action("Answer every call within a day", source=cluster, step=board.id)
        doc = ws.doc.model_copy(deep=True)
    finally:
        ws.close()
    sm = summarise(doc, top=100)
    mine = [i for i in sm.ideas if i.step.id == board.id]
    assert [(i.item.text, i.votes) for i in mine] == [("Be reachable", 5), ("Send a monthly customer letter", 4)]
    assert [n.text for n in mine[0].notes] == ["Answer the phone by the third ring", "Call back the same day"]
    decision = next(x for x in sm.decisions if x.action.what == "Answer every call within a day")
    assert decision.votes == 5 and decision.number == len(sm.decisions)
    # No owner yet: the sponsor is asked to name one.
    assert any(re.fullmatch(r"Name an owner for the \d+ decisions? that (has|have) none yet\.", ask) for ask in sm.asks)


def test_markdown_numbers_only_the_rooms_decisions(demo: WorkshopDoc) -> None:
    text = markdown_text(demo)
    assert text.index("## What the room decided") < text.index("## Summary") < text.index("## Action plan")
    plan = text.split("## Action plan", 1)[1].split("\n## ", 1)[0]
    numbered = re.findall(r"^(\d+)\. \*\*(.+)\*\*$", plan, flags=re.M)
    sm = summarise(demo)
    assert [(int(n), what) for n, what in numbered] == [(x.number, x.action.what) for x in sm.decisions]
    assert not any(c in plan for c in commitments_of(demo))
    personal = text.split("## Personal commitments", 1)[1].split("\n## ", 1)[0]
    assert all(c in personal for c in commitments_of(demo))
    assert not re.search(r"^\d+\. ", personal, flags=re.M)
