"""Backups, restore, the one-writer lock, and what happens when the disk refuses a write."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import board_step
from workshop_app.core.workshop import Workshop
from workshop_app.model.document import Step, WorkshopDoc, WorkshopInfo
from workshop_app.storage import backup as bk
from workshop_app.storage.errors import (
    DamagedFile,
    ReadOnlyLocationError,
    StorageWriteError,
    WorkshopLockedError,
)
from workshop_app.storage.lock import lock_path, read_lock
from workshop_app.storage.workshop_file import SCHEMA_VERSION, WorkshopFile

REPO = Path(__file__).resolve().parents[1]


def make(path: Path, notes: int = 3) -> Workshop:
    doc = WorkshopDoc(info=WorkshopInfo(title="Kick-off"), steps=[board_step("Ideas"), Step(title="Votes")])
    ws = Workshop.create(path, doc)
    for i in range(notes):
        ws.add_note(ws.steps[0].id, f"note {i}")
    ws.add_participant("Ann Lee", role="Sales")
    ws.add_action("Call three customers")
    return ws


def dump(ws: Workshop) -> dict:
    return ws.doc.model_dump(mode="json")


def check(path: Path) -> str:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return conn.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        conn.close()


# -- taking backups -----------------------------------------------------------------------------------
def test_backup_is_a_checked_copy_in_the_workshops_folder(tmp_path: Path, app_home: Path) -> None:
    ws = make(tmp_path / "Kick-off.workshop")
    made = bk.create_backup(ws.file)
    folder = bk.backup_folder(ws.path)
    assert made.parent == folder and folder.parent == app_home / "data" / "backups"
    assert folder.name.startswith("Kick-off-") and len(folder.name) == len("Kick-off-") + 12
    assert made.name.endswith("Z.workshop") and bk._parse_stamp(made.name) is not None
    assert check(made) == "ok"
    assert [p.name for p in folder.iterdir() if bk.TEMP_MARK in p.name] == []
    assert (folder / "source.txt").read_text().strip() == str(ws.path.resolve())
    info = bk.describe_backup(made, check=True)
    assert (info.ok, info.title, info.notes, info.items, info.actions, info.participants) == (
        True, "Kick-off", 3, 3, 1, 1
    )
    # A backup is a workshop in its own right.
    again = Workshop.open(made, readonly=True)
    assert dump(again) == dump(ws)
    again.close()
    ws.close()


def test_backup_taken_while_another_connection_writes(tmp_path: Path) -> None:
    """The online backup holds what was committed, not a half-written transaction."""
    ws = make(tmp_path / "a.workshop")
    other = sqlite3.connect(ws.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("DELETE FROM items")
    made = bk.create_backup(ws.file)
    other.execute("ROLLBACK")
    other.close()
    assert bk.describe_backup(made).notes == 3
    ws.close()


def test_backups_on_open_change_and_close_not_when_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    make(path).close()  # changed since creation: backed up on close
    assert len(bk.list_backups(path)) == 1
    for _ in range(3):  # opened and closed without a change: no new backup
        Workshop.open(path).close()
    assert len(bk.list_backups(path)) == 1
    ws = Workshop.open(path)
    ws.add_note(ws.steps[0].id, "late idea")
    assert bk.maybe_backup(ws.file, min_interval_s=300) is None  # the open counted as a backup
    assert bk.maybe_backup(ws.file, min_interval_s=0) is not None
    assert bk.maybe_backup(ws.file, min_interval_s=0) is None  # nothing changed since
    assert bk.maybe_backup(ws.file, changed_since_last=True, min_interval_s=0) is not None
    ws.close()
    assert bk.list_backups(path)[0].notes == 4
    # Changed behind the app's back (another tool, a copy put over it): backed up on open.
    conn = sqlite3.connect(path)
    conn.execute("DELETE FROM actions")
    conn.commit()
    conn.close()
    before = len(bk.list_backups(path))
    Workshop.open(path).close()
    assert len(bk.list_backups(path)) == before + 1


def test_backup_before_migration_holds_the_old_version(tmp_path: Path) -> None:
    path = tmp_path / "v1.workshop"
    make(path).close()
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX items_by_step")
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()
    ws = Workshop.open(path)
    assert ws.file.version == SCHEMA_VERSION
    newest = bk.list_backups(path)[0]
    old = sqlite3.connect(f"{newest.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    old.close()
    assert newest.notes == 3
    ws.close()


def test_failed_backup_does_not_stop_the_workshop(tmp_path: Path, app_home: Path) -> None:
    (app_home / "data").mkdir(parents=True)
    (app_home / "data" / "backups").write_text("a file where the backup folder should be")
    ws = make(tmp_path / "a.workshop")
    assert bk.backup_now(ws.file) is None
    assert "No backup of a.workshop could be made" in (ws.file.backup_problem or "")
    ws.add_note(ws.steps[0].id, "still saved")
    ws.close()
    assert Workshop.open(tmp_path / "a.workshop", readonly=True).items(ws.steps[0].id)[-1].text == "still saved"


# -- retention ---------------------------------------------------------------------------------------
def test_retention_rule() -> None:
    now = dt.datetime(2026, 5, 20, 12, 0, tzinfo=dt.UTC)
    hours = [now - dt.timedelta(hours=h) for h in range(0, 24 * 60, 2)]  # every 2 hours for 60 days
    keep = bk.to_keep(hours, now)
    recent = [t for t in hours if now - t <= dt.timedelta(hours=24)]
    assert set(recent) <= keep
    older = sorted(keep - set(recent), reverse=True)
    # One per day for the 7 days with backups (today's newest is already among the recent ones)…
    days = {t.date() for t in keep}
    assert len(days) <= 7 + 4
    assert all(sum(1 for t in older if t.date() == d) <= 1 for d in days)
    # …and one per week for 4 weeks: nothing older than 4 weeks survives when newer ones exist.
    assert min(keep) > now - dt.timedelta(days=29)
    assert len(keep) == len(recent) + len(older) and len(older) <= 7 + 4


def test_retention_keeps_the_last_backups_of_a_workshop_left_alone() -> None:
    now = dt.datetime(2026, 5, 20, tzinfo=dt.UTC)
    old = [now - dt.timedelta(days=90, minutes=m) for m in range(10)]
    keep = bk.to_keep(old, now)
    assert max(old) in keep and len(keep) >= bk.KEEP_NEWEST


def test_prune_deletes_only_what_the_rule_drops(tmp_path: Path) -> None:
    now = dt.datetime.now(dt.UTC)
    times = [now - dt.timedelta(hours=h) for h in range(0, 24 * 40, 5)]
    for t in times:
        (tmp_path / f"{bk._stamp(t)}.workshop").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a backup")
    deleted = bk.prune(tmp_path, now)
    left = {bk._parse_stamp(p.name) for p in tmp_path.glob("*.workshop")}
    assert left == bk.to_keep(times, now)
    assert len(deleted) == len(times) - len(left) > 0
    assert (tmp_path / "notes.txt").exists()


# -- listing and restoring ---------------------------------------------------------------------------
def test_list_backups_newest_first_with_counts_and_damage(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    ws = make(path, notes=1)
    first = bk.create_backup(ws.file)
    ws.add_note(ws.steps[0].id, "second")
    second = bk.create_backup(ws.file)
    ws.close()
    found = bk.list_backups(path)
    assert [b.path for b in found][-2:] == [second, first]
    assert found[0].time >= found[1].time
    # Damage the newest: it is listed as unreadable and skipped when looking for a good one.
    newest = found[0].path
    data = bytearray(newest.read_bytes())
    data[4096:8192] = b"\xff" * 4096
    newest.write_bytes(bytes(data))
    assert not bk.describe_backup(newest, check=True).ok
    good = bk.newest_good_backup(path)
    assert good is not None and good.path != newest and good.ok


def test_restore_into_new_file_and_over_an_existing_one(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    ws = make(path)
    saved = bk.create_backup(ws.file)
    expected = dump(ws)
    ws.add_note(ws.steps[0].id, "after the backup")
    ws.close()

    restored = bk.restore_backup(saved, tmp_path / "a (restored).workshop")
    again = Workshop.open(restored)
    assert dump(again) == expected and again.file.integrity_check() == "ok"
    again.close()

    # Over the original: the replaced file is kept as a backup first.
    before = {b.path for b in bk.list_backups(path)}
    bk.restore_backup(saved, path)
    kept = [b for b in bk.list_backups(path) if b.path not in before]
    assert len(kept) == 1 and kept[0].notes == 4
    assert dump(Workshop.open(path, readonly=True)) == expected
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0


def test_restore_refuses_an_open_target_and_a_damaged_backup(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    ws = make(path)
    saved = bk.create_backup(ws.file)
    with pytest.raises(WorkshopLockedError, match="already open"):
        bk.restore_backup(saved, path)
    ws.close()
    broken = tmp_path / "broken.workshop"
    data = bytearray(saved.read_bytes())
    data[4096:] = b"\x00" * (len(data) - 4096)
    broken.write_bytes(bytes(data))
    with pytest.raises(DamagedFile, match="Choose another one"):
        bk.restore_backup(broken, tmp_path / "new.workshop")
    assert not (tmp_path / "new.workshop").exists()


def test_restore_keeps_a_damaged_target_as_raw_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    ws = make(path)
    saved = bk.create_backup(ws.file)
    ws.close()
    data = bytearray(path.read_bytes())
    data[100:] = b"\x13" * (len(data) - 100)
    path.write_bytes(bytes(data))
    bk.restore_backup(saved, path)
    raw = list(bk.backup_folder(path).glob("*.replaced"))
    assert len(raw) == 1 and raw[0].read_bytes() == bytes(data)
    assert Workshop.open(path).file.integrity_check() == "ok"


def test_save_copy_as_and_from_memory_when_the_file_is_gone(tmp_path: Path) -> None:
    ws = make(tmp_path / "a.workshop")
    copy = bk.save_copy_as(ws.file, tmp_path / "copy.workshop")
    assert dump(Workshop.open(copy, readonly=True)) == dump(ws)
    with pytest.raises(Exception, match="the workshop itself"):
        bk.save_copy_as(ws.file, ws.path)
    # The drive is gone: the connection cannot be read; what is on screen is saved instead.
    expected = dump(ws)
    ws.file.conn.close()
    with pytest.raises(StorageWriteError):
        bk.save_copy_as(ws.file, tmp_path / "nothing.workshop")
    assert not (tmp_path / "nothing.workshop").exists()
    rescued = bk.save_copy_as(ws.file, tmp_path / "rescued.workshop", doc=ws.doc)
    assert dump(Workshop.open(rescued, readonly=True)) == expected
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == [".a.workshop.lock"]


# -- the lock ----------------------------------------------------------------------------------------
def test_second_open_is_refused_and_read_only_still_works(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    ws = make(path)
    assert lock_path(path).exists()
    holder = read_lock(path)
    assert holder is not None and holder.pid == os.getpid() and holder.host == socket.gethostname()
    with pytest.raises(WorkshopLockedError, match="already open in Workshop Room .*on this computer") as caught:
        Workshop.open(path)
    assert "open it here read-only" in str(caught.value)
    viewer = Workshop.open(path, readonly=True)
    assert viewer.readonly and len(viewer.items(viewer.steps[0].id)) == 3
    viewer.close()
    ws.close()
    assert not lock_path(path).exists()
    Workshop.open(path).close()


def test_forgotten_workshop_gives_its_lock_back(tmp_path: Path) -> None:
    import gc

    path = tmp_path / "a.workshop"
    make(path)
    gc.collect()
    assert not lock_path(path).exists()
    Workshop.open(path).close()


def _write_lock(path: Path, **fields: object) -> None:
    data = {"pid": os.getpid(), "host": socket.gethostname(), "user": "someone",
            "time": "2026-05-01T09:00:00+00:00", "token": "t"}
    data.update(fields)
    lock_path(path).write_text(json.dumps(data))


def test_stale_locks_are_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    make(path).close()
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    _write_lock(path, pid=int(done.stdout))  # a process that has ended
    Workshop.open(path).close()
    _write_lock(path)  # this process's id, but not held by it: left by an earlier process
    Workshop.open(path).close()
    lock_path(path).write_text("{half writ")  # a crash while writing the lock
    old = time.time() - 60
    os.utime(lock_path(path), (old, old))
    Workshop.open(path).close()
    assert not lock_path(path).exists()


def test_lock_from_before_the_computer_started_is_stale(tmp_path: Path) -> None:
    from workshop_app.storage.lock import boot_time

    if boot_time() is None:
        pytest.skip("this system does not say when it started")
    path = tmp_path / "a.workshop"
    make(path).close()
    live = os.getppid()  # a process that runs, standing in for one that reused the old id
    _write_lock(path, pid=live, time=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat())
    with pytest.raises(WorkshopLockedError):
        Workshop.open(path)
    _write_lock(path, pid=live, time="2000-01-01T00:00:00+00:00")
    Workshop.open(path).close()


def test_lock_from_another_computer_names_it_and_can_be_taken_over(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    make(path).close()
    _write_lock(path, host="ROOM-PC-7", user="jo", pid=4242)
    with pytest.raises(WorkshopLockedError, match="by jo on the computer ROOM-PC-7") as caught:
        Workshop.open(path)
    assert caught.value.holder.host == "ROOM-PC-7"
    f = WorkshopFile.open(path, take_over=True)
    assert read_lock(path).pid == os.getpid()
    f.close()


def test_lock_held_by_a_live_process(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    make(path).close()
    code = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(REPO)!r})
        from workshop_app.core.workshop import Workshop
        ws = Workshop.open({str(path)!r})
        print("open", flush=True)
        time.sleep(60)
    """)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "open"
        with pytest.raises(WorkshopLockedError) as caught:
            Workshop.open(path)
        assert caught.value.holder.pid == child.pid
        Workshop.open(path, readonly=True).close()
    finally:
        child.kill()
        child.wait()
    Workshop.open(path).close()  # the killed process's lock is stale


