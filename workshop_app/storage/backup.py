"""Backups of workshops, and putting one back.

Every backup is a complete workshop file made with SQLite's online backup, so it is consistent even
while the workshop is in use. It is written under a temporary name, checked, and only then renamed
to ``<backups>/<name>-<hash of the workshop's path>/<UTC time>.workshop``.

Backups are taken when a workshop is opened (if it changed since the newest backup), before every
schema migration and when it is closed (all three decided in :mod:`workshop_app.storage.lifecycle`),
and every few minutes while it changes (:func:`maybe_backup`, called by the GUI's timer). After each
one, older backups are thinned out (:func:`prune`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from workshop_app.model.document import WorkshopDoc
from workshop_app.storage import paths
from workshop_app.storage.errors import (
    DamagedFile,
    NewerVersionError,
    NotAWorkshopFile,
    StorageWriteError,
    WorkshopFileError,
    write_reason,
)
from workshop_app.storage.files import (
    TEMP_MARK,
    CopyFailedCheck,
    atomic_path,
    copy_database,
    place,
    remove_with_sidecars,
    temp_sibling,
    write_text_atomic,
)
from workshop_app.storage.lock import WorkshopLock
from workshop_app.storage.workshop_file import APPLICATION_ID, SCHEMA_VERSION, WorkshopFile

log = logging.getLogger(__name__)

SUFFIX = ".workshop"
STAMP = "%Y-%m-%dT%H-%M-%S.%fZ"
KEEP_ALL_S = 24 * 3600  # everything from the last 24 hours
KEEP_DAILY = 7  # then the newest of each of the last 7 days that have backups
KEEP_WEEKLY = 4  # and the newest of each of the last 4 weeks that have backups
KEEP_NEWEST = 3  # and, whatever their age, the newest three
DEFAULT_INTERVAL_S = 300
_LEFTOVER_AGE_S = 600  # a temporary backup file this old was left by a killed process


@dataclass(frozen=True)
class BackupInfo:
    """One backup: where it is, when it was taken (UTC), and what it holds."""

    path: Path
    time: dt.datetime
    title: str = ""
    notes: int = 0
    items: int = 0
    actions: int = 0
    participants: int = 0
    ok: bool = True  # False: it could not be read (see ``problem``)
    problem: str = ""

    def summary(self) -> str:
        """'38 notes, 52 answers in all, 5 actions, 12 participants'."""
        if not self.ok:
            return f"cannot be read ({self.problem})"
        return (
            f"{self.notes} notes, {self.items} answers in all, {self.actions} actions, "
            f"{self.participants} participants"
        )


# -- where backups live -------------------------------------------------------------------------------
def _path_key(path: Path) -> str:
    absolute = os.path.normcase(str(Path(path).resolve()))
    return hashlib.sha256(absolute.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _short_stem(workshop_path: Path) -> str:
    return Path(workshop_path).stem[:60]  # file names are limited to 255 bytes


def backup_folder(workshop_path: Path) -> Path:
    """The folder holding the backups of the workshop at ``workshop_path``."""
    workshop_path = Path(workshop_path)
    return paths.backup_dir() / f"{_short_stem(workshop_path)}-{_path_key(workshop_path)}"


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime(STAMP)


def _parse_stamp(name: str) -> dt.datetime | None:
    if not name.endswith(SUFFIX):
        return None
    try:
        return dt.datetime.strptime(name[: -len(SUFFIX)], STAMP).replace(tzinfo=dt.UTC)
    except ValueError:
        return None


def _backups_in(folder: Path) -> list[tuple[dt.datetime, Path]]:
    """The backups in one folder, newest first."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = [(t, p) for p in entries if (t := _parse_stamp(p.name)) is not None]
    return sorted(found, reverse=True)


def _prepare_folder(workshop_path: Path) -> Path:
    folder = backup_folder(workshop_path)
    folder.mkdir(parents=True, exist_ok=True)
    note = folder / "source.txt"
    source = str(Path(workshop_path).resolve())
    try:
        if not note.exists() or note.read_text(encoding="utf-8", errors="replace").strip() != source:
            with atomic_path(note) as tmp:
                tmp.write_text(source + "\n", encoding="utf-8", errors="surrogateescape")
    except OSError:
        pass
    now = time.time()
    for p in folder.iterdir():
        if TEMP_MARK in p.name:
            try:
                if now - p.stat().st_mtime > _LEFTOVER_AGE_S:
                    p.unlink()
            except OSError:
                pass
    return folder


