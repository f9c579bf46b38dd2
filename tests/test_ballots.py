"""Paper ballots: their codes, the printed PDF, and a stack of them typed in at the keyboard."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from workshop_app.core.ballots import (
    ALPHABET,
    CODE_LENGTH,
    BallotEnteredError,
    add_ballot,
    ballot_codes,
    check_character,
    code_problem,
    make_codes,
    respondent_key,
)
from workshop_app.core.demo import build_demo
from workshop_app.core.results import poll_results
from workshop_app.core.stats import assess
from workshop_app.core.workshop import Workshop, WorkshopError
from workshop_app.export.ballots import ballot_steps, default_copies, write_ballots
from workshop_app.gui.session import Session
from workshop_app.gui.views.poll_view import PollView
from workshop_app.gui.views.rating_view import RatingView
from workshop_app.model.document import Answer, Participant, Step, WorkshopDoc


def reopened_answers(path: Path) -> list[Answer]:
    ws = Workshop.open(path, readonly=True)
    try:
        return [i for i in ws.doc.items if isinstance(i, Answer)]
    finally:
        ws.close()


# -- codes ------------------------------------------------------------------------------------------
def test_codes_are_different_use_no_look_alikes_and_catch_a_mistyped_character() -> None:
    codes = make_codes(400)
    assert len(set(codes)) == 400
    assert all(len(c) == CODE_LENGTH and code_problem(c) is None for c in codes)
    assert not set("".join(codes)) & set("0OQ1IL2Z5S8BG")
    for code in codes[:60]:
        for n in range(CODE_LENGTH):
            for other in ALPHABET:
                if other != code[n]:
                    assert code_problem(code[:n] + other + code[n + 1:]) is not None
            if n + 1 < CODE_LENGTH and code[n] != code[n + 1]:
                swapped = code[:n] + code[n + 1] + code[n] + code[n + 2:]
                assert code_problem(swapped) is not None, (code, swapped)
    body = codes[0][:4]
    assert check_character(body) == codes[0][4]
    assert code_problem(codes[0].lower()) is None  # typed in small letters it is the same code
    assert "has 4" in (code_problem(codes[0][:4]) or "")
    assert "never printed" in (code_problem("O" + codes[0][1:]) or "")


def test_a_ballot_is_one_change_one_undo_step_and_a_code_entered_twice_is_refused(tmp_path: Path, library) -> None:
    path = tmp_path / "paper.workshop"
    ws = Workshop.create(path, WorkshopDoc(steps=[Step(title="Where are we?",
                                                       exercise=library.exercises["where-are-we"])]))
    step = ws.steps[0].id
    first, second = make_codes(2)
    values = [4.0] * 19 + [None]
    edit = add_ballot(ws, step, first, values)
    assert edit.label == f"Enter ballot {first}" and len(edit.rows) == 19
    with pytest.raises(BallotEnteredError, match="count that person twice"):
        add_ballot(ws, step, first.lower(), [2.0] * 20)
    with pytest.raises(WorkshopError, match="mistyped"):
        add_ballot(ws, step, first[:4] + ("A" if first[4] != "A" else "C"), [2.0] * 20)
    with pytest.raises(WorkshopError, match="no answer 6"):
        add_ballot(ws, step, second, [6.0] * 20)
    with pytest.raises(WorkshopError, match="nothing marked"):
        add_ballot(ws, step, second, [None] * 20)
    replaced = add_ballot(ws, step, first, [2.0] * 20, replace=True)
    add_ballot(ws, step, second, [5.0] * 20)
    ws.undo(replaced)  # undo of the replacement brings the first sheet back whole
    ws.close()
    answers = reopened_answers(path)
    assert {a.respondent for a in answers} == {respondent_key(first), respondent_key(second)}
    assert sorted(a.value for a in answers if a.respondent == respondent_key(first)) == [4.0] * 19
    assert all(a.author is None for a in answers)


# -- the printed ballots -------------------------------------------------------------------------------
def test_the_ballots_pdf_has_a_sheet_per_copy_each_with_its_own_code(tmp_path: Path) -> None:
    from pypdf import PdfReader

    doc = build_demo()
    steps = ballot_steps(doc)
    assert [s.type for s in steps] == ["rating", "poll", "commitments"]
    assert default_copies(doc) == len(doc.participants) + 2
    out = tmp_path / "ballots.pdf"
    assert write_ballots(doc, out, copies=3) == 9
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(out).pages]
    assert len(pages) == 9  # every ballot fits its one page
    codes = []
    for page in pages:
        found = [c for c in page.split() if len(c) == CODE_LENGTH and code_problem(c) is None and f"ballot {c}" in page]
        assert len(found) == 1, page[:200]
        codes.append(found[0])
    assert len(set(codes)) == 9
    rating = steps[0].exercise.rating
    for statement in (s.text for d in rating.dimensions for s in d.statements):
        assert " ".join(statement.split()) in pages[0]
    assert "1 = Strongly disagree" in pages[0] and "Do not write your name" in pages[0]
    for statement in steps[1].exercise.poll.statements:
        assert " ".join(statement.split()) in pages[3]
    assert "Yes Partly No" in pages[3]
    assert pages[6].count("Done by (date)") == 3 and "My name" in pages[6]


def test_the_command_line_prints_ballots_and_says_when_it_cannot(tmp_path: Path, library) -> None:
    demo = tmp_path / "demo.workshop"
    Workshop.create(demo, build_demo()).close()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "workshop_app", *args], capture_output=True, text=True,
                              timeout=120)

    out = tmp_path / "ballots.pdf"
    result = run("export", str(demo), "--ballots", str(out), "--copies", "2")
    assert result.returncode == 0, result.stderr
    assert "paper ballots" in result.stdout and out.read_bytes().startswith(b"%PDF")
    result = run("export", str(demo), "--copies", "2")
    assert result.returncode == 1 and "give --ballots too" in result.stderr
    result = run("export", str(demo), "--ballots", str(out), "--copies", "0")
    assert result.returncode == 1 and "Between 1 and 500" in result.stderr and "Traceback" not in result.stderr
    board_only = tmp_path / "board.workshop"
    Workshop.create(board_only, WorkshopDoc(steps=[Step(title="Ideas", exercise=library.exercises["rumour-mill"])])
                    ).close()
    result = run("export", str(board_only), "--ballots", str(out))
    assert result.returncode == 1 and "no self-assessment, poll or commitments" in result.stderr


# -- typing a stack in ----------------------------------------------------------------------------------
@pytest.fixture
def rating(qtbot, tmp_path: Path, library):
    path = tmp_path / "rating.workshop"
    doc = WorkshopDoc(steps=[Step(title="Where are we?", exercise=library.exercises["where-are-we"])],
                      participants=[Participant(name=n) for n in ("Ann", "Bo", "Cy")])
    session = Session(Workshop.create(path, doc))
    view = RatingView(session, session.workshop.steps[0].id)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    yield view, session, path
    session.close()


def type_keys(qtbot, widget, text: str) -> None:
    for char in text:
        if char == "\b":
            qtbot.keyClick(widget, Qt.Key.Key_Backspace)
        elif char == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        elif char == "\x1b":
            qtbot.keyClick(widget, Qt.Key.Key_Escape)
        else:
            qtbot.keyClicks(widget, char)


def test_a_stack_of_rating_ballots_is_typed_in_and_counted_in_people(qtbot, rating) -> None:
    view, session, path = rating
    qtbot.mouseClick(view.paper_button, Qt.MouseButton.LeftButton)
    entry = view.ballots
    assert entry is not None and entry.isVisible() and view.paper_button.isChecked()
    qtbot.waitUntil(entry.hasFocus)
    first, second, third = make_codes(3)
    stack_before = session.undo_stack.count()

    # The first sheet: a wrong key is refused, Backspace takes a score back, Space leaves one blank.
    type_keys(qtbot, entry, first.lower())
    assert entry.position == 0 and "Statement 1 of 20" in entry.current.text()
    type_keys(qtbot, entry, "44")
    type_keys(qtbot, entry, "8")
    assert "not a box" in entry.status.text() and entry.values == [4.0, 4.0]
    type_keys(qtbot, entry, "\b3")
    assert entry.values == [4.0, 3.0] and entry.cells[1].text() == "3"
    type_keys(qtbot, entry, " " + "5" * 17)
    assert entry.code == ""  # the twentieth score entered the ballot and cleared the entry
    assert f"Ballot {first} entered: 19 of 20" in entry.status.text()
    assert session.undo_stack.count() == stack_before + 1

    # The second sheet ends early: Enter leaves the rest blank. The third is mistyped, then corrected.
    type_keys(qtbot, entry, second + "2222\n")
    bad = third[:4] + ("A" if third[4] != "A" else "C")
    type_keys(qtbot, entry, bad)
    assert "mistyped" in entry.status.text() and entry.position == -1
    type_keys(qtbot, entry, "\b" + third[4] + "1" * 20)
    assert session.undo_stack.count() == stack_before + 3
    assert "3 people so far" in view.progress.text()

    # The first sheet again: refused until Enter says to replace it.
    type_keys(qtbot, entry, first)
    assert "entered already" in entry.status.text() and entry.position == -1
    type_keys(qtbot, entry, "5")
    assert entry.values == []
    type_keys(qtbot, entry, "\n" + "2" * 20)
    assert f"Ballot {first} replaced" in entry.status.text()
    assert "3 people so far" in view.progress.text()
    # Escape sets a half-typed sheet aside without entering anything.
    type_keys(qtbot, entry, make_codes(1, [first, second, third])[0] + "33\x1b")
    assert entry.code == "" and session.undo_stack.count() == stack_before + 4

    # One undo takes back one whole ballot: the replacement, and the first sheet is back as typed.
    assert session.undo()
    session.close()
    answers = reopened_answers(path)
    by_code = {code: sorted(a.value for a in answers if a.respondent == respondent_key(code))
               for code in (first, second, third)}
    assert by_code[first] == sorted([4.0, 3.0] + [5.0] * 17)
    assert by_code[second] == [2.0] * 4 and by_code[third] == [1.0] * 20
    ws = Workshop.open(path, readonly=True)
    try:
        assert assess(ws.items(ws.steps[0].id, Answer), ws.steps[0], ws.participants).answered == 3
        assert ballot_codes(ws, ws.steps[0].id) == [first, second, third]
    finally:
        ws.close()


def test_room_keys_do_not_fire_while_a_code_is_typed(qtbot, rating) -> None:
    """Letters of a code are the room's single-key shortcuts elsewhere; in the entry they type the code."""
    from PySide6.QtGui import QAction

    view, _session, _path = rating
    fired: list[bool] = []
    action = QAction("Timer", view)
    action.setShortcut("T")
    action.triggered.connect(lambda: fired.append(True))
    view.addAction(action)
    entry = view.show_ballot_entry(True)
    assert entry is not None
    qtbot.waitUntil(entry.hasFocus)
    type_keys(qtbot, entry, "TA")
    assert entry.code == "TA" and not fired
    view.show_ballot_entry(False)
    assert not entry.isVisible() and not view.paper_button.isChecked()


