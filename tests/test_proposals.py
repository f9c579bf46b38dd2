"""A proposal that fixes several hand-offs at once: attached in one step, kept in the file and in JSON,
taken off a hand-off that is deleted, and gone with the last one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workshop_app.core.proposals import add_to_proposal, attach_proposal
from workshop_app.core.workshop import Workshop, WorkshopError
from workshop_app.export.json_io import dump_json, parse_json
from workshop_app.model.answers import Marker
from workshop_app.model.document import FORMAT_VERSION, Step, WorkshopDoc


@pytest.fixture
def silos(tmp_path: Path, library):
    """A map with Service, Product and Sales, and the hand-offs Service → Product, Product → Service, Sales → Service."""
    step = Step(title="Silos", exercise=library.exercises["silo-breaking-map"])
    ws = Workshop.create(tmp_path / "map.workshop", WorkshopDoc(steps=[step]))
    ws.add_nodes(step.id, [("Service", 100, 100, 0), ("Product", 400, 100, 1), ("Sales", 100, 300, 0)], "Add")
    service, product, sales = (n.id for n in ws.items(step.id, "node"))
    for source, target in ((service, product), (product, service), (sales, service)):
        ws.add_item(step.id, "link", source=source, target=target)
    links = [link.id for link in ws.items(step.id, "link")]
    yield ws, step.id, links
    ws.close()


def only_marker(ws: Workshop, step_id: str) -> Marker:
    markers = ws.items(step_id, Marker)
    assert len(markers) == 1
    return markers[0]


def test_one_proposal_on_two_hand_offs_is_one_step_and_stays_in_the_file(silos) -> None:
    ws, step_id, (there, back, _sales) = silos
    edit = attach_proposal(ws, step_id, "A shared complaint queue", [there, back])
    marker = only_marker(ws, step_id)
    assert (marker.target, marker.also, marker.proposal, marker.targets) == (there, [back], True, [there, back])
    assert edit.label == "Add proposal on 2 hand-offs"
    path = ws.path
    ws.close()
    again = Workshop.open(path)
    try:
        assert only_marker(again, step_id).targets == [there, back]
    finally:
        again.close()


def test_a_hand_off_added_to_a_proposal_and_undone(silos) -> None:
    ws, step_id, (there, back, sales) = silos
    attach_proposal(ws, step_id, "A shared complaint queue", [there])
    marker = only_marker(ws, step_id)
    edit = add_to_proposal(ws, marker.id, sales)
    assert only_marker(ws, step_id).targets == [there, sales]
    with pytest.raises(WorkshopError, match="already"):
        add_to_proposal(ws, marker.id, there)
    ws.undo(edit)
    assert only_marker(ws, step_id).targets == [there]


def test_the_references_of_every_target_are_checked(silos) -> None:
    ws, step_id, (there, back, _sales) = silos
    node = ws.items(step_id, "node")[0].id
    with pytest.raises(WorkshopError, match="department or a hand-off of this map"):
        attach_proposal(ws, step_id, "Queue", [there, "no-such-row"])
    with pytest.raises(WorkshopError, match="loss marks one place"):
        ws.add_item(step_id, "marker", target=there, also=[back], proposal=False)
    with pytest.raises(WorkshopError, match="already"):
        ws.add_item(step_id, "marker", target=there, also=[there], proposal=True)
    assert ws.items(step_id, Marker) == []
    # A department may be fixed too, beside a hand-off.
    attach_proposal(ws, step_id, "Rotation", [back, node])
    assert only_marker(ws, step_id).targets == [back, node]


def test_deleting_a_hand_off_takes_it_off_the_proposal_and_the_last_takes_the_proposal(silos) -> None:
    ws, step_id, (there, back, _sales) = silos
    attach_proposal(ws, step_id, "A shared complaint queue", [there, back])
    marker = only_marker(ws, step_id)
    first = ws.delete_items([there], "Delete from map")
    assert only_marker(ws, step_id).targets == [back]  # the second became the first
    second = ws.delete_items([back], "Delete from map")
    assert ws.items(step_id, Marker) == []
    ws.undo(second)
    assert only_marker(ws, step_id).targets == [back]
    ws.undo(first)
    assert only_marker(ws, step_id) == marker
    # Deleting both at once removes the proposal in the same step; one undo brings all three back.
    both = ws.delete_items([there, back], "Delete from map")
    assert ws.items(step_id, Marker) == [] and {row_id for _t, row_id, _b, _a in both.rows} == {there, back, marker.id}
    ws.undo(both)
    assert only_marker(ws, step_id) == marker


def test_deleting_a_department_takes_its_hand_offs_off_the_proposal(silos) -> None:
    ws, step_id, (there, back, sales) = silos
    attach_proposal(ws, step_id, "A shared complaint queue", [there, sales])
    sales_node = ws.items(step_id, "node")[2].id
    ws.delete_items([sales_node], "Delete from map")
    assert only_marker(ws, step_id).targets == [there]


def test_json_round_trip_and_an_export_from_before(silos) -> None:
    ws, step_id, (there, back, _sales) = silos
    attach_proposal(ws, step_id, "A shared complaint queue", [there, back])
    text = dump_json(ws.doc)
    data = json.loads(text)
    assert data["version"] == FORMAT_VERSION == 4
    doc = parse_json(text)
    assert [m.targets for m in doc.items if isinstance(m, Marker)] == [[there, back]]
    # An export of version 3 has markers with one target and no "also": it reads as it always did.
    for item in data["items"]:
        item.pop("also", None)
    data["version"] = 3
    old = parse_json(json.dumps(data))
    assert old.version == FORMAT_VERSION
    assert [m.targets for m in old.items if isinstance(m, Marker)] == [[there]]
    # A hand-off named twice, or a loss on two places, is refused with a plain line.
    marker = next(i for i in data["items"] if i["kind"] == "marker")
    marker["also"] = [there]
    with pytest.raises(ValueError, match="on that hand-off already"):
        parse_json(json.dumps(data))


def test_markdown_and_the_answers_table_list_every_hand_off_a_proposal_fixes(silos) -> None:
    from workshop_app.export.markdown import markdown_text
    from workshop_app.export.tables import answers_table

    ws, step_id, (there, back, _sales) = silos
    attach_proposal(ws, step_id, "A shared complaint queue", [there, back])
    assert "A shared complaint queue (at Service → Product; Product → Service)" in markdown_text(ws.doc)
    table = answers_table(ws.doc)
    column = table.header.index("To")  # where a marker sits
    row = next(r for r in table.rows if r[-1] == only_marker(ws, step_id).id)
    assert row[column] == "Service → Product; Product → Service"