def _new_backup_file(folder: Path, conn: sqlite3.Connection) -> Path:
    """Copy ``conn``'s database into the folder as a new, checked backup; return its path."""
    while True:
        final = folder / f"{_stamp(dt.datetime.now(dt.UTC))}{SUFFIX}"
        tmp = temp_sibling(final)
        try:
            copy_database(conn, tmp)
            place(tmp, final, replace=False)
            return final
        except FileExistsError:
            time.sleep(0.001)
        finally:
            remove_with_sidecars(tmp)


# -- taking backups -------------------------------------------------------------------------------
def create_backup(file: WorkshopFile) -> Path:
    """Back up an open workshop now and thin out old backups; raises StorageWriteError on failure."""
    try:
        folder = _prepare_folder(file.path)
        result = _new_backup_file(folder, file.conn)
    except CopyFailedCheck:
        # Kept, a damaged copy would become the newest backup and push good ones out.
        raise StorageWriteError(
            f"No backup of {file.path.name} was made: the workshop failed its check, so it may be "
            "damaged. Save a copy of it elsewhere, then close it and open it again to see what can be done."
        ) from None
    except (sqlite3.Error, OSError, ValueError) as exc:
        raise StorageWriteError(
            f"No backup of {file.path.name} could be made: {write_reason(exc)}. The workshop itself is "
            "not affected."
        ) from None
    file.mark_backed_up()
    prune(folder)
    return result


def backup_now(file: WorkshopFile, reason: str = "manual") -> Path | None:
    """Back up an open workshop; never raises. A failure is logged and kept in ``file.backup_problem``."""
    try:
        return create_backup(file)
    except StorageWriteError as exc:
        file.mark_backup_failed(str(exc))
        log.warning("backup (%s) failed: %s", reason, exc)
        return None


def maybe_backup(
    file: WorkshopFile, changed_since_last: bool | None = None, min_interval_s: float = DEFAULT_INTERVAL_S
) -> Path | None:
    """The periodic backup: back up if something changed and the last backup is old enough.

    ``changed_since_last`` None means: ask the file (it counts the changes committed through it).
    Call it from a timer every minute or so; it returns the new backup, or None when none was due.
    """
    if file.readonly or file.closed:
        return None
    changed = file.changed_since_backup if changed_since_last is None else changed_since_last
    if not changed:
        return None
    if file.last_backup is not None and time.monotonic() - file.last_backup < min_interval_s:
        return None
    return backup_now(file, "periodic")


def _fingerprint(path: Path) -> str | None:
    try:
        st = Path(path).stat()
        wal = Path(f"{path}-wal")
        if wal.exists() and wal.stat().st_size > 0:
            return None  # changes not yet folded into the file: cannot tell
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}"


def note_closed(path: Path) -> None:
    """Record that the workshop at ``path`` was closed with its newest backup holding all of it."""
    folder = backup_folder(path)
    mark = _fingerprint(path)
    if mark is None or not folder.is_dir():
        return
    try:
        write_text_atomic(folder / "closed.txt", mark + "\n")
    except OSError:
        pass


def backup_on_open(file: WorkshopFile) -> Path | None:
    """Back up a workshop just opened, unless it is unchanged since it was closed after a backup."""
    folder = backup_folder(file.path)
    mark = _fingerprint(file.path)
    try:
        closed = (folder / "closed.txt").read_text(encoding="utf-8").strip()
    except OSError:
        closed = ""
    if mark is not None and closed == mark and _backups_in(folder):
        file.mark_backed_up()  # the newest backup already holds it as it is
        return None
    return backup_now(file, "open")


def backup_file(path: Path) -> Path | None:
    """Back up a workshop file that is not open (before it is replaced); None if it is not a workshop."""
    try:
        file = WorkshopFile.open(Path(path), readonly=True)
    except WorkshopFileError:
        return None
    try:
        return create_backup(file)
    finally:
        file.close()