# -- the disk refuses a write -----------------------------------------------------------------------
class BrokenConnection:
    """A connection whose writes fail as if the drive had been pulled out."""

    def __init__(self, real: sqlite3.Connection, error: str) -> None:
        self.real = real
        self.error = error

    def execute(self, sql: str, *args: object) -> object:
        if sql.split()[0].upper() in ("INSERT", "UPDATE", "DELETE", "COMMIT"):
            raise sqlite3.OperationalError(self.error)
        return self.real.execute(sql, *args)

    def executemany(self, sql: str, *args: object) -> object:
        raise sqlite3.OperationalError(self.error)

    def __getattr__(self, name: str) -> object:
        return getattr(self.real, name)


def _every_change(ws: Workshop) -> list:
    step = ws.steps[0].id
    note = ws.items(step)[0].id
    action = ws.actions[0].id
    return [
        lambda: ws.add_note(step, "lost?"),
        lambda: ws.update_item(note, text="changed?"),
        lambda: ws.delete_items([note]),
        lambda: ws.vote(note, "room"),
        lambda: ws.add_participant("Bo"),
        lambda: ws.add_action("More"),
        lambda: ws.update_action(action, status="done"),
        lambda: ws.delete_action(action),
        lambda: ws.update_info(title="Renamed"),
        lambda: ws.go_to(1),
        lambda: ws.update_step(step, minutes=30),
    ]


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("full", "the disk is full"),
        ("readonly", "the file or its folder is read-only"),
        ("vanished", "the drive could not be written (was it removed?)"),
        ("busy", "another program is using the file"),
        ("damaged", "the file turned out to be damaged"),
        ("refused", "the file refused it; another program may have changed the file"),
    ],
)
def test_failed_write_changes_nothing_in_memory_and_says_so(tmp_path: Path, how: str, reason: str) -> None:
    path = tmp_path / "a.workshop"
    ws = make(path)
    other = None
    if how == "full":
        pages = ws.file.conn.execute("PRAGMA page_count").fetchone()[0]
        ws.file.conn.execute(f"PRAGMA max_page_count={pages + 2}")
        # A few long notes fill what is left; the ones after them find the disk full.
        changes = [lambda: ws.add_note(ws.steps[0].id, "x" * 2000)] * 8
    else:
        if how == "readonly":
            ws.file.conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
        elif how in ("vanished", "damaged", "refused"):
            error = {"vanished": "disk I/O error", "damaged": "database disk image is malformed",
                     "refused": "UNIQUE constraint failed: items.id"}[how]
            ws.file.conn = BrokenConnection(ws.file.conn, error)  # type: ignore[assignment]
        else:
            ws.file.conn.execute("PRAGMA busy_timeout=50")
            other = sqlite3.connect(path, isolation_level=None)
            other.execute("BEGIN EXCLUSIVE")
        changes = _every_change(ws)
    seen = []
    for change in changes:
        expected = dump(ws)
        try:
            change()
        except StorageWriteError as exc:
            seen.append(str(exc))
            assert dump(ws) == expected
        else:
            assert how == "full" and not seen, "only a disk that still has room may take a change"
    assert len(seen) >= (5 if how == "full" else len(changes))
    assert all(f"The last change was not saved to a.workshop: {reason}." in m for m in seen)
    assert "Save a copy somewhere else" in seen[0]
    if other is not None:
        other.execute("ROLLBACK")
        other.close()
    # What is on screen can be saved elsewhere, and is exactly what was there before the failure.
    copy = bk.save_copy_as(ws.file, tmp_path / "copy.workshop", doc=ws.doc)
    assert dump(Workshop.open(copy, readonly=True)) == expected


