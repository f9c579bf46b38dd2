"""Reminders as a calendar: one event per action still to do, with its owner, and one for the follow-up."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar

from workshop_app.cli import main
from workshop_app.core.workshop import Workshop
from workshop_app.export.ics_export import write_ics
from workshop_app.gui.main_window import MainWindow

STAMP = dt.datetime(2026, 3, 12, 17, 0, tzinfo=dt.UTC)


def events(path: Path) -> list:
    cal = Calendar.from_ical(path.read_bytes())
    return [c for c in cal.walk() if c.name == "VEVENT"]


def test_each_open_action_and_the_follow_up_is_an_all_day_event(demo_path: Path, tmp_path: Path) -> None:
    ws = Workshop.open(demo_path)
    done = ws.actions[1]
    ws.update_action(done.id, status="done")
    doc = ws.doc
    ws.close()
    out = tmp_path / "plan.ics"
    write_ics(doc, out, STAMP)
    found = events(out)
    due = [a for a in doc.actions if a.due and a.status in ("open", "in progress")]
    assert len(found) == len(due) + 1
    by_uid = {str(e["uid"]): e for e in found}
    first = doc.actions[0]
    event = by_uid[f"{first.id}.{doc.info.id}@workshop-room"]
    assert event.decoded("dtstart") == first.due and event.decoded("dtend") == first.due + dt.timedelta(days=1)
    assert str(event["summary"]) == f"Due: {first.what} ({first.owner})"
    assert f"Owner: {first.owner}" in str(event["description"])
    assert event.walk("VALARM") and event.decoded("dtstamp") == STAMP
    assert f"{done.id}.{doc.info.id}@workshop-room" not in by_uid  # done: nothing to be reminded of
    follow_up = by_uid[f"follow-up.{doc.info.id}@workshop-room"]
    assert follow_up.decoded("dtstart") == dt.date(2026, 4, 11)  # thirty days after the workshop
    assert str(follow_up["summary"]) == "Follow-up: Customer-focus kick-off"
    # The same workshop exported again gives the same events (a calendar updates them, never doubles them).
    again = tmp_path / "again.ics"
    write_ics(doc, again, STAMP)
    assert again.read_bytes() == out.read_bytes()


def test_closing_right_after_an_export_does_not_hang(qtbot, demo_path: Path, tmp_path: Path) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_workshop(Workshop.open(demo_path))
    out = tmp_path / "quick.ics"
    window.export_to("ics", out)
    window.close_workshop()  # waits for the export, which finishes
    assert len(events(out)) == 42


def test_the_command_line_and_the_export_menu_write_the_calendar(qtbot, demo_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.ics"
    assert main(["export", str(demo_path), "--ics", str(out)]) == 0
    assert len(events(out)) == 42
    window = MainWindow()
    qtbot.addWidget(window)
    window.show_workshop(Workshop.open(demo_path))
    assert window.actions_by_id["export-ics"].text() == "Export Due dates and follow-up (calendar)…"
    menu_out = tmp_path / "menu.ics"
    with qtbot.waitSignal(window.exports.done, timeout=10_000):
        window.export_to("ics", menu_out)
    window.close_workshop()
    assert len(events(menu_out)) == 42
