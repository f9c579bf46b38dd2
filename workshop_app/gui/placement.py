"""Where the shared screen goes: full-screen on the projector when there is one, a window otherwise.

``choose_screen`` is the whole decision, as a pure function of screen names, so it is tested without
hardware. ``Placer`` applies it to a window with Qt's screens, follows a projector being unplugged
(the shared window drops to a normal window and never covers the facilitator's) or plugged in (it
offers to project there), and remembers the chosen screen by name in the app's settings.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, Signal
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from workshop_app.storage.settings import SettingsFile


def choose_screen(screen_names: list[str], facilitator_screen: str, remembered: str | None) -> tuple[str, bool]:
    """Which screen the shared window goes on, and whether full-screen.

    Full-screen on a screen other than the facilitator's when there is one, the remembered one if it
    is still there; otherwise a normal window on the facilitator's screen (a rehearsal, a single TV).
    """
    if len(screen_names) < 2:  # one screen: the facilitator's, whatever it is called
        return (screen_names[0] if screen_names else facilitator_screen), False
    others = [name for name in screen_names if name != facilitator_screen]
    if not others:
        return facilitator_screen, False
    if remembered in others:
        return remembered, True
    return others[0], True


class Placer(QObject):
    """Puts a window on the right screen and keeps it there as screens come and go."""

    placed = Signal(str, bool)  # screen name, full-screen
    offer_screen = Signal(str)  # a screen was plugged in: the facilitator may project there

    def __init__(self, window: QWidget, settings: SettingsFile | None = None, facilitator: QWidget | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self.window = window
        self.facilitator = facilitator
        self.settings = settings or SettingsFile()
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.screenRemoved.connect(self._on_screen_removed)
        app.screenAdded.connect(self._on_screen_added)

    # -- reading the screens -------------------------------------------------------------------------
    @staticmethod
    def screen_names() -> list[str]:
        return [s.name() for s in QGuiApplication.screens()]

    @staticmethod
    def screen_named(name: str) -> QScreen | None:
        return next((s for s in QGuiApplication.screens() if s.name() == name), None)

    def facilitator_screen(self) -> str:
        """The screen the facilitator's window is on (the primary screen if there is no such window)."""
        screen = self.facilitator.screen() if self.facilitator is not None else None
        screen = screen or QGuiApplication.primaryScreen()
        return screen.name() if screen else ""

    def remembered(self) -> str | None:
        """The screen last chosen for the shared window, if any."""
        return self.settings.load().shared_screen or None

    def _remember(self, name: str) -> None:
        if self.remembered() != name:
            with self.settings.edit() as settings:
                settings.shared_screen = name

    # -- placing -----------------------------------------------------------------------------------
    def place(self, names: list[str] | None = None) -> tuple[str, bool]:
        """Show the window where ``choose_screen`` says, among ``names`` (default: the screens there are)."""
        names = self.screen_names() if names is None else names
        name, full = choose_screen(names, self.facilitator_screen(), self.remembered())
        self._apply(name, full)
        return name, full

    def project_on(self, name: str) -> None:
        """Project full-screen on ``name`` (the facilitator accepted an offer) and remember it."""
        if self.screen_named(name) is None:
            return
        self._remember(name)
        if name == self.facilitator_screen():
            self._apply(name, False)
        else:
            self._apply(name, True)

    def _apply(self, name: str, full: bool) -> None:
        screen = self.screen_named(name)
        w = self.window
        if screen is None:
            w.showNormal()
            self.placed.emit(name, False)
            return
        if full:
            w.setScreen(screen)
            w.setGeometry(screen.geometry())
            w.showFullScreen()
            self._remember(name)
        else:
            if w.isFullScreen():
                w.showNormal()
            w.setScreen(screen)
            w.setGeometry(self._window_rect(screen.availableGeometry()))
            w.show()
        self.placed.emit(name, full)

    @staticmethod
    def _window_rect(area: QRect) -> QRect:
        """A 16:9 window over most of the screen, centred, for rehearsal or a single screen."""
        width = int(area.width() * 0.7)
        height = min(int(width * 9 / 16), int(area.height() * 0.8))
        width = min(width, int(height * 16 / 9))
        return QRect(area.x() + (area.width() - width) // 2, area.y() + (area.height() - height) // 2, width, height)

    # -- screens coming and going -------------------------------------------------------------------
    def handle_removed(self, name: str, names: list[str] | None = None) -> None:
        """A screen went away: if the window was there, or now covers the facilitator, place it again."""
        remaining = [n for n in (self.screen_names() if names is None else names) if n != name]
        here = self.window.screen()
        on_removed = here is None or here.name() == name
        covering = self.window.isFullScreen() and (here is None or here.name() == self.facilitator_screen())
        if self.window.isVisible() and (on_removed or covering):
            target, full = choose_screen(remaining, self.facilitator_screen(), self.remembered())
            self._apply(target, full)

    def handle_added(self, name: str) -> None:
        """A screen came: offer to project there (the facilitator's window decides how to ask)."""
        if name != self.facilitator_screen():
            self.offer_screen.emit(name)

    def _on_screen_removed(self, screen: QScreen) -> None:
        self.handle_removed(screen.name())

    def _on_screen_added(self, screen: QScreen) -> None:
        self.handle_added(screen.name())
