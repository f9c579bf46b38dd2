"""Opening a workshop whatever state it is in, and getting the work back when something went wrong.

Every failure gets a message in plain words saying what happened and what can be done, with the
way out as a button: restore a backup, open read-only, save a copy somewhere else. Which backup to
offer, where to restore it and whether a lock may be taken over are decided in
:mod:`workshop_app.core.recovery`, which the command line asks too; these are the dialogs around it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from PySide6.QtCore import QObject, QStandardPaths, Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.core.recovery import (
    backups_to_offer,
    can_take_over,
    offer_restore,
    restored_name,
    take_over_advice,
    when_text,
)
from workshop_app.core.workshop import Workshop
from workshop_app.gui.accessible import named
from workshop_app.storage.backup import BackupInfo, maybe_backup, restore_backup, save_copy_as
from workshop_app.storage.errors import (
    DamagedFile,
    LinkedFileError,
    NewerVersionError,
    NotAWorkshopFile,
    ReadOnlyLocationError,
    StorageWriteError,
    WorkshopFileError,
    WorkshopLockedError,
)

OPEN_READ_ONLY = "Open read-only"
NEWER = "This workshop was made by a newer version of the app; changing it here could lose what that version added."
ELSEWHERE = "This workshop is open for changes on another computer or in another window."
PROTECTED = "This workshop is in a folder this app may not write to."
LINKED = "This workshop file has more than one name, so it could be changed under another name at once."
UNWRITABLE = "Changes could not be saved to this workshop file."
OPEN_ANYWAY = "Open anyway"
SAVE_COPY = "Save a copy elsewhere…"
RESTORE = "Restore this backup"
CHOOSE_BACKUP = "Choose another backup…"
KEEP_HERE = "Keep working here"
CANCEL = "Cancel"
FILE_FILTER = "Workshops (*.workshop)"

Role = QMessageBox.ButtonRole
Icon = QMessageBox.Icon


def ask(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str, choices: list[str]) -> str | None:
    """A message box with one button per choice (the first is the default); returns the choice made."""
    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)  # file names and people's names are shown as they are
    box.setText(text)
    buttons: dict[Any, str] = {}
    for i, label in enumerate(choices):
        role = Role.RejectRole if label == CANCEL else (Role.AcceptRole if i == 0 else Role.ActionRole)
        button = box.addButton(label, role)
        buttons[button] = label
        if i == 0:
            box.setDefaultButton(button)
    if CANCEL in choices:
        box.setEscapeButton(next(b for b, label in buttons.items() if label == CANCEL))
    box.exec()
    return buttons.get(box.clickedButton())


def tell(parent: QWidget | None, title: str, text: str, icon: QMessageBox.Icon = Icon.Warning) -> None:
    ask(parent, icon, title, text, ["OK"])


def _documents() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def choose_save_path(parent: QWidget | None, title: str, suggested: Path) -> Path | None:
    """Ask where to save a workshop; None if the person cancelled. Adds '.workshop' when missing."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(suggested), FILE_FILTER)
    if not name:
        return None
    chosen = Path(name)
    return chosen if chosen.suffix == ".workshop" else chosen.with_name(chosen.name + ".workshop")


# -- opening ---------------------------------------------------------------------------------------
def open_workshop(parent: QWidget | None, path: Path) -> Workshop | None:
    """Open the workshop at ``path``; on any problem explain it and offer the way out. None: not opened."""
    path = Path(path)
    try:
        return Workshop.open(path)
    except WorkshopLockedError as exc:
        return _locked(parent, path, exc)
    except NewerVersionError as exc:
        return _offer_read_only(
            parent, path, "Made by a newer version", NEWER,
            f"{exc}\n\nYou can open it read-only: look at it and export it, without changing it.",
        )
    except ReadOnlyLocationError as exc:
        return _read_only_location(parent, path, exc)
    except DamagedFile as exc:
        return _damaged(parent, path, exc)
    except NotAWorkshopFile as exc:
        tell(parent, "Not a workshop file",
             f"{exc}\n\nWorkshop Room opens .workshop files that it saved. To bring in a JSON export, "
             "use File → Import JSON… instead; to start afresh, create a new workshop.")
        return None
    except StorageWriteError as exc:
        return _offer_read_only(parent, path, "Cannot open for changes", UNWRITABLE,
                                f"{exc}\n\nYou can still open it read-only to look at it and export it.")
    except WorkshopFileError as exc:
        tell(parent, "Cannot open the workshop", str(exc))
        return None


# Why each workshop open here was opened read-only, for the console to say so.
_REASONS: WeakKeyDictionary[Workshop, str] = WeakKeyDictionary()
CHOSEN = "This workshop was opened read-only."


