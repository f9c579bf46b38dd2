"""Reminders as a calendar file (.ics): one all-day event per action still to do, on its due date, and one
for the follow-up, written with the icalendar library.

Each event's UID is made from the workshop's id and the action's, so importing a newer export into the
same calendar updates the events instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from workshop_app import __version__
from workshop_app.export.common import Directory, fmt_date
from workshop_app.export.summary import summarise
from workshop_app.model.document import WorkshopDoc
from workshop_app.storage.files import atomic_path

REMIND_BEFORE = dt.timedelta(days=1)


def _event(uid: str, day: dt.date, summary: str, description: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))  # an all-day event ends the next day
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")  # a reminder, not time taken
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", -REMIND_BEFORE)
    event.add_component(alarm)
    return event


def calendar(doc: WorkshopDoc, stamp: dt.datetime | None = None) -> Calendar:
    """The workshop's reminders: each open or in-progress action with a due date, and the follow-up."""
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    d = Directory(doc)
    info = doc.info
    cal = Calendar()
    cal.add("prodid", f"-//Workshop Room//Workshop Room {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"{info.title}: action plan")
    for action in d.actions():
        if action.due is None or action.status not in ("open", "in progress"):
            continue
        owner = d.owner(action)
        what = action.what.splitlines()[0]
        lines = [action.what, "", f"Owner: {owner or 'no owner yet'}", f"Due: {fmt_date(action.due)}",
                 f"Status: {action.status}"]
        if action.measure:
            lines.append(f"Measure of success: {action.measure}")
        if action.area:
            lines.append(f"Attention area: {action.area}")
        lines.append(f"From the workshop “{info.title}”" + (f" of {fmt_date(info.date)}" if info.date else ""))
        summary = f"Due: {what}" + (f" ({owner})" if owner else "")
        cal.add_component(_event(f"{action.id}.{info.id}@workshop-room", action.due, summary, "\n".join(lines), stamp))
    review = summarise(doc)
    if review.review is not None:
        text = (f"The progress review of “{info.title}”: {review.due_by_review} actions fall due by then. "
                "Bring the plan; each owner says what moved.")
        cal.add_component(_event(f"follow-up.{info.id}@workshop-room", review.review, f"Follow-up: {info.title}",
                                 text, stamp))
    return cal


def write_ics(doc: WorkshopDoc, out: Path, stamp: dt.datetime | None = None) -> None:
    """Write the reminders as an .ics file; a failed write leaves any earlier file at ``out`` as it was."""
    with atomic_path(Path(out)) as tmp:
        tmp.write_bytes(calendar(doc, stamp).to_ical())
