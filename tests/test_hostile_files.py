"""Damaged and crafted workshop files are refused, never half-opened, and never become backups."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import board_step
from workshop_app.core.recovery import offer_restore
from workshop_app.core.workshop import Workshop
from workshop_app.model.document import Step, WorkshopDoc, WorkshopInfo
from workshop_app.storage import backup as bk
from workshop_app.storage.errors import DamagedFile, StorageWriteError
from workshop_app.storage.workshop_file import WorkshopFile

INTERNALS = ("sqlite", "btree", "page ", "index", "malformed", "***", "rowid", "integrity")


def make(path: Path, notes: int = 5) -> Path:
    ws = Workshop.create(path, WorkshopDoc(info=WorkshopInfo(title="Drill"), steps=[board_step(), Step(title="Later")]))
    for i in range(notes):
        ws.add_note(ws.steps[0].id, f"note {i}")
    ws.close()
    return path


def break_index(path: Path) -> None:
    """Delete a note without its index entry: the index then holds a row the table does not.

    The index is hidden from SQLite while the row goes, then put back as it was. ``quick_check``
    does not compare an index with its table; ``integrity_check`` does.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    root, sql = conn.execute("SELECT rootpage, sql FROM sqlite_master WHERE name='items_by_step'").fetchone()
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("DELETE FROM sqlite_master WHERE name='items_by_step'")
    conn.close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DELETE FROM items WHERE rowid=(SELECT min(rowid) FROM items)")
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("INSERT INTO sqlite_master VALUES('index', 'items_by_step', 'items', ?, ?)", (root, sql))
    conn.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok"
    finally:
        conn.close()


def plain(message: str) -> None:
    lowered = message.lower()
    assert not [w for w in INTERNALS if w in lowered], message
    assert "\n" not in message and "drive" not in lowered, message


def test_a_mismatched_index_is_refused_with_the_backup_offer(tmp_path: Path) -> None:
    path = make(tmp_path / "a.workshop")
    assert len(bk.list_backups(path)) == 1  # taken on close
    break_index(path)
    with pytest.raises(DamagedFile) as refused:
        Workshop.open(path)
    plain(str(refused.value))
    with pytest.raises(DamagedFile):
        Workshop.open(path, readonly=True)
    offer = offer_restore(path, str(refused.value))
    assert offer.can_restore and offer.backup is not None and offer.backup.notes == 5
    restored = offer.restore()
    again = Workshop.open(restored)
    assert len(again.items(again.steps[0].id, "note")) == 5
    again.close()


def test_a_workshop_damaged_while_open_never_becomes_a_backup(tmp_path: Path) -> None:
    path = make(tmp_path / "b.workshop")
    ws = Workshop.open(path)
    kept = [b.path for b in bk.list_backups(path)]
    break_index(path)
    with pytest.raises(StorageWriteError) as refused:
        bk.create_backup(ws.file)
    assert "failed its check" in str(refused.value) and "drive" not in str(refused.value)
    assert bk.backup_now(ws.file, "periodic") is None
    assert [b.path for b in bk.list_backups(path)] == kept
    assert not [p for p in bk.backup_folder(path).iterdir() if p.name.endswith(".part")]
    ws.close()
    assert [b.path for b in bk.list_backups(path)] == kept


def test_a_backup_that_fails_the_full_check_is_not_offered(tmp_path: Path) -> None:
    path = make(tmp_path / "c.workshop")
    newest = bk.list_backups(path)[0].path
    break_index(newest)
    info = bk.describe_backup(newest, check=True)
    assert not info.ok and info.problem == "damaged: it fails its check"
    assert bk.newest_good_backup(path) is None
    with pytest.raises(DamagedFile):
        WorkshopFile.open_frozen(newest)


# -- one writer per file -------------------------------------------------------------------------------
def test_a_hard_link_to_a_file_open_in_another_process_is_not_opened_for_changes(tmp_path: Path, app_home: Path) -> None:
    from tests.test_kill import Child
    from workshop_app.storage.errors import LinkedFileError

    path = make(tmp_path / "a.workshop", notes=0)
    child = Child(["saved", str(path), "1"], app_home)
    try:
        assert child.wait_for("saved 0") is not None
        link = tmp_path / "b.workshop"
        try:
            link.hardlink_to(path)
        except OSError:
            pytest.skip("no hard links on this file system")
        with pytest.raises(LinkedFileError) as refused:
            Workshop.open(link)
        assert "2 names" in str(refused.value) and "read-only" in str(refused.value)
        with pytest.raises(LinkedFileError):
            Workshop.open(path)  # the first name too, whoever holds it
        seen = Workshop.open(link, readonly=True)  # looking is fine
        assert [i.text for i in seen.items(seen.steps[0].id, "note")] == ["held note 0"]
        seen.close()
    finally:
        child.kill()
    # The other copy is gone, but the file still has two names: still not for changes, under either.
    for name in (path, link):
        with pytest.raises(LinkedFileError):
            Workshop.open(name)
    link.unlink()
    Workshop.open(path).close()


