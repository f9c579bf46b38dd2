"""What a row may point at: the rules the core checks on every write and an import checks on every row.

A cluster, a link's ends, every one of a marker's targets, an author, a voter and an owner must each name an existing
row of the right kind in the same step; a progress note must name an action of the plan. An action's ``source`` may outlive the answer it came from (the
action stands on its own), so it is not checked.
"""

from __future__ import annotations

from collections.abc import Mapping

from workshop_app.model.answers import ItemBase, Link, Marker, Note, Progress, votes_of
from workshop_app.model.document import ActionItem, Participant, Step, WorkshopDoc
from workshop_app.model.registry import accepts, refusal

# The room's scribe enters tallies called out by the room: a voter that is nobody in particular.
ROOM_VOTER = "room"


def _same_step(item: ItemBase, other_id: str | None, kinds: tuple[str, ...], items: Mapping[str, ItemBase]) -> bool:
    other = items.get(other_id) if other_id else None
    return other is not None and other.step == item.step and other.kind in kinds


def item_problem(
    item: ItemBase, steps: Mapping[str, Step], items: Mapping[str, ItemBase], people: Mapping[str, Participant],
    actions: Mapping[str, ActionItem] | None = None,
) -> str | None:
    """Why ``item`` cannot be stored beside these rows, in words for the person who tried; None when it can."""
    step = steps.get(item.step)
    if step is None:
        return "That exercise is no longer in the agenda."
    if not accepts(step.type, item.kind):
        return refusal(step.type, item.kind)
    if item.author is not None and item.author not in people:
        return "That participant is no longer in the workshop."
    if any(voter != ROOM_VOTER and voter not in people for voter in votes_of(item)):
        return "A vote names a participant who is no longer in the workshop."
    if isinstance(item, Note) and item.cluster is not None and not _same_step(item, item.cluster, ("cluster",), items):
        return "That cluster is no longer on the board."
    if isinstance(item, Link):
        if not (_same_step(item, item.source, ("node",), items) and _same_step(item, item.target, ("node",), items)):
            return "A hand-off needs two departments on this map."
        if item.source == item.target:
            return "A hand-off goes from one department to another."
    elif isinstance(item, Marker):
        return _marker_problem(item, items)
    elif isinstance(item, Progress) and actions is not None and item.action not in actions:
        return "That action is no longer in the plan."
    return None


def _marker_problem(marker: Marker, items: Mapping[str, ItemBase]) -> str | None:
    if not all(_same_step(marker, target, ("node", "link"), items) for target in marker.targets):
        return "A marker must sit on a department or a hand-off of this map."
    if marker.also and not marker.proposal:
        return "Only a proposal can sit on several hand-offs; a loss marks one place."
    if len(set(marker.targets)) != len(marker.targets):
        return "That proposal is on that hand-off already."
    return None


def action_problem(action: ActionItem, steps: Mapping[str, Step], people: Mapping[str, Participant]) -> str | None:
    """Why ``action`` cannot be stored; None when it can."""
    if action.owner_id is not None and action.owner_id not in people:
        return "The action's owner is no longer in the workshop."
    if action.step is not None and action.step not in steps:
        return "The action comes from an exercise that is no longer in the agenda."
    return None


def document_problems(doc: WorkshopDoc) -> list[str]:
    """Every broken reference in a whole document (an import), each naming the row it is in."""
    steps = {s.id: s for s in doc.steps}
    items: dict[str, ItemBase] = {i.id: i for i in doc.items}
    people = {p.id: p for p in doc.participants}
    actions = {a.id: a for a in doc.actions}
    problems = []
    for item in doc.items:
        problem = item_problem(item, steps, items, people, actions)
        if problem:
            problems.append(f"answer {item.id}: {problem}")
    for action in doc.actions:
        problem = action_problem(action, steps, people)
        if problem:
            problems.append(f"action {action.id}: {problem}")
    return problems
