"""The shared screen: the window on the projector that the whole room reads, and adds notes to.

It owns no workshop state. It draws the Session's current step (``shared_render``), follows every
change at once, paints black while blanked and keeps its last picture while frozen. In participant
entry mode a large entry line sits at the bottom for a wireless keyboard passed around the room:
Up/Down or Tab pick who is writing (or "Anonymous"), Alt+number picks a participant by the number
shown beside each name in the bar (two digits while Alt is held: Alt+1, Alt+4 is 14),
Ctrl+Left/Right the prompt, Enter posts, Escape clears (and, on an empty line, ends entry mode).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QHideEvent,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QRegion,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QLineEdit, QWidget

from workshop_app.core.privacy import is_anonymous
from workshop_app.core.workshop import Change
from workshop_app.gui.accessible import named
from workshop_app.gui.actions import ActionSpec, KeySpec, build_action
from workshop_app.gui.keys import install_key_rules
from workshop_app.gui.placement import Placer
from workshop_app.gui.qt_helpers import single_shot
from workshop_app.gui.session import Session
from workshop_app.gui.shared_join import CodePanel, compact, layout_panel, paint_panel, panel_width
from workshop_app.gui.shared_paint import (
    DARK,
    THEMES,
    Scene,
    Sizes,
    Theme,
    font,
    ink_for,
    metrics,
    paint_scene,
    repaint_changes,
)
from workshop_app.gui.shared_render import render_step
from workshop_app.gui.timer import format_seconds
from workshop_app.storage.settings import SettingsFile, ThemeName

ENTRY_HINT = "↑↓ or Tab: who is writing · Alt+number: pick by number · Ctrl+←→: prompt · Enter: post · Esc: clear"


ENTRY = "The room's entry line"
ENTRY_KEYS = (
    KeySpec("entry.next_author", "Next person writing", ("Down", "Tab"), ENTRY, "Anonymous comes first"),
    KeySpec("entry.previous_author", "Previous person writing", ("Up", "Shift+Tab"), ENTRY),
    KeySpec("entry.pick_author", "Pick who is writing by number", tuple(f"Alt+{n}" for n in range(10)), ENTRY,
            "The number beside the name; 0 is Anonymous; keep Alt held for two digits (Alt+1, Alt+4: 14)"),
    KeySpec("entry.next_prompt", "Next prompt", ("Ctrl+Right",), ENTRY),
    KeySpec("entry.previous_prompt", "Previous prompt", ("Ctrl+Left",), ENTRY),
    KeySpec("entry.post", "Post the note", ("Return", "Enter"), ENTRY),
    KeySpec("entry.clear", "Clear the line; on an empty line, end entry mode", ("Esc",), ENTRY),
)
KEYS = {spec.id: spec for spec in ENTRY_KEYS}


class EntryField(QLineEdit):
    """The room's entry line. Keys choose the author and the prompt, so no mouse is ever needed."""

    author_moved = Signal(int)  # -1 or +1
    author_picked = Signal(int)  # 0: anonymous, n: participant n
    column_moved = Signal(int)  # -1 or +1
    dismissed = Signal()  # Escape on an empty line

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choices = 1  # how many authors there are to pick from (Anonymous is 0)
        self._digits = ""  # the number typed so far while Alt is held

    def event(self, event: QEvent) -> bool:
        # Tab would move the focus away; here it cycles who is writing.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            for spec_id, delta in (("entry.next_author", 1), ("entry.previous_author", -1)):
                if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and KEYS[spec_id].matches(event):
                    self.author_moved.emit(delta)
                    return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if KEYS["entry.next_author"].matches(event):
            self.author_moved.emit(1)
        elif KEYS["entry.previous_author"].matches(event):
            self.author_moved.emit(-1)
        elif KEYS["entry.next_prompt"].matches(event):
            self.column_moved.emit(1)
        elif KEYS["entry.previous_prompt"].matches(event):
            self.column_moved.emit(-1)
        elif KEYS["entry.pick_author"].matches(event):
            digit = str(int(event.key()) - int(Qt.Key.Key_0))
            # A second digit while Alt is still held makes a two-digit number, when there is such a person.
            digits = self._digits + digit if self._digits and int(self._digits + digit) < self.choices else digit
            self._digits = digits
            self.author_picked.emit(int(digits))
        elif KEYS["entry.clear"].matches(event):
            if self.text():
                self.clear()
            else:
                self.dismissed.emit()
        else:
            super().keyPressEvent(event)  # typing, and Enter, which posts (returnPressed)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Alt:
            self._digits = ""  # the number is complete
        super().keyReleaseEvent(event)


