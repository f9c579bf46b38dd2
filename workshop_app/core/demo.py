"""A realistic demo workshop: a half-day kick-off at a mid-sized company, answers in every exercise."""

from __future__ import annotations

import datetime as dt
import random

from workshop_app.core.library import Library, load_library
from workshop_app.core.setup import PlannedStep, new_workshop_doc, plan_from_agenda
from workshop_app.model.document import (
    ActionItem,
    Answer,
    Cluster,
    Commitment,
    Entry,
    Item,
    Link,
    Marker,
    Node,
    Note,
    SpectrumItem,
    Step,
    WorkshopDoc,
    WorkshopInfo,
)

PEOPLE = [
    ("Anna Kowalska", "Sales"), ("Ben Okafor", "Customer service"), ("Chloé Martin", "Finance"),
    ("Dmitri Volkov", "Operations"), ("Elena García", "Marketing"), ("Farid Haddad", "IT"),
    ("Grace Liu", "Product"), ("Hannah Schmidt", "HR"), ("Ivan Petrov", "Leadership"),
    ("Julia Rossi", "Customer service"), ("Kenji Tanaka", "Operations"), ("Lena Berg", "Sales"),
]

BOARD_NOTES: dict[str, list[list[str]]] = {
    "rumour-mill": [
        ["The merger with Nordwind everyone whispers about", "New cost-cutting round announced for Q2",
         "Our head of sales is leaving", "Two service desks being combined"],
        ["Will customers still get one contact person after the merger?",
         "Which savings would customers actually notice?", "Who keeps our key accounts warm during the handover?",
         "Will response times hold while the desks merge?"],
    ],
    "provocative-questions": [
        ["Ask five customers which report they never read, and stop producing it",
         "Bundle onboarding calls instead of adding headcount"],
        ["Our competitors are merging too: be the calm supplier in a noisy market",
         "Call the accounts a competitor just lost"],
        ["Cut the approval loop on refunds under 200 €", "Publish delivery status so nobody has to call"],
        ["Map what our customers' customers complain about", "Invite a customer's customer to the next review"],
        ["Train service staff to solve billing issues end to end", "A shared customer dashboard for all teams"],
        ["Every manager joins two support calls a month", "Be on site for the first delivery of a big order"],
    ],
    "leadership-support": [
        ["Budget for a customer advisory board"], ["Teams who call customers back within the day"],
        ["A first try at a new service that does not work out"], ["The CEO answers one complaint a week personally"],
    ],
    "customer-promise": [
        ["We deliver when we say we will, and tell you first if we cannot",
         "One contact person who knows your history", "Answers within one working day"],
    ],
    "keep-the-momentum": [
        ["Customer promise on the wall of every meeting room"], ["Monthly reminder in the all-hands"],
        ["Celebrate the first month without a late delivery"], ["Review actions at 30, 60 and 90 days"],
    ],
}
GENERIC_NOTES = ["Talk to customers every week", "Share complaints across teams", "Fix the handover to service",
                 "Measure what customers value", "Give teams time to follow up"]

KPIS = [("Calls handled per hour", 0, "Replace with first-contact resolution"),
        ("Net Promoter Score", 2, "Report it per team, with verbatims"),
        ("Units shipped per day", 1, "Add on-time-in-full from the customer's view"),
        ("Cost per ticket", 0, "Pair with customer effort score"),
        ("Renewal rate", 2, "Keep, and share monthly with every team"),
        ("Sales calls per week", 0, "Count customer problems solved instead")]

CANVAS_TEXT = [
    "Clients stay with us because billing is right the first time",
    "A faster quote means a won deal, and the renewal follows",
    "Support that knows the history: fewer repeat calls",
    "Training on the product we sell, not only the process",
]

DEPARTMENTS = ["Leadership", "Marketing", "Sales", "Product", "Operations", "Service", "Finance", "IT"]

