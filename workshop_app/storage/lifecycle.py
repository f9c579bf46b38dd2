"""Opening, creating and closing a workshop file with its backups: the one place deciding when one is taken.

- Opening for changes: after the first load found every row sound, so a damaged file never becomes
  the newest backup; skipped when the newest backup already holds the file as it was closed.
- Opening a file from an older version for changes: a backup of it as that version left it, then
  the migration (a failed backup is noted, and the migration still runs: each of its steps is a
  transaction, so the file is never left between two versions).
- Closing: a backup of what changed since the last one.

The periodic backup while a workshop is open is the GUI's timer (:func:`~workshop_app.storage.backup.maybe_backup`).
"""

from __future__ import annotations

from pathlib import Path

from workshop_app.model.document import WorkshopDoc
from workshop_app.storage.backup import backup_now, backup_on_open, note_closed
from workshop_app.storage.workshop_file import WorkshopFile


def open_file(path: Path, readonly: bool = False, take_over: bool = False) -> tuple[WorkshopFile, WorkshopDoc]:
    """Open the workshop file at ``path``, bring it up to date, read it, and back it up as above.

    ``readonly`` and ``take_over`` are as for :meth:`WorkshopFile.open`. Raises the file's own
    errors (WorkshopFileError and its kinds); nothing is left open or locked when it does.
    """
    file = WorkshopFile.open(Path(path), readonly=readonly, take_over=take_over)
    try:
        migrating = file.needs_migration
        if migrating:
            backup_now(file, "migration")
            file.migrate()
        doc = file.load()
    except BaseException:
        file.close()  # no backup of a file that could not be read
        raise
    if not readonly and not migrating:
        backup_on_open(file)
    return file, doc


def create_file(path: Path, doc: WorkshopDoc) -> tuple[WorkshopFile, WorkshopDoc]:
    """Create a workshop file holding ``doc`` and read it back (a new file needs no backup yet)."""
    file = WorkshopFile.create(Path(path), doc)
    try:
        return file, file.load()
    except BaseException:
        file.close()
        raise


def close_file(file: WorkshopFile) -> None:
    """Back up what changed since the last backup, close the file and give its lock back."""
    if file.closed:
        return

    def note_backed_up() -> None:
        # Written while the lock is still held: the mark then describes this file as it was closed.
        if not file.readonly and not file.changed_since_backup and file.last_backup is not None:
            note_closed(file.path)

    try:
        if not file.readonly and file.changed_since_backup:
            backup_now(file, "close")
    finally:
        file.close(before_unlock=note_backed_up)
