"""The large workshop the benchmarks run on, built through the core's models and ``Workshop.create``.

By default: 40 participants in 5 groups, 1,000 notes spread over the six prompts of one board (in
clusters, dot-voted), 100 action items, and answers in every other exercise type (poll, rating,
spectrum, canvas, map, commitments). The board with the 1,000 notes is the current step, so opening the
file shows it. Everything is generated from a fixed seed: every run measures the same workshop.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from pathlib import Path

from workshop_app.core.library import Library, load_library
from workshop_app.core.setup import PlannedStep, make_step, plan_from_agenda
from workshop_app.core.workshop import Workshop
from workshop_app.model.document import (
    AREAS,
    PALETTE,
    ActionItem,
    Answer,
    Cluster,
    Commitment,
    Entry,
    Group,
    ItemBase,
    Link,
    Marker,
    Node,
    Note,
    Participant,
    SpectrumItem,
    Step,
    WorkshopDoc,
    WorkshopInfo,
)

BIG_BOARD = "provocative-questions"  # six prompts
AGENDA = "half-day-kickoff"

FIRST = ["Anna", "Ben", "Chloé", "Dmitri", "Elena", "Farid", "Grace", "Hannah", "Ivan", "Julia", "Kenji", "Lena",
         "Mateo", "Nadia", "Olu", "Priya", "Quentin", "Rosa", "Sven", "Tomasz", "Ute", "Viktor", "Wen", "Yara",
         "Zeynep", "Ahmed", "Björn", "Carmen", "Dario", "Eszter", "Fatima", "Gunnar", "Hiro", "Ines", "Jonas",
         "Katarzyna", "Luca", "Mei", "Nils", "Olga"]
LAST = ["Kowalska", "Okafor", "Martin", "Volkov", "García", "Haddad", "Liu", "Schmidt", "Petrov", "Rossi",
        "Tanaka", "Berg", "Silva", "Nowak", "Adeyemi", "Sharma", "Dubois", "Costa", "Lindqvist", "Zieliński"]
ROLES = ["Sales", "Customer service", "Finance", "Operations", "Marketing", "IT", "Product", "HR", "Leadership",
         "Logistics"]

SUBJECTS = ["our key accounts", "the service desk", "first-time buyers", "the renewal team", "billing",
            "the onboarding call", "delivery dates", "the quote process", "support tickets", "the partner channel",
            "клиенты в регионах", "客户的反馈", "returns", "the complaint log", "our dashboard"]
VERBS = ["Ask", "Simplify", "Measure", "Publish", "Shorten", "Call", "Review", "Share", "Stop", "Bundle", "Visit",
         "Automate", "Explain", "Fix", "Celebrate"]
TAILS = ["every week", "before the next quarter", "with one contact person", "so nobody has to chase us",
         "and tell the room what we learned", "without adding headcount", "in plain words",
         "starting with the ten biggest customers", "and report it per team", "at the moments of truth"]
CLUSTER_NAMES = ["Quick wins", "Talk to customers", "Fix the hand-offs", "Measure what matters", "Cut the waste",
                 "Leadership asks", "Tools and data", "Later"]


@dataclass(frozen=True)
class Size:
    """How large a workshop to build; ``LARGE`` is the issue's, ``SMALL`` keeps the smoke test quick."""

    participants: int = 40
    notes: int = 1000
    actions: int = 100
    clusters_per_prompt: int = 6
    vote_budget: int = 10


LARGE = Size()
SMALL = Size(participants=6, notes=60, actions=10, clusters_per_prompt=2, vote_budget=3)


def _note_text(rng: random.Random) -> str:
    text = f"{rng.choice(VERBS)} {rng.choice(SUBJECTS)} {rng.choice(TAILS)}"
    if rng.random() < 0.25:
        text += f", and {rng.choice(VERBS).lower()} {rng.choice(SUBJECTS)} {rng.choice(TAILS)}"
    if rng.random() < 0.1:
        text += f"\nFor example: {rng.choice(SUBJECTS)} {rng.choice(TAILS)}."
    return text


