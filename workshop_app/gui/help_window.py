"""Help (F1): every shortcut of the app, grouped by where it works, in this platform's key names, searchable.

Nothing here is written by hand: the rows come from the declarations the keys are bound from, the
windows' actions (``ActionSpec``) and each part's own keys (``KeySpec``, declared beside the code that
handles them), so a key added anywhere shows up here.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workshop_app.gui.actions import EVERYWHERE, ActionSpec, KeySpec, key_names, sequences
from workshop_app.gui.views import VIEWS

# Modules whose ``KEYS`` the help lists besides the exercise views, and the order of the groups.
OTHER_KEYS = ("workshop_app.gui.shared_screen", "workshop_app.gui.join_panel", "workshop_app.gui.participants",
              "workshop_app.gui.dialogs")
ORDER = (EVERYWHERE, "The room and the shared screen", "Board", "Poll", "Rating", "Spectrum", "Map", "Commitments",
         "The room's entry line", "Phones joining", "Participant lists", "Dialogs")
F13, F35 = Qt.Key.Key_F13.value, Qt.Key.Key_F35.value


def declared_keys() -> list[KeySpec]:
    """The keys each exercise view, the room's entry line and the dialogs declare."""
    specs: list[KeySpec] = []
    for module_name, _class in VIEWS.values():
        specs += list(getattr(importlib.import_module(module_name), "KEYS", ()))
    for module_name in OTHER_KEYS:
        module = importlib.import_module(module_name)
        specs += list(getattr(module, "ENTRY_KEYS", ()) or getattr(module, "KEYS", ()))
    return specs


def on_a_keyboard(key: QKeySequence) -> bool:
    """Keys a laptop keyboard has: not a multimedia keyboard's Undo or New key, nor F13 and up."""
    code = key[0].key().value  # type: ignore[index]  # the stubs lack QKeySequence.__getitem__
    return code < Qt.Key.Key_Back.value and not F13 <= code <= F35


def help_rows(specs: Sequence[ActionSpec | KeySpec]) -> dict[str, list[tuple[str, str, str]]]:
    """Each group's (what, keys, more) rows, groups in the help's order, declarations with keys only."""
    groups: dict[str, list[tuple[str, str, str]]] = {name: [] for name in ORDER}
    for spec in specs:
        keys = [k for k in sequences(spec.shortcuts) if on_a_keyboard(k)]
        if keys:
            title = spec.title.replace("&", "")
            more = "" if spec.help.rstrip(".…").casefold() == title.rstrip(".…").casefold() else spec.help
            groups.setdefault(spec.context, []).append((title, key_names(keys), more))
    return {name: rows for name, rows in groups.items() if rows}


class HelpWindow(QDialog):
    """The keyboard shortcuts, grouped, with a search line. Stays open beside the console."""

    def __init__(self, specs: Sequence[ActionSpec | KeySpec], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search: a key, or what it does")
        self.search.setAccessibleName("Search the shortcuts")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.filter)
        note = QLabel("Single keys (T, B, V…) act when the keyboard is not in a text field, list or drop-down; "
                      "click the board or press Esc first. Page Up/Down and the function keys work everywhere.")
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Keys", "What it does"])
        # Descriptions are shown whole, wrapped under their title, never cut off.
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setUniformRowHeights(False)
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.tree.setColumnWidth(0, 250)
        self.groups: dict[str, QTreeWidgetItem] = {}
        for name, rows in help_rows(specs).items():
            group = QTreeWidgetItem([name])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for what, keys, more in rows:
                row = QTreeWidgetItem([keys, f"{what}\n{more}" if more else what])
                row.setData(0, Qt.ItemDataRole.UserRole, (what, keys, more))
                row.setTextAlignment(0, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
                bold = row.font(0)
                bold.setBold(True)
                row.setFont(0, bold)
                group.addChild(row)
            self.tree.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)
            group.setExpanded(True)
            self.groups[name] = group
        self.count = QLabel()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(note)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.count)
        layout.addWidget(close)
        self.resize(900, 620)
        self.filter("")

    def filter(self, text: str) -> None:
        """Show the rows whose words, keys or group contain ``text``; groups without any are hidden."""
        needle = text.strip().casefold()
        shown = 0
        for name, group in self.groups.items():
            in_group = 0
            for row in self._rows(group):
                haystack = " ".join([name, *row.data(0, Qt.ItemDataRole.UserRole)]).casefold()
                hit = not needle or needle in haystack
                row.setHidden(not hit)
                in_group += hit
            group.setHidden(in_group == 0)
            shown += in_group
        noun = "shortcut" if shown == 1 else "shortcuts"
        self.count.setText(f"{shown} {noun}" if not needle else f"{shown} {noun} match “{text.strip()}”")

    @staticmethod
    def _rows(group: QTreeWidgetItem) -> list[QTreeWidgetItem]:
        return [row for n in range(group.childCount()) if (row := group.child(n)) is not None]

    def visible_rows(self) -> list[tuple[str, str, str]]:
        """(group, what, keys) of the rows on screen now."""
        rows = []
        for name, group in self.groups.items():
            if group.isHidden():
                continue
            for row in self._rows(group):
                if not row.isHidden():
                    what, keys, _more = row.data(0, Qt.ItemDataRole.UserRole)
                    rows.append((name, what, keys))
        return rows
