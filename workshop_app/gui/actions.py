"""Actions declared once, as data: menus, toolbars, the shortcut list and the help screen come from here."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class ActionSpec:
    """One thing the facilitator can do: where it shows up and which keys trigger it."""

    id: str
    title: str
    handler: Callable[[], object]
    shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str] = ()
    menu: str = ""  # "File", "Edit", "Room", "Help"...; empty: shortcut only
    help: str = ""
    checkable: bool = False
    enabled: Callable[[], bool] | None = None
    extra: dict[str, object] = field(default_factory=dict)


def _sequences(spec: ActionSpec) -> list[QKeySequence]:
    keys: list[QKeySequence] = []
    for s in spec.shortcuts:
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


def build_action(spec: ActionSpec, parent: QWidget) -> QAction:
    """A QAction for a spec, added to ``parent`` so its shortcuts work anywhere in that window."""
    action = QAction(spec.title, parent)
    action.setObjectName(spec.id)
    action.setShortcuts(_sequences(spec))
    action.setCheckable(spec.checkable)
    if spec.help:
        action.setStatusTip(spec.help)
        action.setToolTip(spec.help)
    action.triggered.connect(lambda _checked=False: spec.handler())
    parent.addAction(action)
    return action


def shortcut_rows(specs: Sequence[ActionSpec]) -> list[tuple[str, str, str]]:
    """(title, keys, help) for the shortcuts help screen, in declaration order."""
    rows = []
    for spec in specs:
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in _sequences(spec))
        if keys:
            rows.append((spec.title.replace("&", ""), keys, spec.help))
    return rows
