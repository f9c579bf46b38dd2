"""Timeboxes from the room and a programme with a shape: the checks, the set-up dialog, the guide's timing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from workshop_app.core.plan import Slot, plan_problems, shape_problems, too_short
from workshop_app.gui.new_workshop_dialog import NewWorkshopDialog

LEFT = Qt.MouseButton.LeftButton


def test_time_grows_with_the_number_of_people(library) -> None:
    resolutions = library.exercises["three-resolutions"]
    # Designed for 12 people: 15 minutes, at least 9; each person more adds a third of a minute to read out.
    assert resolutions.minutes_for(12) == (9, 15)
    assert resolutions.minutes_for(6) == (9, 15)  # a smaller room does not make it shorter than designed
    assert resolutions.minutes_for(40) == (19, 25)  # 9 + 28 × 0.33 = 18.2 and 15 + 9.2 = 24.2, rounded up
    assert library.exercises["warning-signs"].minutes_for(40) == (14, 20)  # seven signs, two minutes each


def test_a_slot_too_short_for_the_room_is_named(library) -> None:
    slots = [Slot(library.exercises["warning-signs"], 10), Slot(library.exercises["three-resolutions"], 15)]
    assert too_short(slots, 12) == ["Warning signs: is this us?: 10 minutes is too short for 12 people; "
                                    "it needs at least 14 (20 as designed)."]
    assert too_short(slots, 40)[1] == ("Three resolutions: 15 minutes is too short for 40 people; it needs at "
                                       "least 19 (25 as designed).")
    assert too_short([Slot(library.exercises["warning-signs"], 1)], 1)[0].startswith(
        "Warning signs: is this us?: 1 minute is too short for 1 person;")


def test_the_dialog_warns_while_the_agenda_is_edited(qtbot, library) -> None:
    dialog = NewWorkshopDialog(library)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.template.setCurrentIndex(dialog.template.findData("kpi-silo-review"))
    row = next(i for i in range(dialog.plan.count()) if dialog.plan.item(i).text().startswith("Warning signs"))
    dialog.plan.setCurrentRow(row)
    dialog.minutes.setValue(10)
    assert not dialog.warnings.isVisible()  # nobody entered yet: the room's size is unknown
    for n in range(3):
        dialog.add_participant(f"Person {n}", "")
    assert dialog.warnings.isVisible()
    assert dialog.warnings.text() == (
        "⚠ Warning signs: is this us?: 10 minutes is too short for 3 people; it needs at least 14 (20 as designed).")
    assert dialog.plan.item(row).text() == "⚠ Warning signs: is this us? · 10 min"
    dialog.minutes.setValue(14)
    assert not dialog.warnings.isVisible() and not dialog.plan.item(row).text().startswith("⚠")
    dialog.plan.setCurrentRow(dialog.plan.count() - 1)  # the check-out
    plan_remove = [b for b in dialog.findChildren(QPushButton) if b.text() == "Remove"][-1]  # not the people's
    qtbot.mouseClick(plan_remove, LEFT)
    assert dialog.warnings.text().startswith("⚠ The programme ends with One message for everyone?: end with a close")


def test_the_shape_of_a_programme(library) -> None:
    ex = library.exercises
    day = [Slot(ex["provocative-questions"], 40), Slot(ex["kpi-review"], 35), Slot(ex["silo-breaking-map"], 40),
           Slot(ex["three-resolutions"], 15)]
    problems = shape_problems(day)
    assert problems[0] == ("130 minutes without a break, from Provocative questions until the end; plan a break "
                           "at least every 90 minutes.")
    assert problems[1].startswith("The programme starts with Provocative questions, not an opening")
    assert problems[2].startswith("The hardest piece of work, Silo-breaking map, comes last")
    assert len(problems) == 3  # it ends with a close: the resolutions
    assert shape_problems(day[:2]) == []  # two exercises are a session, not a programme
    assert plan_problems(day, None) == problems


def test_the_guides_timing_comes_from_the_slot(library) -> None:
    from workshop_app.export.guide import GUIDE

    signs = library.exercises["warning-signs"]
    assert GUIDE["poll"].prepare(signs, 7, 12)[0] == "7 statements in 7 minutes: about 1 minute each, discussion included."
    assert GUIDE["poll"].prepare(signs, 15, 12)[0] == "7 statements in 15 minutes: about 2 minutes each, discussion included."
    assert GUIDE["poll"].prepare(signs, 5, 12)[0] == "7 statements in 5 minutes: under a minute each, discussion included."
    rating = GUIDE["rating"].prepare(library.exercises["where-are-we"], 25, 12)[0]
    assert rating.startswith("20 statements in 5 constructs: about 4 minutes of quiet rating")
    assert "leaving about 21 minutes of the 25 minutes" in rating


def test_the_guide_starts_at_the_workshops_start_time(tmp_path, capsys) -> None:
    import datetime as dt

    from pypdf import PdfReader

    from workshop_app.cli import main
    from workshop_app.core.setup import start_time
    from workshop_app.model.document import WorkshopInfo

    assert start_time(WorkshopInfo()) == dt.time(9, 0)  # the details hold no start time: the usual 09:00
    out = tmp_path / "guide.pdf"
    assert main(["guide", "leadership-session", "--pdf", str(out), "--start", "13:30"]) == 0
    first = PdfReader(out).pages[0].extract_text()
    assert "from 13:30 to 15:30" in " ".join(first.split())
    assert main(["guide", "leadership-session", "--pdf", str(out), "--start", "half past one"]) == 1
    assert "write it as HH:MM" in capsys.readouterr().err


def test_the_guide_shares_commitments_as_the_room_allows(library) -> None:
    from workshop_app.export.guide import GUIDE

    resolutions = library.exercises["three-resolutions"]
    assert "3 minutes in all" in GUIDE["commitments"].prepare(resolutions, 15, 12)[1]
    assert "pairs or trios" in GUIDE["commitments"].prepare(resolutions, 20, 30)[1]
    assert "no time to read out" in GUIDE["commitments"].prepare(resolutions, 10, 10)[1]