@dataclass(frozen=True)
class _Picture:
    """A scene painted, and the join panel beside it: what the window shows."""

    pixmap: QPixmap
    scene: Scene
    panel: CodePanel | None


class SharedScreen(QWidget):
    """The projector window: a second view of the Session, with big type and the room's entry line."""

    theme_changed = Signal(str)
    pictured = Signal()  # a new picture is on the window, or it was shown or hidden: a preview follows

    def __init__(self, session: Session, parent: QWidget | None = None, settings: SettingsFile | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        install_key_rules()
        self.session = session
        self.settings = settings or SettingsFile()
        self.theme: Theme = THEMES.get(self.settings.load().shared_theme, DARK)
        self._scene: Scene | None = None
        self._pixmap: QPixmap | None = None
        self._shown: _Picture | None = None  # what the window last painted
        self._stale = True
        self._timer_text = ""
        self._author = 0
        self._column = 0
        self._message = ""
        self._message_is_error = False
        self._posting = False
        self.placer: Placer | None = None
        self._join: CodePanel | None = None  # the join code's panel as laid out, while it is shown
        self._join_narrow: bool | None = None  # the panel's width the scene was laid out beside
        self._thumb: tuple[tuple[object, ...], QPixmap] | None = None  # the last preview made, and of what

        self.entry = EntryField(self)
        self.entry.setObjectName("roomEntry")
        named(self.entry, "The room's new note", ENTRY_HINT)
        self.entry.hide()
        self.entry.returnPressed.connect(self.post_entry)
        self.entry.author_moved.connect(self._on_author_moved)
        self.entry.author_picked.connect(self._on_author_picked)
        self.entry.column_moved.connect(self._on_column_moved)
        self.entry.dismissed.connect(lambda: self.session.set_presentation(entry_mode=False))
        self._message_timer = single_shot(self, 8000, self._on_message_timeout)
        self._prepare_timer = session.turns.timer(self, self._prepare)  # a turn of its own
        self._laid_out = False  # a scene laid out in the background waits to be painted on the next turn
        self._background = False  # the picture is out of date for phones' changes: made again in turns
        self._dirty: QRegion | None = None  # where the picture made last differs from the one before it
        self._made_at = 0.0  # when the last picture made in the background was ready
        self._making = 0.0  # and how long it took to make (seconds)

        session.changed.connect(self._on_changed)
        session.current_step_changed.connect(self._on_step_changed)
        session.presentation_changed.connect(self._on_presentation)
        session.join_changed.connect(self._on_join)
        session.error_raised.connect(self._on_error)
        session.timer.ticked.connect(self._on_tick)
        session.timer.state_changed.connect(lambda: self._on_tick(session.timer.seconds_left(), force=True))

        self.setWindowTitle(f"{session.workshop.info.title} — shared screen")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(480, 270)
        self.resize(1280, 720)
        self._on_tick(session.timer.seconds_left(), force=True)
        self._on_presentation()

    # -- what the room sees ------------------------------------------------------------------------
    @property
    def scene(self) -> Scene:
        """The scene on screen now (laid out on demand; kept as it was while frozen)."""
        self._ensure_scene()
        assert self._scene is not None
        return self._scene

    def visible_texts(self) -> list[str]:
        """Every text the room can read right now: nothing while blanked."""
        if self.session.blanked:
            return []
        texts = list(self.scene.texts)
        if self.join_shown():
            texts += self._join_layout().scene.texts
        if self._timer_text and self.scene.timer_rect is not None:
            texts.append(self._timer_text)
        if self.entry_active():
            texts += [self.author_label(), self.column_label(), self._message]
            texts += [text for line in self._name_lines() for text, _x, _current in line]
        return [t for t in texts if t]

    def join_shown(self) -> bool:
        """Whether the join code is beside the step: phones may join and the facilitator shows it."""
        return self.session.join is not None and self.session.show_join and not self.session.blanked

    def entry_active(self) -> bool:
        """Whether the room's entry line is up (entry mode on a board, not blanked)."""
        step = self.session.workshop.current_step
        return self.session.entry_mode and not self.session.blanked and step is not None and step.type == "board"

    # -- theme and placement -----------------------------------------------------------------------
    def set_theme(self, name: ThemeName) -> None:
        self.theme = THEMES[name]
        with self.settings.edit() as settings:
            settings.shared_theme = name
        self._style_entry()
        self._invalidate(force=True)
        self.theme_changed.emit(name)

    def toggle_theme(self) -> None:
        self.set_theme("light" if self.theme.name == "dark" else "dark")

    def present(self, facilitator: QWidget | None = None) -> None:
        """Show on the best screen: full-screen on the projector if there is one, else a window."""
        if self.placer is None:
            self.placer = Placer(self, self.settings, facilitator=facilitator)
        self.placer.place()

    def install_actions(self, specs: Sequence[ActionSpec]) -> None:
        """The facilitator's controls also work while this window has the keyboard (a clicker, say)."""
        for spec in specs:
            build_action(spec, self)

    # -- keeping up with the session ---------------------------------------------------------------
    def _invalidate(self, force: bool = False, later: bool = False) -> None:
        """The picture is out of date; with ``later`` (phones' changes) it is made again in the background."""
        if self.session.frozen and not force:
            return
        self._stale = True
        if later and self.isVisible():
            self._background = True
            if not self._prepare_timer.isActive():
                # Making pictures takes at most a third of the GUI thread's time in a burst: on a slow
                # machine the screen then follows a little later rather than the console not at all.
                wait = self._made_at + 2 * self._making - time.monotonic()
                self._prepare_timer.start(max(0, round(wait * 1000)))
        else:
            # The facilitator's own change is shown at once, laid out and painted in this paint.
            self._background = False
            self._prepare_timer.stop()
            self._laid_out = False
            self.update()

    def _prepare(self) -> None:
        """Get the new picture ready in two turns of the event loop, then show it: the layout in one and
        its painting in the next, so a board of a thousand notes never holds the GUI thread for the two
        at once (a burst of phones' notes keeps the console and the timer moving).

        A scene once laid out is always painted and shown, even when newer changes came in between:
        they get the next picture. Laying out again instead would keep a steady stream of phones' notes
        off the screen until the stream stopped."""
        if self._laid_out:
            self._laid_out = False
            if self._scene is not None and not self.session.blanked:
                started = time.monotonic()
                self._ensure_pixmap()
                self._making += time.monotonic() - started
            self._made_at = time.monotonic()
            if self._dirty is not None and self._shown is not None and self._pixmap is not None:
                # Only where the new picture differs from the one on the window: the rest is the same.
                self.update(self._dirty)
            else:
                self.update()
            if self._stale:
                self._invalidate(later=True)  # what came meanwhile, after the pause
            return
        if self._stale and not self.session.frozen:
            started = time.monotonic()
            self._ensure_scene()
            self._making = time.monotonic() - started
            self._laid_out = True
            self._prepare_timer.start(0)  # painted in the next free turn

    def _picture(self, relayout: bool = True) -> _Picture:
        """The picture of the scene as it is now (or, without ``relayout``, as last laid out), with the
        join panel beside it."""
        if relayout:
            self._ensure_scene()
        pixmap = self._ensure_pixmap()
        assert self._scene is not None
        panel = self._join_layout() if self.join_shown() and self._join_narrow is not None else None
        self._shown = _Picture(pixmap, self._scene, panel)
        return self._shown

    def _on_changed(self, change: Change) -> None:
        if change.info:
            self.setWindowTitle(f"{self.session.workshop.info.title} — shared screen")
        if change.participants:
            self._author = min(self._author, len(self._authors()) - 1)
            self.entry.choices = len(self._authors())
            self._place_entry()  # the numbered names may take another line
        self._invalidate(later=self.session.telling_deferred and not change.current)

    def _on_step_changed(self, _index: int) -> None:
        self._column = 0
        self._set_message("")
        self._invalidate()
        self._sync_entry()

    def _on_join(self) -> None:
        """Phones joined or answered, or the code changed: the panel is laid out again; the step only
        when the panel's width changes or the step counts people (an anonymous step)."""
        self._join = None
        info, step = self.session.join, self.session.workshop.current_step
        narrow = compact(self.session.workshop, info) if info is not None and self.join_shown() else None
        if narrow != self._join_narrow or (step is not None and is_anonymous(step)):
            self._invalidate(later=True)
        elif narrow is not None:
            self.update(self._join_layout().rect.toAlignedRect())

    def _join_rect(self) -> QRectF:
        reserve = self._bar_height() if self.entry_active() else 0.0
        return QRectF(0, 0, self.width(), max(self.height() - reserve, 1.0))

    def _join_layout(self) -> CodePanel:
        if self._join is None:
            assert self.session.join is not None
            narrow = bool(self._join_narrow) if self._join_narrow is not None else compact(
                self.session.workshop, self.session.join)
            self._join = layout_panel(self.session.join, self._join_rect(), self.theme, narrow,
                                      self.devicePixelRatioF())
        return self._join

    def _on_presentation(self) -> None:
        self._join = None
        self._sync_entry()
        self._invalidate()

    def _sync_entry(self) -> None:
        active = self.entry_active()
        self.entry.choices = len(self._authors())
        was = self.entry.isVisible()
        self.entry.setVisible(active)
        if active:
            self._style_entry()
            self._place_entry()
            if self.isVisible():
                self.raise_()
                self.activateWindow()
            self.entry.setFocus()
        elif was:
            self.entry.clear()
        if active != was:
            self._invalidate()

    def _on_tick(self, seconds: int, force: bool = False) -> None:
        timer = self.session.timer
        text = format_seconds(seconds) if timer.total > 0 else ""
        if text != self._timer_text or force:
            self._timer_text = text
            if self._scene is not None and self._scene.timer_rect is not None:
                self.update(self._scene.timer_rect.toAlignedRect().adjusted(-4, -4, 4, 4))
            else:
                self.update()

    def _on_error(self, message: str) -> None:
        if self._posting:
            self._set_message(message, error=True)

    # -- the room's entry line ---------------------------------------------------------------------
    def _authors(self) -> list[str | None]:
        step = self.session.workshop.current_step
        if step is not None and step.anonymous:
            return [None]
        return [None] + [p.id for p in self.session.workshop.participants]

    def current_author(self) -> str | None:
        authors = self._authors()
        return authors[min(self._author, len(authors) - 1)]

    def author_label(self) -> str:
        step = self.session.workshop.current_step
        if step is not None and step.anonymous:
            return "Anonymous (this step is anonymous)"
        author = self.current_author()
        if author is None:
            return "Anonymous"
        return f"{self._author} · {self.session.workshop.author_name(author)}"

    def _prompts(self) -> list[str]:
        step = self.session.workshop.current_step
        if step is None or step.exercise is None or step.exercise.board is None:
            return []
        return list(step.exercise.board.prompts)

    def current_column(self) -> int:
        return min(self._column, max(len(self._prompts()) - 1, 0))

    def column_label(self) -> str:
        prompts = self._prompts()
        if len(prompts) <= 1:
            return ""
        return f"Prompt {self.current_column() + 1} of {len(prompts)}: {prompts[self.current_column()]}"

    def _on_author_moved(self, delta: int) -> None:
        self._author = (self._author + delta) % len(self._authors())
        self.update()

    def _on_author_picked(self, number: int) -> None:
        if number < len(self._authors()):
            self._author = number
            self.update()

    def _on_column_moved(self, delta: int) -> None:
        count = len(self._prompts())
        if count:
            self._column = (self.current_column() + delta) % count
            self._invalidate()

    def post_entry(self) -> bool:
        """Post the entry line as a note under the chosen prompt, by the chosen author (undoable)."""
        step = self.session.workshop.current_step
        if step is None or step.type != "board" or not self.entry_active():
            return False
        text, column, author = self.entry.text(), self.current_column(), self.current_author()
        self._posting = True
        try:
            ok = self.session.do(lambda: self.session.workshop.add_note(step.id, text, column, author))
        finally:
            self._posting = False
        if ok:
            self.entry.clear()
            prompts = self._prompts()
            where = f" under prompt {column + 1}" if len(prompts) > 1 else ""
            self._set_message(f"Added{where}. Next person: pick your name with ↑↓.")
        return ok

    def _set_message(self, text: str, error: bool = False) -> None:
        self._message = text
        self._message_is_error = error
        if text:
            self._message_timer.start()
        self.update()

    def _on_message_timeout(self) -> None:
        self._set_message("")

    def _bar_height(self) -> float:
        """Room for the entry bar: who and where, the entry line, the people by number, then the keys or
        a message."""
        sizes = Sizes.for_rect(QRectF(self.rect()))
        m = sizes.margin
        names = len(self._name_lines()) * metrics(sizes.unit / 52, True).lineSpacing()
        return (m * 0.4 + metrics(sizes.unit / 40, True).lineSpacing() + self._field_height() + m * 0.35
                + names + metrics(sizes.unit / 52).height() * 1.2 + m * 0.4)

    NAME_LINES = 3  # at most, so the notes keep the screen; a longer list ends in "…"

    def _name_lines(self) -> list[list[tuple[str, float, bool]]]:
        """Everyone who can be picked, numbered as Alt+number picks them, in lines across the bar:
        each entry is (text, x, whether it is the person writing now)."""
        authors = self._authors()
        if len(authors) <= 1:
            return []  # an anonymous step, or nobody to pick
        sizes = Sizes.for_rect(QRectF(self.rect()))
        px = sizes.unit / 52
        fm = metrics(px, True)
        width = self.width() - 2 * sizes.margin
        gap = fm.horizontalAdvance("   ")
        lines: list[list[tuple[str, float, bool]]] = [[]]
        x = 0.0
        ws = self.session.workshop
        for n, author in enumerate(authors):
            text = f"{n} {ws.author_name(author) if author else 'Anonymous'}"
            w = fm.horizontalAdvance(text)
            if x and x + w > width:
                if len(lines) == self.NAME_LINES:
                    lines[-1].append(("…", x, False))
                    break
                lines.append([])
                x = 0.0
            lines[-1].append((text, x, n == self._author))
            x += w + gap
        return lines

    def _field_height(self) -> int:
        return round(Sizes.for_rect(QRectF(self.rect())).unit / 24 * 1.7)

    def _style_entry(self) -> None:
        sizes = Sizes.for_rect(QRectF(self.rect()))
        t = self.theme
        self.entry.setStyleSheet(
            f"QLineEdit#roomEntry {{ font-size: {round(sizes.unit / 24)}px; color: {t.text};"
            f" background: {t.background}; border: {max(2, round(sizes.unit / 300))}px solid {t.accent};"
            f" border-radius: {round(sizes.unit / 120)}px; padding: 0 {round(sizes.unit / 80)}px; }}")

    def _place_entry(self) -> None:
        sizes = Sizes.for_rect(QRectF(self.rect()))
        bar = self._bar_height()
        m = sizes.margin
        top = self.height() - bar + m * 0.4 + metrics(sizes.unit / 40, True).lineSpacing()
        self.entry.setGeometry(QRect(round(m), round(top), round(self.width() - 2 * m), self._field_height()))

    # -- Qt events ---------------------------------------------------------------------------------
    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._join = None
        self._style_entry()
        self._place_entry()
        self._invalidate()

    def _ensure_scene(self) -> None:
        if self._scene is not None and not self._stale:
            return
        if self._scene is not None and self.session.frozen:
            return
        width = float(max(self.width(), 1))
        info = self.session.join
        self._join = None
        self._join_narrow = None
        if info is not None and self.join_shown():
            self._join_narrow = compact(self.session.workshop, info)
            width -= panel_width(self.width(), self._join_narrow)  # the step keeps all the rest
        rect = QRectF(0, 0, max(width, 1), max(self.height(), 1))
        active = self.entry_active()
        reserve = self._bar_height() if active else 0.0
        self._scene = render_step(self.session.workshop, rect, self.theme, bottom_reserve=reserve,
                                  highlight=self.current_column() if active else None,
                                  phones=info.answered if info is not None else None)
        self._pixmap = None
        self._stale = False

    def _ensure_pixmap(self) -> QPixmap:
        if self._pixmap is None and self._shown is not None and self._scene is not None \
                and self._shown.scene.background == self._scene.background == self.theme.background \
                and self._shown.pixmap.devicePixelRatio() == self.devicePixelRatioF() \
                and self._shown.pixmap.deviceIndependentSize().toSize() == self.size():
            # Most changes touch a small part of the screen: paint only that over the last picture.
            made = repaint_changes(self._shown.pixmap, self._shown.scene, self._scene, self.theme.background)
            if made is not None:
                self._pixmap, self._dirty = made
        if self._pixmap is None:
            self._dirty = None
            dpr = self.devicePixelRatioF()
            pixmap = QPixmap(QSize(max(1, round(self.width() * dpr)), max(1, round(self.height() * dpr))))
            pixmap.setDevicePixelRatio(dpr)
            pixmap.fill(QColor(self.theme.background))
            painter = QPainter(pixmap)
            assert self._scene is not None
            paint_scene(painter, self._scene)
            painter.end()
            self._pixmap = pixmap
        return self._pixmap

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        if self.session.blanked:
            painter.fillRect(self.rect(), QColor("#000000"))
            painter.end()
            self.pictured.emit()
            return
        shown = self._shown
        if not (self._stale and self._background and shown is not None
                and shown.pixmap.deviceIndependentSize().toSize() == self.size()):
            shown = self._picture()
        else:
            # Phones' changes are being made into the next picture in the background: never here.
            if not self._prepare_timer.isActive():
                self._prepare_timer.start()
            if self._pixmap is not None and self._scene is not None and not self._laid_out:
                shown = self._picture(relayout=False)  # made in the background; newer changes wait
            # else the new one is being made: the last one stays up till then
        self._paint_shown(painter, shown)
        painter.end()
        self.pictured.emit()

    def _paint_shown(self, painter: QPainter, shown: _Picture) -> None:
        painter.drawPixmap(QRectF(self.rect()), shown.pixmap, QRectF(shown.pixmap.rect()))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self._paint_timer(painter, shown.scene)
        if shown.panel is not None:
            paint_panel(painter, shown.panel, self.theme)
        if self.entry_active():
            self._paint_entry_bar(painter)

    def thumbnail(self, size: QSize, dpr: float = 1.0) -> QPixmap | None:
        """What the room sees now, scaled into ``size`` (kept to the window's shape): the last picture
        painted with its timer, join panel and entry bar; black while blanked. None while the window is
        not shown. Made again only when the window painted something new."""
        if not self.isVisible() or self._shown is None or self.width() < 1 or self.height() < 1:
            return None
        key = (id(self._shown.pixmap), self._timer_text, self.session.blanked, self.entry_active(),
               self._author, self._column, self._message, size.width(), size.height(), dpr)
        if self._thumb is not None and self._thumb[0] == key:
            return self._thumb[1]
        scale = min(size.width() / self.width(), size.height() / self.height())
        pixmap = QPixmap(QSize(max(1, round(self.width() * scale * dpr)), max(1, round(self.height() * scale * dpr))))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(QColor("#000000" if self.session.blanked else self.theme.background))
        if not self.session.blanked:
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.scale(scale, scale)
            self._paint_shown(painter, self._shown)
            painter.end()
        self._thumb = (key, pixmap)
        return pixmap

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.pictured.emit()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        self.pictured.emit()

    def _paint_timer(self, painter: QPainter, scene: Scene) -> None:
        if scene.timer_rect is None or not self._timer_text:
            return
        rect = scene.timer_rect
        timer = self.session.timer
        over = timer.seconds_left() <= 0
        painter.fillRect(rect.adjusted(-2, -2, 2, 2), QColor(self.theme.background))
        colour = self.theme.text if timer.running else self.theme.muted
        if over:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(self.theme.warn))
            painter.drawRoundedRect(rect, rect.height() * 0.15, rect.height() * 0.15)
            colour = ink_for(self.theme.warn)
        painter.setFont(font(scene.timer_px, True))
        painter.setPen(QColor(colour))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self._timer_text)

    def _paint_entry_bar(self, painter: QPainter) -> None:
        sizes = Sizes.for_rect(QRectF(self.rect()))
        t = self.theme
        bar = QRectF(0, self.height() - self._bar_height(), self.width(), self._bar_height())
        painter.fillRect(bar, QColor(t.panel))
        painter.fillRect(QRectF(0, bar.top(), bar.width(), max(2.0, sizes.unit / 250)), QColor(t.accent))
        m = sizes.margin
        px = sizes.unit / 40
        fm = metrics(px, True)
        y = bar.top() + m * 0.4
        author = self.current_author()
        person = self.session.workshop.participant(author)
        swatch = fm.height() * 0.8
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(person.colour if person and person.colour else t.neutral_card))
        painter.drawRoundedRect(QRectF(m, y + (fm.height() - swatch) / 2, swatch, swatch), 4, 4)
        painter.setFont(font(px, True))
        painter.setPen(QColor(t.text))
        who = f"Writing as: {self.author_label()}"
        painter.drawText(QRectF(m + swatch * 1.4, y, self.width() / 2, fm.height()),
                         int(Qt.AlignmentFlag.AlignVCenter), who)
        where = self.column_label()
        if where:
            left = m + swatch * 1.4 + fm.horizontalAdvance(who) + m
            width = self.width() - m - left
            painter.setPen(QColor(t.muted))
            painter.drawText(QRectF(left, y, width, fm.height()), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             fm.elidedText(where, Qt.TextElideMode.ElideRight, width))
        small = sizes.unit / 52
        sfm = metrics(small)
        line_y = self.entry.geometry().bottom() + m * 0.35
        names_lh = metrics(small, True).lineSpacing()
        for line in self._name_lines():
            for text, x, current in line:
                painter.setFont(font(small, current))
                painter.setPen(QColor(t.accent if current else t.text))
                painter.drawText(QRectF(m + x, line_y, self.width() - m - x, names_lh),
                                 int(Qt.AlignmentFlag.AlignVCenter), text)
            line_y += names_lh
        painter.setFont(font(small))
        if self._message:
            painter.setPen(QColor(t.warn if self._message_is_error else t.accent))
            painter.setFont(font(small, True))
            text = sfm.elidedText(self._message, Qt.TextElideMode.ElideRight, self.width() - 2 * m)
        else:
            painter.setPen(QColor(t.muted))
            text = sfm.elidedText(ENTRY_HINT, Qt.TextElideMode.ElideRight, self.width() - 2 * m)
        painter.drawText(QRectF(m, line_y, self.width() - 2 * m, sfm.height() * 1.2),
                         int(Qt.AlignmentFlag.AlignVCenter), text)

