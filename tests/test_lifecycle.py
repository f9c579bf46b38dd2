"""When backups are taken (opening, migrating, closing), and the recovery decisions the GUI and CLI share."""

from __future__ import annotations

import datetime as dt
import socket
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import board_step
from workshop_app.core import recovery
from workshop_app.core.workshop import Workshop
from workshop_app.model.document import WorkshopDoc, WorkshopInfo
from workshop_app.storage import backup as bk
from workshop_app.storage.errors import DamagedFile, WorkshopFileError, WorkshopLockedError
from workshop_app.storage.lifecycle import close_file, open_file
from workshop_app.storage.lock import LockInfo, lock_path
from workshop_app.storage.workshop_file import SCHEMA_VERSION, WorkshopFile


def make(path: Path, notes: int = 3) -> Workshop:
    ws = Workshop.create(path, WorkshopDoc(info=WorkshopInfo(title="Kick-off"), steps=[board_step("Ideas")]))
    for i in range(notes):
        ws.add_note(ws.steps[0].id, f"note {i}")
    return ws


def change_behind_the_apps_back(path: Path, sql: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(sql)
    conn.commit()
    conn.close()


def as_version_1(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX items_by_step")
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)
    path.write_bytes(bytes(data))


# -- when backups are taken ------------------------------------------------------------------------
def test_reading_a_file_takes_no_backup_opening_the_workshop_does(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    make(path).close()
    assert len(bk.list_backups(path)) == 1  # what changed, on close
    change_behind_the_apps_back(path, "DELETE FROM items")
    file = WorkshopFile.open(path)
    assert file.load().items == [] and not file.changed_since_backup
    file.close()
    assert len(bk.list_backups(path)) == 1  # neither load() nor the file's close() backs up
    file, doc = open_file(path)
    assert doc.items == [] and file.last_backup is not None and file.backup_problem is None
    close_file(file)
    assert [b.notes for b in bk.list_backups(path)] == [0, 3]


def test_a_file_with_damaged_rows_never_becomes_the_newest_backup(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    make(path).close()
    before = bk.list_backups(path)
    change_behind_the_apps_back(path, "UPDATE items SET data = '{\"kind\": \"nonsense\"}'")
    with pytest.raises(DamagedFile, match="holds data this app cannot read"):
        Workshop.open(path)
    assert bk.list_backups(path) == before
    assert not lock_path(path).exists()  # nothing is left open or locked
    assert bk.newest_good_backup(path) == bk.describe_backup(before[0].path, check=True)


def test_an_older_file_refuses_changes_until_it_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "v1.workshop"
    make(path).close()
    as_version_1(path)
    file = WorkshopFile.open(path)
    assert file.needs_migration and file.version == 1
    with pytest.raises(WorkshopFileError, match="older version"):
        file.write(meta={"current_step": "0"})
    file.migrate()
    assert not file.needs_migration and file.version == SCHEMA_VERSION
    file.write(meta={"current_step": "0"})
    file.close()
    readonly = WorkshopFile.open(path, readonly=True)
    assert not readonly.needs_migration  # read-only never migrates, never writes
    readonly.close()


def test_migration_backs_up_first_and_goes_on_when_the_backup_fails(tmp_path: Path, app_home: Path) -> None:
    path = tmp_path / "v1.workshop"
    make(path).close()
    as_version_1(path)
    for backup in bk.list_backups(path):
        backup.path.unlink()
    (app_home / "data" / "backups").rename(app_home / "data" / "elsewhere")
    (app_home / "data" / "backups").write_text("a file where the backup folder should be")
    ws = Workshop.open(path)
    assert ws.file.version == SCHEMA_VERSION and len(ws.doc.items) == 3
    assert "No backup of v1.workshop could be made" in (ws.file.backup_problem or "")
    ws.close()


def test_close_marks_the_backup_while_the_lock_is_still_held(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import workshop_app.storage.lifecycle as lifecycle

    path = tmp_path / "a.workshop"
    ws = make(path)
    seen: list[bool] = []
    ws.file.close(before_unlock=lambda: seen.append(lock_path(path).exists()))
    assert seen == [True] and not lock_path(path).exists()
    marked: list[bool] = []

    def note_closed(workshop: Path) -> None:
        marked.append(lock_path(workshop).exists())
        bk.note_closed(workshop)

    monkeypatch.setattr(lifecycle, "note_closed", note_closed)
    file, _ = open_file(path)
    close_file(file)  # unchanged since it was opened and backed up: marked, so the next open skips one
    assert marked == [True] and (bk.backup_folder(path) / "closed.txt").exists()
    before = len(bk.list_backups(path))
    Workshop.open(path).close()
    assert len(bk.list_backups(path)) == before


# -- what to offer when a file is damaged ----------------------------------------------------------
def test_offer_restore_picks_the_newest_good_backup_and_a_free_name(tmp_path: Path) -> None:
    path = tmp_path / "Kick-off.workshop"
    ws = make(path, notes=2)
    bk.create_backup(ws.file)
    ws.add_note(ws.steps[0].id, "only in the newest backup")
    newest = bk.create_backup(ws.file)
    ws.close()
    for b in bk.list_backups(path):
        if b.notes == 3 and b.path != newest:
            b.path.unlink()  # the close backup holds the same as the newest
    damage(newest)
    damage(path)
    (tmp_path / "Kick-off (restored).workshop").write_bytes(b"taken")
    offer = recovery.offer_restore(path, "Kick-off.workshop is damaged.")
    assert offer.can_restore and offer.backup is not None and offer.backup.notes == 2
    assert offer.target == tmp_path / "Kick-off (restored 2).workshop"
    assert offer.message.startswith("Kick-off.workshop is damaged.\n\nThe newest good backup was taken today")
    assert "2 notes" in offer.advice and "“Kick-off (restored 2).workshop”" in offer.advice
    restored = Workshop.open(offer.restore())
    assert [i.text for i in restored.items(restored.steps[0].id)] == ["note 0", "note 1"]
    restored.close()


def test_offer_restore_without_a_backup_says_what_can_still_be_done(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    Workshop.create(path, WorkshopDoc()).close()  # never changed: never backed up
    damage(path)
    offer = recovery.offer_restore(path, "a.workshop is damaged.")
    assert not offer.can_restore and offer.backup is None
    assert offer.message == f"a.workshop is damaged.\n\n{recovery.NO_BACKUP}"
    with pytest.raises(WorkshopFileError, match="There is no backup of it"):
        offer.restore()


def test_backups_to_offer_falls_back_to_the_same_name_kept_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "stick").mkdir()
    (tmp_path / "laptop").mkdir()
    make(tmp_path / "stick" / "a.workshop").close()
    here = recovery.backups_to_offer(tmp_path / "stick" / "a.workshop")
    assert here.intro.startswith("Backups of a.workshop, newest first.") and len(here.backups) == 1
    moved = recovery.backups_to_offer(tmp_path / "laptop" / "a.workshop")
    assert moved.intro.startswith("There are no backups of a.workshop at this place.")
    assert moved.backups == here.backups and moved.first_good == here.backups[0]
    none = recovery.backups_to_offer(tmp_path / "laptop" / "b.workshop")
    assert none.backups == [] and none.first_good is None and "Backups are taken when" in none.intro


def test_a_lock_may_be_taken_over_only_from_another_computer() -> None:
    def locked(host: str) -> WorkshopLockedError:
        return WorkshopLockedError("open elsewhere", LockInfo(pid=1, host=host, user="jo", since=None))

    assert not recovery.can_take_over(locked(socket.gethostname()))
    assert recovery.can_take_over(locked("ROOM-PC-7"))
    assert recovery.can_take_over(WorkshopLockedError("cannot tell who"))
    assert "choose “Open anyway” to take it over" in recovery.take_over_advice("choose “Open anyway”")


def test_when_text() -> None:
    now = dt.datetime(2026, 11, 4, 12, 0).astimezone()
    assert recovery.when_text(now.replace(hour=10, minute=42), now) == "today 10:42"
    assert recovery.when_text(now - dt.timedelta(days=1), now) == "yesterday 12:00"
    assert recovery.when_text(now - dt.timedelta(days=2), now) == "Mon 2 Nov 2026 12:00"