def read_only_reason(workshop: Workshop) -> str:
    """Why ``workshop`` is read-only, as one sentence."""
    return _REASONS.get(workshop, CHOSEN)


def open_read_only(parent: QWidget | None, path: Path, reason: str = CHOSEN) -> Workshop | None:
    try:
        workshop = Workshop.open(path, readonly=True)
        _REASONS[workshop] = reason
        return workshop
    except DamagedFile as exc:
        return _damaged(parent, path, exc)
    except WorkshopFileError as exc:
        tell(parent, "Cannot open the workshop", f"{exc}\n\nIt cannot be opened, not even read-only.")
        return None


def _offer_read_only(parent: QWidget | None, path: Path, title: str, reason: str, text: str) -> Workshop | None:
    if ask(parent, Icon.Warning, title, text, [OPEN_READ_ONLY, CANCEL]) == OPEN_READ_ONLY:
        return open_read_only(parent, path, reason)
    return None


def _locked(parent: QWidget | None, path: Path, exc: WorkshopLockedError) -> Workshop | None:
    choices = [OPEN_READ_ONLY]
    text = str(exc)
    if can_take_over(exc):
        choices.append(OPEN_ANYWAY)
        text += "\n\n" + take_over_advice(f"choose “{OPEN_ANYWAY}”")
    choices.append(CANCEL)
    choice = ask(parent, Icon.Warning, "Already open elsewhere", text, choices)
    if choice == OPEN_READ_ONLY:
        return open_read_only(parent, path, ELSEWHERE)
    if choice == OPEN_ANYWAY:
        try:
            return Workshop.open(path, take_over=True)
        except WorkshopFileError as again:
            tell(parent, "Cannot open the workshop", str(again))
            return None
    return None


def _read_only_location(parent: QWidget | None, path: Path, exc: ReadOnlyLocationError) -> Workshop | None:
    choice = ask(parent, Icon.Warning, "Cannot save changes there", str(exc), [OPEN_READ_ONLY, SAVE_COPY, CANCEL])
    if choice == OPEN_READ_ONLY:
        return open_read_only(parent, path, LINKED if isinstance(exc, LinkedFileError) else PROTECTED)
    if choice != SAVE_COPY:
        return None
    while True:
        target = choose_save_path(parent, "Save a copy to work in", _documents() / path.name)
        if target is None:
            return None
        try:
            source = Workshop.open(path, readonly=True)
        except WorkshopFileError as again:
            tell(parent, "Cannot open the workshop", str(again))
            return None
        try:
            save_copy_as(source.file, target, doc=source.doc)
        except WorkshopFileError as again:
            tell(parent, "No copy saved", f"{again}")
            continue
        finally:
            source.close()
        return open_workshop(parent, target)


def _damaged(parent: QWidget | None, path: Path, exc: DamagedFile) -> Workshop | None:
    offer = offer_restore(path, str(exc))
    if offer.backup is None or offer.target is None:
        tell(parent, "The workshop is damaged", offer.message, Icon.Critical)
        return None
    text = f"{offer.message} The restored copy is then opened."
    choice = ask(parent, Icon.Critical, "The workshop is damaged", text, [RESTORE, CHOOSE_BACKUP, CANCEL])
    if choice == RESTORE:
        restored = restore_with_fallback(parent, offer.backup.path, offer.target)
        return open_restored(parent, restored) if restored else None
    if choice == CHOOSE_BACKUP:
        dialog = RestoreDialog(parent, path)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.restored_path is not None:
            return open_restored(parent, dialog.restored_path)
    return None


def open_restored(parent: QWidget | None, path: Path) -> Workshop | None:
    """Open a file just restored from a backup; if even that fails, say so (no second round of offers)."""
    try:
        return Workshop.open(path)
    except WorkshopFileError as exc:
        tell(parent, "The restored copy cannot be opened",
             f"{exc}\n\nThe backup was restored to {path.name}, but it cannot be opened either. Try "
             "another backup with Restore a backup, or keep both files and ask for help.", Icon.Critical)
        return None


def restore_with_fallback(parent: QWidget | None, backup: Path, target: Path) -> Path | None:
    """Restore ``backup`` to ``target``; if that place cannot be written, ask for another one."""
    while True:
        try:
            return restore_backup(backup, target)
        except (StorageWriteError, WorkshopLockedError) as exc:
            choice = ask(parent, Icon.Warning, "Cannot restore there",
                         f"{exc}\n\nChoose another place for the restored workshop.", [SAVE_COPY, CANCEL])
            if choice != SAVE_COPY:
                return None
            chosen = choose_save_path(parent, "Save the restored workshop", _documents() / target.name)
            if chosen is None:
                return None
            target = chosen
        except WorkshopFileError as exc:
            tell(parent, "Cannot restore this backup", str(exc))
            return None