# -- retention ------------------------------------------------------------------------------------
def to_keep(times: Iterable[dt.datetime], now: dt.datetime | None = None) -> set[dt.datetime]:
    """Which backup times the retention rule keeps.

    Everything from the last 24 hours; the newest backup of each of the last 7 days that have one;
    the newest of each of the last 4 weeks that have one; and always the newest three. Days and
    weeks are counted in UTC. A workshop left alone for months still keeps its last backups.
    """
    now = now or dt.datetime.now(dt.UTC)
    ordered = sorted(set(times), reverse=True)
    keep = set(ordered[:KEEP_NEWEST])
    keep.update(t for t in ordered if (now - t).total_seconds() <= KEEP_ALL_S)
    days: dict[dt.date, dt.datetime] = {}
    weeks: dict[tuple[int, int], dt.datetime] = {}
    for t in ordered:
        day = t.date()
        if day not in days and len(days) < KEEP_DAILY:
            days[day] = t
        iso = t.isocalendar()
        week = (iso.year, iso.week)
        if week not in weeks and len(weeks) < KEEP_WEEKLY:
            weeks[week] = t
    keep.update(days.values())
    keep.update(weeks.values())
    return keep


def prune(folder: Path, now: dt.datetime | None = None) -> list[Path]:
    """Delete the backups in ``folder`` that the retention rule does not keep; return them."""
    found = _backups_in(folder)
    keep = to_keep((t for t, _ in found), now)
    deleted = []
    for t, p in found:
        if t not in keep:
            try:
                p.unlink()
                deleted.append(p)
            except OSError:
                pass
    return deleted


# -- looking at backups -------------------------------------------------------------------------------
def _open_backup(path: Path) -> sqlite3.Connection:
    """A read-only connection to a backup (or any workshop file that nobody is writing)."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA cell_size_check=ON")
    return conn


_COUNTS = """
SELECT (SELECT count(*) FROM items WHERE json_extract(data, '$.kind') = 'note'),
       (SELECT count(*) FROM items),
       (SELECT count(*) FROM actions),
       (SELECT count(*) FROM participants),
       (SELECT json_extract(value, '$.title') FROM meta WHERE key = 'info')
"""


def describe_backup(path: Path, when: dt.datetime | None = None, check: bool = False) -> BackupInfo:
    """What a backup holds; with ``check``, also run SQLite's integrity check on it."""
    when = when or _parse_stamp(path.name) or dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC)
    try:
        conn = _open_backup(path)
    except sqlite3.Error:
        return BackupInfo(path, when, ok=False, problem="not a workshop file, or damaged")
    try:
        if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            return BackupInfo(path, when, ok=False, problem="not a workshop file")
        if conn.execute("PRAGMA user_version").fetchone()[0] > SCHEMA_VERSION:
            return BackupInfo(path, when, ok=False, problem="made by a newer version of the app")
        if check:
            result = conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
            if result != "ok":
                return BackupInfo(path, when, ok=False, problem="damaged: it fails its check")
        notes, items, actions, people, title = conn.execute(_COUNTS).fetchone()
        return BackupInfo(path, when, str(title or ""), notes, items, actions, people)
    except sqlite3.Error:
        return BackupInfo(path, when, ok=False, problem="not a workshop file, or damaged")
    finally:
        conn.close()


def list_backups(workshop_path: Path, same_name: bool = False, check: bool = False) -> list[BackupInfo]:
    """The backups of the workshop at ``workshop_path``, newest first.

    ``same_name`` adds backups of workshops with the same file name kept elsewhere (the file was
    moved or copied from a stick, so its path, and with it its backup folder, changed).
    """
    workshop_path = Path(workshop_path)
    folders = [backup_folder(workshop_path)]
    if same_name:
        stem = _short_stem(workshop_path)
        try:
            others = [
                f for f in paths.backup_dir().iterdir()
                if f.is_dir() and f.name.rsplit("-", 1)[0] == stem and f != folders[0]
            ]
        except OSError:
            others = []
        folders += sorted(others)
    found = [(t, p) for folder in folders for t, p in _backups_in(folder)]
    found.sort(reverse=True)
    return [describe_backup(p, t, check) for t, p in found]


def readable(path: Path) -> str | None:
    """Why the app could not open the workshop in ``path`` (None: every row reads back fine)."""
    try:
        # Frozen: a backup never changes, and reading it leaves no journal files beside it.
        file = WorkshopFile.open_frozen(Path(path))
    except (sqlite3.Error, DamagedFile) as exc:
        return str(exc)
    try:
        file.load()
    except WorkshopFileError as exc:
        return str(exc)
    finally:
        file.close()
    return None


def newest_good_backup(workshop_path: Path, same_name: bool = True) -> BackupInfo | None:
    """The newest backup that passes SQLite's integrity check and whose every row the app can read."""
    for info in list_backups(workshop_path, same_name=same_name):
        checked = describe_backup(info.path, info.time, check=True)
        if checked.ok and readable(info.path) is None:
            return checked
    return None


