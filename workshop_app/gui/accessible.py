"""Names for screen readers: every control says what it is for, not only what it shows now.

Qt names a button by its text and a field by its label when the label is its buddy; a drop-down it
names by the choice it shows ("Anonymous"), a symbol button by its symbol ("⋯"), and an unlabelled
field or list not at all. ``named`` gives a widget its name, and a field's clear button one too.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QLineEdit, QToolButton, QWidget

W = TypeVar("W", bound=QWidget)


def named(widget: W, name: str, description: str = "") -> W:
    """Give ``widget`` an accessible name (and a longer description); returns it, for use inline."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    if isinstance(widget, QLineEdit):
        for button in widget.findChildren(QToolButton):  # the clear button, when it has one
            button.setAccessibleName(f"Clear {name[:1].lower()}{name[1:]}")
    return widget
