"""The follow-up: made from an earlier workshop, it carries the plan, the commitments and a link back."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from workshop_app.cli import main
from workshop_app.core.followup import follow_up_title, make_follow_up
from workshop_app.core.review import review_action
from workshop_app.core.workshop import Workshop, WorkshopError
from workshop_app.export.json_io import dump_json, parse_json
from workshop_app.model.document import WorkshopDoc, derived_workshop_id
from workshop_app.storage.workshop_file import SCHEMA_VERSION, WorkshopFile


def read(path: Path) -> WorkshopDoc:
    ws = Workshop.open(path, readonly=True)
    try:
        return ws.doc
    finally:
        ws.close()


def test_a_follow_up_carries_the_open_plan_every_commitment_and_a_link(demo_path: Path, tmp_path: Path,
                                                                       library) -> None:
    earlier = read(demo_path)
    # One decision already done: it stays behind; one commitment done: it comes along for "my last three".
    done, kept = earlier.actions[0], earlier.actions[7]
    earlier.actions[0] = done.model_copy(update={"status": "done"})
    earlier.actions[7] = kept.model_copy(update={"status": "done"})
    path = tmp_path / "follow-up.workshop"
    make_follow_up(earlier, path, library, date=dt.date(2026, 5, 4), earlier_file=demo_path.name).close()

    doc = read(path)  # what the file holds, not what was in memory
    assert doc.info.follows is not None
    assert (doc.info.follows.id, doc.info.follows.title) == (earlier.info.id, "Customer-focus kick-off")
    assert doc.info.follows.date == earlier.info.date and doc.info.follows.file == demo_path.name
    assert doc.info.id != earlier.info.id and doc.info.title == "Customer-focus kick-off — follow-up"
    assert (doc.info.organisation, doc.info.facilitator, doc.info.date) == ("Northwind Logistics", "Maria Jensen",
                                                                          dt.date(2026, 5, 4))
    assert [(p.id, p.name, p.role) for p in doc.participants] == [(p.id, p.name, p.role) for p in earlier.participants]
    agenda = library.agendas["momentum-check-in"]
    assert [s.exercise.id for s in doc.steps if s.exercise] == [x.exercise for x in agenda.steps if x.exercise]
    assert {"review-the-plan", "what-i-did"} <= {s.exercise.id for s in doc.steps if s.exercise}

    carried = {a.id: a for a in doc.actions}
    assert done.id not in carried and kept.id in carried
    commitments = {i.id for i in earlier.items if i.kind == "commitment"}
    personal = [a for a in earlier.actions if a.source in commitments]
    room = [a for a in earlier.actions if a.source not in commitments and a.status in ("open", "in progress")]
    assert set(carried) == {a.id for a in personal} | {a.id for a in room}
    for before in earlier.actions:
        if before.id not in carried:
            continue
        after = carried[before.id]
        assert (after.what, after.owner, after.owner_id, after.due, after.measure, after.status, after.area) == (
            before.what, before.owner, before.owner_id, before.due, before.measure, before.status, before.area)
        assert after.personal == (before.source in commitments)
        assert after.source is None and after.step is None
        assert [(e.workshop_id, e.workshop, e.status) for e in after.history] == [
            (earlier.info.id, earlier.info.title, before.status)]
    # Each person's three commitments are all there for the round of "what I did with my last three".
    anna = earlier.participants[0].id
    assert len([a for a in doc.actions if a.personal and a.owner_id == anna]) == 3


def test_the_history_grows_along_a_series_and_keeps_what_the_review_said(demo_path: Path, tmp_path: Path,
                                                                         library) -> None:
    first = make_follow_up(read(demo_path), tmp_path / "b.workshop", library, date=dt.date(2026, 5, 4))
    review = next(s for s in first.steps if s.type == "review")
    target = next(a for a in first.doc.actions if not a.personal and a.status == "open")
    finished = next(a for a in first.doc.actions if not a.personal and a.id != target.id)
    review_action(first, review.id, target.id, status="in progress", note="Supplier chosen", quick_win=True)
    review_action(first, review.id, finished.id, status="done", note="All accounts named")
    first_doc = first.doc.model_copy(deep=True)
    first.close()

    second = make_follow_up(read(tmp_path / "b.workshop"), tmp_path / "c.workshop", library, date=dt.date(2026, 7, 1))
    second.close()
    doc = read(tmp_path / "c.workshop")
    assert doc.info.title == "Customer-focus kick-off — follow-up 2"
    assert doc.info.follows is not None and doc.info.follows.id == first_doc.info.id
    carried = {a.id: a for a in doc.actions}
    assert finished.id not in carried  # done at the first follow-up: not carried again
    history = carried[target.id].history
    assert [(e.workshop, e.status, e.note, e.quick_win) for e in history] == [
        # The demo's own review had said this of it.
        ("Customer-focus kick-off", "open", "Waiting for IT to choose how delivery status is published", False),
        ("Customer-focus kick-off — follow-up", "in progress", "Supplier chosen", True),
    ]
    assert carried[target.id].status == "in progress"


def test_follow_up_titles_count_the_series() -> None:
    assert follow_up_title("Kick-off") == "Kick-off — follow-up"
    assert follow_up_title("Kick-off — follow-up") == "Kick-off — follow-up 2"
    assert follow_up_title("Kick-off — follow-up 9") == "Kick-off — follow-up 10"


def test_an_unknown_agenda_is_refused_and_no_file_is_made(demo_path: Path, tmp_path: Path, library) -> None:
    with pytest.raises(WorkshopError, match="There is no agenda 'nope'"):
        make_follow_up(read(demo_path), tmp_path / "x.workshop", library, agenda_id="nope")
    assert not (tmp_path / "x.workshop").exists()


def test_the_command_line_makes_a_follow_up(demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "next.workshop"
    assert main(["follow-up", str(demo_path), str(out), "--agenda", "kpi-silo-review", "--date", "2026-06-01"]) == 0
    said = capsys.readouterr().out
    assert "Wrote the follow-up of “Customer-focus kick-off”" in said and "41 actions carried" in said
    doc = read(out)
    assert doc.info.date == dt.date(2026, 6, 1) and len(doc.actions) == 41
    assert doc.info.follows is not None and doc.info.follows.id == read(demo_path).info.id
    # Mistakes are one line each, never a traceback.
    assert main(["follow-up", str(demo_path), str(out)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["follow-up", str(tmp_path / "missing.workshop"), str(tmp_path / "y.workshop")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main(["follow-up", str(demo_path), str(tmp_path / "z.workshop"), "--agenda", "nope"]) == 1
    assert "There is no agenda 'nope'" in capsys.readouterr().err


def make_version_3(path: Path) -> None:
    """Turn a file back into what the previous version wrote: no workshop id in its details."""
    conn = sqlite3.connect(path)
    info = json.loads(conn.execute("SELECT value FROM meta WHERE key='info'").fetchone()[0])
    del info["id"], info["follows"]
    conn.execute("UPDATE meta SET value=? WHERE key='info'", (json.dumps(info),))
    conn.execute("PRAGMA user_version=3")
    conn.commit()
    conn.close()


def test_files_from_before_workshop_ids_load_with_one_stable_id(demo_path: Path, tmp_path: Path) -> None:
    make_version_3(demo_path)
    conn = sqlite3.connect(demo_path)
    expected = derived_workshop_id([r[0] for r in conn.execute("SELECT id FROM steps")],
                                   [r[0] for r in conn.execute("SELECT id FROM participants")])
    conn.close()
    # Read as it is, twice: the same id each time, and the file is not upgraded by reading.
    assert read(demo_path).info.id == read(demo_path).info.id == expected
    assert sqlite3.connect(demo_path).execute("PRAGMA user_version").fetchone()[0] == 3
    # Opened for changes, it is upgraded and keeps that id in the file.
    ws = Workshop.open(demo_path)
    assert ws.file.version == SCHEMA_VERSION and ws.info.id == expected
    ws.close()
    stored = json.loads(sqlite3.connect(demo_path).execute("SELECT value FROM meta WHERE key='info'").fetchone()[0])
    assert stored["id"] == expected
    # An export made before ids gets the same id when it is imported.
    data = json.loads(dump_json(read(demo_path)))
    del data["info"]["id"], data["info"]["follows"]
    data["version"] = 2
    assert parse_json(json.dumps(data)).info.id == expected


def test_a_newer_file_shows_read_only_with_its_link(demo_path: Path, tmp_path: Path, library) -> None:
    path = tmp_path / "f.workshop"
    make_follow_up(read(demo_path), path, library).close()
    file = WorkshopFile.open(path, readonly=True)
    assert file.load().info.follows is not None
    file.close()


def test_the_dialog_makes_the_follow_up_of_the_open_workshop(qtbot, demo_path: Path, tmp_path: Path,
                                                             library) -> None:
    from workshop_app.gui.followup_dialog import FollowUpDialog

    earlier = Workshop.open(demo_path)
    dialog = FollowUpDialog(library, earlier)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "5 open actions of the plan and 36 personal commitments" in dialog.source.text()
    assert dialog.agenda.currentData() == "momentum-check-in"
    assert dialog.file.text().endswith("demo follow-up.workshop")
    dialog.file.clear()
    qtbot.keyClicks(dialog.file, str(tmp_path / "next"))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert dialog.workshop is not None and dialog.result() == dialog.DialogCode.Accepted
    assert dialog.workshop.path == tmp_path / "next.workshop"
    assert dialog.workshop.info.follows is not None and dialog.workshop.info.follows.id == earlier.info.id
    dialog.workshop.close()
    earlier.close()
    assert len(read(tmp_path / "next.workshop").actions) == 41


def test_the_follow_ups_report_opens_with_what_moved_since_last_time(demo_path: Path, tmp_path: Path,
                                                                      library) -> None:
    from pypdf import PdfReader

    from workshop_app.core.review import since_last_time
    from workshop_app.export.pdf_report import write_pdf

    earlier = read(demo_path)
    settled = next(a for a in earlier.actions if a.source and a.status == "open" and a.why == "Personal commitment")
    earlier.actions[earlier.actions.index(settled)] = settled.model_copy(update={"status": "done"})
    ws = make_follow_up(earlier, tmp_path / "b.workshop", library, date=dt.date(2026, 5, 4))
    review = next(s for s in ws.steps if s.type == "review")
    room = [a for a in ws.doc.actions if not a.personal]
    review_action(ws, review.id, room[0].id, status="done", note="All accounts named", quick_win=True)
    review_action(ws, review.id, room[1].id, status="in progress", note="Supplier chosen")
    review_action(ws, review.id, room[2].id, status="dropped")
    doc = ws.doc
    ws.close()

    since = since_last_time(doc)
    assert since is not None and since.earlier == "Customer-focus kick-off"
    assert [m.action.id for m in since.groups["done"]] == [room[0].id]
    assert room[1].id in [m.action.id for m in since.groups["moving"]]
    assert [m.action.id for m in since.groups["dropped"]] == [room[2].id]
    assert [m.action.id for m in since.quick_wins] == [room[0].id]
    assert [m.action.id for m in since.settled] == [settled.id]  # done last time: not news now
    assert since_last_time(read(demo_path)) is None  # a kick-off has nothing to look back on

    out = tmp_path / "b.pdf"
    write_pdf(doc, out)
    pages = [page.extract_text() or "" for page in PdfReader(out).pages]
    first = " ".join(pages[1].split())
    assert first.startswith("What moved since Customer-focus kick-off")
    assert "40 actions and commitments still open last time were carried" in first
    assert "1 done, 1 moving, 37 stuck, 1 dropped; 1 quick win to celebrate." in first
    assert "Quick wins to celebrate" in first and "All accounts named" in first
    assert "What moved since last time" in " ".join(pages[0].split())  # listed first in the contents
