"""The facilitator's controls over the shared screen, declared once as actions with their shortcuts.

A presentation clicker sends Page Down / Page Up (some send Right / Left), B or "." to blank, and F5
to start a show: all of these are here. The shortcuts are window actions. A single key pressed while
a text field, drop-down, list or spin box has the keyboard goes to that widget, never to these (see
``keys.KeyRules``): typing "b" in a note never blanks the room's screen, and typing "t" to pick an
author never starts the timer. Page Up/Down and the function keys work wherever the focus is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from workshop_app.gui.actions import ActionSpec
from workshop_app.gui.session import Session
from workshop_app.gui.shared_screen import SharedScreen

ROOM = "Room"  # the menu these actions live in
CONTEXT = "The room and the shared screen"  # their group in the help


def presentation_actions(session: Session, shared: Callable[[], SharedScreen | None],
                         parent: QWidget) -> list[ActionSpec]:
    """The controls for the room's screen: moving through the agenda, revealing, timer, blank, freeze.

    ``shared`` gives the shared screen window if there is one; ``parent`` is the facilitator's window,
    which gets the keyboard back when participant entry mode ends.
    """
    ws = session.workshop

    def move(delta: int) -> None:
        session.go_to(ws.current_index + delta)

    def set_step(label: str, **changes: bool) -> None:
        step = ws.current_step
        if step is not None and step.exercise is not None:
            session.do(lambda: ws.update_step(step.id, label, **changes))

    def toggle_hidden() -> None:
        step = ws.current_step
        if step is not None:
            hidden = not step.answers_hidden
            set_step("Hide answers" if hidden else "Reveal answers", answers_hidden=hidden)

    def toggle_lock() -> None:
        step = ws.current_step
        if step is not None:
            set_step("Unlock board" if step.locked else "Lock board", locked=not step.locked)

    def reset_timer() -> None:
        step = ws.current_step
        session.timer.reset(step.minutes * 60 if step else 0)

    def toggle_entry() -> None:
        on = not session.entry_mode
        session.set_presentation(entry_mode=on)
        window = shared()
        if on and window is not None:
            if not window.isVisible():
                window.present(parent)
            window.activateWindow()
            window.entry.setFocus()
        elif not on:
            parent.activateWindow()

    def toggle_shared() -> None:
        window = shared()
        if window is None:
            return
        if window.isVisible():
            window.hide()
        else:
            window.present(parent)

    def toggle_theme() -> None:
        window = shared()
        if window is not None:
            window.toggle_theme()

    # Revealing, hiding, locking and entry mode change the workshop: not in a read-only one.
    def has_exercise() -> bool:
        step = ws.current_step
        return step is not None and step.exercise is not None and not ws.readonly

    def is_board() -> bool:
        step = ws.current_step
        return step is not None and step.type == "board" and not ws.readonly

    def current(flag: str) -> Callable[[], bool]:
        def read() -> bool:
            step = ws.current_step
            return bool(step is not None and getattr(step, flag))
        return read

    _spec = partial(ActionSpec, context=CONTEXT)
    return [
        _spec("room.next", "&Next step", lambda: move(1), ("PgDown", "Right"), ROOM,
                   "Move the room to the next step (a clicker's forward button)",
                   enabled=lambda: ws.current_index < len(ws.steps) - 1),
        _spec("room.previous", "&Previous step", lambda: move(-1), ("PgUp", "Left"), ROOM,
                   "Go back a step; nothing is lost by moving", enabled=lambda: ws.current_index > 0),
        _spec("room.reveal", "&Reveal answers", lambda: set_step("Reveal answers", answers_hidden=False),
                   ("R",), ROOM, "Show the room the answers that were hidden", enabled=has_exercise),
        _spec("room.hide_answers", "&Hide answers until revealed", toggle_hidden, ("H",), ROOM,
                   "The shared screen shows how many answers are in, not what they say", checkable=True,
                   enabled=has_exercise, extra={"checked": current("answers_hidden")}),
        _spec("room.timer", "Start or pause the &timer", session.timer.toggle, ("T", "F6"), ROOM,
                   "Start or pause the step's timer"),
        _spec("room.extend", "E&xtend the timer by a minute", lambda: session.timer.extend(60),
                   ("+", "Shift++", "Num++", "="),
                   ROOM, "Add one minute to the timer"),
        _spec("room.reset_timer", "Rese&t the timer", reset_timer, ("Shift+T",), ROOM,
                   "Set the timer back to the step's timebox, stopped"),
        _spec("room.blank", "&Blank the shared screen", lambda: session.set_presentation(
                   blanked=not session.blanked), ("B", "."), ROOM,
                   "Turn the room's screen black, and back (a clicker's blank button)", checkable=True,
                   extra={"checked": lambda: session.blanked}),
        _spec("room.freeze", "&Freeze the shared screen", lambda: session.set_presentation(
                   frozen=not session.frozen), ("F",), ROOM,
                   "Keep the room's screen as it is while you tidy the board", checkable=True,
                   extra={"checked": lambda: session.frozen}),
        _spec("room.entry", "Participant &entry mode", toggle_entry, ("E",), ROOM,
                   "A large entry line on the shared screen, for a keyboard passed around the room",
                   checkable=True, enabled=is_board, extra={"checked": lambda: session.entry_mode}),
        _spec("room.lock", "&Lock the board", toggle_lock, ("Ctrl+L",), ROOM,
                   "The room can add notes but not move or delete them", checkable=True, enabled=is_board,
                   extra={"checked": current("locked")}),
        _spec("room.show_shared", "&Show or hide the shared screen", toggle_shared, ("F5",), ROOM,
                   "Open the room's screen full-screen on the projector, or close it"),
        _spec("room.theme", "Light or dark shared screen", toggle_theme, ("D",), ROOM,
                   "Switch the room's screen between the high-contrast dark and light themes"),
    ]


def sync_actions(session: Session, specs: Sequence[ActionSpec], actions: Sequence[QAction]) -> None:
    """Keep built actions' check marks and enabled state in step with the session, now and on change."""
    pairs = [(spec, action) for spec, action in zip(specs, actions, strict=True)]

    def refresh() -> None:
        for spec, action in pairs:
            checked = spec.extra.get("checked")
            if callable(checked):
                action.setChecked(bool(checked()))
            if spec.enabled is not None:
                action.setEnabled(bool(spec.enabled()))

    session.changed.connect(lambda _change: refresh())
    session.current_step_changed.connect(lambda _i: refresh())
    session.presentation_changed.connect(refresh)
    session.join_changed.connect(refresh)
    refresh()
