"""What every export says the same way: labels, names, dates, and the order things are listed in.

No reportlab here: the CSV and Markdown exports use this too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, overload

from workshop_app.core.results import step_items
from workshop_app.model.answers import AnswerT
from workshop_app.model.dates import format_date
from workshop_app.model.document import (
    ActionItem,
    Commitment,
    Entry,
    ItemBase,
    Link,
    Marker,
    Note,
    Participant,
    Step,
    WorkshopDoc,
)

Progress = Callable[[int, int], None]

# Hebrew, Arabic and their presentation forms: text that reads right to left.
RTL_CHARS = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# First-strong isolate and its end (Unicode's bidirectional marks).
FSI, PDI = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """User text quoted in a line of the app's own words, marked to be read in its own direction.

    Without the marks an Arabic name at the start of "name · 12 Mar 2026" would turn the whole
    line around. Only right-to-left text needs them; other text is returned as it is.
    """
    return f"{FSI}{text}{PDI}" if RTL_CHARS.search(text) else text



def fmt_date(value: dt.date | None, empty: str = "") -> str:
    """A date nobody can misread in any country: 12 Mar 2026."""
    if value is None:
        return empty
    return format_date(value, short=True)


def clip(text: str, limit: int) -> str:
    """Text cut to ``limit`` characters with an ellipsis, for places that summarise (the full text is elsewhere)."""
    return text if len(text) <= limit else text[:limit].rstrip() + "…"


def plural(n: int, noun: str) -> str:
    """'1 quick win', '3 quick wins'; ``noun`` is given in the plural."""
    return f"{n} {noun[:-1] if n == 1 and noun.endswith('s') else noun}"


def fmt_number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:.{digits}f}"


@dataclass(frozen=True)
class StepRef:
    """An exercise step with its number in the agenda (breaks are not numbered)."""

    number: int
    step: Step

    @property
    def heading(self) -> str:
        return f"{self.number}. {self.step.title}"


def exercise_steps(doc: WorkshopDoc) -> list[StepRef]:
    """The agenda's exercises (breaks left out), numbered from 1."""
    refs: list[StepRef] = []
    for step in doc.steps:
        if step.exercise is not None:
            refs.append(StepRef(len(refs) + 1, step))
    return refs


class Directory:
    """Look-ups over one document: who is who, which step and item an id names."""

    def __init__(self, doc: WorkshopDoc) -> None:
        self.doc = doc
        self.people: dict[str, Participant] = {p.id: p for p in doc.participants}
        self.steps: dict[str, Step] = {s.id: s for s in doc.steps}
        self.items: dict[str, ItemBase] = {i.id: i for i in doc.items}
        self.groups = {g.id: g.name for g in doc.groups}
        self._commitments: dict[str, list[Commitment]] | None = None

    def name(self, person_id: str | None) -> str:
        """A participant's name; "" when there is none or they left the list."""
        person = self.people.get(person_id or "")
        return person.name if person else ""

    def role(self, person_id: str | None) -> str:
        person = self.people.get(person_id or "")
        return person.role if person else ""

    def author(self, step: Step, item: ItemBase) -> str:
        """The author as exports may show them: never a name for an anonymous exercise."""
        if step.anonymous:
            return ""
        return self.name(item.author) if item.author != "room" else "The room"

    def step_title(self, step_id: str | None) -> str:
        step = self.steps.get(step_id or "")
        return step.title if step else ""

    @overload
    def items_of(self, step: Step, kind: type[AnswerT]) -> list[AnswerT]: ...
    @overload
    def items_of(self, step: Step, kind: None = None) -> list[ItemBase]: ...
    def items_of(self, step: Step, kind: type[ItemBase] | None = None) -> list[Any]:
        return step_items(self.doc.items, step, kind)

    def cluster_name(self, item: ItemBase) -> str:
        cluster = self.items.get(item.cluster or "") if isinstance(item, Note) else None
        return cluster.text if cluster else ""

    def item_label(self, item_id: str | None) -> str:
        """A short name for a map node or link, for lists and CSV cells."""
        item = self.items.get(item_id or "")
        if item is None:
            return ""
        if isinstance(item, Link):
            return f"{self.item_label(item.source)} → {self.item_label(item.target)}"
        return item.text.splitlines()[0] if item.text else ""

    def places(self, marker: Marker) -> str:
        """Every hand-off or department a marker sits on, by name: 'Service → Product; Product → Service'."""
        return "; ".join(label for label in (self.item_label(t) for t in marker.targets) if label)

    def owner(self, action: ActionItem) -> str:
        """The owner's name as the plan shows it: the participant's current name, else the typed one."""
        return self.name(action.owner_id) or action.owner

    def actions(self) -> list[ActionItem]:
        """The action plan in the order the room arranged it."""
        return sorted(self.doc.actions, key=lambda a: (a.order, a.created))

    def actions_of(self, person: Participant) -> list[ActionItem]:
        return [
            a for a in self.actions()
            if a.owner_id == person.id or (a.owner_id is None and a.owner and a.owner == person.name)
        ]

    def commitments_of(self, person_id: str) -> list[Commitment]:
        """A person's commitments in agenda order (indexed once: exports ask for every person)."""
        if self._commitments is None:
            order = {s.id: n for n, s in enumerate(self.doc.steps)}
            by_person: dict[str, list[Commitment]] = {}
            for item in self.doc.items:
                if isinstance(item, Commitment) and item.author:
                    by_person.setdefault(item.author, []).append(item)
            for found in by_person.values():
                found.sort(key=lambda i: (order.get(i.step, 0), i.order, i.created))
            self._commitments = by_person
        return list(self._commitments.get(person_id, []))

    def action_for_item(self) -> dict[str, ActionItem]:
        """Actions by the answer they were made from."""
        return {a.source: a for a in self.doc.actions if a.source}

    def why(self, action: ActionItem) -> str:
        """Why the action exists, with the exercise it came from when the reason does not say."""
        why = action.why.strip()
        title = self.step_title(action.step)
        if title and title not in why:
            why = f"{why}\nFrom: {title}" if why else f"From: {title}"
        return why


def is_proposal(item: ItemBase) -> bool:
    return isinstance(item, Marker) and item.proposal


def canvas_cards(step: Step, entries: list[Entry]) -> list[str]:
    """The cards of a canvas in the order they were first filled ("" is the room's card)."""
    cards: list[str] = []
    for entry in entries:
        if entry.card not in cards:
            cards.append(entry.card)
    return cards
