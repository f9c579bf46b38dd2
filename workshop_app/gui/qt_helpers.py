"""Typed forms of a few Qt calls whose shortcuts (``timeout=`` keywords, ``QDate(date)``) the type stubs do not know."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, QObject, QTimer
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem


def single_shot(parent: QObject, msec: int, slot: Callable[[], object]) -> QTimer:
    """A stopped single-shot timer that calls ``slot`` ``msec`` milliseconds after each ``start()``."""
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msec)
    timer.timeout.connect(slot)
    return timer


def table_cell(table: QTableWidget, row: int, col: int) -> QTableWidgetItem:
    """The item in a table cell, made (empty) when the cell has none yet."""
    item = table.item(row, col)
    if item is None:
        item = QTableWidgetItem("")
        table.setItem(row, col, item)
    return item


def qdate(day: dt.date) -> QDate:
    """A Python date as a QDate."""
    return QDate(day.year, day.month, day.day)