def test_disk_full_then_freed_keeps_working(tmp_path: Path) -> None:
    ws = make(tmp_path / "a.workshop")
    pages = ws.file.conn.execute("PRAGMA page_count").fetchone()[0]
    ws.file.conn.execute(f"PRAGMA max_page_count={pages}")
    with pytest.raises(StorageWriteError, match="disk is full"):
        for _ in range(10):
            ws.add_note(ws.steps[0].id, "y" * 2000)
    count = len(ws.items(ws.steps[0].id))
    ws.file.conn.execute("PRAGMA max_page_count=1073741823")
    ws.add_note(ws.steps[0].id, "after space was freed")
    ws.close()
    again = Workshop.open(tmp_path / "a.workshop")
    assert len(again.items(again.steps[0].id)) == count + 1
    assert again.file.integrity_check() == "ok"
    again.close()


def test_create_in_a_missing_or_full_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(Exception, match="no longer exists"):
        Workshop.create(tmp_path / "gone" / "a.workshop", WorkshopDoc())

    def full(*_a: object, **_k: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(WorkshopFile, "save_doc", full)
    with pytest.raises(StorageWriteError, match="the disk is full"):
        Workshop.create(tmp_path / "b.workshop", WorkshopDoc())
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# -- a read-only folder, for real ---------------------------------------------------------------------
def _without_permission_overrides() -> list[str] | None:
    """How to run a child that file permissions apply to, as this same user.

    An ordinary user needs nothing. Root ignores permissions through its capabilities, so its child
    runs without the ones that override them (setpriv drops them from its bounding set). It stays the
    same user, so it reads this checkout and its interpreter wherever they are and however their
    folders are shared. None: that cannot be done here.
    """
    if os.name != "posix" or os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "pass"], capture_output=True, timeout=60)
    return prefix if probe.returncode == 0 else None