# -- a write failed --------------------------------------------------------------------------------
def handle_write_error(parent: QWidget | None, session_or_workshop: Any, message: str) -> Path | None:
    """Explain a change that was not saved and offer to save a copy elsewhere.

    Returns the copy's path (the caller opens it and keeps working there), or None if the person
    chose to keep working where they are.
    """
    workshop: Workshop = getattr(session_or_workshop, "workshop", session_or_workshop)
    text = (
        f"{message}\n\n“{SAVE_COPY}” saves the workshop as it is on screen in another folder or on another "
        "drive, and you continue in the copy. If you have fixed the problem (freed space, plugged the "
        f"drive back in), choose “{KEEP_HERE}” and make the change again."
    )
    while True:
        choice = ask(parent, Icon.Critical, "The change was not saved", text, [SAVE_COPY, KEEP_HERE])
        if choice != SAVE_COPY:
            return None
        suggested = _documents() / f"{workshop.path.stem} (copy).workshop"
        target = choose_save_path(parent, "Save a copy of the workshop", suggested)
        if target is None:
            continue
        try:
            return save_copy_as(workshop.file, target, doc=workshop.doc)
        except WorkshopFileError as exc:
            text = f"{exc}\n\nChoose another folder or drive for the copy, or keep working where you are."


# -- choosing a backup -----------------------------------------------------------------------------
class RestoreDialog(QDialog):
    """The backups of one workshop, with time and contents; restores the chosen one into a new file."""

    COLUMNS = ("Taken", "Notes", "Answers", "Actions", "Participants")

    def __init__(self, parent: QWidget | None, workshop_path: Path) -> None:
        super().__init__(parent)
        self.workshop_path = Path(workshop_path)
        self.restored_path: Path | None = None
        self.setWindowTitle("Restore a backup")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.tree = named(QTreeWidget(self), "Backups")
        self.tree.setHeaderLabels(list(self.COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.itemSelectionChanged.connect(self._update_button)
        self.tree.itemDoubleClicked.connect(lambda *_: self.restore_selected())
        layout.addWidget(self.tree)
        buttons = QDialogButtonBox(self)
        self.restore_button: QPushButton = buttons.addButton(
            "Restore into a new file", QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.backups = self._load()
        self._update_button()

    def _load(self) -> list[BackupInfo]:
        choice = backups_to_offer(self.workshop_path)
        self.intro.setText(choice.intro)
        rows: dict[Path, QTreeWidgetItem] = {}
        for info in choice.backups:
            row = QTreeWidgetItem(
                [when_text(info.time), *(str(n) for n in (info.notes, info.items, info.actions, info.participants))]
                if info.ok
                else [when_text(info.time), info.summary(), "", "", ""]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, str(info.path))
            row.setToolTip(0, info.time.astimezone().strftime("%Y-%m-%d %H:%M:%S"))
            for col in range(1, 5):
                row.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if not info.ok:
                row.setFlags(row.flags() & ~Qt.ItemFlag.ItemIsEnabled & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(row)
            rows[info.path] = row
        if choice.first_good is not None:
            self.tree.setCurrentItem(rows[choice.first_good.path])
        return choice.backups

    def _update_button(self) -> None:
        self.restore_button.setEnabled(bool(self.tree.selectedItems()))

    def selected_backup(self) -> Path | None:
        items = self.tree.selectedItems()
        return Path(items[0].data(0, Qt.ItemDataRole.UserRole)) if items else None

    def restore_selected(self) -> None:
        backup = self.selected_backup()
        if backup is None:
            return
        try:
            target = restored_name(self.workshop_path)
        except WorkshopFileError as exc:
            tell(self, "Cannot restore", str(exc))
            return
        restored = restore_with_fallback(self, backup, target)
        if restored is not None:
            self.restored_path = restored
            self.accept()


# -- periodic backups ------------------------------------------------------------------------------
def install_backup_timer(session: Any, interval_ms: int = 60_000, min_interval_s: float = 300) -> QTimer:
    """Every minute, back up ``session.workshop`` if it changed and the last backup is 5 minutes old.

    A failed backup is reported once through ``session.error_raised`` (the workshop itself is fine).
    """
    parent = session if isinstance(session, QObject) else None
    timer = QTimer(parent)
    timer.setInterval(interval_ms)
    reported: list[str | None] = [None]

    def tick() -> None:
        workshop = getattr(session, "workshop", None)
        if workshop is None:
            return
        maybe_backup(workshop.file, min_interval_s=min_interval_s)
        problem = workshop.file.backup_problem
        if problem and problem != reported[0] and hasattr(session, "error_raised"):
            session.error_raised.emit(problem)
        reported[0] = problem

    timer.timeout.connect(tick)
    timer.start()
    return timer
