"""Showing user text exactly as typed: Qt would otherwise render HTML-looking text or eat '&'."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_label(text: str = "") -> QLabel:
    """A label that never interprets its text as rich text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` as typed (Qt renders a tooltip that looks like HTML as HTML)."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


def button_text(text: str) -> str:
    """``text`` for a button or menu entry, with any '&' shown rather than taken as a shortcut mark."""
    return text.replace("&", "&&")


def warn(parent: QWidget | None, title: str, text: str) -> None:
    """A warning with an OK button that shows ``text`` as typed (``QMessageBox.warning`` would render a
    file name or a message holding something like a tag as rich text)."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