READ_ONLY_SCRIPT = """
import os, sys
from pathlib import Path
sys.path.insert(0, {repo!r})
os.environ["WORKSHOP_APP_HOME"] = {home!r}
import workshop_app
print("package:", Path(workshop_app.__file__).resolve().parent)
try:
    open(Path({base!r}) / "ro" / "probe", "w").close()
    sys.exit("file permissions do not apply to this process")
except PermissionError:
    pass
from workshop_app.core.workshop import Workshop
from workshop_app.storage.backup import save_copy_as
from workshop_app.storage.errors import ReadOnlyLocationError
for name in ("in-ro-folder.workshop", "ro-file.workshop"):
    path = Path({base!r}) / ("ro" if name.startswith("in") else "rw") / name
    try:
        Workshop.open(path)
        print("opened for changes?!")
    except ReadOnlyLocationError as exc:
        print("refused:", exc)
    ws = Workshop.open(path, readonly=True)
    print("read-only notes:", len(ws.items(ws.steps[0].id)))
    copy = save_copy_as(ws.file, Path({base!r}) / "rw" / ("copy-" + name), doc=ws.doc)
    again = Workshop.open(copy)
    again.add_note(again.steps[0].id, "works in the copy")
    print("copy notes:", len(again.items(again.steps[0].id)))
    again.close()
    ws.close()
"""