COMMITMENTS = ["Join a customer call every fortnight", "Share one customer story at each team meeting",
               "Review our KPIs with a customer in mind", "Reply to every complaint within a day",
               "Visit a customer site this quarter", "Bring one customer complaint to every team meeting"]


# The clusters the room made: exercise, prompt, the cluster's name and the texts of its notes.
CLUSTERS: dict[str, list[tuple[int, str, list[str]]]] = {
    "rumour-mill": [(1, "One face to the customer through the merger", [
        "Will customers still get one contact person after the merger?",
        "Who keeps our key accounts warm during the handover?"])],
    "provocative-questions": [(2, "Make delivery visible", [
        "Publish delivery status so nobody has to call", "Cut the approval loop on refunds under 200 €"])],
}

# What the room decided: (what, exercise, the note, cluster or answer it came from, measure, area,
# priority, status, days until due, owner, why). Each has its own measure and area.
DECISIONS = [
    ("Give every key account one named contact who knows its history, through the merger and after",
     "rumour-mill", "One face to the customer through the merger",
     "All 40 key accounts know their contact by name by 30 April", "Involve everyone", "high", "in progress", 30,
     "Ben Okafor", "Customers ask first whether they keep the people who know them"),
    ("Publish delivery status online so customers no longer have to call and ask", "provocative-questions",
     "Make delivery visible", "Calls asking where an order is down by a third by September", "Break the silos",
     "high", "open", 90, "Dmitri Volkov", "Asking where an order is makes up most calls to service"),
    ("Every manager, the managing director first, joins two customer support calls a month",
     "provocative-questions", "Every manager joins two support calls a month",
     "Each manager logs two calls a month; the first lessons shared at the June all-hands",
     "Leadership support", "high", "open", 40, "Ivan Petrov", "Our top executives rarely hear customers first-hand"),
    ("Report first-contact resolution instead of calls handled per hour", "kpi-review", "Calls handled per hour",
     "First-contact resolution in the monthly service report from June", "Adapt the KPIs", "medium", "open", 60,
     "Julia Rossi", "Counting calls rewards short calls, not solved problems"),
    ("Review the ten most frequent complaints with product and service every month", "silo-breaking-map",
     "Monthly product-service review of the top ten complaints",
     "Ten complaint themes reviewed each month, each with an owner", "Break the silos", "medium", "open", 45,
     "Grace Liu", "Complaints stay in service; product never hears them"),
]
# The notes the room put its votes on; the distractions of the rumour mill get none.
FAVOURITES = {text for _ex, clusters in CLUSTERS.items() for _c, _n, texts in clusters for text in texts} | {
    "Every manager joins two support calls a month", "Call the accounts a competitor just lost",
    "The CEO answers one complaint a week personally", "One contact person who knows your history",
    "Review actions at 30, 60 and 90 days", "Which savings would customers actually notice?",
    "Train service staff to solve billing issues end to end",
}


def _board(step: Step, rng: random.Random, people: list[str], items: list[Item]) -> None:
    assert step.exercise and step.exercise.board
    prompts = step.exercise.board.prompts
    texts = BOARD_NOTES.get(step.exercise.id, [GENERIC_NOTES] * len(prompts))
    order = 0.0
    for col in range(len(prompts)):
        for text in texts[col % len(texts)]:
            order += 1
            author = None if rng.random() < 0.2 else rng.choice(people)
            items.append(Note(step=step.id, text=text, prompt=col, author=author, order=order))
    notes_here = [i for i in items if i.step == step.id and isinstance(i, Note)]
    for col, name, members in CLUSTERS.get(step.exercise.id, []):
        cluster = Cluster(step=step.id, text=name, prompt=col, order=order + 0.5)
        items.append(cluster)
        for note in notes_here:
            if note.text in members:
                note.cluster = cluster.id
    # Rumours are what the room sets aside; its votes go to what it wants done.
    distractions = step.exercise.id == "rumour-mill"
    weights = [0 if distractions and n.prompt == 0 else 8 if n.text in FAVOURITES else 1 for n in notes_here]
    for voter in people:
        for _ in range(step.budget):
            target = rng.choices(notes_here, weights=weights)[0]
            target.votes[voter] = target.votes.get(voter, 0) + 1


