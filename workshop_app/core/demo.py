"""A realistic demo workshop: a half-day kick-off at a mid-sized company, answers in every exercise."""

from __future__ import annotations

import datetime as dt
import random

from workshop_app.core.library import Library, load_library
from workshop_app.core.setup import PlannedStep, new_workshop_doc, plan_from_agenda
from workshop_app.model.document import (
    ActionItem,
    Answer,
    Area,
    Cluster,
    Commitment,
    Entry,
    Item,
    Link,
    Marker,
    Node,
    Note,
    Progress,
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
    "opening": [
        ["Curious", "Tired but here", "Sceptical", "Ready", "Busy week", "Hopeful"],
        ["Phones away except to rate and vote", "Leaders speak last", "What is said here stays here",
         "Every voice counts"],
        ["One thing I can change on Monday", "Hearing what other departments see"],
    ],
    "check-out": [
        ["Energised", "More to do than I thought", "Clearer", "Motivated"],
        ["We rated ourselves lowest on leadership support", "Two KPIs we measure work against customers"],
        ["Keep the map exercise", "More time for the resolutions", "Start with real customer quotes"],
    ],
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
        ["The sponsor asks each director what the initiative should give their team"],
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

# The role canvas, each role in its own words: what customer focus means in the job, the customer
# moment it touches, the skill or support it needs, and what gets in the way today.
CANVAS_BY_ROLE: dict[str, list[str]] = {
    "Customer service": [
        "Solving the problem on the first call, so the customer never has to explain it twice",
        "The call after a late delivery, when the customer is already annoyed",
        "Seeing the order and billing history on one screen",
        "Three systems to check before I can answer a simple question",
    ],
    "Finance": [
        "An invoice the customer can check in a minute and pays without calling us",
        "The first invoice after onboarding: if it is wrong, trust is gone",
        "Knowing which customers cost us most to serve, and why",
        "Credit notes need four approvals, so a small refund takes weeks",
    ],
    "Operations": [
        "Delivering what was promised, on the day it was promised",
        "The delivery window a salesperson agreed without asking us",
        "Live order status that sales and service can see too",
        "We hear about promised dates only when the truck is already late",
    ],
    "IT": [
        "Tools that let service answer while the customer is still on the line",
        "The customer portal, every time someone logs in to track an order",
        "Time with the people who use our systems, not only their tickets",
        "Projects are ranked by internal cost savings, never by what customers notice",
    ],
    "Sales": [
        "Promising only what we can deliver, and delivering all of it",
        "The handover from signed contract to the first delivery",
        "A quick check with operations before I commit to a date",
        "Targets count new contracts, not whether customers renew",
    ],
}
# A canvas filled in by the whole room (none in the demo's agenda, but any canvas gets answers).
CANVAS_FOR_ROOM = [
    "Fewer repeat calls and faster answers", "Customers who renew without a discount",
    "Cost to serve per account, from finance", "Retention is worth more than new logos",
    "Less firefighting on a Friday afternoon", "Finance and service agree on one customer figure",
]
DEPARTMENTS = ["Leadership", "Marketing", "Sales", "Product", "Operations", "Service", "Finance", "IT"]

# Each person's three commitments, fitting their job: (what, months until due, area, measure).
COMMITMENTS: dict[str, list[tuple[str, int, Area, str]]] = {
    "Anna Kowalska": [
        ("Ask my ten biggest accounts what one thing would make ordering easier", 1, "Involve everyone",
         "Ten answers passed to product by the end of April"),
        ("Check every delivery date with operations before I promise it", 1, "Break the silos",
         "No date promised without an operations check"),
        ("Bring one lost deal, and why we lost it, to each monthly sales meeting", 3, "Mindset and completion",
         "A lost-deal story at every sales meeting"),
    ],
    "Ben Okafor": [
        ("Call back each customer a week after I close their complaint", 2, "Involve everyone",
         "Every closed complaint followed up within a week"),
        ("Send product the three complaints I heard most, every Friday", 1, "Break the silos",
         "A list in product's inbox each Friday"),
        ("Introduce myself by name to each key account I look after", 1, "Mindset and completion",
         "All my key accounts have my direct number by 30 April"),
    ],
    "Chloé Martin": [
        ("Rewrite our invoice so a customer can check it in one minute", 3, "Show them the money",
         "New invoice tried with five customers by June"),
        ("Show revenue and cost to serve per customer segment at the June all-hands", 3, "Show them the money",
         "Segment figures on one slide at the all-hands"),
        ("Answer billing questions from service on the day they come in", 1, "Break the silos",
         "Same-day answers to service, counted each month"),
    ],
    "Dmitri Volkov": [
        ("Tell customers about a late delivery before they have to ask", 1, "Mindset and completion",
         "Every delay announced to the customer the day we know of it"),
        ("Sit in one sales meeting a month to hear what was promised", 2, "Break the silos",
         "One sales meeting a month in my calendar"),
        ("Visit the goods-in of two customers this quarter", 3, "Involve everyone",
         "Two visits written up and shared by June"),
    ],
    "Elena García": [
        ("Replace one product brochure with a customer's own story", 2, "Mindset and completion",
         "One customer story published by May"),
        ("Try each campaign message on three customers before it goes out", 3, "Involve everyone",
         "Three customer reactions noted for every campaign"),
        ("Share each campaign brief with sales and service a week before launch", 1, "Break the silos",
         "The brief with sales and service a week early, every time"),
    ],
    "Farid Haddad": [
        ("Spend a morning beside service to see which tools slow them down", 1, "Break the silos",
         "Three tool fixes chosen with service by May"),
        ("Put live delivery status on the customer portal", 4, "Involve everyone",
         "Status page live for key accounts by July"),
        ("Cut the customer portal's login to one step", 6, "Mindset and completion",
         "One-step login live by September"),
    ],
    "Grace Liu": [
        ("Read ten support tickets every week before product planning", 1, "Break the silos",
         "Ten tickets read each week, noted in the planning log"),
        ("Invite a customer to every quarterly product review", 3, "Involve everyone",
         "A customer in the room at each quarterly review"),
        ("Retire one feature that customers never use", 6, "Mindset and completion",
         "One unused feature gone by the autumn release"),
    ],
    "Hannah Schmidt": [
        ("Give every new starter a morning with customer service in their first week", 1, "Involve everyone",
         "Each new starter's first week includes service"),
        ("Add a question on customer focus to every job interview", 1, "Mindset and completion",
         "The question in every interview guide"),
        ("Put customer feedback into this year's performance reviews", 6, "Adapt the KPIs",
         "A customer-feedback section in the review form"),
    ],
    "Ivan Petrov": [
        ("Answer one customer complaint a week myself", 1, "Leadership support",
         "One complaint answered by me each week"),
        ("Open every management meeting with a customer's story", 1, "Leadership support",
         "A customer story first on every management agenda"),
        ("Decide the budget for live delivery status at the April board", 1, "Show them the money",
         "Budget agreed in the April board minutes"),
    ],
    "Julia Rossi": [
        ("Track first-contact resolution for my team from next month", 1, "Adapt the KPIs",
         "First-contact resolution on our team board from April"),
        ("Collect one customer quote a week for the company newsletter", 2, "Involve everyone",
         "A customer quote in each weekly newsletter"),
        ("Teach two colleagues to solve billing questions end to end", 3, "Break the silos",
         "Two colleagues handling billing calls alone by June"),
    ],
    "Kenji Tanaka": [
        ("Confirm every large order with the customer before it ships", 1, "Mindset and completion",
         "No large order shipped without a customer check"),
        ("Show drivers the customer feedback on their routes every Monday", 2, "Involve everyone",
         "Feedback on the depot board each Monday"),
        ("Agree with service who tells the customer when an order runs late", 2, "Break the silos",
         "One agreed handover sheet for late orders by May"),
    ],
    "Lena Berg": [
        ("Call three accounts a competitor just lost", 1, "Involve everyone",
         "Three calls made and noted by the end of April"),
        ("Hand every new customer to service in a joint call", 2, "Break the silos",
         "A joint handover call for each new customer"),
        ("Ask each renewing customer what nearly made them leave", 3, "Mindset and completion",
         "An answer from every renewal this quarter"),
    ],
}
# For someone the demo does not know: commitments anyone could make.
GENERAL_COMMITMENTS: list[tuple[str, int, Area, str]] = [
    ("Join a customer call every fortnight", 2, "Involve everyone", "Six calls joined by the summer"),
    ("Share one customer story at each team meeting", 1, "Mindset and completion", "A story at every team meeting"),
    ("Review my team's KPIs with a customer in mind", 3, "Adapt the KPIs", "One KPI changed or dropped by June"),
]


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
        statements = [s for d in r.dimensions for s in d.statements]
        # Each person leans their own way across the statements, so their ratings hang together as a real
        # room's do (a reverse-worded statement the other way), and the reliability figures mean something.
        lean = {person: rng.gauss(0, 0.7) for person in people}
        # An anonymous rating stores no author at all, so the file cannot give anyone away; a random
        # respondent key per person ties their ratings together.
        key = {person: f"{rng.getrandbits(64):016x}" for person in people}
        for s, statement in enumerate(statements):
            centre = rng.uniform(r.scale_min + 1, r.scale_max - 1)
            for person in people:
                tilt = -lean[person] if statement.reverse else lean[person]
                value = round(min(max(rng.gauss(centre + tilt, 0.6), r.scale_min), r.scale_max))
                if step.anonymous:
                    items.append(Answer(step=step.id, statement=s, value=value, respondent=key[person]))
                else:
                    items.append(Answer(step=step.id, statement=s, author=person, value=value))


def _spectrum(step: Step, rng: random.Random, people: list[str], items: list[Item]) -> None:
    assert step.exercise and step.exercise.spectrum
    last = len(step.exercise.spectrum.categories) - 1
    for order, (name, where, change) in enumerate(KPIS):
        col = min(where if where < 2 else last, last)
        items.append(SpectrumItem(step=step.id, text=name, category=col, change=change,
                          position=rng.uniform(0.1, 0.9), author=rng.choice(people), order=order))


def _canvas(step: Step, rng: random.Random, people: list[str], items: list[Item], roles: dict[str, str]) -> None:
    assert step.exercise and step.exercise.canvas
    canvas = step.exercise.canvas
    fields = len(canvas.fields)
    if canvas.per != "role":
        for f in range(fields):
            items.append(Entry(step=step.id, field=f, card="", text=CANVAS_FOR_ROOM[f % len(CANVAS_FOR_ROOM)],
                               author="room"))
        return
    # Each role present that has its own words fills its own card, written by someone in that role.
    present = [r for r in CANVAS_BY_ROLE if r in roles.values()]
    for card in present:
        writers = [p for p in people if roles[p] == card]
        for f, text in enumerate(CANVAS_BY_ROLE[card][:fields]):
            items.append(Entry(step=step.id, field=f, card=card, text=text, author=rng.choice(writers)))


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
    count = step.exercise.commitments.count
    for person in people:
        own = COMMITMENTS.get(names[person], GENERAL_COMMITMENTS)
        for slot, (text, months, area, measure) in enumerate(own[:count]):
            due = date + dt.timedelta(days=30 * months + rng.randint(0, 9))
            item = Commitment(step=step.id, text=text, author=person, due=due, slot=slot)
            items.append(item)
            actions.append(ActionItem(what=item.text, why="Personal commitment", source=item.id, step=step.id,
                                      owner=names[person], owner_id=person, due=due, area=area,
                                      measure=measure, order=len(actions) + 1))


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


# What the room said when it went through its plan (a review step; in a kick-off it reviews its own plan).
PROGRESS_NOTES = [
    ("Named contacts agreed for the first twelve key accounts", True),
    ("Waiting for IT to choose how delivery status is published", False),
    ("", False),
]


def _review(doc: WorkshopDoc, step: Step) -> None:
    from workshop_app.core.review import actions_to_review

    for n, action in enumerate(actions_to_review(doc, step)[:len(PROGRESS_NOTES)]):
        text, quick_win = PROGRESS_NOTES[n]
        doc.items.append(Progress(step=step.id, action=action.id, text=text, quick_win=quick_win, order=n + 1))


def build_demo(library: Library | None = None) -> WorkshopDoc:
    """The demo: the half-day agenda (plus any type it lacks), twelve people, answers everywhere."""
    lib = library or load_library()
    rng = random.Random(7)
    agenda = lib.agendas.get("half-day-kickoff") or next(iter(lib.agendas.values()), None)
    plan = plan_from_agenda(lib, agenda) if agenda else []
    have = {p.exercise.type for p in plan if p.exercise}
    # A type the agenda lacks is shown too, before the check-out: the day still ends with the check-out.
    end = len(plan) - 1 if plan and plan[-1].exercise and plan[-1].exercise.id == "check-out" else len(plan)
    for ex in lib.exercises.values():
        if ex.type not in have:
            plan.insert(end, PlannedStep(ex, ex.minutes))
            end += 1
            have.add(ex.type)
    date = dt.date(2026, 3, 12)
    info = WorkshopInfo(title="Customer-focus kick-off", organisation="Northwind Logistics", date=date,
                        facilitator="Maria Jensen")
    doc = new_workshop_doc(info, PEOPLE, plan)
    people = [p.id for p in doc.participants]
    names = {p.id: p.name for p in doc.participants}
    roles = {p.id: p.role for p in doc.participants}
    items: list[Item] = []
    actions: list[ActionItem] = []
    for step in doc.steps:
        kind = step.type
        if kind == "rating":
            step.anonymous = bool(step.exercise and step.exercise.rating and step.exercise.rating.anonymous)
            step.answers_hidden = False  # the whole room has rated and the results were revealed
        if kind == "board":
            step.votes_shown = True  # the room has voted and the votes were revealed
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
    for step in doc.steps:
        if step.type == "review":
            _review(doc, step)
    return doc
