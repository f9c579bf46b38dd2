"""Date and time fields that take what is typed ("12.3.2026", "12 March", "9:30") or a date picked
from a calendar. Text that is not a date is kept for correcting and said so, never replaced."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import QCalendarWidget, QHBoxLayout, QLineEdit, QSizePolicy, QToolButton, QWidget

from workshop_app.gui.qt_helpers import qdate
from workshop_app.model.dates import format_date, format_time, parse_date, parse_time

INVALID = "QLineEdit { border: 2px solid #d92d20; }"


def month_first() -> bool:
    """Whether this computer writes dates month first (3/12/2026 for 12 March)."""
    return QLocale().dateFormat(QLocale.FormatType.ShortFormat).lower().startswith("m")


class DateField(QWidget):
    """A date typed or picked. ``optional``: empty means no date (``date()`` is None)."""

    date_changed = Signal(object)  # the new dt.date, or None

    def __init__(self, day: dt.date | None = None, optional: bool = False, name: str = "Date",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.optional = optional
        self._date: dt.date | None = None
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("e.g. 12 March 2026 or 12.3.2026" + (" (or empty)" if optional else ""))
        self.edit.setAccessibleName(name)
        self.edit.editingFinished.connect(self.take_typed)
        self.pick = QToolButton()
        self.pick.setText("▾")
        self.pick.setAccessibleName(f"Pick the {name.lower()} from a calendar")
        self.pick.setToolTip("Pick from a calendar")
        self.pick.clicked.connect(self.open_calendar)
        self.calendar: QCalendarWidget | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.pick)
        self.setFocusProxy(self.edit)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)  # one line high in a form
        self.set_date(day)

    def date(self) -> dt.date | None:
        return self._date

    def set_date(self, day: dt.date | None) -> None:
        """Show ``day`` (None: empty), without announcing it."""
        self._date = day
        self.edit.setText(format_date(day) if day else "")
        self._mark(valid=True)

    def valid(self) -> bool:
        """Whether the text is a date (or empty where that is allowed)."""
        text = self.edit.text().strip()
        return (not text and self.optional) or parse_date(text, month_first=month_first()) is not None

    def take_typed(self) -> None:
        """The field was left or Enter pressed: read the text as a date and announce a change."""
        text = self.edit.text().strip()
        if not text and self.optional:
            self._accept(None)
            return
        day = parse_date(text, month_first=month_first())
        if day is None:
            self._mark(valid=False)
            return
        self._accept(day)

    def _accept(self, day: dt.date | None) -> None:
        changed = day != self._date
        self.set_date(day)
        if changed:
            self.date_changed.emit(day)

    def _mark(self, valid: bool) -> None:
        self.edit.setStyleSheet("" if valid else INVALID)
        self.edit.setToolTip("" if valid else "Not a date this field understands. Type it like 12 March 2026, "
                             "12.3.2026 or 2026-03-12, or pick it with the button.")

    def open_calendar(self) -> QCalendarWidget:
        """A calendar under the field; the date clicked (or chosen with Enter) is taken."""
        if self.calendar is None:
            self.calendar = QCalendarWidget(self)
            self.calendar.setWindowFlags(Qt.WindowType.Popup)
            self.calendar.setAccessibleName(f"Calendar for the {self.edit.accessibleName().lower()}")
            self.calendar.clicked.connect(self._picked)
            self.calendar.activated.connect(self._picked)
        self.calendar.setSelectedDate(qdate(self._date or dt.date.today()))
        self.calendar.move(self.mapToGlobal(self.rect().bottomLeft()))
        self.calendar.show()
        self.calendar.setFocus()
        return self.calendar

    def _picked(self, day: QDate) -> None:
        if self.calendar is not None:
            self.calendar.hide()
        self._accept(dt.date(day.year(), day.month(), day.day()))
        self.edit.setFocus()


class TimeField(QLineEdit):
    """A clock time typed ("9:30", "14.00", "2 pm"); empty means none."""

    time_changed = Signal(object)  # the new dt.time, or None

    def __init__(self, time: dt.time | None = None, name: str = "Start time", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._time: dt.time | None = None
        self.setPlaceholderText("e.g. 9:00 (or empty)")
        self.setAccessibleName(name)
        self.setMaxLength(12)
        self.editingFinished.connect(self.take_typed)
        self.set_time(time)

    def time(self) -> dt.time | None:
        return self._time

    def set_time(self, time: dt.time | None) -> None:
        self._time = time
        self.setText(format_time(time) if time else "")
        self.setStyleSheet("")
        self.setToolTip("")

    def valid(self) -> bool:
        return not self.text().strip() or parse_time(self.text()) is not None

    def take_typed(self) -> None:
        text = self.text().strip()
        time = parse_time(text) if text else None
        if text and time is None:
            self.setStyleSheet(INVALID)
            self.setToolTip("Not a clock time this field understands. Type it like 9:00, 13:30 or 2 pm.")
            return
        changed = time != self._time
        self.set_time(time)
        if changed:
            self.time_changed.emit(time)