def _answers(step: Step, rng: random.Random, people: list[str], items: list[Item]) -> None:
    ex = step.exercise
    assert ex
    if ex.poll:
        n_options = len(ex.poll.scale)
        for s in range(len(ex.poll.statements)):
            for person in people:
                value = min(int(rng.triangular(0, n_options, 1 + (s % 2))), n_options - 1)
                items.append(Answer(step=step.id, statement=s, author=person, value=value))
    elif ex.rating:
        r = ex.rating
        n = sum(len(d.statements) for d in r.dimensions)
        for s in range(n):
            lean = rng.uniform(r.scale_min, r.scale_max)
            for person in people:
                value = round(min(max(rng.gauss(lean, 0.9), r.scale_min), r.scale_max))
                # An anonymous rating stores no author at all, so the file cannot give anyone away.
                author = None if step.anonymous else person
                items.append(Answer(step=step.id, statement=s, author=author, value=value))


def _spectrum(step: Step, rng: random.Random, people: list[str], items: list[Item]) -> None:
    assert step.exercise and step.exercise.spectrum
    last = len(step.exercise.spectrum.categories) - 1
    for order, (name, where, change) in enumerate(KPIS):
        col = min(where if where < 2 else last, last)
        items.append(SpectrumItem(step=step.id, text=name, category=col, change=change,
                          position=rng.uniform(0.1, 0.9), author=rng.choice(people), order=order))


def _canvas(step: Step, rng: random.Random, people: list[str], items: list[Item], roles: list[str]) -> None:
    assert step.exercise and step.exercise.canvas
    canvas = step.exercise.canvas
    cards = sorted(set(roles))[:5] if canvas.per == "role" else [""]
    for card in cards:
        for f in range(len(canvas.fields)):
            items.append(Entry(step=step.id, field=f, card=card,
                              text=CANVAS_TEXT[(f + len(card)) % len(CANVAS_TEXT)]))


# Where each department sits along the chain, and the hand-offs between them (by name).
# (lane, row): rows chosen so that no hand-off arrow runs through another department's box.
MAP_PLACES = {"Leadership": (0, 0), "HR": (0, 2), "Marketing": (1, 0), "IT": (2, 1), "Product": (2, 2),
              "Sales": (3, 0), "Operations": (4, 0), "Finance": (4, 3), "Service": (5, 0)}
HAND_OFFS = [("Leadership", "Marketing"), ("Marketing", "Sales"), ("Product", "Sales"), ("Sales", "Operations"),
             ("Operations", "Service"), ("Service", "Product"), ("Sales", "Finance"), ("IT", "Operations")]
LANE_WIDTH = 250.0  # scene units per lane, as the map view draws them


