"""The core and the workshop file: operations commit at once, reopen identically, refuse bad input."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_app.core.workshop import VoteBudgetError, Workshop, WorkshopError
from workshop_app.model.document import FORMAT_VERSION, Step, WorkshopDoc, WorkshopInfo
from workshop_app.storage.workshop_file import (
    MIGRATIONS,
    SCHEMA_VERSION,
    NewerVersionError,
    NotAWorkshopFile,
    WorkshopFile,
)

TRICKY = [
    '<b>unclosed & "quoted"',
    "Emoji 🎉🚀 and ZWJ 👩‍💻",
    "Zażółć gęślą jaźń",
    "Ελληνικά κείμενα",
    "Кириллица тоже",
    "مرحبا بالعالم",
    "中文客户至上",
    "x" * 2000,
]


def board_ws(path: Path, library) -> Workshop:
    ex = library.exercises["provocative-questions"]
    doc = WorkshopDoc(info=WorkshopInfo(title="T"), steps=[Step(title=ex.title, exercise=ex)])
    return Workshop.create(path, doc)


def test_notes_survive_reopen_exactly(tmp_path: Path, library) -> None:
    path = tmp_path / "a.workshop"
    ws = board_ws(path, library)
    step = ws.steps[0].id
    for text in TRICKY:
        ws.add_note(step, text)
    ws.close()
    again = Workshop.open(path)
    assert [i.text for i in again.items(step, "note")] == TRICKY
    assert again.file.integrity_check() == "ok"


def test_too_long_note_refused_with_message(tmp_path: Path, library) -> None:
    ws = board_ws(tmp_path / "a.workshop", library)
    with pytest.raises(WorkshopError, match="at most 2,000 characters"):
        ws.add_note(ws.steps[0].id, "x" * 2001)
    assert ws.items(ws.steps[0].id) == []


def test_edit_undo_roundtrip(tmp_path: Path, library) -> None:
    ws = board_ws(tmp_path / "a.workshop", library)
    step = ws.steps[0].id
    added = ws.add_note(step, "first")
    note_id = added.rows[0][1]
    moved = ws.update_item(note_id, "Move", prompt=2)
    assert ws.item(note_id).prompt == 2
    ws.undo(moved)
    assert ws.item(note_id).prompt == 0
    ws.undo(added)
    assert not ws.has_item(note_id)
    ws.apply(added)
    ws.close()
    assert Workshop.open(tmp_path / "a.workshop").item(note_id).text == "first"


def test_vote_budget_enforced(tmp_path: Path, library) -> None:
    ws = board_ws(tmp_path / "a.workshop", library)
    step = ws.steps[0].id
    ws.add_participant("Ann")
    ann = ws.participants[0].id
    ws.add_note(step, "idea")
    note = ws.items(step)[0].id
    for _ in range(ws.steps[0].budget):
        ws.vote(note, ann)
    with pytest.raises(VoteBudgetError, match="used all 3 votes"):
        ws.vote(note, ann)
    assert ws.item(note).votes[ann] == 3


def test_a_show_of_hands_is_recorded_whole_or_not_at_all(tmp_path: Path, library) -> None:
    ws = board_ws(tmp_path / "a.workshop", library)
    step = ws.steps[0].id
    ws.add_participant("Ann")
    ws.add_participant("Bo")
    ann, bo = (p.id for p in ws.participants)
    first = ws.add_note(step, "first").rows[0][1]
    second = ws.add_note(step, "second").rows[0][1]
    ws.vote(first, ann)
    edit = ws.record_votes(step, {first: {ann: 0, bo: 2}, second: {ann: 3, "room": 12}})
    assert ws.item(first).votes == {bo: 2} and ws.item(second).votes == {ann: 3, "room": 12}
    for refused, message in [
        ({first: {ann: 1}}, "Over the budget of 3 votes each: Ann"),  # 3 already on the second
        ({first: {"nobody": 1}}, "participant or the room"),
        ({first: {bo: -1}}, "whole number"),
        ({"nosuchnote": {bo: 1}}, "notes and clusters"),
    ]:
        with pytest.raises(WorkshopError, match=message):
            ws.record_votes(step, refused)
    assert ws.item(first).votes == {bo: 2} and ws.item(second).votes == {ann: 3, "room": 12}
    ws.undo(edit)  # the whole show of hands is one step
    assert ws.item(first).votes == {ann: 1} and ws.item(second).votes == {}
    ws.redo(edit)
    ws.close()
    again = Workshop.open(tmp_path / "a.workshop")
    assert again.item(second).votes == {ann: 3, "room": 12}
    again.close()


def test_deleting_cluster_frees_notes_and_undo_restores(tmp_path: Path, library) -> None:
    ws = board_ws(tmp_path / "a.workshop", library)
    step = ws.steps[0].id
    ws.add_note(step, "a")
    cluster = ws.add_item(step, "cluster", text="Group").rows[0][1]
    note = ws.items(step, "note")[0].id
    ws.update_item(note, cluster=cluster)
    gone = ws.delete_items([cluster])
    assert ws.item(note).cluster is None
    ws.undo(gone)
    assert ws.item(note).cluster == cluster


def test_not_a_workshop_and_newer_version(tmp_path: Path) -> None:
    text = tmp_path / "notes.workshop"
    text.write_text("hello")
    with pytest.raises(NotAWorkshopFile):
        Workshop.open(text)
    other = tmp_path / "other.workshop"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(NotAWorkshopFile):
        Workshop.open(other)
    newer = tmp_path / "newer.workshop"
    Workshop.create(newer, WorkshopDoc()).close()
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(NewerVersionError):
        Workshop.open(newer)


def test_migration_from_version_1(tmp_path: Path, library) -> None:
    """A file written at schema version 1 opens, is migrated, and keeps its notes."""
    path = tmp_path / "v1.workshop"
    ws = board_ws(path, library)
    ws.add_note(ws.steps[0].id, "kept across versions")
    ws.close()
    # Rebuild the file as version 1 wrote it: drop what later versions added.
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX items_by_step")
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    again = Workshop.open(path)
    assert again.file.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == len(MIGRATIONS)
    assert [i.text for i in again.items(again.steps[0].id)] == ["kept across versions"]
    names = {r[0] for r in again.file.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "items_by_step" in names


def test_file_settings(tmp_path: Path) -> None:
    path = tmp_path / "s.workshop"
    Workshop.create(path, WorkshopDoc()).close()
    f = WorkshopFile.open(path)
    assert f.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert f.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert f.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert f.conn.execute("PRAGMA application_id").fetchone()[0] == 0x57534B52


def test_nothing_but_the_gui_loads_qt() -> None:
    """Every module outside the GUI, imported for real, loads neither Qt nor pyqtgraph.

    The import contracts (``make imports``) check the app's own import statements; this also catches
    a library that loads Qt behind them, and the command line, which imports the GUI only to start it.
    """
    code = (
        "import importlib, pkgutil, sys, workshop_app\n"
        "names = []\n"
        "for top in pkgutil.iter_modules(workshop_app.__path__, 'workshop_app.'):\n"
        "    if top.name in ('workshop_app.gui', 'workshop_app.__main__'): continue\n"
        "    names.append(top.name); module = importlib.import_module(top.name)\n"
        "    if top.ispkg:\n"
        "        names += [m.name for m in pkgutil.walk_packages(module.__path__, top.name + '.')]\n"
        "for name in names: importlib.import_module(name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')]\n"
        "print(len(names), bad); sys.exit(1 if bad or len(names) < 20 else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


LEGACY_ITEMS = [  # answers as schema versions 1 and 2 stored them: one generic item for every kind
    {"id": "n1", "kind": "note", "text": "Ask", "column": 2, "cluster": "c1", "votes": {"room": 2}, "detail": "",
     "x": 0.0, "y": 0.0, "source": None, "target": None, "value": None, "card": "", "due": None},
    {"id": "c1", "kind": "cluster", "text": "Speed", "column": 2, "votes": {}, "cluster": None},
    {"id": "a1", "kind": "answer", "column": 3, "value": 4.0, "author": None},
    {"id": "k1", "kind": "spectrum", "text": "Calls per hour", "column": 1, "value": 0.25, "detail": "Drop it"},
    {"id": "e1", "kind": "entry", "text": "Finance", "column": 1, "card": "Finance"},
    {"id": "d1", "kind": "node", "text": "Sales", "column": 0, "x": 10.0, "y": 20.0},
    {"id": "d2", "kind": "node", "text": "Service", "column": 1, "x": 200.0, "y": 20.0},
    {"id": "l1", "kind": "link", "text": "hand-off", "source": "d1", "target": "d2"},
    {"id": "m1", "kind": "marker", "text": "Lost", "target": "l1", "detail": ""},
    {"id": "m2", "kind": "marker", "text": "Team", "target": "l1", "detail": "Proposal"},
    {"id": "t1", "kind": "commitment", "text": "Visit", "column": 2, "due": "2026-06-01"},
]


@pytest.mark.parametrize("version", [1, 2])
def test_answers_of_every_earlier_version_are_typed_on_open(tmp_path: Path, version: int) -> None:
    from workshop_app.model.document import Marker, Note, SpectrumItem

    path = tmp_path / "old.workshop"
    Workshop.create(path, WorkshopDoc(steps=[Step(id="s", title="All kinds")])).close()
    conn = sqlite3.connect(path)
    for row in LEGACY_ITEMS:
        data = {"step": "s", "hidden": False, "order": 0.0, "created": "2026-03-12T09:00:00Z", "author": None, **row}
        conn.execute("INSERT INTO items(id, step_id, data) VALUES(?, 's', ?)", (row["id"], json.dumps(data)))
    if version == 1:
        conn.execute("DROP INDEX items_by_step")
    conn.execute(f"PRAGMA user_version={version}")
    conn.commit()
    conn.close()
    ws = Workshop.open(path)
    assert ws.file.version == SCHEMA_VERSION
    note = ws.item("n1")
    assert isinstance(note, Note) and (note.prompt, note.cluster, note.votes) == (2, "c1", {"room": 2})
    kpi = ws.item("k1")
    assert isinstance(kpi, SpectrumItem) and (kpi.category, kpi.position, kpi.change) == (1, 0.25, "Drop it")
    assert [ws.item(m).proposal for m in ("m1", "m2") if isinstance(ws.item(m), Marker)] == [False, True]
    assert ws.item("a1").statement == 3 and ws.item("e1").field == 1 and ws.item("d2").lane == 1  # type: ignore[attr-defined]
    assert ws.item("t1").slot == 2  # type: ignore[attr-defined]
    ws.close()
    again = Workshop.open(path)  # the upgrade happened once, in the file
    assert again.doc.model_dump(mode="json")["items"] == ws.doc.model_dump(mode="json")["items"]
    again.close()


def test_version_1_json_export_reads_typed() -> None:
    items = [{"step": "s", **row} for row in LEGACY_ITEMS]
    doc = WorkshopDoc.model_validate({"format": "workshop-app", "version": 1, "steps": [{"id": "s", "title": "All"}],
                                      "items": items})
    assert doc.version == FORMAT_VERSION and [i.kind for i in doc.items] == [r["kind"] for r in LEGACY_ITEMS]
