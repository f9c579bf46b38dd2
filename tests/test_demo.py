"""The demo reads like a real workshop: each role in its own words, each person's commitments their own and
fitting their job, each action with a measure and area of its own, and rumours turned into questions."""

from __future__ import annotations

import re

import pytest

from workshop_app.core.demo import build_demo
from workshop_app.export.summary import summarise
from workshop_app.model.answers import Commitment, Entry, Note
from workshop_app.model.document import WorkshopDoc


@pytest.fixture(scope="module")
def demo(library) -> WorkshopDoc:
    return build_demo(library)


def test_no_canvas_sentence_repeats_across_roles(demo: WorkshopDoc) -> None:
    step = next(s for s in demo.steps if s.type == "canvas")
    assert step.exercise and step.exercise.canvas and step.exercise.canvas.per == "role"
    entries = [i for i in demo.items if isinstance(i, Entry) and i.step == step.id]
    cards = {e.card for e in entries}
    assert len(cards) >= 4
    texts = [e.text for e in entries]
    assert len(texts) == len(set(texts)), "a sentence is repeated on another role's card"
    roles = {p.id: p.role for p in demo.participants}
    for e in entries:
        # Each card is written by someone in that role, and fills every field.
        assert roles[e.author or ""] == e.card
    for card in cards:
        fields = {e.field for e in entries if e.card == card}
        assert fields == set(range(len(step.exercise.canvas.fields)))


def test_commitments_are_distinct_and_fit_each_role(demo: WorkshopDoc) -> None:
    commitments = [i for i in demo.items if isinstance(i, Commitment)]
    texts = [c.text for c in commitments]
    assert len(texts) == len(set(texts)), "two commitments say the same"
    people = {p.id: p for p in demo.participants}
    for person in demo.participants:
        own = [c for c in commitments if c.author == person.id]
        assert len(own) == 3, person.name
        assert sorted(c.slot for c in own) == [0, 1, 2]
        for c in own:
            # Nobody asks their own department to do something: the Finance person does not "ask finance".
            role = re.escape(person.role)
            assert not re.search(rf"\b(ask|tell|with|get)\s+(the\s+)?{role}\b", c.text, re.I), (person.name, c.text)
    assert all(c.author in people for c in commitments)


def test_every_action_has_a_measure_and_area_of_its_own(demo: WorkshopDoc) -> None:
    assert demo.actions
    measures = [a.measure for a in demo.actions]
    assert all(m.strip() for m in measures), "an action without a measure of success"
    assert len(measures) == len(set(measures)), "two actions share a measure"
    assert all(a.area for a in demo.actions)
    commitments = {i.id for i in demo.items if isinstance(i, Commitment)}
    personal = [a for a in demo.actions if a.source in commitments]
    room = [a for a in demo.actions if a.source not in commitments]
    assert len({a.area for a in personal}) >= 4
    assert 4 <= len(room) <= 6
    assert len({a.area for a in room}) >= 3
    # The room's decisions begin with what to do.
    for a in room:
        assert a.what.split()[0][0].isupper() and not a.what.endswith("?"), a.what


def test_rumours_are_turned_into_customer_questions(demo: WorkshopDoc) -> None:
    step = next(s for s in demo.steps if s.exercise and s.exercise.id == "rumour-mill")
    notes = [i for i in demo.items if isinstance(i, Note) and i.step == step.id]
    rumours = [n for n in notes if n.prompt == 0]
    questions = [n for n in notes if n.prompt == 1]
    assert rumours and len(questions) == len(rumours)
    assert all(q.text.endswith("?") for q in questions)
    # The room sets the rumours aside and votes on the customer questions they crowd out.
    assert sum(n.vote_total for n in rumours) == 0
    assert sum(n.vote_total for n in questions) > 0
    voted = {i.item.id for i in summarise(demo).ideas}
    assert not voted & {n.id for n in rumours}