def test_a_stale_lock_whose_process_id_was_reused_is_taken_over(tmp_path: Path, app_home: Path) -> None:
    import json
    import socket
    import subprocess
    import sys

    from workshop_app.storage.errors import WorkshopLockedError
    from workshop_app.storage.lock import lock_path, process_start

    path = make(tmp_path / "c.workshop", notes=0)
    # Another program that runs now under some process id.
    other = subprocess.Popen([sys.executable, "-c", "import sys; print('started', flush=True); sys.stdin.read()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert other.stdout is not None and other.stdout.readline() == "started\n"
        started = process_start(other.pid)
        if started is None:
            pytest.skip("this system does not tell when a process started")
        lock = lock_path(path)
        now = dt.datetime.now(dt.UTC).isoformat()  # after the computer started: only the start time tells

        def lock_naming(when: str) -> None:
            lock.write_text(json.dumps({"pid": other.pid, "host": socket.gethostname(), "user": "anna",
                                        "token": "t0k3n", "started": when, "time": now}), encoding="utf-8")

        lock_naming(started)  # that program's own lock: live
        with pytest.raises(WorkshopLockedError, match="already open"):
            Workshop.open(path)
        lock_naming(f"{started}1")  # left by an earlier process that had the same id
        ws = Workshop.open(path)
        ws.add_note(ws.steps[0].id, "taken over")
        ws.close()
    finally:
        assert other.stdin is not None
        other.stdin.close()
        other.wait()


# -- files are data, not programs ----------------------------------------------------------------------
FOREIGN = {
    "trigger that eats notes": "CREATE TRIGGER eat AFTER INSERT ON items BEGIN DELETE FROM items WHERE id = new.id; END",
    "trigger that closes actions": "CREATE TRIGGER done AFTER UPDATE ON actions BEGIN "
                                   "UPDATE actions SET data = json_set(data, '$.status', 'done'); END",
    "trigger that refuses every change": "CREATE TRIGGER no BEFORE INSERT ON items BEGIN SELECT RAISE(ABORT, 'no'); END",
    "view": "CREATE VIEW every_item AS SELECT * FROM items",
    "extra table": "CREATE TABLE extra(x)",
    "extra column": "ALTER TABLE items ADD COLUMN x TEXT",
    "extra index": "CREATE INDEX actions_by_data ON actions(data)",
    "table made anew": "DROP TABLE actions; CREATE TABLE actions(id TEXT PRIMARY KEY, data TEXT)",
}


def tamper(path: Path, script: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.executescript(script)
    finally:
        conn.close()


@pytest.mark.parametrize("script", FOREIGN.values(), ids=FOREIGN.keys())
def test_a_file_changed_by_another_program_is_refused(tmp_path: Path, script: str) -> None:
    from workshop_app.storage.errors import ForeignFile

    path = make(tmp_path / "f.workshop")
    tamper(path, script)
    for readonly in (False, True):
        with pytest.raises(ForeignFile) as refused:
            Workshop.open(path, readonly=readonly)
        assert "changed by another program" in str(refused.value) and "\n" not in str(refused.value)
        assert "drive" not in str(refused.value)
    # Refused as a damaged file is: with the offer of the newest good backup.
    offer = offer_restore(path, str(refused.value))
    assert offer.can_restore and offer.backup is not None and offer.backup.notes == 5


@pytest.mark.parametrize("script", [
    "PRAGMA user_version=0", "PRAGMA user_version=-1", "PRAGMA user_version=1",
    "DROP INDEX items_by_step", "DROP TABLE actions",
], ids=["version 0", "version -1", "version 1 with the tables of 5", "index missing", "table missing"])
def test_a_file_the_app_cannot_place_is_not_a_workshop_of_this_app(tmp_path: Path, script: str) -> None:
    from workshop_app.storage.errors import NotAWorkshopFile

    path = make(tmp_path / "v.workshop")
    tamper(path, script)
    with pytest.raises(NotAWorkshopFile) as refused:
        Workshop.open(path)
    assert str(refused.value) == "v.workshop is not a workshop of this app, or it is damaged: it cannot be opened."


@pytest.mark.parametrize("script", [
    "UPDATE items SET id = 'someone-else' WHERE rowid = (SELECT min(rowid) FROM items)",
    "UPDATE steps SET id = 'another-step' WHERE pos = 0",
    "UPDATE items SET step_id = (SELECT id FROM steps WHERE pos = 1) WHERE rowid = (SELECT min(rowid) FROM items)",
], ids=["note", "step", "note under another step"])
def test_a_row_whose_id_differs_from_its_content_is_refused(tmp_path: Path, script: str) -> None:
    from workshop_app.storage.errors import ForeignFile

    path = make(tmp_path / "r.workshop")
    tamper(path, "PRAGMA foreign_keys=OFF; " + script)
    with pytest.raises(ForeignFile, match="changed by another program"):
        Workshop.open(path)
