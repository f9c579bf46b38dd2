"""When backups are taken: on opening, before a migration, on closing; never by reading a file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from workshop_app.core.workshop import Workshop
from workshop_app.model.document import Step, WorkshopDoc, WorkshopInfo
from workshop_app.storage import backup as bk
from workshop_app.storage.errors import DamagedFile, WorkshopFileError
from workshop_app.storage.lifecycle import close_file, open_file
from workshop_app.storage.lock import lock_path
from workshop_app.storage.workshop_file import SCHEMA_VERSION, WorkshopFile


def make(path: Path, notes: int = 3) -> Workshop:
    ws = Workshop.create(path, WorkshopDoc(info=WorkshopInfo(title="Kick-off"), steps=[Step(title="Ideas")]))
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