def test_read_only_folder_and_file_for_real(tmp_path: Path) -> None:
    """A read-only folder and a read-only file, as the kernel enforces them on this checkout's code."""
    prefix = _without_permission_overrides()
    if prefix is None:
        pytest.skip("cannot run a process that file permissions apply to here")
    base = tmp_path
    (base / "ro").mkdir()
    (base / "rw").mkdir()
    (base / "home").mkdir()
    make(base / "ro" / "in-ro-folder.workshop").close()
    make(base / "rw" / "ro-file.workshop").close()
    os.chmod(base / "rw" / "ro-file.workshop", 0o444)
    os.chmod(base / "ro", 0o555)
    try:
        script = READ_ONLY_SCRIPT.format(repo=str(REPO), home=str(base / "home"), base=str(base))
        result = subprocess.run([*prefix, sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        lines = result.stdout.splitlines()
        assert lines.pop(0) == f"package: {REPO / 'workshop_app'}"  # this checkout, not another copy
        assert lines[0].startswith("refused: in-ro-folder.workshop is in a folder this app may not write to")
        assert "Open it read-only, or save a copy" in lines[0]
        assert lines[3].startswith("refused: ro-file.workshop cannot be changed: the file or its folder is read-only")
        assert lines[1] == lines[4] == "read-only notes: 3"
        assert lines[2] == lines[5] == "copy notes: 4"
        assert sorted(os.listdir(base / "ro")) == ["in-ro-folder.workshop"]
    finally:
        os.chmod(base / "ro", 0o755)


def test_read_only_folder_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same drill wherever the real one cannot run: the lock file cannot be created."""
    import errno

    import workshop_app.storage.lock as lock_mod

    path = tmp_path / "a.workshop"
    make(path).close()

    def refuse(*_a: object, **_k: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(lock_mod, "_write_new", refuse)
    with pytest.raises(ReadOnlyLocationError, match="folder this app may not write to"):
        Workshop.open(path)
    with pytest.raises(ReadOnlyLocationError):
        Workshop.create(tmp_path / "new.workshop", WorkshopDoc())
    assert Workshop.open(path, readonly=True).readonly


# -- the GUI's side: choosing a backup, a write that failed ------------------------------------------
class ScriptedBoxes:
    """Replaces QMessageBox.exec: records each message and clicks the scripted button."""

    def __init__(self, answers: list[str]) -> None:
        self.answers = answers
        self.texts: list[str] = []

    def __call__(self, box) -> int:
        from PySide6.QtCore import Qt

        assert box.textFormat() == Qt.TextFormat.PlainText
        self.texts.append(box.text())
        wanted = self.answers.pop(0)
        next(b for b in box.buttons() if b.text() == wanted).click()
        return 0


def test_restore_dialog_lists_backups_and_restores_into_a_new_file(qtbot, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from workshop_app.gui.recovery import RestoreDialog

    path = tmp_path / "Kick-off.workshop"
    ws = make(path, notes=2)
    bk.create_backup(ws.file)
    ws.add_note(ws.steps[0].id, "third")
    bk.create_backup(ws.file)
    ws.close()
    dialog = RestoreDialog(None, path)
    qtbot.addWidget(dialog)
    assert dialog.intro.textFormat() == Qt.TextFormat.PlainText
    assert "Backups of Kick-off.workshop, newest first" in dialog.intro.text()
    rows = [[dialog.tree.topLevelItem(r).text(c) for c in range(5)] for r in range(dialog.tree.topLevelItemCount())]
    assert rows[0][0].startswith("today ") and rows[0][1:] == ["3", "3", "1", "1"]
    assert rows[-1][1:] == ["2", "2", "1", "1"]
    assert dialog.restore_button.isEnabled()  # the newest is chosen to start with
    dialog.tree.setCurrentItem(dialog.tree.topLevelItem(dialog.tree.topLevelItemCount() - 1))
    dialog.restore_button.click()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.restored_path == tmp_path / "Kick-off (restored).workshop"
    restored = Workshop.open(dialog.restored_path)
    assert len(restored.items(restored.steps[0].id)) == 2
    restored.close()
    assert len(Workshop.open(path, readonly=True).items(ws.steps[0].id)) == 3  # the original is untouched


def test_restore_dialog_without_backups_says_when_they_are_taken(qtbot, tmp_path: Path) -> None:
    from workshop_app.gui.recovery import RestoreDialog

    dialog = RestoreDialog(None, tmp_path / "new.workshop")
    qtbot.addWidget(dialog)
    assert "There are no backups of new.workshop on this computer yet" in dialog.intro.text()
    assert not dialog.restore_button.isEnabled()


def test_handle_write_error_saves_what_is_on_screen_elsewhere(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from workshop_app.gui.recovery import KEEP_HERE, SAVE_COPY, handle_write_error
    from workshop_app.gui.session import Session

    ws = make(tmp_path / "a.workshop")
    session = Session(ws)
    messages: list[str] = []
    session.error_raised.connect(messages.append)
    ws.file.conn = BrokenConnection(ws.file.conn, "disk I/O error")  # type: ignore[assignment]
    expected = dump(ws)
    assert not session.do(lambda: ws.add_note(ws.steps[0].id, "lost"))
    assert messages and "was not saved" in messages[0]

    boxes = ScriptedBoxes([KEEP_HERE])
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes(box))
    assert handle_write_error(None, session, messages[0]) is None
    assert boxes.texts[0].startswith("The last change was not saved to a.workshop")
    assert "saves the workshop as it is on screen in another folder or on another drive" in boxes.texts[0]

    chosen = tmp_path / "usb" / "rescue"
    chosen.parent.mkdir()
    dialogs = iter([("", ""), (str(chosen), "")])  # the first time, the person cancels the file dialog
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: next(dialogs))
    boxes.answers = [SAVE_COPY, SAVE_COPY]
    saved = handle_write_error(None, session, messages[0])
    assert saved == chosen.with_name("rescue.workshop")
    assert dump(Workshop.open(saved, readonly=True)) == expected


def test_backup_timer_backs_up_changes_and_reports_a_failure(qtbot, tmp_path: Path, app_home: Path) -> None:
    from workshop_app.gui.recovery import install_backup_timer
    from workshop_app.gui.session import Session

    ws = make(tmp_path / "a.workshop")
    session = Session(ws)
    messages: list[str] = []
    session.error_raised.connect(messages.append)
    timer = install_backup_timer(session, interval_ms=10, min_interval_s=0)
    qtbot.waitUntil(lambda: len(bk.list_backups(ws.path)) == 1, timeout=5000)
    qtbot.wait(50)
    assert len(bk.list_backups(ws.path)) == 1  # nothing changed since: no more
    shutil.rmtree(app_home / "data")
    (app_home / "data").write_text("in the way")
    ws.add_note(ws.steps[0].id, "more")
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert messages[0].startswith("No backup of a.workshop could be made") and len(messages) == 1
    timer.stop()
    session.close()


def test_backup_file_before_replacing_and_long_names(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    make(path).close()
    before = len(bk.list_backups(path))
    made = bk.backup_file(path)
    assert made is not None and len(bk.list_backups(path)) == before + 1
    (tmp_path / "not.workshop").write_text("plain text")
    assert bk.backup_file(tmp_path / "not.workshop") is None
    long = tmp_path / ("Ü" * 120 + ".workshop")
    ws = make(long)
    assert len(bk.backup_folder(long).name.encode()) < 255
    assert bk.create_backup(ws.file).exists()
    assert bk.list_backups(long, same_name=True)[0].notes == 3
    ws.close()


def test_a_link_to_an_open_workshop_finds_the_same_lock(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    ws = make(path)
    link = tmp_path / "shortcut.workshop"
    try:
        link.symlink_to(path)
    except OSError:
        pytest.skip("no symbolic links here")
    with pytest.raises(WorkshopLockedError):
        Workshop.open(link)
    ws.close()
