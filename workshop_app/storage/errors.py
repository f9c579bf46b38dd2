"""What can go wrong with a workshop file, each worded for the person in front of the screen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# SQLite's primary result codes that matter here (the low byte of an extended code).
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_CONSTRAINT = 19
SQLITE_NOTADB = 26


class WorkshopFileError(Exception):
    """A problem with a workshop file, worded for the person who opened it."""


class NotAWorkshopFile(WorkshopFileError):
    pass


class DamagedFile(WorkshopFileError):
    pass


class ForeignFile(DamagedFile):
    """The file holds what the app never writes (a trigger, a view, a changed table, a row whose id
    differs from its content): another program changed it, and it is not opened."""


class NewerVersionError(WorkshopFileError):
    pass


class StorageWriteError(WorkshopFileError):
    """A change could not be written (read-only folder, full disk, vanished drive): it was not saved."""


class ReadOnlyLocationError(StorageWriteError):
    """The workshop sits in a place this app may not write to (a write-protected stick, a shared folder)."""


class LinkedFileError(ReadOnlyLocationError):
    """The workshop file has more than one name (a hard link): each name would have its own lock, so
    two copies of the app could change it at once. It opens read-only, or a copy is worked in."""


class WorkshopLockedError(WorkshopFileError):
    """The workshop is open in another copy of the app; ``holder`` says who has it and where."""

    def __init__(self, message: str, holder: object = None) -> None:
        super().__init__(message)
        self.holder = holder


def unplaceable(name: str) -> NotAWorkshopFile:
    """A file with the app's mark that the app cannot place (no version, or the tables of another)."""
    return NotAWorkshopFile(f"{name} is not a workshop of this app, or it is damaged: it cannot be opened.")


def changed_elsewhere(name: str, what: str) -> ForeignFile:
    """A file another program changed; ``what`` names the first thing found ('a trigger “x”')."""
    return ForeignFile(
        f"{name} was changed by another program: it holds {what}, which Workshop Room never makes, so it "
        "is not opened."
    )


def error_code(exc: BaseException) -> int | None:
    """SQLite's primary result code of an error, when it has one."""
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def write_reason(exc: BaseException) -> str:
    """Why a write failed, in words: the end of a sentence 'it was not saved because ...'.

    Only a failed read or write of the drive is blamed on the drive; damage, a refused change and
    anything else SQLite reports are the file's.
    """
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        import errno

        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return "the file or its folder is read-only"
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return "the disk is full"
        return "the drive could not be written (was it removed?)"
    code = error_code(exc)
    if code is None:  # an error without SQLite's code: go by its words
        text = str(exc).lower()
        code = next((c for words, c in _WORDS if any(w in text for w in words)), None)
    if code == SQLITE_READONLY:
        return "the file or its folder is read-only"
    if code == SQLITE_FULL:
        return "the disk is full"
    if code in (SQLITE_BUSY, SQLITE_LOCKED):
        return "another program is using the file"
    if code in (SQLITE_IOERR, SQLITE_CANTOPEN):
        return "the drive could not be written (was it removed?)"
    if code in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return "the file turned out to be damaged"
    return "the file refused it; another program may have changed the file"


_WORDS = (
    (("readonly", "read-only"), SQLITE_READONLY),
    (("full",), SQLITE_FULL),
    (("locked", "busy"), SQLITE_BUSY),
    (("disk i/o",), SQLITE_IOERR),
    (("malformed", "not a database"), SQLITE_CORRUPT),
)


def write_problem(path: Path, exc: BaseException) -> StorageWriteError:
    """The message for a change that did not reach the disk: what happened and what to do."""
    return StorageWriteError(
        f"The last change was not saved to {path.name}: {write_reason(exc)}. "
        "Everything before it is safe, and what is on screen is kept. "
        "Save a copy somewhere else (another folder or drive) to keep working."
    )


def cannot_change(path: Path, exc: BaseException) -> StorageWriteError:
    """The message for a workshop that opens but cannot be changed (learnt before any change is made)."""
    reason = write_reason(exc)
    if reason.startswith("another program"):
        return StorageWriteError(
            f"{path.name} is being changed by another program, so it cannot be opened for changes. "
            "Close it there and try again, or open it read-only."
        )
    return StorageWriteError(f"{path.name} cannot be opened for changes: {reason}.")