# -- putting a backup back, saving a copy ---------------------------------------------------------
def keep_replaced(target: Path) -> Path | None:
    """Back up a file that is about to be replaced. Returns the backup (None: nothing to keep)."""
    target = Path(target)
    if not target.exists():
        return None
    folder = _prepare_folder(target)
    try:
        with open(target, "rb") as fh:
            head = fh.read(100)
        if len(head) == 100 and int.from_bytes(head[68:72], "big") == APPLICATION_ID:
            conn = sqlite3.connect(f"{target.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            try:
                return _new_backup_file(folder, conn)
            finally:
                conn.close()
    except (sqlite3.Error, OSError, ValueError):
        pass
    # Damaged, or not a workshop at all: keep its bytes (and its journal) exactly as they are.
    raw = folder / f"{_stamp(dt.datetime.now(dt.UTC))}.replaced"
    try:
        for journal in ("-wal", "-journal"):  # the journal first: the file never appears without it
            if Path(f"{target}{journal}").exists():
                with atomic_path(Path(f"{raw}{journal}")) as tmp:
                    shutil.copyfile(Path(f"{target}{journal}"), tmp)
        with atomic_path(raw) as tmp:
            shutil.copyfile(target, tmp)
    except OSError as exc:
        raise StorageWriteError(
            f"{target.name} was not replaced: no copy of it could be kept first ({write_reason(exc)})."
        ) from None
    return raw


def restore_backup(backup: Path, target_path: Path) -> Path:
    """Write the workshop held in ``backup`` to ``target_path`` and return that path.

    The backup is checked first; the new file is written under a temporary name, checked and renamed
    into place. A file already at ``target_path`` is backed up before it is replaced, and refused if
    it is open in the app.
    """
    backup, target = Path(backup), Path(target_path)
    try:
        src = _open_backup(backup)
        app_id = src.execute("PRAGMA application_id").fetchone()[0]
        version = src.execute("PRAGMA user_version").fetchone()[0]
        ok = src.execute("PRAGMA integrity_check(1)").fetchone()[0]
    except sqlite3.Error:
        raise DamagedFile(f"The backup {backup.name} cannot be read: it is damaged. Choose another one.") from None
    try:
        if app_id != APPLICATION_ID:
            raise NotAWorkshopFile(f"{backup.name} is not a workshop backup.")
        if ok != "ok":
            raise DamagedFile(f"The backup {backup.name} is damaged: it fails its check. Choose another one.")
        if version > SCHEMA_VERSION:
            raise NewerVersionError(f"The backup {backup.name} was made by a newer version of the app.")
        lock = WorkshopLock.acquire(target)
        try:
            keep_replaced(target)
            tmp = temp_sibling(target)
            try:
                copy_database(src, tmp, target)
                place(tmp, target, replace=True)
            except (sqlite3.Error, OSError, ValueError) as exc:
                raise StorageWriteError(
                    f"The backup could not be restored to {target.name}: {write_reason(exc)}. "
                    "Choose another folder or drive."
                ) from None
            finally:
                remove_with_sidecars(tmp)
        finally:
            lock.release()
    finally:
        src.close()
    return target


def save_copy_as(file: WorkshopFile, new_path: Path, doc: WorkshopDoc | None = None) -> Path:
    """Save a complete copy of an open workshop at ``new_path`` (to keep working there).

    The copy is made with SQLite's online backup from the open file. When the file cannot be read
    any more (its drive was removed) and ``doc`` (what is on screen) is given, the copy is built from
    ``doc`` instead. A file already at ``new_path`` is backed up before it is replaced.
    """
    new_path = Path(new_path)
    try:
        same = new_path.resolve() == file.path.resolve()
    except OSError:
        same = False
    if same:
        raise WorkshopFileError(f"{new_path.name} is the workshop itself; choose another name or folder.")
    lock = WorkshopLock.acquire(new_path)
    try:
        keep_replaced(new_path)
        tmp = temp_sibling(new_path)
        try:
            try:
                copy_database(file.conn, tmp, new_path)
            except (sqlite3.Error, ValueError):
                if doc is None:
                    raise
                remove_with_sidecars(tmp)
                WorkshopFile.build(tmp, doc, final=new_path)
            place(tmp, new_path, replace=True)
        except (sqlite3.Error, OSError, ValueError) as exc:
            raise StorageWriteError(
                f"No copy could be saved as {new_path.name}: {write_reason(exc)}. Choose another folder or drive."
            ) from None
        finally:
            remove_with_sidecars(tmp)
    finally:
        lock.release()
    return new_path
