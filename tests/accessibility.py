"""Walking a window's accessibility tree, as a screen reader does, to find controls without a name."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import QWidget

Role = QAccessible.Role
# What a person operates: each must say what it is.
CONTROLS = {
    Role.PushButton, Role.CheckBox, Role.RadioButton, Role.ComboBox, Role.EditableText, Role.SpinBox,
    Role.List, Role.Tree, Role.Table, Role.PageTab, Role.Slider, Role.ButtonMenu, Role.ButtonDropDown,
    Role.MenuItem, Role.Dial, Role.ScrollBar, Role.Graphic, Role.Canvas, Role.PageTabList, Role.Link,
}
# Parts whose names come from what they hold, not from the app: a list's rows, a table's cells.
PARTS = {Role.ListItem, Role.TreeItem, Role.Cell, Role.ColumnHeader, Role.RowHeader, Role.StaticText}


def meaningful(iface: QAccessibleInterface, role: QAccessible.Role, name: str) -> bool:
    """A name that tells what the control is for: words, not a symbol ("⋯", "▾"), and for a drop-down
    not just the choice it shows now ("Anonymous")."""
    if role == Role.ComboBox:
        # On Linux Qt reports a drop-down's current choice as its name and gives its label as a
        # "labelled by" relation; elsewhere the accessible name is its name. Either must be there.
        obj = iface.object()
        own = obj.accessibleName().strip() if isinstance(obj, QWidget) else ""
        labelled = any(r == QAccessible.RelationFlag.Label for _i, r in iface.relations(QAccessible.RelationFlag.Label))
        return bool(own) or labelled
    return any(ch.isalnum() for ch in name)


def unnamed_controls(widget: QWidget) -> list[str]:
    """Every control under ``widget`` (visible ones) that a screen reader would announce without a name."""
    found: list[str] = []
    root = QAccessible.queryAccessibleInterface(widget)
    assert root is not None and root.isValid()
    seen: set[int] = set()

    def walk(iface: QAccessibleInterface, path: str, depth: int) -> None:
        if depth > 40 or not iface.isValid():
            return
        obj = iface.object()
        key = id(obj) if obj is not None else id(iface)
        if obj is not None and key in seen:
            return
        if obj is not None:
            seen.add(key)
        if iface.state().invisible:
            return
        role = iface.role()
        name = iface.text(QAccessible.Text.Name).strip()
        where = f"{path}/{type(obj).__name__ if obj is not None else role.name}"
        if role in CONTROLS and role != Role.ScrollBar and not meaningful(iface, role, name):
            found.append(f"{where} ({role.name}{': ' + repr(name) if name else ''})")
        if role in PARTS:
            return
        for n in range(iface.childCount()):
            child = iface.child(n)
            if child is not None:
                walk(child, where, depth + 1)

    walk(root, "", 0)
    return found
