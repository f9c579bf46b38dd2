"""The facilitator's main window: the start screen or the console, the menus, exports and the shared screen."""

from __future__ import annotations

import gc
import importlib
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QMainWindow,
    QMenu,
    QMenuBar,
    QMessageBox,
    QStackedWidget,
)

from workshop_app import APP_NAME, __version__
from workshop_app.export.writers import export_writer
from workshop_app.gui.actions import ActionSpec, build_action
from workshop_app.gui.keys import install_key_rules
from workshop_app.gui.plain import warn
from workshop_app.gui.qt_helpers import single_shot
from workshop_app.gui.start_screen import StartScreen
from workshop_app.gui.window_fit import fit_window

if TYPE_CHECKING:  # loaded when a workshop is first opened, not before the start screen is painted
    from workshop_app.core.library import Library
    from workshop_app.core.workshop import Workshop
    from workshop_app.gui.console import WorkshopConsole
    from workshop_app.gui.export_runner import ExportLinks, ExportRunner
    from workshop_app.gui.help_window import HelpWindow
    from workshop_app.gui.phones import PhoneJoin
    from workshop_app.gui.session import Session
    from workshop_app.gui.shared_screen import SharedScreen
    from workshop_app.model.document import WorkshopDoc
    from workshop_app.storage.settings import TimerOption

# What opening a workshop imports, loaded while the start screen waits; the step views last (one is built
# at the open, the others when their steps come up).
PRELOAD = (
    "workshop_app.gui.session", "workshop_app.gui.recovery", "workshop_app.gui.console",
    "workshop_app.gui.presentation", "workshop_app.gui.phones", "workshop_app.gui.views.board_view",
    "workshop_app.gui.views.rating_view", "workshop_app.gui.views.poll_view", "workshop_app.gui.views.map_view",
    "workshop_app.gui.views.canvas_view", "workshop_app.gui.views.commitments_view",
    "workshop_app.gui.views.spectrum_view", "workshop_app.gui.views.review_view",
)

EXPORTS: dict[str, tuple[str, str, str]] = {
    # kind: (menu title, file filter, suffix)
    "pdf": ("Action plan and record (PDF)…", "PDF (*.pdf)", ".pdf"),
    "handouts": ("Participant handouts (PDF)…", "PDF (*.pdf)", ".pdf"),
    "ballots": ("Paper ballots for a room without phones (PDF)…", "PDF (*.pdf)", ".pdf"),
    "csv": ("Answers and actions (CSV)…", "CSV (*.csv)", ".csv"),
    "xlsx": ("Actions, answers and participants (Excel)…", "Excel workbook (*.xlsx)", ".xlsx"),
    "markdown": ("Whole workshop (Markdown)…", "Markdown (*.md)", ".md"),
    "json": ("Whole workshop (JSON)…", "JSON (*.json)", ".json"),
    "guide": ("Facilitator's guide (PDF)…", "PDF (*.pdf)", ".pdf"),
    "ics": ("Due dates and follow-up (calendar)…", "Calendar (*.ics)", ".ics"),
}