def test_poll_ballots_are_typed_in_and_kept_apart_from_the_room_tally(qtbot, tmp_path: Path, library) -> None:
    path = tmp_path / "poll.workshop"
    doc = WorkshopDoc(steps=[Step(title="Warning signs", exercise=library.exercises["warning-signs"])])
    session = Session(Workshop.create(path, doc))
    view = PollView(session, session.workshop.steps[0].id)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    statements = len(view.statements)
    entry = view.show_ballot_entry(True)
    assert entry is not None
    qtbot.waitUntil(entry.hasFocus)
    first, second = make_codes(2)
    type_keys(qtbot, entry, first + "1" * statements)
    type_keys(qtbot, entry, second + "3" + "2" * (statements - 1))
    assert "2 ballots" in view.progress.text()
    view.tally(0, 0, -1)  # the room's tally has none of its own to take off: a ballot's answer stays
    results = poll_results(session.workshop.doc.items, session.workshop.steps[0])
    assert results[0].counts == [1, 0, 1] and results[1].counts == [1, 1, 0]
    session.close()
    answers = reopened_answers(path)
    assert len(answers) == 2 * statements
    assert {a.respondent for a in answers} == {respondent_key(first), respondent_key(second)}


def test_the_export_menu_writes_ballots_with_progress(tmp_path: Path) -> None:
    from workshop_app.gui.main_window import EXPORTS, export_writer

    assert EXPORTS["ballots"][0].startswith("Paper ballots")
    seen: list[tuple[int, int]] = []
    out = tmp_path / "menu.pdf"
    export_writer("ballots")(build_demo(), out, lambda done, total: seen.append((done, total)))
    assert out.read_bytes().startswith(b"%PDF") and seen[-1][0] == seen[-1][1] and len(seen) > 3
