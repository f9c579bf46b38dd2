"""What the room sees of a board, the spectrum, a canvas and the commitments, as sections of cards.

These functions read the workshop and decide what is shown and in which order; ``shared_cards`` then
lays the sections out. Hidden items never appear. On an anonymous step no card carries a name or a
person's colour, and cards are ordered by their text (then by id, which is random) rather than by
when they were written, so neither the order nor the colour gives anyone away.
"""

from __future__ import annotations

from collections.abc import Callable

from workshop_app.core.workshop import Workshop
from workshop_app.gui.shared_cards import Card, Section
from workshop_app.gui.shared_cards import Cluster as ClusterCard
from workshop_app.gui.shared_paint import Theme
from workshop_app.model.answers import AnswerT, Cluster, Commitment, Entry, Note, SpectrumItem
from workshop_app.model.document import ItemBase, Step

# From customer-toxic to customer-centric: warm to cool, each readable with black or white text.
_SPECTRUM_ENDS = ("#D9482B", "#8A8A8A", "#1E9E5A")


def _visible(ws: Workshop, step: Step, kind: type[AnswerT]) -> list[AnswerT]:
    return [i for i in ws.items(step.id, kind) if not i.hidden]


def _anonymous_key(item: ItemBase) -> tuple[str, str]:
    return (item.text.casefold(), item.id)


def _ordered(items: list[AnswerT], step: Step, by_votes: bool) -> list[AnswerT]:
    """Board order, or text order on an anonymous step; most votes first once voting has begun."""
    if step.anonymous:
        items = sorted(items, key=_anonymous_key)
    if by_votes:
        items = sorted(items, key=lambda i: -i.vote_total)  # stable: ties keep the order above
    return items


def _clamp(column: int, count: int) -> int:
    return min(max(column, 0), max(count - 1, 0))


def _person(ws: Workshop, step: Step, author: str | None, theme: Theme) -> tuple[str, str]:
    """(card colour, name) for an author; neutral and nameless when the step is anonymous."""
    person = None if step.anonymous else ws.participant(author)
    if person is None:
        return theme.neutral_card, ""
    return (person.colour or theme.neutral_card), person.name


def board_sections(ws: Workshop, step: Step, theme: Theme, keep: Callable[[int], int] | None = None) -> list[Section]:
    """One section per prompt: its clusters (name and votes), then its loose notes. With ``keep`` (how
    many loose cards a section could ever show, given the number of sections), a column holding more
    keeps that many of its first and of its last notes as cards and only counts those between."""
    assert step.exercise and step.exercise.board
    prompts = step.exercise.board.prompts
    notes = _visible(ws, step, Note)
    clusters = {c.id: c for c in _visible(ws, step, Cluster)}
    # Until the facilitator reveals the votes, the room sees neither counts nor an order made by them.
    voted = step.votes_shown and (any(n.vote_total for n in notes) or any(c.vote_total for c in clusters.values()))
    sections = [Section(p, noun="notes", empty="No notes yet") for p in prompts]
    if step.answers_hidden:
        for section in sections:
            section.hidden_count = 0
        for n in notes:
            hidden_section = sections[_clamp(n.prompt, len(prompts))]
            hidden_section.hidden_count = (hidden_section.hidden_count or 0) + 1
        return sections

    members: dict[str, list[Note]] = {cid: [] for cid in clusters}
    loose: list[list[Note]] = [[] for _ in prompts]
    for n in notes:
        if n.cluster in members:
            members[n.cluster].append(n)
        else:
            loose[_clamp(n.prompt, len(prompts))].append(n)

    people: dict[str | None, tuple[str, str]] = {}  # a thousand notes come from a few dozen people

    def card(n: Note) -> Card:
        person = people.get(n.author)
        if person is None:
            person = people[n.author] = _person(ws, step, n.author, theme)
        return Card(n.text, person[0], footer=person[1], votes=n.vote_total, show_votes=voted)

    grouped: list[list[tuple[int, ClusterCard]]] = [[] for _ in prompts]
    for cluster in _ordered(list(clusters.values()), step, False):
        inside = members[cluster.id]
        if not inside:
            continue
        total = cluster.vote_total + sum(n.vote_total for n in inside)
        shown = ClusterCard(cluster.text, total, tuple(card(n) for n in _ordered(inside, step, voted)), voted)
        grouped[_clamp(cluster.prompt, len(prompts))].append((total, shown))
    for col, section in enumerate(sections):
        here = sorted(grouped[col], key=lambda tc: -tc[0]) if voted else grouped[col]
        ordered = _ordered(loose[col], step, voted)
        most = keep(len(sections)) if keep is not None else len(ordered)
        if len(ordered) > 2 * most:
            section.left_out = len(ordered) - 2 * most
            ordered = ordered[:most] + ordered[-most:]
        section.entries = [c for _t, c in here] + [card(n) for n in ordered]
    return sections


