"""One user action, one unit of work: a compound action is all or nothing, in the file, in memory, on
screen and on the undo stack, whether its second part is refused or the disk fails under it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests import board_cards as cards
from workshop_app.core.workshop import Workshop, WorkshopError
from workshop_app.gui.session import Session
from workshop_app.gui.views import view_class
from workshop_app.model.document import Participant, Step, WorkshopDoc, WorkshopInfo
from workshop_app.storage.errors import StorageWriteError

PEOPLE = [Participant(id="ann", name="Ann Lee", role="Sales"), Participant(id="bo", name="Bo Berg", role="Finance")]


class FailingCommit:
    """A connection whose commits fail as if the drive had been pulled out; reads still work."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real

    def execute(self, sql: str, *args: object) -> object:
        if sql.split()[0].upper() == "COMMIT":
            raise sqlite3.OperationalError("disk I/O error")
        return self.real.execute(sql, *args)

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def make(path: Path, library) -> Workshop:
    steps = [
        Step(id="board", title="Ideas", exercise=library.exercises["provocative-questions"]),
        Step(id="map", title="Silo map", exercise=library.exercises["silo-breaking-map"]),
        Step(id="resolutions", title="Resolutions", exercise=library.exercises["three-resolutions"]),
        Step(id="kpi", title="KPI review", exercise=library.exercises["kpi-review"]),
    ]
    doc = WorkshopDoc(info=WorkshopInfo(title="Kick-off", date=dt.date(2026, 3, 12)), steps=steps, participants=PEOPLE)
    ws = Workshop.create(path, doc)
    for text in ("Ask customers", "Cut the queue", "Call back in a day"):
        ws.add_note("board", text)
    ws.add_commitment("resolutions", "ann", "Visit a customer", dt.date(2026, 6, 1))
    ws.add_item("kpi", "spectrum", text="Calls per hour", change="Count first-contact resolution", position=0.2)
    return ws


def dump(ws: Workshop) -> dict:
    return ws.doc.model_dump(mode="json")


def reopened(path: Path) -> dict:
    ws = Workshop.open(path, readonly=True)
    try:
        return dump(ws)
    finally:
        ws.close()