def _map(step: Step, rng: random.Random, people: list[str], items: list[Item]) -> None:
    assert step.exercise and step.exercise.map
    m = step.exercise.map
    names = m.departments or DEPARTMENTS
    lanes = max(len(m.lanes), 1)
    nodes: dict[str, Node] = {}
    for i, name in enumerate(names):
        lane, row = MAP_PLACES.get(name, (i * lanes // len(names), 4))
        lane = min(lane, lanes - 1)
        nodes[name] = Node(step=step.id, text=name, lane=lane,
                           x=lane * LANE_WIDTH + LANE_WIDTH / 2, y=110 + 100 * row)
    items.extend(nodes.values())
    links: dict[tuple[str, str], Link] = {}
    for a, b in HAND_OFFS:
        if a in nodes and b in nodes:
            links[(a, b)] = Link(step=step.id, text="hand-off", source=nodes[a].id, target=nodes[b].id)
    items.extend(links.values())
    for (a, b), text, detail in (
        (("Sales", "Operations"), "Sales promises dates operations never sees", ""),
        (("Service", "Product"), "Complaints stay in service, product never hears them", ""),
        (("Service", "Product"), "Monthly product-service review of the top ten complaints", "proposal"),
        (("Marketing", "Sales"), "A shared customer brief for each campaign", "proposal"),
    ):
        if (a, b) in links:
            items.append(Marker(step=step.id, target=links[(a, b)].id, text=text, proposal=detail == "proposal"))


def _commitments(step: Step, rng: random.Random, people: list[str], items: list[Item],
                 actions: list[ActionItem], names: dict[str, str], date: dt.date) -> None:
    assert step.exercise and step.exercise.commitments
    for person in people:
        for k in rng.sample(range(len(COMMITMENTS)), step.exercise.commitments.count):
            due = date + dt.timedelta(days=30 * rng.randint(1, 6))
            item = Commitment(step=step.id, text=COMMITMENTS[k], author=person, due=due)
            items.append(item)
            actions.append(ActionItem(what=item.text, why="Personal commitment", source=item.id, step=step.id,
                                      owner=names[person], owner_id=person, due=due, area="Mindset and completion",
                                      order=len(actions) + 1))


def _decisions(doc: WorkshopDoc, items: list[Item], actions: list[ActionItem], names: dict[str, str],
               date: dt.date) -> None:
    """The room's decisions lead the plan, each made from the cluster, note or answer it came from."""
    by_name = {name: pid for pid, name in names.items()}
    steps = {s.exercise.id: s for s in doc.steps if s.exercise}
    for n, (what, exercise, source, measure, area, priority, status, days, owner, why) in enumerate(DECISIONS):
        step = steps.get(exercise)
        item = next((i for i in items if step and i.step == step.id and i.text == source), None)
        if item is None or step is None:
            continue
        actions.insert(n, ActionItem(
            what=what, why=why, source=item.id, step=step.id, owner=owner, owner_id=by_name.get(owner),
            due=date + dt.timedelta(days=days), measure=measure, area=area, priority=priority,
            status=status, order=n - 10.0))


def build_demo(library: Library | None = None) -> WorkshopDoc:
    """The demo: the half-day agenda (plus any type it lacks), twelve people, answers everywhere."""
    lib = library or load_library()
    rng = random.Random(7)
    agenda = lib.agendas.get("half-day-kickoff") or next(iter(lib.agendas.values()), None)
    plan = plan_from_agenda(lib, agenda) if agenda else []
    have = {p.exercise.type for p in plan if p.exercise}
    for ex in lib.exercises.values():
        if ex.type not in have:
            plan.append(PlannedStep(ex, ex.minutes))
            have.add(ex.type)
    date = dt.date(2026, 3, 12)
    info = WorkshopInfo(title="Customer-focus kick-off", organisation="Northwind Logistics", date=date,
                        facilitator="Maria Jensen")
    doc = new_workshop_doc(info, PEOPLE, plan)
    people = [p.id for p in doc.participants]
    names = {p.id: p.name for p in doc.participants}
    roles = [p.role for p in doc.participants]
    items: list[Item] = []
    actions: list[ActionItem] = []
    for step in doc.steps:
        kind = step.type
        if kind == "rating":
            step.anonymous = bool(step.exercise and step.exercise.rating and step.exercise.rating.anonymous)
        if kind == "board":
            _board(step, rng, people, items)
        elif kind in ("poll", "rating"):
            _answers(step, rng, people, items)
        elif kind == "spectrum":
            _spectrum(step, rng, people, items)
        elif kind == "canvas":
            _canvas(step, rng, people, items, roles)
        elif kind == "map":
            _map(step, rng, people, items)
        elif kind == "commitments":
            _commitments(step, rng, people, items, actions, names, date)
    _decisions(doc, items, actions, names, date)
    doc.items = items
    doc.actions = actions
    return doc