def _people(size: Size, rng: random.Random) -> tuple[list[Participant], list[Group]]:
    groups = [Group(name=f"Table {n + 1}") for n in range(max(1, size.participants // 8))]
    people = [
        Participant(
            name=f"{FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]}",
            role=rng.choice(ROLES),
            colour=PALETTE[i % len(PALETTE)],
            group=groups[i % len(groups)].id,
        )
        for i in range(size.participants)
    ]
    return people, groups


def _big_board(step: Step, size: Size, people: list[str], rng: random.Random) -> list[ItemBase]:
    assert step.exercise and step.exercise.board
    prompts = len(step.exercise.board.prompts)
    items: list[ItemBase] = []
    clusters: dict[int, list[ItemBase]] = {}
    for col in range(prompts):
        clusters[col] = [
            Cluster(step=step.id, prompt=col, text=CLUSTER_NAMES[k % len(CLUSTER_NAMES)], order=k + 0.5)
            for k in range(size.clusters_per_prompt)
        ]
        items.extend(clusters[col])
    notes = []
    for n in range(size.notes):
        col = n % prompts
        # About a third of the notes are sorted into clusters, the rest are loose.
        cluster = rng.choice(clusters[col]).id if clusters[col] and rng.random() < 0.35 else None
        author = None if rng.random() < 0.15 else rng.choice(people)
        notes.append(Note(step=step.id, text=_note_text(rng), prompt=col, author=author,
                          cluster=cluster, hidden=rng.random() < 0.02, order=float(n + 1)))
    for voter in people:
        for _ in range(size.vote_budget):
            target = rng.choice(notes)
            target.votes[voter] = target.votes.get(voter, 0) + 1
    for note in rng.sample(notes, min(len(notes), size.notes // 10)):
        note.votes["room"] = rng.randint(1, 5)
    return items + notes


def _small_board(step: Step, people: list[str], rng: random.Random) -> list[ItemBase]:
    assert step.exercise and step.exercise.board
    return [
        Note(step=step.id, text=_note_text(rng), prompt=col, author=rng.choice(people), order=k)
        for col in range(len(step.exercise.board.prompts))
        for k in range(5)
    ]


def _other_answers(step: Step, people: list[str], rng: random.Random) -> list[ItemBase]:
    """Answers for the poll, rating, spectrum, canvas, map and commitments steps."""
    ex = step.exercise
    assert ex
    items: list[ItemBase] = []
    if ex.poll:
        for s in range(len(ex.poll.statements)):
            items += [Answer(step=step.id, statement=s, author=p, value=rng.randrange(len(ex.poll.scale)))
                      for p in people]
    elif ex.rating:
        r = ex.rating
        count = sum(len(d.statements) for d in r.dimensions)
        for s in range(count):
            items += [Answer(step=step.id, statement=s, author=None if step.anonymous else p,
                           value=rng.randint(r.scale_min, r.scale_max)) for p in people]
    elif ex.spectrum:
        cats = len(ex.spectrum.categories)
        items += [SpectrumItem(step=step.id, text=f"KPI {k + 1}: {rng.choice(SUBJECTS)}", category=k % cats,
                       position=rng.random(), change=_note_text(rng), author=rng.choice(people), order=k)
                  for k in range(24)]
    elif ex.canvas:
        cards = sorted(set(ROLES))[:5] if ex.canvas.per == "role" else [""]
        items += [Entry(step=step.id, field=f, card=card, text=_note_text(rng))
                  for card in cards for f in range(len(ex.canvas.fields)) for _ in range(2)]
    elif ex.map:
        lanes = max(len(ex.map.lanes), 1)
        names = ex.map.departments or ROLES
        nodes = [Node(step=step.id, text=name, lane=min(i * lanes // len(names), lanes - 1),
                      x=60 + 170 * i, y=80 + 90 * (i % 3)) for i, name in enumerate(names)]
        links = [Link(step=step.id, text="hand-off", source=a.id, target=b.id)
                 for a, b in zip(nodes, nodes[1:], strict=False)]
        markers = [Marker(step=step.id, target=rng.choice(links).id, text=_note_text(rng),
                        proposal=bool(k % 3 == 0)) for k in range(min(12, 2 * len(links)))]
        items += nodes + links + markers
    elif ex.commitments:
        for p in people:
            items += [Commitment(step=step.id, text=_note_text(rng), author=p,
                           due=dt.date(2026, 3, 12) + dt.timedelta(days=30 * rng.randint(1, 6)))
                      for _ in range(ex.commitments.count)]
    return items


def large_doc(size: Size = LARGE, library: Library | None = None, seed: int = 1) -> WorkshopDoc:
    """The benchmark workshop as a document (nothing written yet)."""
    lib = library or load_library()
    rng = random.Random(seed)
    agenda = lib.agendas[AGENDA]
    steps = [make_step(p) for p in plan_from_agenda(lib, agenda)]
    if not any(s.exercise and s.exercise.id == BIG_BOARD for s in steps):
        ex = lib.exercises[BIG_BOARD]
        steps.insert(0, make_step(PlannedStep(ex, ex.minutes)))
    people, groups = _people(size, rng)
    ids = [p.id for p in people]
    items: list[ItemBase] = []
    big = next(s for s in steps if s.exercise and s.exercise.id == BIG_BOARD)
    big.vote_budget = size.vote_budget
    for step in steps:
        if step is big:
            items += _big_board(step, size, ids, rng)
        elif step.type == "board":
            items += _small_board(step, ids, rng)
        elif step.exercise is not None:
            if step.type == "rating" and step.exercise.rating:
                step.anonymous = step.exercise.rating.anonymous
            items += _other_answers(step, ids, rng)
    notes = [i for i in items if i.kind == "note"]
    actions = []
    for k in range(size.actions):
        owner = people[k % len(people)]
        source = notes[(k * 37) % len(notes)]
        actions.append(ActionItem(
            what=source.text.splitlines()[0], why=f"From the board ({source.vote_total} votes)", source=source.id,
            step=source.step, owner=owner.name, owner_id=owner.id,
            due=dt.date(2026, 3, 12) + dt.timedelta(days=7 * (k % 20 + 1)), measure=rng.choice(TAILS),
            area=AREAS[k % len(AREAS)], priority=("high", "medium", "low")[k % 3],
            status=("open", "in progress", "done", "dropped")[k % 4], order=float(k + 1)))
    info = WorkshopInfo(title=f"Benchmark: {size.participants} people, {size.notes:,} notes",
                        organisation="Northwind Logistics", date=dt.date(2026, 3, 12), facilitator="Maria Jensen")
    return WorkshopDoc(info=info, participants=people, groups=groups, steps=steps, items=items, actions=actions,
                       current_step=steps.index(big))


def create_large_workshop(path: Path, size: Size = LARGE, library: Library | None = None) -> Path:
    """Write the benchmark workshop to ``path`` (replacing it) and return the path."""
    path = Path(path)
    path.unlink(missing_ok=True)
    Workshop.create(path, large_doc(size, library)).close()
    return path


def big_board_step(ws: Workshop) -> Step:
    return next(s for s in ws.steps if s.exercise and s.exercise.id == BIG_BOARD)