def refuse(ws: Workshop, name: str, monkeypatch: pytest.MonkeyPatch, after: int = 0) -> None:
    """Make the core operation ``name`` refused from its ``after``-th call on (the earlier ones work)."""
    real = getattr(ws, name)
    calls = {"n": 0}

    def refused(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        if calls["n"] > after:
            raise WorkshopError("Refused for the test.")
        return real(*args, **kwargs)

    monkeypatch.setattr(ws, name, refused)


# Each compound action, the core operation that makes its second part, and after how many calls of it
# that part is reached.
def _compound(ws: Workshop) -> dict[str, tuple[Callable[[], object], str, int]]:
    notes = [n.id for n in ws.items("board", "note")]
    commitment = ws.items("resolutions", "commitment")[0].id
    kpi = ws.items("kpi", "spectrum")[0].id
    return {
        "cluster notes": (lambda: ws.cluster_notes("board", "Speed", notes[:2]), "update_items", 0),
        "add commitment": (lambda: ws.add_commitment("resolutions", "bo", "Share the figures"), "add_action", 0),
        "edit commitment": (lambda: ws.update_commitment(commitment, "Visit two customers", None), "update_action", 0),
        "remove commitment": (lambda: ws.remove_commitment(commitment), "delete_items", 0),
        "add departments": (
            lambda: ws.add_nodes("map", [("Sales", 10, 10, 0), ("Service", 200, 10, 1)], "Add the exercise's departments"),
            "add_item", 1,
        ),
        "KPI action": (lambda: ws.action_from_item(kpi, what="Count first-contact resolution"), "add_action", 0),
    }


@pytest.mark.parametrize("name", ["cluster notes", "add commitment", "edit commitment", "remove commitment",
                                  "add departments"])
def test_second_part_refused_leaves_nothing(tmp_path: Path, library, monkeypatch, name: str) -> None:
    path = tmp_path / "a.workshop"
    ws = make(path, library)
    action, second, after = _compound(ws)[name]
    expected = dump(ws)
    changes = []
    ws.subscribe(changes.append)
    refuse(ws, second, monkeypatch, after)
    with pytest.raises(WorkshopError, match="Refused for the test"):
        action()
    assert dump(ws) == expected
    assert changes == [], "nothing is announced for an action that did not happen"
    monkeypatch.undo()
    ws.add_note("board", "still works")  # the workshop is not left in a half state
    ws.close()
    after_reopen = reopened(path)
    assert [i for i in after_reopen["items"] if i["text"] != "still works"] == expected["items"]
    assert after_reopen["actions"] == expected["actions"]


@pytest.mark.parametrize("name", ["cluster notes", "add commitment", "edit commitment", "remove commitment",
                                  "add departments", "KPI action"])
def test_disk_failure_leaves_nothing(tmp_path: Path, library, name: str) -> None:
    path = tmp_path / "a.workshop"
    ws = make(path, library)
    action = _compound(ws)[name][0]
    expected = dump(ws)
    real = ws.file.conn
    ws.file.conn = FailingCommit(real)  # type: ignore[assignment]
    with pytest.raises(StorageWriteError):
        action()
    assert dump(ws) == expected
    ws.file.conn = real
    ws.close()
    assert reopened(path) == expected


def test_compound_action_is_one_write_and_one_undo(tmp_path: Path, library) -> None:
    ws = make(tmp_path / "a.workshop", library)
    commits = ws.file.commits
    notes = [n.id for n in ws.items("board", "note")][:2]
    edit = ws.cluster_notes("board", "Speed", notes)
    assert ws.file.commits == commits + 1
    cluster = ws.items("board", "cluster")[0]
    assert {ws.item(n).cluster for n in notes} == {cluster.id}
    ws.undo(edit)
    assert ws.items("board", "cluster") == []
    assert {ws.item(n).cluster for n in notes} == {None}
    ws.redo(edit)
    assert {ws.item(n).cluster for n in notes} == {cluster.id}
    ws.close()


def test_references_must_exist(tmp_path: Path, library) -> None:
    ws = make(tmp_path / "a.workshop", library)
    note = ws.items("board", "note")[0].id
    with pytest.raises(WorkshopError, match="cluster"):
        ws.update_item(note, cluster="nosuchcluster")
    with pytest.raises(WorkshopError, match="participant"):
        ws.add_note("board", "by nobody", author="nobody")
    with pytest.raises(WorkshopError, match="hand-off"):
        ws.add_item("map", "link", source="nosuchnode", target="another")
    sales = ws.add_nodes("map", [("Sales", 10, 10, 0)], "Add").rows[0][1]
    with pytest.raises(WorkshopError, match="marker"):
        ws.add_item("map", "marker", target=note)  # a note of another step is no place for a marker
    with pytest.raises(WorkshopError, match="owner"):
        ws.add_action("Call", owner_id="nobody")
    ws.add_item("map", "marker", target=sales)
    ws.close()


# -- through the screen ---------------------------------------------------------------------------------
@pytest.fixture
def board(qtbot, tmp_path, library):
    ws = make(tmp_path / "b.workshop", library)
    session = Session(ws)
    view = view_class("board")(session, "board")
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitExposed(view)
    yield session, view
    view.hide()
    session.close()


def _tree_texts(view) -> list[str]:
    """What the board shows under its prompt: cluster names and notes, top to bottom."""
    return [r.text for r in cards.rows(view, view.column)]


def test_cluster_on_screen_is_all_or_nothing(board, monkeypatch) -> None:
    session, view = board
    ws: Workshop = session.workshop
    notes = [n.id for n in ws.items("board", "note")][:2]
    shown = _tree_texts(view)
    messages = []
    session.error_raised.connect(messages.append)
    real = ws.file.conn
    ws.file.conn = FailingCommit(real)  # type: ignore[assignment]
    view._make_cluster("Speed", notes)
    assert len(messages) == 1
    assert session.undo_stack.count() == 0
    assert _tree_texts(view) == shown
    ws.file.conn = real
    view._make_cluster("Speed", notes)
    assert session.undo_stack.count() == 1
    assert any("Speed" in t for t in _tree_texts(view))


def test_failed_undo_keeps_the_stack_in_step(board) -> None:
    session, view = board
    ws: Workshop = session.workshop
    assert session.do(lambda: ws.add_note("board", "First"))
    assert session.do(lambda: ws.add_note("board", "Second"))
    failures = []
    session.undo_failed.connect(failures.append)
    real = ws.file.conn
    ws.file.conn = FailingCommit(real)  # type: ignore[assignment]
    assert not session.undo()
    assert session.undo_stack.index() == 2 and session.undo_stack.undoText() == "Add note"
    assert failures and "Second" in failures[0]
    assert "Second" in [n.text for n in ws.items("board", "note")]
    ws.file.conn = real
    done = []
    session.undo_done.connect(done.append)
    assert session.undo()  # the change that failed to undo is still the one undone next
    assert "Second" not in [n.text for n in ws.items("board", "note")]
    assert "First" in [n.text for n in ws.items("board", "note")]
    assert done == ["Undone: add note “Second” in Ideas"]
    assert session.redo()
    assert "Second" in [n.text for n in ws.items("board", "note")]


def test_details_are_undoable_and_moving_is_not_a_change(board, qtbot) -> None:
    session, view = board
    ws: Workshop = session.workshop
    qtbot.keyClicks(view.entry, "Keep me")
    qtbot.keyClick(view.entry, Qt.Key.Key_Return)
    session.go_to(1)
    assert session.do(lambda: ws.update_info(title="Renamed"))
    assert session.undo()
    assert ws.info.title == "Kick-off"
    assert "Keep me" in [n.text for n in ws.items("board", "note")]
    path = ws.path
    session.close()
    assert reopened(path)["info"]["title"] == "Kick-off"


def test_undo_refused_when_a_row_changed_since(board) -> None:
    session, _view = board
    ws: Workshop = session.workshop
    note = ws.items("board", "note")[0].id
    assert session.do(lambda: ws.update_item(note, text="Ask customers first"))
    ws.vote(note, "ann")  # a change that is not on this stack (a phone's vote, say)
    assert not session.undo()
    assert ws.item(note).text == "Ask customers first" and ws.item(note).votes == {"ann": 1}
    assert session.undo_stack.index() == 1


def test_an_import_with_broken_references_is_refused() -> None:
    import json

    from workshop_app.export.json_io import JsonImportError, parse_json

    doc = {"format": "workshop-app", "version": 2, "steps": [{"id": "s", "title": "Ideas", "exercise": None}],
           "items": [{"id": "n", "kind": "note", "step": "s", "text": "On a break"}]}
    with pytest.raises(JsonImportError, match="cannot be added to a break"):
        parse_json(json.dumps(doc))
    doc["items"] = [{"id": "m", "kind": "marker", "step": "nowhere", "target": "x"}]
    with pytest.raises(JsonImportError, match="no longer in the agenda"):
        parse_json(json.dumps(doc))
