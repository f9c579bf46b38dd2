"""Putting a finished file in place so that a crash at any moment leaves the old file or the new one."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

TEMP_MARK = ".part"
SIDECARS = ("-wal", "-shm", "-journal")


def short_name(name: str) -> str:
    """``name``, or for a very long one a shortened form that is still unique to it, so that a prefix
    and a suffix added to it stay within the 255-byte limit on file names."""
    raw = name.encode("utf-8", "surrogateescape")
    if len(raw) <= 200:
        return name
    return f"{name[:40]}-{hashlib.sha256(raw).hexdigest()[:12]}"


def _temp_prefix(path: Path) -> str:
    return f".{short_name(path.name)}."


def temp_sibling(path: Path) -> Path:
    """A hidden temporary name beside ``path``, in the same folder so the final rename is atomic."""
    return path.parent / f"{_temp_prefix(path)}{uuid.uuid4().hex[:12]}{TEMP_MARK}"


def temp_leftovers(path: Path) -> list[Path]:
    """Temporary files for ``path`` left by a process that was killed while writing it."""
    prefix = _temp_prefix(path)
    try:
        return [p for p in path.parent.iterdir() if p.name.startswith(prefix) and TEMP_MARK in p.name]
    except OSError:
        return []


LEFTOVER_AGE_S = 600  # a temporary file untouched this long was left by a process killed while writing


def remove_old_leftovers(path: Path) -> None:
    """Delete the temporary files for ``path`` that a killed process left behind.

    Only old ones: a young one may belong to another copy of the app writing the same name right now.
    """
    now = time.time()
    for leftover in temp_leftovers(path):
        try:
            if now - leftover.stat().st_mtime > LEFTOVER_AGE_S:
                leftover.unlink()
        except OSError:
            pass


def remove_quietly(*paths: Path) -> None:
    for p in paths:
        try:
            p.unlink()
        except OSError:
            pass


def remove_with_sidecars(path: Path) -> None:
    """Delete a database file and its journal files."""
    remove_quietly(path, *(Path(f"{path}{s}") for s in SIDECARS))


def full_fsync(fd: int) -> None:
    """Flush an open file to the disk itself. On macOS ``fsync`` only hands the bytes to the drive,
    which may keep them in its cache through a power cut; ``F_FULLFSYNC`` asks it to write them."""
    if sys.platform == "darwin":
        import fcntl

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass  # not supported by this file system (some shares): a plain fsync is the best there is
    os.fsync(fd)


def fsync_file(path: Path) -> None:
    """Flush a finished file's bytes to the disk.

    Opened for writing: Windows flushes a file only through a handle that may write it.
    """
    fd = os.open(path, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        full_fsync(fd)
    finally:
        os.close(fd)


def journal_fits(path: Path) -> bool:
    """Whether SQLite's rollback journal, ``<name>-journal``, fits within the 255-byte limit on names."""
    return len(f"{Path(path).name}-journal".encode("utf-8", "surrogateescape")) <= 255


def durable(conn: sqlite3.Connection, path: Path | None = None) -> str:
    """Make every commit on ``conn`` reach the file itself before it returns; the journal mode set.

    A rollback journal, not a write-ahead log: a commit is in the ``.workshop`` file when it returns,
    so a copy of that file alone (a file manager, a mail client, a sync service) holds every saved
    change, and nothing is left beside it once no change is being written. ``synchronous=FULL``
    flushes the journal and the file at each commit; on macOS ``fullfsync`` makes those flushes reach
    the drive itself. A file whose name leaves no room for ``-journal`` gets a write-ahead log
    instead ("wal"): its writer folds the log into the file after every commit. ``path`` is the
    name the file has, or will have once it is put in place.
    """
    wal = path is not None and not journal_fits(path)
    mode = str(conn.execute(f"PRAGMA journal_mode={'WAL' if wal else 'DELETE'}").fetchone()[0]).lower()
    conn.execute("PRAGMA synchronous=FULL")
    if sys.platform == "darwin":
        conn.execute("PRAGMA fullfsync=ON")
        conn.execute("PRAGMA checkpoint_fullfsync=ON")
    return mode


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows makes renames durable itself)."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        full_fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def place(tmp: Path, final: Path, replace: bool) -> None:
    """Move a finished, fsynced ``tmp`` to ``final`` in one step.

    With ``replace`` False an existing ``final`` is never overwritten (FileExistsError). Stale journal
    files of an earlier file with the final name are removed first, so they cannot be replayed into it.
    """
    fsync_file(tmp)
    for suffix in SIDECARS:
        remove_quietly(Path(f"{final}{suffix}"))
    if replace:
        os.replace(tmp, final)
    else:
        try:
            os.link(tmp, final)
        except FileExistsError:
            raise
        except OSError:
            # No hard links on this file system (FAT sticks, some shares): check, then rename.
            if final.exists():
                raise FileExistsError(final) from None
            os.replace(tmp, final)
        else:
            remove_quietly(tmp)
    fsync_dir(final.parent)


@contextmanager
def atomic_path(final: Path) -> Iterator[Path]:
    """A temporary file beside ``final`` to write; it replaces ``final`` only if the block succeeds.

    The new file is flushed to the disk before the rename and the rename made durable after it, so a
    failed write, a crash or a power cut at any moment leaves the old file or the new one, never half
    of one. The temporary file is removed whatever happens.
    """
    final = Path(final)
    remove_old_leftovers(final)
    tmp = temp_sibling(final)
    try:
        yield tmp
        fsync_file(tmp)
        os.replace(tmp, final)
        fsync_dir(final.parent)
    finally:
        remove_quietly(tmp)


def write_text_atomic(path: Path, text: str) -> None:
    """Write a UTF-8 text file through :func:`atomic_path`; OSError if it could not be written."""
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


class CopyFailedCheck(ValueError):
    """A copy of a database failed SQLite's integrity check: its source is damaged."""


def copy_database(source: sqlite3.Connection, dest: Path, final: Path | None = None) -> None:
    """Copy an open database into a new file with SQLite's online backup, then check the copy.

    The copy is consistent even while ``source`` is in use; raises sqlite3.Error or ValueError (the
    copy failed its check). The caller puts ``dest`` in place (at ``final``) with :func:`place`.
    """
    conn = sqlite3.connect(dest, isolation_level=None)
    try:
        durable(conn)
        source.backup(conn)
        # The copy carries the source's journal mode in its header: set the one its name allows.
        durable(conn, final)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        # The full check: a damaged index passes the quick one, and a backup must be sound.
        ok = conn.execute("PRAGMA integrity_check(1)").fetchone()[0]
        if ok != "ok":
            raise CopyFailedCheck(f"the copy failed its check ({ok})")
    finally:
        conn.close()
    wal = Path(f"{dest}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise ValueError("the copy was not finished (its journal is still open)")
    remove_quietly(wal, Path(f"{dest}-shm"))
