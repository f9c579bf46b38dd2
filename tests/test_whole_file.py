"""The ``.workshop`` file alone holds every saved change, and reading a file leaves nothing beside it.

A child process (tests/kill_child.py) adds notes and prints "saved K" after each commit returned,
then stays open. The test copies only the ``.workshop`` file, as a file manager, a mail client or
a sync service would, while the child still has it open and after the child was killed.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import board_step
from tests.test_kill import Child
from workshop_app.core.portfolio import read_entry
from workshop_app.core.workshop import Workshop
from workshop_app.model.document import Step, WorkshopDoc, WorkshopInfo
from workshop_app.storage.files import SIDECARS
from workshop_app.storage.workshop_file import WorkshopFile

NOTES = 40


def new_workshop(path: Path) -> Path:
    doc = WorkshopDoc(info=WorkshopInfo(title="Copy drill"), steps=[board_step("Ideas"), Step(title="Later")])
    Workshop.create(path, doc).close()
    return path


def notes_in_copy(path: Path, folder: Path) -> set[str]:
    """The note texts in a copy of ``path`` alone (no journal beside it), read with plain SQLite."""
    copy = folder / "copy.workshop"
    shutil.copyfile(path, copy)
    assert not any(Path(f"{copy}{s}").exists() for s in SIDECARS)
    conn = sqlite3.connect(f"{copy.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {r[0] for r in conn.execute("SELECT json_extract(data, '$.text') FROM items")}
    finally:
        conn.close()


def sidecars(path: Path) -> list[str]:
    return [s for s in SIDECARS if Path(f"{path}{s}").exists()]


def saved_lines(child: Child, count: int) -> None:
    assert child.wait_for("go") is not None
    for k in range(count):
        assert child.wait_for(f"saved {k}") is not None


def test_a_copy_of_the_file_alone_holds_every_saved_note_while_it_is_open(tmp_path: Path, app_home: Path) -> None:
    path = new_workshop(tmp_path / "room.workshop")
    child = Child(["saved", str(path), str(NOTES)], app_home)
    try:
        saved_lines(child, NOTES)
        # The child is idle with the workshop open: no journal is waiting beside the file.
        assert sidecars(path) == []
        copy_dir = tmp_path / "copied"
        copy_dir.mkdir()
        assert notes_in_copy(path, copy_dir) == {f"held note {k}" for k in range(NOTES)}
    finally:
        child.kill()
    # Killed: the file alone still holds every note reported saved.
    after = tmp_path / "after-kill"
    after.mkdir()
    assert notes_in_copy(path, after) == {f"held note {k}" for k in range(NOTES)}


def test_reading_a_file_leaves_nothing_beside_it(tmp_path: Path) -> None:
    path = new_workshop(tmp_path / "read.workshop")
    before = sorted(p.name for p in tmp_path.iterdir())
    WorkshopFile.open(path, readonly=True).close()
    ws = Workshop.open(path, readonly=True)
    assert ws.steps
    ws.close()
    entry = read_entry(path)
    assert getattr(entry, "title", None) == "Copy drill"
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_file_left_in_write_ahead_mode_is_read_without_a_trace_and_converted_when_opened(tmp_path: Path) -> None:
    path = new_workshop(tmp_path / "old.workshop")
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode=WAL").fetchone()[0] == "wal"
    conn.close()
    assert sidecars(path) == []
    ws = Workshop.open(path, readonly=True)
    ws.close()
    assert sidecars(path) == []
    ws = Workshop.open(path)
    assert ws.file.conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    ws.add_note(ws.steps[0].id, "after the change of journal")
    assert sidecars(path) == []
    ws.close()
    assert sidecars(path) == []


@pytest.mark.parametrize("kind", ["export", "backup"])
def test_exports_and_backups_leave_nothing_beside_the_workshop(tmp_path: Path, kind: str) -> None:
    from workshop_app.export.json_io import write_json
    from workshop_app.storage.backup import create_backup

    path = new_workshop(tmp_path / "w.workshop")
    ws = Workshop.open(path)
    ws.add_note(ws.steps[0].id, "one")
    if kind == "export":
        write_json(ws.doc, tmp_path / "out.json")
    else:
        create_backup(ws.file)
    assert sidecars(path) == []
    ws.close()
    assert sidecars(path) == []


# -- exports killed while they are written ------------------------------------------------------------
KILLS = {"json": 6, "csv": 3, "markdown": 3, "xlsx": 2, "ics": 2, "handouts": 2, "pdf": 2}


def whole(kind: str, out: Path, first: bytes) -> None:
    """The export at ``out`` is a complete file: the same bytes as the first one for the text formats
    (the same workshop exports the same text), a complete PDF or workbook for the others."""
    data = out.read_bytes()
    if kind in ("json", "csv", "markdown", "ics"):
        if kind == "ics":  # each export is stamped with the time it was made
            assert data.rstrip().endswith(b"END:VCALENDAR") and len(data) > len(first) // 2
        else:
            assert data == first
    elif kind == "xlsx":
        import zipfile

        with zipfile.ZipFile(out) as book:
            assert book.testzip() is None
    else:
        assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")


@pytest.mark.parametrize("kind", KILLS)
def test_a_kill_during_an_export_leaves_the_previous_export_whole(
    tmp_path: Path, app_home: Path, demo_path: Path, kind: str
) -> None:
    import random

    from tests.kill_child import exporter
    from tests.test_kill import SEED, kill_amid_steady_work
    from workshop_app.storage.files import TEMP_MARK

    out = tmp_path / f"export.{kind}"
    ws = Workshop.open(demo_path, readonly=True)
    exporter(kind)(ws.doc, out)
    ws.close()
    first = out.read_bytes()
    rng = random.Random(SEED + len(kind))
    for _ in range(KILLS[kind]):
        lines = kill_amid_steady_work(["export", kind, str(demo_path), str(out)], app_home, rng, 2)
        assert any(line.startswith("wrote") for line in lines)
        whole(kind, out, first)
    # A temporary file a killed export left behind is cleared by the next export to that name.
    leftovers = [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]
    for p in leftovers:
        os.utime(p, (0, 0))
    ws = Workshop.open(demo_path, readonly=True)
    exporter(kind)(ws.doc, out)
    ws.close()
    assert not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]