class MainWindow(QMainWindow):
    """One window per app run: the start screen until a workshop is open, then its console."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.resize(1366, 768)
        self._fitted = False
        install_key_rules()
        self.session: Session | None = None
        self.console: WorkshopConsole | None = None
        self.shared: SharedScreen | None = None
        self.phones: PhoneJoin | None = None
        self.phones_dock: QDockWidget | None = None
        self.room_specs: list[ActionSpec] = []
        self._room_actions: list[QAction] = []
        self._library: Library | None = None
        self._exports: ExportRunner | None = None
        self._writes_failing = False  # the last change could not be saved, and none has been since
        self._export_links: ExportLinks | None = None
        self._help: HelpWindow | None = None
        self.start = StartScreen()
        # Once the start screen is up, the code that opening a workshop runs is loaded, a module per turn
        # of the event loop while the facilitator chooses: the open itself then only reads and builds.
        self._preloading = list(PRELOAD)
        self._preload_timer = single_shot(self, 0, self._preload_next)
        self.start.first_painted.connect(self._preload_timer.start)
        self.start.new_requested.connect(self.new_workshop)
        self.start.open_requested.connect(self.open_dialog)
        self.start.demo_requested.connect(self.open_demo)
        self.start.recent_requested.connect(self.open_path)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start)
        self.setCentralWidget(self.pages)
        self.specs = self._declare_actions()
        self.actions_by_id: dict[str, QAction] = {}
        self._build_menus()
        help_menu = next(a for a in self.menuBar().actions() if a.text() == "&Help")
        self.room_menu = QMenu("&Room", self)
        self.menuBar().insertMenu(help_menu, self.room_menu)
        self.room_menu.setEnabled(False)
        self.actions_by_id["notes-panel"].setChecked(True)
        self._update_enabled()
        self.statusBar().showMessage("Every change is saved the moment it is made.")

    def _show_settings(self) -> None:
        """Tick the remembered timer options as the View menu opens (reading settings loads pydantic, which
        start-up does without)."""
        from workshop_app.storage.settings import SettingsFile

        remembered = SettingsFile().load()
        self.actions_by_id["auto-timer"].setChecked(remembered.auto_start_timer)
        self.actions_by_id["timer-sound"].setChecked(remembered.sound_on_time_up)

    # -- actions --------------------------------------------------------------------------------
    def _declare_actions(self) -> list[ActionSpec]:
        sk = QKeySequence.StandardKey
        has = lambda: self.session is not None  # noqa: E731
        writable = lambda: self.session is not None and not self.session.workshop.readonly  # noqa: E731
        specs = [
            ActionSpec("new", "&New workshop…", self.new_workshop, [sk.New], "File", "Create a workshop"),
            ActionSpec("open", "&Open…", self.open_dialog, [sk.Open], "File", "Open a workshop file"),
            ActionSpec("demo", "Open the &demo", self.open_demo, [], "File", "Open the demo workshop"),
            ActionSpec("import-json", "&Import JSON…", self.import_json, [], "File",
                       "Make a workshop file from a JSON export (this app's, or another copy's)"),
            ActionSpec("follow-up", "New &follow-up…", self.new_follow_up, [], "File",
                       "A new workshop that carries this one's open actions and commitments"),
            ActionSpec("portfolio", "&Portfolio…", self.show_portfolio, [], "File",
                       "Every workshop in a folder, read-only: completion by area and owner, what is overdue"),
        ]
        for kind, (title, _f, _s) in EXPORTS.items():
            keys = ["Ctrl+E"] if kind == "pdf" else []
            specs.append(ActionSpec(f"export-{kind}", f"Export {title}", partial(self.export_dialog, kind),
                                    keys, "File/Export", f"Export {title.rstrip('…')}", enabled=has))
        specs += [
            ActionSpec("restore", "&Restore from backup…", self.restore_backup, [], "File",
                       "List this workshop's backups and restore one into a new file"),
            ActionSpec("details", "Workshop &details and participants…", self.edit_details, ["Ctrl+I"], "File",
                       "Edit the title, date and people while the workshop runs", enabled=writable),
            ActionSpec("close", "&Close workshop", self.close_workshop, [sk.Close], "File", enabled=has),
            ActionSpec("quit", "&Quit", self.close, [sk.Quit], "File", "Quit the app"),
            ActionSpec("undo", "&Undo", self.undo, [sk.Undo], "Edit", "Undo the last change", enabled=writable),
            ActionSpec("redo", "&Redo", self.redo, [sk.Redo, "Ctrl+Shift+Z", "Ctrl+Y"], "Edit", "Redo",
                       enabled=writable),
            ActionSpec("plan", "Action &plan", self._show_action_plan, ["F8"],
                       "View", "Show the action plan", enabled=has),
            ActionSpec("exercise", "Current &exercise", self._show_exercise, ["F7"],
                       "View", "Show the current exercise", enabled=has),
            ActionSpec("notes-panel", "Facilitator &notes", self._toggle_notes, ["F9"], "View",
                       "Show or hide the script beside the exercise", checkable=True, enabled=has),
            ActionSpec("auto-timer", "Start the timer with each step", lambda: self._timer_option("auto_start_timer"),
                       [], "View", "When you move to a step, its timer starts by itself", checkable=True),
            ActionSpec("timer-sound", "Sound when time is up", lambda: self._timer_option("sound_on_time_up"),
                       [], "View", "Play the system sound when a step's time runs out", checkable=True),
            ActionSpec("shortcuts", "&Keyboard shortcuts", self.show_shortcuts, ["F1"], "Help", "List every shortcut"),
            ActionSpec("about", f"&About {APP_NAME}", self.show_about, [], "Help"),
        ]
        return specs

    def _build_menus(self) -> None:
        menus: dict[str, QMenu] = {}
        for spec in self.specs:
            action = build_action(spec, self)
            self.actions_by_id[spec.id] = action
            if not spec.menu:
                continue
            path = spec.menu.split("/")
            parent: QMenuBar | QMenu = self.menuBar()
            for depth in range(len(path)):
                key = "/".join(path[: depth + 1])
                if key not in menus:
                    menus[key] = parent.addMenu(path[depth].replace("File", "&File").replace("Edit", "&Edit")
                                                .replace("Help", "&Help").replace("View", "&View"))
                parent = menus[key]
            parent.addAction(action)
        menus["View"].aboutToShow.connect(self._show_settings)

    def _update_enabled(self) -> None:
        for spec in self.specs:
            if spec.enabled is not None:
                self.actions_by_id[spec.id].setEnabled(spec.enabled())

    @property
    def exports(self) -> ExportRunner:
        if self._exports is None:
            from workshop_app.gui.export_runner import ExportRunner

            self._exports = ExportRunner(self)
            self._exports.done.connect(self._on_export_done)
        return self._exports

    # -- opening and closing --------------------------------------------------------------------
    @property
    def library(self) -> Library:
        if self._library is None:
            from workshop_app.core.library import load_library

            self._library = load_library()
            for error in self._library.errors:
                self.statusBar().showMessage(f"Exercise file not loaded: {error}", 15000)
        return self._library

    def new_workshop(self) -> None:
        from workshop_app.gui.new_workshop_dialog import NewWorkshopDialog

        dialog = NewWorkshopDialog(self.library, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.create_workshop(dialog.path(), dialog.result_doc())

    def new_follow_up(self) -> None:
        """A follow-up of the open workshop (or of a file chosen in the dialog), opened once made."""
        from workshop_app.gui.followup_dialog import FollowUpDialog

        dialog = FollowUpDialog(self.library, self.session.workshop if self.session else None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.workshop is not None:
            self.show_workshop(dialog.workshop)

    def show_portfolio(self) -> None:
        """The read-only portfolio window, for the open workshop's folder or one chosen in it."""
        from workshop_app.gui.portfolio_window import PortfolioWindow

        window = PortfolioWindow(parent=self)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.show()
        if self.session is not None:
            window.load(self.session.workshop.path.parent)

    def create_workshop(self, path: Path, doc: WorkshopDoc) -> bool:
        from workshop_app.core.workshop import Workshop
        from workshop_app.storage.workshop_file import WorkshopFileError

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            workshop = Workshop.create(path, doc)
        except (WorkshopFileError, OSError) as exc:
            warn(self, "Cannot create the workshop", f"{exc}\n\nChoose another folder or name.")
            return False
        self.show_workshop(workshop)
        return True

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open a workshop", "", "Workshops (*.workshop);;All files (*)")
        if path:
            self.open_path(Path(path))

    def import_json(self) -> None:
        """File → Import JSON…: a JSON export becomes a new workshop file, saved where the user says."""
        from workshop_app.export.json_io import JsonImportError, load_json

        source, _ = QFileDialog.getOpenFileName(self, "Import a JSON export", "", "JSON exports (*.json);;All files (*)")
        if not source:
            return
        try:
            doc = load_json(Path(source))
        except JsonImportError as exc:
            QMessageBox.warning(self, "Cannot import", f"{exc}\n\nChoose a JSON file exported by {APP_NAME}.")
            return
        name = "".join(c for c in doc.info.title if c not in '<>:"/\\|?*').strip() or "Imported workshop"
        target, _ = QFileDialog.getSaveFileName(self, "Save the imported workshop as",
                                                str(Path(source).with_name(f"{name}.workshop")),
                                                "Workshops (*.workshop)")
        if not target:
            return
        path = Path(target) if target.endswith(".workshop") else Path(target + ".workshop")
        if path.exists():
            QMessageBox.warning(self, "Cannot import", f"{path.name} already exists.\n\nChoose another name: an "
                                "import never writes over a workshop.")
            return
        if self.create_workshop(path, doc):
            self.statusBar().showMessage(f"Imported {Path(source).name} into {path.name}", 8000)

    def open_demo(self) -> None:
        from workshop_app.core.demo import build_demo
        from workshop_app.storage import paths

        path = paths.data_dir() / "Demo workshop.workshop"
        if path.exists():
            self.open_path(path)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        self.create_workshop(path, build_demo(self.library))

    def open_path(self, path: Path) -> None:
        """Open a workshop; a damaged, newer, locked or foreign file is explained, with a way out."""
        from workshop_app.gui.recovery import open_workshop

        workshop = open_workshop(self, Path(path))
        if workshop is not None:
            self.show_workshop(workshop)

    def restore_backup(self) -> None:
        from workshop_app.gui.recovery import RestoreDialog

        if self.session is None:
            path, _ = QFileDialog.getOpenFileName(self, "Which workshop's backups?", "", "Workshops (*.workshop)")
            if not path:
                return
            workshop_path = Path(path)
        else:
            workshop_path = self.session.workshop.path
        dialog = RestoreDialog(self, workshop_path)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.restored_path is not None:
            self.open_path(dialog.restored_path)

    def _on_write_failed(self, message: str) -> None:
        from workshop_app.gui.recovery import handle_write_error

        if self.session is None:
            return
        self._writes_failing = True
        self.statusBar().showMessage(
            f"Not saved: the last change could not be written to {self.session.workshop.path.name}."
        )
        drafts = self._drafts()
        copy = handle_write_error(self, self.session, message)
        if copy is not None:
            self.open_path(copy)
            self._restore_drafts(drafts)

    def _drafts(self) -> dict[str, str]:
        """The notes typed into the console's entry boxes and not saved yet, by step."""
        from workshop_app.gui.views.board_view import BoardView

        if self.console is None:
            return {}
        return {v.step_id: v.entry.text() for v in self.console.findChildren(BoardView) if v.entry.text()}

    def _restore_drafts(self, drafts: dict[str, str]) -> None:
        """Put unsaved notes back into the entry boxes of the workshop now open (a copy of the last one)."""
        from workshop_app.gui.views.board_view import BoardView

        if self.console is None:
            return
        for view in self.console.findChildren(BoardView):
            if view.step_id in drafts and not view.entry.text():
                view.entry.setText(drafts[view.step_id])

    def show_workshop(self, workshop: Workshop) -> None:
        """Make ``workshop`` the open one, closing any other first."""
        from workshop_app.gui.console import WorkshopConsole
        from workshop_app.gui.session import Session

        self.close_workshop()
        # The open workshop's tens of thousands of objects live as long as it is open: keeping them out
        # of the collector's full passes avoids pauses of tens of milliseconds while the room types.
        gc.collect()
        gc.freeze()
        self.session = Session(workshop, self)
        self.console = WorkshopConsole(self.session)
        self.console.export_requested.connect(self.export_dialog)
        self.pages.addWidget(self.console)
        self.pages.setCurrentWidget(self.console)
        if workshop.readonly:
            from workshop_app.gui.recovery import read_only_reason

            self.console.set_read_only(read_only_reason(workshop))
            self.statusBar().showMessage("Read-only: nothing is saved to this workshop file.")
        else:
            self.statusBar().showMessage("Every change is saved the moment it is made.")
        self._writes_failing = False
        self.session.undo_stack.canUndoChanged.connect(self._on_undo_changed)
        self.session.changed.connect(self._on_changed)
        self.session.write_failed.connect(self._on_write_failed)
        self.session.undo_done.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.session.undo_failed.connect(lambda text: self.statusBar().showMessage(text, 15000))
        from workshop_app.gui.recovery import install_backup_timer

        install_backup_timer(self.session)
        self._on_changed(None)
        self._build_room_actions(self.session)
        gc.freeze()  # the console's views of the workshop live as long as it too
        from workshop_app.storage.settings import SettingsFile

        with SettingsFile().edit() as settings:
            settings.add_recent(workshop.path)
        self._update_enabled()

    # -- the shared screen ----------------------------------------------------------------------
    def shared_screen(self) -> SharedScreen | None:
        """The room's window for the open workshop, made when first needed."""
        if self.session is None:
            return None
        if self.shared is None:
            from workshop_app.gui.placement import Placer
            from workshop_app.gui.shared_screen import SharedScreen

            self.shared = SharedScreen(self.session)
            self.shared.install_actions(self.room_specs)
            self.shared.placer = Placer(self.shared, facilitator=self)
            self.shared.placer.offer_screen.connect(self._offer_screen)
            if self.console is not None:
                self.console.previewer.attach(self.shared)
            gc.freeze()  # and so does the room's window
        return self.shared

    def _offer_screen(self, name: str) -> None:
        answer = QMessageBox.question(self, "A screen was connected",
                                      f"Show the shared screen on “{name}”?")
        if answer == QMessageBox.StandardButton.Yes and self.shared is not None and self.shared.placer is not None:
            self.shared.placer.project_on(name)

    def _build_room_actions(self, session: Session) -> None:
        from workshop_app.gui.phones import PhoneJoin, phone_actions
        from workshop_app.gui.presentation import presentation_actions, sync_actions

        self.phones = PhoneJoin(session, self)
        self.phones.state_changed.connect(self._on_phones)
        self.room_specs = presentation_actions(session, self.shared_screen, self)
        self.room_specs += phone_actions(self.phones, self.let_phones_join)
        self._room_actions = [build_action(spec, self) for spec in self.room_specs]
        for spec, action in zip(self.room_specs, self._room_actions, strict=True):
            if spec.id == "phones.start":
                self.room_menu.addSeparator()
            self.room_menu.addAction(action)
        self.room_menu.setEnabled(True)
        sync_actions(session, self.room_specs, self._room_actions)
        if self.console is not None:
            present = next(a for a in self._room_actions if a.objectName() == "room.show_shared")
            self.console.previewer.connect_to(present.trigger)

    # -- phones -----------------------------------------------------------------------------------
    def let_phones_join(self) -> None:
        """Room → Let phones join…: choose the network, then the server starts on it."""
        from workshop_app.gui.join_dialog import JoinDialog

        if self.phones is None:
            return
        dialog = JoinDialog(self.phones, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _on_phones(self) -> None:
        """Phones started or stopped: the Phones panel beside the console comes and goes with them."""
        if self.phones is None:
            return
        if self.phones.running and self.phones_dock is None:
            from workshop_app.gui.join_panel import JoinPanel

            self.phones_dock = QDockWidget("Phones", self)
            self.phones_dock.setObjectName("phonesDock")
            self.phones_dock.setWidget(JoinPanel(self.phones))
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.phones_dock)
        if self.phones_dock is not None:
            self.phones_dock.setVisible(self.phones.running)
            if self.phones.running:
                self.statusBar().showMessage(f"Phones join at {self.phones.url}", 15000)

    def _stop_phones(self) -> None:
        """Before the workshop closes: nothing listens any more, and the panel goes."""
        if self.phones is not None:
            self.phones.stop()
            self.phones.deleteLater()
            self.phones = None
        if self.phones_dock is not None:
            self.removeDockWidget(self.phones_dock)
            self.phones_dock.deleteLater()
            self.phones_dock = None

    def _drop_room_actions(self) -> None:
        for action in self._room_actions:
            self.removeAction(action)
            action.deleteLater()
        self.room_menu.clear()
        self.room_menu.setEnabled(False)
        self._room_actions = []
        self.room_specs = []

    def _on_undo_changed(self, _can_undo: bool) -> None:
        self._update_enabled()

    def _on_changed(self, change: object) -> None:
        if self.session is not None and change is not None and self._writes_failing:
            # A change was saved: writing works again.
            self._writes_failing = False
            self.statusBar().showMessage("Saving works again: every change is saved the moment it is made.", 30000)
        if self.session is not None:
            ws = self.session.workshop
            note = " (read-only)" if ws.readonly else ""
            self.setWindowTitle(f"{ws.info.title}{note} — {APP_NAME}")

    def close_workshop(self) -> None:
        if self.session is None:
            return
        if self._exports is not None:
            self._exports.wait()
        self._stop_phones()
        self._drop_room_actions()
        if self._export_links is not None:
            self._export_links.hide()  # it offered another workshop's export
        if self.shared is not None:
            self.shared.close()
            self.shared.deleteLater()
            self.shared = None
        if self.console is not None:
            self.pages.removeWidget(self.console)
            self.console.deleteLater()
            self.console = None
        self.session.close()
        self.session.deleteLater()
        self.session = None
        gc.unfreeze()  # let the closed workshop's objects be collected
        self.start.refresh()
        self.pages.setCurrentWidget(self.start)
        self.setWindowTitle(APP_NAME)
        self._update_enabled()

    def _preload_next(self) -> None:
        if self._preloading:
            importlib.import_module(self._preloading.pop(0))  # loaded only: nothing is made
        if self._preloading:
            self._preload_timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._fitted and not self.isMaximized() and not self.isFullScreen():
            self._fitted = True
            fit_window(self)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.close_workshop()
        event.accept()

    def _show_action_plan(self) -> None:
        if self.console is not None:
            self.console.show_action_plan()

    def _show_exercise(self) -> None:
        if self.console is not None:
            self.console.show_exercise()

    def _toggle_notes(self) -> None:
        if self.console is not None:
            self.console.show_notes = self.actions_by_id["notes-panel"].isChecked()
            self.console.notes.setVisible(self.console.show_notes and self.console.tabs.currentIndex() == 0)

    def _timer_option(self, name: TimerOption) -> None:
        """Switch a timer option from what it is (the menu's tick may not have been read yet)."""
        from workshop_app.storage.settings import SettingsFile

        if self.session is not None:
            value = not getattr(self.session, name)
            self.session.set_timer_option(name, value)
        else:
            with SettingsFile().edit() as settings:
                value = not getattr(settings, name)
                setattr(settings, name, value)
        self.actions_by_id["auto-timer" if name == "auto_start_timer" else "timer-sound"].setChecked(value)

    # -- editing --------------------------------------------------------------------------------
    def edit_details(self) -> None:
        if self.session is not None:
            from workshop_app.gui.details_dialog import DetailsDialog

            DetailsDialog(self.session, self).exec()

    def undo(self) -> None:
        if self.session is not None:
            self.session.undo()

    def redo(self) -> None:
        if self.session is not None:
            self.session.redo()

    # -- exports --------------------------------------------------------------------------------
    def export_dialog(self, kind: str) -> None:
        if self.session is None:
            return
        title, file_filter, suffix = EXPORTS[kind]
        suggested = self.session.workshop.path.with_name(f"{self.session.workshop.path.stem} - {kind}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, f"Export {title.rstrip('…')}", str(suggested), file_filter)
        if path:
            out = Path(path)
            if out.suffix.lower() != suffix:
                out = out.with_name(out.name + suffix)
            self.export_to(kind, out)

    def export_to(self, kind: str, out: Path) -> None:
        """Start an export of the open workshop to ``out`` in the background."""
        if self.session is not None:
            self.exports.start(export_writer(kind, self.session.workshop.path), self.session.workshop.doc, out,
                               EXPORTS[kind][0].rstrip("…"))

    def _on_export_done(self, out: Path, message: str) -> None:
        if not message:
            self.statusBar().showMessage(f"Exported {out}", 60000)
            if self._export_links is None:
                from workshop_app.gui.export_runner import ExportLinks

                self._export_links = ExportLinks()
                self.statusBar().addPermanentWidget(self._export_links)
            self._export_links.offer(out)

    # -- help -----------------------------------------------------------------------------------
    def all_specs(self) -> list[ActionSpec]:
        return list(self.specs) + list(self.room_specs)

    def show_shortcuts(self) -> None:
        """The help window of every shortcut, made from the declarations (one open at a time)."""
        from workshop_app.gui.help_window import HelpWindow, declared_keys

        if self._help is None:
            self._help = HelpWindow([*self.all_specs(), *declared_keys()], self)
            self._help.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self._help.destroyed.connect(self._forget_help)
        self._help.show()
        self._help.raise_()
        self._help.activateWindow()

    def _forget_help(self) -> None:
        self._help = None

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_NAME}",
                          f"{APP_NAME} {__version__}\nCustomer-focus workshops, offline. Every change is saved "
                          "to the workshop file the moment it is made.")
