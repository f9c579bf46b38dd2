"""Getting the work back: which backup to offer, where to restore it, whether a lock may be taken over.

The decisions and the words for them live here, so the GUI's dialogs and the command line say and do
the same; each only adds its own way out (a button, a command).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from workshop_app.storage.backup import BackupInfo, list_backups, newest_good_backup, restore_backup
from workshop_app.storage.errors import WorkshopFileError, WorkshopLockedError
from workshop_app.storage.lock import LockInfo

NO_BACKUP = (
    "There is no backup of it on this computer. Keep the damaged file (do not delete it). If you "
    "exported the workshop as JSON, import that export; otherwise copy the damaged file to someone "
    "who can look at it."
)


def when_text(when: dt.datetime, now: dt.datetime | None = None) -> str:
    """A backup's time in local time: 'today 10:42', 'yesterday 16:05', 'Mon 3 Nov 2026 10:42'."""
    local = when.astimezone()
    today = (now or dt.datetime.now()).astimezone().date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"today {clock}"
    if local.date() == today - dt.timedelta(days=1):
        return f"yesterday {clock}"
    return f"{local.strftime('%a')} {local.day} {local.strftime('%b %Y')} {clock}"


def restored_name(path: Path) -> Path:
    """A free name beside ``path`` for a restored copy: 'Kick-off (restored).workshop', '(restored 2)'…"""
    path = Path(path)
    for n in range(1, 1000):
        label = "restored" if n == 1 else f"restored {n}"
        candidate = path.with_name(f"{path.stem} ({label}).workshop")
        if not candidate.exists():
            return candidate
    raise WorkshopFileError(f"Too many restored copies of {path.name} in its folder; tidy them up first.")


@dataclass(frozen=True)
class RestoreOffer:
    """What can be done for a workshop whose file cannot be used: the backup to put back, and where.

    ``backup`` is the newest backup that passes its check and reads back whole (None: there is none);
    ``target`` is the new file it would be restored into, beside the workshop; ``refusal`` says why
    nothing can be restored when that is so.
    """

    path: Path
    problem: str = ""
    backup: BackupInfo | None = None
    target: Path | None = None
    refusal: str = ""

    @property
    def can_restore(self) -> bool:
        return self.backup is not None and self.target is not None

    @property
    def advice(self) -> str:
        """What can be done, in a sentence or three (without the problem itself)."""
        if self.backup is None or self.target is None:
            return self.refusal
        return (
            f"The newest good backup was taken {when_text(self.backup.time)} and holds {self.backup.summary()}. "
            f"It can be restored into a new file beside it, “{self.target.name}”. Anything changed after "
            "that backup was taken is not in it."
        )

    @property
    def message(self) -> str:
        """The problem, then the advice, as one text for a message box."""
        return f"{self.problem}\n\n{self.advice}" if self.problem else self.advice

    def restore(self) -> Path:
        """Restore the offered backup into ``target`` and return it (raises WorkshopFileError kinds)."""
        if self.backup is None or self.target is None:
            raise WorkshopFileError(self.refusal)
        return restore_backup(self.backup.path, self.target)


def offer_restore(path: Path, problem: str = "") -> RestoreOffer:
    """Find the backup to offer for the workshop at ``path`` (also one kept under the same file name
    elsewhere, for a file that was moved or copied) and a free name to restore it into."""
    path = Path(path)
    best = newest_good_backup(path)
    if best is None:
        return RestoreOffer(path, problem, refusal=NO_BACKUP)
    try:
        target = restored_name(path)
    except WorkshopFileError as too_many:
        return RestoreOffer(path, problem, best, refusal=str(too_many))
    return RestoreOffer(path, problem, best, target)


@dataclass(frozen=True)
class BackupChoice:
    """The backups to show for one workshop, newest first, and a sentence introducing them."""

    intro: str
    backups: list[BackupInfo] = field(default_factory=list)

    @property
    def first_good(self) -> BackupInfo | None:
        """The newest backup that can be read: the one chosen unless the person picks another."""
        return next((b for b in self.backups if b.ok), None)


def backups_to_offer(workshop_path: Path) -> BackupChoice:
    """The backups of the workshop at ``workshop_path``; when it has none at this place, those of
    workshops with the same file name kept elsewhere (it may have been moved or copied)."""
    workshop_path = Path(workshop_path)
    name = workshop_path.name
    backups = list_backups(workshop_path)
    if backups:
        return BackupChoice(
            f"Backups of {name}, newest first. The chosen one is written into a new file beside it; "
            "no file is overwritten.",
            backups,
        )
    backups = list_backups(workshop_path, same_name=True)
    if backups:
        return BackupChoice(
            f"There are no backups of {name} at this place. These are backups of workshops with the "
            "same name kept elsewhere (it may have been moved or copied). The chosen one is written "
            "into a new file beside it.",
            backups,
        )
    return BackupChoice(
        f"There are no backups of {name} on this computer yet. Backups are taken when a workshop is "
        "opened, every few minutes while it changes, and when it is closed."
    )


def restore_beside(backup: Path, workshop_path: Path) -> Path:
    """Restore ``backup`` into a new file beside the workshop, under a free '(restored)' name."""
    return restore_backup(backup, restored_name(workshop_path))


def can_take_over(exc: WorkshopLockedError) -> bool:
    """Whether the lock may be taken over (after the person confirms the other place is gone).

    A lock held by a running copy of the app on this computer may not: that copy is still working.
    One from another computer, or one whose holder cannot be read, may: that computer may have
    crashed or been switched off while the workshop was open.
    """
    holder = exc.holder if isinstance(exc.holder, LockInfo) else None
    return holder is None or not holder.on_this_computer


def take_over_advice(how: str) -> str:
    """When and when not to take a workshop over; ``how`` names the way to do it ('choose “Open anyway”')."""
    return (
        f"If that computer crashed or was switched off while the workshop was open, {how} to take it "
        "over. If it is still open there, do not: two places changing the same workshop would undo "
        "each other's work."
    )
