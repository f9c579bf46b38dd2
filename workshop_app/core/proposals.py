"""Proposals on the silo-breaking map that fix several hand-offs at once.

A shared complaint queue mends Service → Product and Product → Service together; one proposal names
both, so the room counts it once and every export lists each hand-off it fixes. Each change here is
one user action and one undo step. Deleting a hand-off takes it off the proposals on it (see
``Workshop.delete_items``); a proposal left on nothing goes with it.
"""

from __future__ import annotations

from collections.abc import Sequence

from workshop_app.core.workshop import Edit, Workshop, WorkshopError
from workshop_app.model.answers import Marker


def attach_proposal(ws: Workshop, step_id: str, text: str, targets: Sequence[str]) -> Edit:
    """A new proposal on every one of ``targets`` (hand-offs or departments of the map), in that order."""
    places = list(dict.fromkeys(targets))
    if not places:
        raise WorkshopError("Select the hand-offs the proposal fixes first.")
    label = "Add proposal" if len(places) == 1 else f"Add proposal on {len(places)} hand-offs"
    return ws.add_item(step_id, "marker", label, text=text, target=places[0], also=places[1:], proposal=True)


def add_to_proposal(ws: Workshop, marker_id: str, target: str) -> Edit:
    """One more hand-off (or department) that an existing proposal fixes."""
    if not ws.has_item(marker_id) or not isinstance(ws.item(marker_id), Marker):
        raise WorkshopError("That proposal is no longer on the map.")
    marker = ws.item(marker_id, Marker)
    if not marker.proposal:
        raise WorkshopError("Only a proposal can sit on several hand-offs; a loss marks one place.")
    if target in marker.targets:
        raise WorkshopError("That proposal is on that hand-off already.")
    return ws.update_item(marker_id, "Add hand-off to proposal", also=[*marker.also, target])
