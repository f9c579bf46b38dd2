"""Actions and keys declared once, as data: menus, toolbars, shortcuts and the help screen come from here.

``ActionSpec`` is a command of a window (menus, the room's controls). ``KeySpec`` is a key that works
in one part of a window only (an exercise view, the room's entry line, a participant list); it is
declared beside the code that handles it, at module level, so the help can list it without that part
being open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial

from PySide6.QtCore import QKeyCombination, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

Key = QKeySequence | QKeySequence.StandardKey | str

EVERYWHERE = "Everywhere"


def sequences(shortcuts: Iterable[Key]) -> list[QKeySequence]:
    """The key sequences of a declaration, standard keys in this platform's form, each once."""
    keys: list[QKeySequence] = []
    for s in shortcuts:
        if isinstance(s, QKeySequence.StandardKey):
            keys.extend(QKeySequence.keyBindings(s))
        else:
            keys.append(QKeySequence(s))
    # A key bound twice in one window fires neither ("ambiguous shortcut"): keep the first of each.
    unique: list[QKeySequence] = []
    for key in keys:
        if not key.isEmpty() and key not in unique:
            unique.append(key)
    return unique


def key_names(keys: Sequence[QKeySequence]) -> str:
    """Keys as this platform writes them (Ctrl+Z here, ⌘Z on a Mac); a run of digits as "1–5"."""
    names = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in keys]
    prefix = names[0][:-1] if names else ""
    if len(names) > 2 and all(n[:-1] == prefix and n[-1:].isdigit() for n in names):
        digits = [int(n[-1]) for n in names]
        if digits == list(range(digits[0], digits[0] + len(digits))):
            return f"{prefix}{digits[0]}–{digits[-1]}"
    return ", ".join(names)


@dataclass(frozen=True)
class ActionSpec:
    """One thing the facilitator can do: where it shows up and which keys trigger it."""

    id: str
    title: str
    handler: Callable[[], object]
    shortcuts: Sequence[Key] = ()
    menu: str = ""  # "File", "Edit", "Room", "Help"...; empty: shortcut only
    help: str = ""
    checkable: bool = False
    enabled: Callable[[], bool] | None = None
    extra: dict[str, object] = field(default_factory=dict)
    context: str = EVERYWHERE  # the group it is listed under in the help


@dataclass(frozen=True)
class KeySpec:
    """A key of one part of a window (an exercise view, say): what it does, where, and which keys."""

    id: str
    title: str
    shortcuts: Sequence[Key]
    context: str
    help: str = ""

    def sequences(self) -> list[QKeySequence]:
        return sequences(self.shortcuts)

    def matches(self, event: QKeyEvent) -> bool:
        """Whether a key press is one of this spec's keys (for keys a widget handles itself)."""
        if event.key() == Qt.Key.Key_Backtab:  # what Shift+Tab arrives as
            pressed = QKeySequence(QKeyCombination(event.modifiers(), Qt.Key.Key_Tab))
        else:
            pressed = QKeySequence(event.keyCombination())
        return any(pressed.matches(k) == QKeySequence.SequenceMatch.ExactMatch for k in self.sequences())


def build_action(spec: ActionSpec, parent: QWidget) -> QAction:
    """A QAction for a spec, added to ``parent`` so its shortcuts work anywhere in that window."""
    action = QAction(spec.title, parent)
    action.setObjectName(spec.id)
    action.setShortcuts(sequences(spec.shortcuts))
    action.setCheckable(spec.checkable)
    if spec.help:
        action.setStatusTip(spec.help)
        action.setToolTip(spec.help)
    action.triggered.connect(lambda _checked=False: spec.handler())
    parent.addAction(action)
    return action


def install_keys(
    specs: Sequence[KeySpec],
    handlers: Mapping[str, Callable[[], object]],
    targets: Sequence[QWidget],
    context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut,
) -> dict[str, QAction]:
    """Make each spec's keys work while one of ``targets`` (or, by default, a child of one) has the focus.

    Each spec is one action added to every target, so a key has one binding however many lists carry
    it. ``handlers`` gives each spec id its handler; a spec without one is a mistake, caught here.
    """
    actions: dict[str, QAction] = {}
    owner = targets[0]
    for spec in specs:
        handler = handlers[spec.id]
        action = QAction(spec.title, owner)
        action.setObjectName(spec.id)
        action.setShortcuts(spec.sequences())
        action.setShortcutContext(context)
        action.setToolTip(spec.help or spec.title)
        action.triggered.connect(lambda _checked=False, h=handler: h())
        for target in targets:
            target.addAction(action)
        actions[spec.id] = action
    return actions


def install_digits(
    spec: KeySpec, handler: Callable[[int], object], digits: Iterable[int], targets: Sequence[QWidget]
) -> list[QAction]:
    """The digit keys of ``spec`` that are in ``digits`` (a scale's scores, a poll's options), each
    calling ``handler`` with its digit while one of ``targets`` or a child of it has the focus."""
    wanted = {str(d) for d in digits}
    actions: list[QAction] = []
    for key in spec.shortcuts:
        if isinstance(key, str) and key in wanted:
            part = KeySpec(f"{spec.id}.{key}", f"{spec.title}: {key}", (key,), spec.context)
            actions += install_keys([part], {part.id: partial(handler, int(key))}, targets).values()
    return actions


def shortcut_rows(specs: Sequence[ActionSpec | KeySpec]) -> list[tuple[str, str, str, str]]:
    """(context, title, keys, help) of every declaration that has keys, in declaration order."""
    rows = []
    for spec in specs:
        keys = key_names(sequences(spec.shortcuts))
        if keys:
            rows.append((spec.context, spec.title.replace("&", ""), keys, spec.help))
    return rows
