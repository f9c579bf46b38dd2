"""Dates and clock times as people type them: "12 March 2026", "12.3.2026", "2026-03-12", "9:30", "14.00".

Day before month unless the computer's own date format puts the month first (``month_first``).
Nothing here guesses silently: text that is not one clear date is ``None``, and the field says so.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_MONTH_NAMES = {name.casefold(): n for n, name in enumerate(MONTHS, 1)}
_MONTH_NAMES.update({name[:3].casefold(): n for n, name in enumerate(MONTHS, 1)})
_MONTH_NAMES["sept"] = 9


def format_date(day: dt.date, short: bool = False) -> str:
    """A date as the app shows it: 12 March 2026 (``short``: 12 Mar 2026, as the exports print it)."""
    month = MONTHS[day.month - 1]
    return f"{day.day} {month[:3] if short else month} {day.year}"


def _month(word: str) -> int | None:
    return _MONTH_NAMES.get(word.casefold().rstrip("."))


def _year(text: str, today: dt.date) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def parse_date(text: str, today: dt.date | None = None, month_first: bool = False) -> dt.date | None:
    """The date typed in ``text``, or None. A missing year is this year ("12 March", "12.3.")."""
    today = today or dt.date.today()
    words = text.strip().replace(",", " ").split()
    if not words:
        return None
    try:
        if len(words) == 1 and (m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", words[0])):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if len(words) == 1 and (m := re.fullmatch(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4})?)?\.?", words[0])):
            first, second = int(m[1]), int(m[2])
            day, month = (second, first) if month_first else (first, second)
            return dt.date(_year(m[3], today) if m[3] else today.year, month, day)
        numbers = [w.rstrip(".") for w in words if w.rstrip(".").isdigit()]
        names = [_month(w) for w in words if not w.rstrip(".").isdigit()]
        if len(names) == 1 and names[0] is not None and 1 <= len(numbers) <= 2 and len(words) == len(numbers) + 1:
            day = int(numbers[0])
            year = _year(numbers[1], today) if len(numbers) == 2 else today.year
            return dt.date(year, names[0], day)
    except ValueError:
        return None  # 31 February, month 13...
    return None


def format_time(time: dt.time) -> str:
    """A clock time as the app shows it: 09:30."""
    return f"{time.hour:02d}:{time.minute:02d}"


def parse_time(text: str) -> dt.time | None:
    """The clock time typed in ``text`` ("9", "9:30", "09.30", "930", "2 pm", "14h15"), or None."""
    value = text.strip().casefold().replace(" ", "")
    m = re.fullmatch(r"(\d{1,2})(?:[:.h]?(\d{2}))?(am|pm|a\.m\.|p\.m\.)?", value)
    if not m:
        return None
    hour, minute = int(m[1]), int(m[2] or 0)
    if m[3]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m[3].startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def clock_times(start: dt.time, minutes: list[int]) -> list[tuple[dt.time, dt.time]]:
    """(from, to) of each step of an agenda that starts at ``start``, the steps one after another."""
    at = dt.datetime.combine(dt.date(2000, 1, 1), start)
    times = []
    for length in minutes:
        end = at + dt.timedelta(minutes=length)
        times.append((at.time(), end.time()))
        at = end
    return times