def _plural_label(label: str) -> str:
    return label + "s" if label.isupper() else label.lower() + "s"


def _blend(a: str, b: str, t: float) -> str:
    ca = [int(a[i: i + 2], 16) for i in (1, 3, 5)]
    cb = [int(b[i: i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * t):02X}" for x, y in zip(ca, cb, strict=True))


def spectrum_colour(index: int, count: int) -> str:
    """The heading colour of category ``index`` of ``count``, from the warm end to the cool end."""
    t = index / max(count - 1, 1)
    low, mid, high = _SPECTRUM_ENDS
    return _blend(low, mid, t * 2) if t <= 0.5 else _blend(mid, high, (t - 0.5) * 2)


def spectrum_sections(ws: Workshop, step: Step, theme: Theme) -> list[Section]:
    """One column per category, items ordered along the axis, each with its proposed change."""
    assert step.exercise and step.exercise.spectrum
    spec = step.exercise.spectrum
    noun = _plural_label(spec.item_label)
    cats = spec.categories
    sections = [Section(c, noun=noun, empty="—", heading_fill=spectrum_colour(k, len(cats)))
                for k, c in enumerate(cats)]
    items = _visible(ws, step, SpectrumItem)
    if step.answers_hidden:
        for k, section in enumerate(sections):
            section.hidden_count = sum(1 for i in items if _clamp(i.category, len(cats)) == k)
        return sections
    base = sorted(items, key=_anonymous_key) if step.anonymous else items
    for item in sorted(base, key=lambda i: i.position):
        detail = f"{spec.change_label}: {item.change}" if item.change.strip() else ""
        fill, name = _person(ws, step, item.author, theme)
        sections[_clamp(item.category, len(cats))].entries.append(
            Card(item.text, theme.neutral_card if not name else fill, detail=detail, footer=name))
    return sections


def canvas_sections(ws: Workshop, step: Step, theme: Theme) -> list[Section]:
    """A room canvas: one section per field. Per role or group: one section per card, fields as captions."""
    assert step.exercise and step.exercise.canvas
    canvas = step.exercise.canvas
    fields = canvas.fields
    entries = _visible(ws, step, Entry)
    if step.anonymous:
        entries = sorted(entries, key=_anonymous_key)
    noun = "entries"
    if canvas.per == "room":
        sections = [Section(f, noun=noun, empty="Nothing yet") for f in fields]
        if step.answers_hidden:
            for k, section in enumerate(sections):
                section.hidden_count = sum(1 for e in entries if _clamp(e.field, len(fields)) == k)
            return sections
        for e in entries:
            fill, name = _person(ws, step, e.author, theme)
            caption = e.card if e.card else ""
            sections[_clamp(e.field, len(fields))].entries.append(Card(e.text, fill, caption=caption, footer=name))
        return sections
    names = sorted({e.card for e in entries}, key=str.casefold)
    if not names:
        who = "role" if canvas.per == "role" else "group"
        return [Section(f"One card per {who}", noun=noun, empty=f"No {who} cards yet")]
    sections = [Section(n or "The whole room", noun=noun) for n in names]
    if step.answers_hidden:
        for k, n in enumerate(names):
            sections[k].hidden_count = sum(1 for e in entries if e.card == n)
        return sections
    for e in sorted(entries, key=lambda e: e.field):
        fill, name = _person(ws, step, e.author, theme)
        caption = fields[_clamp(e.field, len(fields))]
        sections[names.index(e.card)].entries.append(Card(e.text, fill, caption=caption, footer=name))
    return sections


def _due(item: Commitment) -> str:
    return f"by {item.due.day} {item.due:%B %Y}" if item.due else ""


def commitments_sections(ws: Workshop, step: Step, theme: Theme) -> list[Section]:
    """One section per person; on an anonymous step, one section of nameless cards in text order."""
    assert step.exercise and step.exercise.commitments
    prompt = step.exercise.commitments.prompt
    items = _visible(ws, step, Commitment)
    if step.anonymous or not items:
        section = Section(prompt if step.anonymous else "Commitments", noun="commitments",
                          empty="No commitments yet")
        if step.answers_hidden:
            section.hidden_count = len(items)
            return [section]
        section.entries = [Card(i.text, theme.neutral_card, detail=_due(i)) for i in sorted(items, key=_anonymous_key)]
        return [section]
    order = {p.id: k for k, p in enumerate(ws.participants)}
    authors = sorted({i.author for i in items}, key=lambda a: order.get(a or "", len(order)))
    sections = []
    for author in authors:
        mine = [i for i in items if i.author == author]
        fill, name = _person(ws, step, author, theme)
        section = Section(name or "Anonymous", noun="commitments")
        if step.answers_hidden:
            section.hidden_count = len(mine)
        else:
            section.entries = [Card(i.text, fill, detail=_due(i)) for i in mine]
        sections.append(section)
    return sections
