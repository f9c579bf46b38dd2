"""What phones can do at each step, over real HTTP on 127.0.0.1, against a server whose workshop is owned
by a thread of the test (as the GUI thread owns it in the app). Checked on the answers and on the file."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.join_helpers import EventStream, OwnedServer, Phone, wait_for
from workshop_app.core.workshop import Workshop
from workshop_app.join.guard import Limits
from workshop_app.join.network import list_interfaces
from workshop_app.model.answers import Answer, Commitment, Entry, Note, SpectrumItem


@pytest.fixture
def owned(demo_path: Path) -> Iterator[OwnedServer]:
    server = OwnedServer(demo_path)
    yield server
    server.close()


def reopened(path: Path) -> Workshop:
    return Workshop.open(path, readonly=True)


def pick(owned: OwnedServer, phone: Phone, name: str) -> str:
    person = next(p for p in phone.state()["participants"] if p["name"] == name)
    reply = phone.post("me", {"participant": person["id"]})
    assert reply.status == 200, reply
    assert reply.json()["name"] == name
    return person["id"]


def test_state_offers_the_board_and_a_note_lands_in_the_file(owned: OwnedServer, demo_path: Path) -> None:
    step_id = owned.go_to("board", 2)
    phone = owned.phone()
    state = phone.state()
    step = state["step"]
    assert step["id"] == step_id and step["type"] == "board" and step["title"] == "Provocative questions"
    assert step["prompts"] and step["budget"] == 3 and step["anonymous_allowed"]
    assert len(state["participants"]) == 12
    # No author, colour or vote total of anyone else is served, only the texts to vote on.
    assert set(step["notes"][0]) == {"id", "text", "prompt"} and step["my_votes"] == {}
    reply = phone.post("notes", {"text": "What would a customer stop paying for?", "prompt": 1, "step": step_id})
    assert reply.status == 201
    note_id = reply.json()["id"]
    assert [n["id"] for n in phone.state()["step"]["my_notes"]] == [note_id]
    owned.close()
    ws = reopened(demo_path)
    note = ws.item(note_id, Note)
    assert (note.text, note.prompt, note.author, note.step) == ("What would a customer stop paying for?", 1, None, step_id)
    ws.close()


def test_a_named_phone_writes_as_that_person_and_names_are_not_shared(owned: OwnedServer) -> None:
    step_id = owned.go_to("board", 1)
    anna, other = owned.phone(), owned.phone()
    anna_id = pick(owned, anna, "Anna Kowalska")
    taken = next(p for p in other.state()["participants"] if p["id"] == anna_id)
    assert taken["taken"] is True
    reply = other.post("me", {"participant": anna_id})
    assert reply.status == 409 and "another phone" in reply.json()["error"]
    note = anna.post("notes", {"text": "Signed note", "prompt": 0}).json()["id"]
    assert owned.do(lambda ws: ws.item(note).author) == anna_id
    # The console frees the name; then the other phone may take it.
    assert owned.do(lambda ws: owned.server.room.release(anna_id))
    assert other.post("me", {"participant": anna_id}).status == 200
    assert anna.state()["me"]["participant"] is None
    assert owned.do(lambda ws: ws.current_step.id) == step_id


def test_dot_votes_stay_within_the_budget(owned: OwnedServer, demo_path: Path) -> None:
    step_id = owned.go_to("board", 2)
    phone = owned.phone()
    notes = phone.state()["step"]["notes"]
    assert phone.post("votes", {"note": notes[0]["id"]}).status == 409  # anonymous phones cannot vote
    person = pick(owned, phone, "Grace Liu")

    def take_back(ws: Workshop) -> None:  # the demo may have spent her dots already
        for note in ws.items(step_id, Note):
            for _ in range(note.votes.get(person, 0)):
                ws.vote(note.id, person, -1)

    owned.do(take_back)
    assert phone.state()["step"]["votes_used"] == 0
    for _ in range(3):
        assert phone.post("votes", {"note": notes[0]["id"], "delta": 1}).status == 201
    reply = phone.post("votes", {"note": notes[1]["id"], "delta": 1})
    assert reply.status == 422 and "all 3 votes" in reply.json()["error"]
    step = phone.state()["step"]
    assert step["votes_used"] == 3
    assert step["my_votes"] == {notes[0]["id"]: 3}
    assert phone.post("votes", {"note": notes[1]["id"], "delta": -1}).status == 409  # none there to take back
    assert phone.post("votes", {"note": notes[0]["id"], "delta": -1}).status == 200
    owned.close()
    ws = reopened(demo_path)
    assert ws.votes_used(step_id, person) == 2
    ws.close()


def test_poll_answers_are_the_phones_own(owned: OwnedServer, demo_path: Path) -> None:
    step_id = owned.go_to("poll")
    before = set(owned.do(lambda ws: [i.id for i in ws.items(step_id)]))
    a, b = owned.phone(), owned.phone()
    state = a.state()["step"]
    assert state["statements"] and state["options"] == ["Yes", "Partly", "No"]
    assert state["mine"] == {}  # the demo's answers are other people's
    reply = a.post("poll", {"answers": [{"statement": 0, "option": 2}, {"statement": 1, "option": 0}]})
    assert reply.status == 201
    assert a.state()["step"]["mine"] == {"0": 2, "1": 0}
    assert b.state()["step"]["mine"] == {}
    assert a.post("poll", {"answers": [{"statement": 0, "option": None}, {"statement": 1, "option": 1}]}).status == 200
    assert a.state()["step"]["mine"] == {"1": 1}
    assert a.post("poll", {"answers": [{"statement": 99, "option": 0}]}).status == 400
    assert a.post("poll", {"answers": [{"statement": 0, "option": 3}]}).status == 400
    owned.close()
    ws = reopened(demo_path)
    new = [(i.statement, i.value, i.author) for i in ws.items(step_id, Answer) if i.id not in before]
    assert new == [(1, 1.0, None)]  # statement 0 was taken back, statement 1 changed
    ws.close()


def test_anonymous_rating_stores_no_name_and_shows_only_the_phones_own(owned: OwnedServer, demo_path: Path) -> None:
    step_id = owned.go_to("rating")
    before = set(owned.do(lambda ws: [i.id for i in ws.items(step_id)]))
    first, second = owned.phone(), owned.phone()
    pick(owned, first, "Ben Okafor")  # a name does not go onto an anonymous step's answers
    step = first.state()["step"]
    assert step["anonymous"] and step["scale"]["min"] == 1 and step["scale"]["max"] == 5
    assert len(step["statements"]) == 20 and step["mine"] == {}
    ratings = [{"statement": i, "value": 1 + i % 5} for i in range(20)]
    assert first.post("ratings", {"ratings": ratings}).status == 201  # 20 ratings: one submission
    assert second.post("ratings", {"ratings": [{"statement": 0, "value": 5}]}).status == 201
    assert first.state()["step"]["mine"] == {str(i): 1 + i % 5 for i in range(20)}
    assert second.state()["step"]["mine"] == {"0": 5}
    assert first.post("ratings", {"ratings": [{"statement": 0, "value": 6}]}).status == 400
    summary = owned.do(lambda ws: owned.server.room.summary())
    assert summary.answered_step(step_id) == 2  # people, not answers
    owned.close()
    ws = reopened(demo_path)
    new = [i for i in ws.items(step_id, Answer) if i.id not in before]
    assert len(new) == 21 and all(i.author is None for i in new)
    # Each phone's ratings share one random respondent key, so they count as one person's scores.
    keys = {i.respondent for i in new}
    assert len(keys) == 2 and None not in keys
    assert sorted(sum(1 for i in new if i.respondent == k) for k in keys) == [1, 20]
    ws.close()


def test_canvas_entries_go_on_the_card_of_the_persons_role(owned: OwnedServer, demo_path: Path) -> None:
    step_id = owned.go_to("canvas")
    phone = owned.phone()
    step = phone.state()["step"]
    assert step["needs_name"] and not step["anonymous_allowed"]
    assert phone.post("entries", {"field": 0, "text": "x"}).status == 409
    person = pick(owned, phone, "Anna Kowalska")
    role = owned.do(lambda ws: ws.participant(person).role)
    step = phone.state()["step"]
    assert step["card"] == role and step["fields"]
    assert phone.post("entries", {"field": 1, "text": "We call back within a day."}).status in (200, 201)
    assert phone.state()["step"]["entries"]["1"] == "We call back within a day."
    owned.close()
    ws = reopened(demo_path)
    entry = next(e for e in ws.items(step_id, Entry) if e.card == role and e.field == 1)
    assert entry.text == "We call back within a day."
    ws.close()


def test_a_commitment_and_its_action_come_and_go_together(owned: OwnedServer, demo_path: Path) -> None:
    owned.go_to("commitments")
    phone = owned.phone()
    assert phone.post("commitments", {"slot": 0, "text": "I will"}).status == 409  # needs a name
    person = pick(owned, phone, "Julia Rossi")

    def linked(item_id: str) -> object:
        return owned.do(lambda ws: [(a.what, a.owner_id, a.due and a.due.isoformat())
                                    for a in ws.doc.actions if a.source == item_id])

    mine = {c["slot"]: c for c in phone.state()["step"]["mine"]}
    if 2 in mine:  # the demo has her commitments: take the last one back, with its action
        old = next(i for i in owned.do(lambda ws: ws.items(ws.current_step.id, Commitment))
                   if i.author == person and i.slot == 2)
        assert phone.post("commitments", {"slot": 2, "text": ""}).status == 200
        assert owned.do(lambda ws: ws.has_item(old.id)) is False and linked(old.id) == []
    reply = phone.post("commitments", {"slot": 2, "text": "Call three lost customers", "due": "2027-03-01"})
    assert reply.status == 201
    item_id = reply.json()["id"]
    assert linked(item_id) == [("Call three lost customers", person, "2027-03-01")]
    assert phone.post("commitments", {"slot": 2, "text": "Call five lost customers", "due": None}).status == 200
    assert linked(item_id) == [("Call five lost customers", person, None)]
    assert phone.post("commitments", {"slot": 2, "text": "x", "due": "2027-02-30"}).status == 400
    assert phone.post("commitments", {"slot": 9, "text": "x"}).status == 400
    assert {c["slot"]: c["text"] for c in phone.state()["step"]["mine"]}[2] == "Call five lost customers"
    owned.close()
    ws = reopened(demo_path)
    assert ws.item(item_id, Commitment).text == "Call five lost customers" and ws.item(item_id, Commitment).due is None
    assert [a.what for a in ws.doc.actions if a.source == item_id] == ["Call five lost customers"]
    ws.close()


def test_spectrum_items_and_a_step_that_moved_on(owned: OwnedServer, demo_path: Path) -> None:
    step_id = owned.go_to("spectrum")
    phone = owned.phone()
    step = phone.state()["step"]
    assert step["categories"] and step["mine"] == []
    reply = phone.post("spectrum", {"text": "Calls per hour", "category": 0, "change": "Count solved problems", "step": step_id})
    assert reply.status == 201
    assert [m["text"] for m in phone.state()["step"]["mine"]] == ["Calls per hour"]
    owned.go_to("map")
    late = phone.post("spectrum", {"text": "Late", "category": 0, "step": step_id})
    assert late.status == 409 and "moved" in late.json()["error"]
    assert phone.state()["step"]["type"] == "map"
    assert phone.post("notes", {"text": "not a board", "prompt": 0}).status == 409
    owned.close()
    ws = reopened(demo_path)
    item = ws.item(reply.json()["id"], SpectrumItem)
    assert (item.kind, item.text, item.change, item.step) == ("spectrum", "Calls per hour", "Count solved problems", step_id)
    assert not any(i.text == "Late" for i in ws.doc.items)
    ws.close()


def test_phones_follow_the_facilitator_by_events(owned: OwnedServer) -> None:
    owned.go_to("board", 1)
    phone = owned.phone()
    stream = EventStream(phone)
    try:
        first = stream.next_event()["revision"]
        wait_for(lambda: owned.do(lambda ws: owned.server.room.summary().connected) == 1, "the phone to be connected")
        owned.go_to("poll")
        later = stream.next_event()["revision"]
        assert later > first
        assert phone.state()["step"]["type"] == "poll"
    finally:
        stream.close()
    wait_for(lambda: owned.do(lambda ws: owned.server.room.summary().connected) == 0, "the phone to drop off")


def test_a_renewed_token_refuses_the_old_link_and_keeps_the_phone(owned: OwnedServer) -> None:
    owned.go_to("board", 1)
    phone = owned.phone()
    person = pick(owned, phone, "Farid Haddad")
    old = owned.url
    new = owned.do(lambda ws: owned.server.renew_token())
    assert new != old and new.rsplit("/", 1)[0] == old.rsplit("/", 1)[0]
    assert phone.request("GET", "/state").status == 404
    assert phone.post("notes", {"text": "old link", "prompt": 0}).status == 404
    moved = Phone(new)
    moved.cookie = phone.cookie  # the same phone, scanning the new code
    assert moved.join().status == 200
    assert moved.state()["me"]["participant"] == person


def test_held_notes_wait_for_the_facilitator(owned: OwnedServer) -> None:
    owned.go_to("board", 1)
    room = owned.server.room
    owned.do(lambda ws: setattr(room, "hold_notes", True))
    phone = owned.phone()
    kept = phone.post("notes", {"text": "Please approve me", "prompt": 0}).json()
    dropped = phone.post("notes", {"text": "Reject me", "prompt": 0}).json()
    assert kept["held"] and dropped["held"]
    assert owned.do(lambda ws: [i.text for i in room.held()]) == ["Please approve me", "Reject me"]
    assert owned.do(lambda ws: ws.item(kept["id"]).hidden)
    owned.do(lambda ws: room.approve(kept["id"]))
    owned.do(lambda ws: room.reject(dropped["id"]))
    assert owned.do(lambda ws: (ws.item(kept["id"]).hidden, ws.has_item(dropped["id"]), room.held())) == (False, False, [])


def test_the_console_summary_counts_phones(owned: OwnedServer) -> None:
    owned.go_to("board", 1)
    phones = [owned.phone() for _ in range(3)]
    pick(owned, phones[0], "Hannah Schmidt")
    phones[1].post("notes", {"text": "one", "prompt": 0})
    summary = owned.do(lambda ws: owned.server.room.summary())
    assert summary.joined == 3 and summary.anonymous == 2
    assert [d.name for d in summary.devices if d.name] == ["Hannah Schmidt"]
    step_id = owned.do(lambda ws: ws.current_step.id)
    assert summary.answered_step(step_id) == 1


def test_connections_beyond_the_limit_are_refused_and_idle_ones_closed(demo_path: Path) -> None:
    owned = OwnedServer(demo_path, Limits(max_connections=3, idle_timeout=1.0))
    try:
        phone = owned.phone()
        idle = [socket.create_connection((phone.host, phone.port), timeout=60) for _ in range(3)]
        wait_for(lambda: phone.request("GET", "/state").status == 503, "the fourth connection to be refused")
        # A connection that never sends a whole request is closed by the server (a slow client).
        for sock in idle:
            try:
                sock.sendall(b"GET /j/")
                closed = sock.recv(100) == b""
            except ConnectionError:  # closed before the bytes arrived: the reset says so
                closed = True
            assert closed
            sock.close()
        assert phone.request("GET", "/state").status == 200
    finally:
        owned.close()


def test_the_interfaces_list_has_this_computer() -> None:
    found = list_interfaces()
    assert any(i.address == "127.0.0.1" and i.loopback for i in found)
    assert not found[0].loopback or all(i.loopback for i in found)  # reachable addresses first


def test_an_anonymous_board_gives_nobody_away(owned: OwnedServer) -> None:
    step_id = owned.go_to("board", 2)
    owned.do(lambda ws: ws.update_step(step_id, anonymous=True))
    writer, reader = owned.phone(), owned.phone()
    pick(owned, writer, "Ivan Petrov")
    note = writer.post("notes", {"text": "Nobody knows I wrote this", "prompt": 0}).json()["id"]
    assert owned.do(lambda ws: ws.item(note).author) is None  # not even the file knows
    assert writer.state()["step"]["anonymous"] is True
    seen = reader.state()["step"]["notes"]
    assert note in {n["id"] for n in seen} and note not in {n["id"] for n in reader.state()["step"]["my_notes"]}
    assert [n["id"] for n in writer.state()["step"]["my_notes"]] == [note]
    assert seen == writer.state()["step"]["notes"]  # one list for every phone: nothing in it says whose
    texts = [n["text"].casefold() for n in seen]
    assert texts == sorted(texts)  # text order: the order of arrival tells nothing
    # Hidden answers are hidden from phones too.
    owned.do(lambda ws: ws.update_step(step_id, answers_hidden=True))
    step = reader.state()["step"]
    assert step["voting"] is False and step["notes"] == []


def test_hosts_a_server_answers_to() -> None:
    from types import SimpleNamespace

    from workshop_app.join.guard import host_allowed

    one = SimpleNamespace(address="192.168.1.23", port=8080)
    assert host_allowed(one, "192.168.1.23:8080")  # type: ignore[arg-type]
    for host in ("192.168.1.24:8080", "192.168.1.23:8081", "192.168.1.23", "evil.example:8080", ""):
        assert not host_allowed(one, host), host  # type: ignore[arg-type]
    every = SimpleNamespace(address="0.0.0.0", port=8080)
    assert host_allowed(every, "10.42.0.1:8080") and host_allowed(every, "[fd00::2]:8080")  # type: ignore[arg-type]
    assert not host_allowed(every, "rebound.example:8080")  # type: ignore[arg-type]
    six = SimpleNamespace(address="fd00::2", port=80)
    assert host_allowed(six, "[fd00::2]:80") and host_allowed(six, "[fd00::2]")  # type: ignore[arg-type]
