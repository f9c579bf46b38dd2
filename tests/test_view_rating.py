"""The rating view, driven as a facilitator would: ratings per participant or anonymous, figures, comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu

from workshop_app.core.results import rating_results
from workshop_app.core.stats import assess
from workshop_app.core.workshop import Workshop
from workshop_app.gui.session import Session
from workshop_app.gui.views.rating_view import ALPHA, CI, COUNT, EARLIER, MEAN, SPARK, SPREAD, RatingView, sparkline
from workshop_app.model.document import Answer, Participant, Step, WorkshopDoc, WorkshopInfo
from workshop_app.model.exercises import ExerciseDef

LEFT = Qt.MouseButton.LeftButton


def named_exercise(library, anonymous: bool) -> ExerciseDef:
    ex = library.exercises["where-are-we"]
    return ex.model_copy(update={"rating": ex.rating.model_copy(update={"anonymous": anonymous})})


def open_view(qtbot, session: Session) -> RatingView:
    view = RatingView(session, session.workshop.steps[0].id)
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    return view


@pytest.fixture
def named(qtbot, tmp_path: Path, library):
    """A rating with names: the exercise is not anonymous and neither is the step."""
    path = tmp_path / "named.workshop"
    doc = WorkshopDoc(steps=[Step(title="Where are we?", exercise=named_exercise(library, False))],
                      participants=[Participant(name="Ann"), Participant(name="Bo")])
    session = Session(Workshop.create(path, doc))
    yield open_view(qtbot, session), session, path
    session.close()


@pytest.fixture
def anonymous(qtbot, tmp_path: Path, library):
    """The shipped self-assessment, anonymous as its file says."""
    path = tmp_path / "anonymous.workshop"
    doc = WorkshopDoc(steps=[Step(title="Where are we?", exercise=library.exercises["where-are-we"])],
                      participants=[Participant(name="Ann"), Participant(name="Bo")])
    session = Session(Workshop.create(path, doc))
    yield open_view(qtbot, session), session, path
    session.close()


def stored(path: Path) -> list[tuple[int, float, str | None]]:
    ws = Workshop.open(path, readonly=True)
    try:
        return sorted((i.statement, i.value, i.author) for i in ws.doc.items if i.kind == "answer")
    finally:
        ws.close()


def click_score(qtbot, view: RatingView, statement: int, score: int) -> None:
    qtbot.mouseClick(view.score_buttons[statement].buttons[score - view.low], LEFT)


def figures(view: RatingView, row: int) -> tuple[str, str]:
    return view.table.item(row, MEAN).text(), view.table.item(row, SPREAD).text()


def test_a_participants_second_rating_replaces_the_first(qtbot, named) -> None:
    view, session, path = named
    assert view.who.isEnabled() and view.who.count() == 3
    view.who.setCurrentIndex(view.who.findText("Ann"))
    ann = view.participant
    assert view.next_button.text() == "Next participant ▸"

    click_score(qtbot, view, 0, 4)
    assert view.score_buttons[0].buttons[3].isChecked()
    assert figures(view, view.statement_rows[0]) == ("4.0", "0.0")
    assert stored(path) == [(0, 4.0, ann)]
    click_score(qtbot, view, 0, 2)
    assert stored(path) == [(0, 2.0, ann)]
    assert [b.isChecked() for b in view.score_buttons[0].buttons] == [False, True, False, False, False]

    qtbot.mouseClick(view.next_button, LEFT)
    assert view.who.currentText() == "Bo"
    bo = view.participant
    assert not any(b.isChecked() for b in view.score_buttons[0].buttons)
    click_score(qtbot, view, 0, 4)
    assert figures(view, view.statement_rows[0]) == ("3.0", "1.4")  # 2 and 4: sd (n - 1) = √2
    assert figures(view, view.dimension_rows[0]) == ("–", "–")  # nobody has rated half the construct yet
    assert view.table.item(view.statement_rows[0], SPARK).text() == sparkline([0, 1, 0, 1, 0])
    click_score(qtbot, view, 1, 4)
    assert figures(view, view.dimension_rows[0]) == ("4.0", "0.0")  # Bo, from two of its four statements
    assert view.table.item(view.dimension_rows[0], COUNT).text() == "1"
    assert view.mean_chart.means[0] == 4.0

    session.undo()  # Bo's second rating
    session.undo()  # Bo's first
    assert figures(view, view.statement_rows[0]) == ("2.0", "0.0")
    session.undo()  # Ann's change from 4 to 2
    assert stored(path) == [(0, 4.0, ann)]
    for _ in range(3):
        session.redo()
    assert stored(path) == sorted([(0, 2.0, ann), (0, 4.0, bo), (1, 4.0, bo)])

    session.close()
    reopened = Workshop.open(path)
    try:
        per_statement, _ = rating_results(reopened.doc.items, reopened.steps[0])
        assert per_statement[0].mean == 3.0
        assert assess(reopened.doc.items, reopened.steps[0]).constructs[0].score.n == 1
    finally:
        reopened.close()


def test_the_same_score_again_clears_a_rating(qtbot, named) -> None:
    view, session, path = named
    view.who.setCurrentIndex(view.who.findText("Bo"))
    click_score(qtbot, view, 5, 3)
    click_score(qtbot, view, 5, 3)
    assert stored(path) == []
    assert figures(view, view.statement_rows[5]) == ("–", "–")
    session.undo()
    assert view.score_buttons[5].buttons[2].isChecked()
    assert len(stored(path)) == 1


def test_anonymous_ratings_are_entered_one_respondent_at_a_time(qtbot, anonymous) -> None:
    view, session, path = anonymous
    assert view.anonymous and not view.who.isEnabled() and view.participant is None
    assert view.next_button.text() == "Next respondent ▸"

    click_score(qtbot, view, 0, 3)
    click_score(qtbot, view, 0, 5)  # the respondent corrects their score: still one rating
    click_score(qtbot, view, 1, 1)
    assert stored(path) == [(0, 5.0, None), (1, 1.0, None)]
    assert view.progress.text() == "Respondent 1: rated 2 of 20 · 1 person so far"

    qtbot.mouseClick(view.next_button, LEFT)
    assert view.progress.text() == "Respondent 2: rated 0 of 20 · 1 person so far"
    assert not any(b.isChecked() for buttons in view.score_buttons for b in buttons.buttons)
    click_score(qtbot, view, 0, 4)
    assert stored(path) == [(0, 4.0, None), (0, 5.0, None), (1, 1.0, None)]
    assert view.progress.text() == "Respondent 2: rated 1 of 20 · 2 people so far"
    assert figures(view, view.statement_rows[0]) == ("4.5", "0.7")
    # Respondent 1 rated two of the construct's four statements (5 and 1): a score of 3; respondent 2 only one.
    assert figures(view, view.dimension_rows[0]) == ("3.0", "0.0")
    assert view.table.item(view.dimension_rows[0], CI).text() == "–"  # one person: no interval yet

    session.undo()
    assert stored(path) == [(0, 5.0, None), (1, 1.0, None)]
    assert not view.score_buttons[0].buttons[3].isChecked()
    session.redo()
    assert view.score_buttons[0].buttons[3].isChecked()  # the redone rating is this respondent's again
    session.undo()
    session.undo()  # respondent 1's rating of statement 2
    session.undo()  # respondent 1's change from 3 to 5
    assert stored(path) == [(0, 3.0, None)]

    session.close()
    reopened = Workshop.open(path)
    try:
        [item] = reopened.doc.items
        assert item.author is None and item.respondent  # nothing in the file names anyone, yet it is one person's
    finally:
        reopened.close()


def test_each_respondent_has_their_own_key_and_may_give_a_role(qtbot, tmp_path: Path, library) -> None:
    path = tmp_path / "roles.workshop"
    # Five share Sales; Finance has one person, who would be all but named by it, so it is not offered.
    people = [Participant(name=f"Seller {k}", role="Sales") for k in range(5)] + [Participant(name="Bo", role="Finance")]
    doc = WorkshopDoc(steps=[Step(title="Where are we?", exercise=library.exercises["where-are-we"])],
                      participants=people)
    session = Session(Workshop.create(path, doc))
    try:
        view = open_view(qtbot, session)
        assert view.role.isVisible() and [view.role.itemText(i) for i in range(view.role.count())] == [
            "Role not given", "Sales"]
        for statement, score in ((0, 4), (1, 4), (2, 5), (3, 2)):
            click_score(qtbot, view, statement, score)
        view.role.setCurrentIndex(view.role.findText("Sales"))  # given afterwards: it goes on every rating
        qtbot.mouseClick(view.next_button, LEFT)
        assert view.role.currentText() == "Role not given"
        for statement, score in ((0, 2), (1, 3), (2, 2), (3, 4)):
            click_score(qtbot, view, statement, score)
        answers = session.workshop.items(view.step_id, Answer)
        keys = {a.respondent for a in answers}
        assert len(keys) == 2 and None not in keys
        assert sorted(a.role for a in answers) == [""] * 4 + ["Sales"] * 4
        # Person 1: 4, 4, 5 and 2 reversed (4): 4.25. Person 2: 2, 3, 2 and 4 reversed (2): 2.25.
        assert figures(view, view.dimension_rows[0]) == ("3.2", "1.4")
        assert view.table.item(view.dimension_rows[0], COUNT).text() == "2"
        assert view.table.item(view.dimension_rows[0], ALPHA).text() != ""
        session.undo()
        session.undo()
        session.undo()
        session.undo()  # person 2's four ratings
        session.undo()  # the role
        assert all(a.role == "" for a in session.workshop.items(view.step_id, Answer))
    finally:
        session.close()


def test_number_keys_rate_the_selected_statement_and_move_on(qtbot, anonymous) -> None:
    view, session, path = anonymous
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_4)  # nothing selected: the first statement
    assert view.selected() == ("statement", 1)
    qtbot.keyClick(view.table, Qt.Key.Key_2)
    view.table.selectRow(view.dimension_rows[1])  # a dimension: its first statement
    qtbot.keyClick(view.table, Qt.Key.Key_5)
    assert stored(path) == [(0, 4.0, None), (1, 2.0, None), (4, 5.0, None)]
    assert view.score_buttons[4].buttons[4].isChecked()
    view.table.selectRow(view.statement_rows[0])
    qtbot.keyClick(view.table, Qt.Key.Key_1)  # the same respondent corrects a score
    assert stored(path) == [(0, 1.0, None), (1, 2.0, None), (4, 5.0, None)]
    qtbot.mouseClick(view.next_button, LEFT)
    assert view.selected() is None
    session.undo()
    assert stored(path) == [(0, 4.0, None), (1, 2.0, None), (4, 5.0, None)]


def test_selecting_a_row_shows_its_distribution(qtbot, named) -> None:
    view, session, _path = named
    ws = session.workshop
    for value in (1, 2, 2, 5):
        session.do(lambda v=value: ws.add_item(view.step_id, "answer", statement=5, value=float(v)))
    assert view.distribution_chart.counts == [1, 2, 0, 0, 1]  # nothing selected: every rating
    view.table.selectRow(view.statement_rows[5])
    assert view.distribution_chart.counts == [1, 2, 0, 0, 1]
    assert view.distribution_chart.title.text().startswith("6. People from different departments")
    view.table.selectRow(view.statement_rows[0])
    assert view.distribution_chart.counts == [0, 0, 0, 0, 0]
    view.table.selectRow(view.dimension_rows[1])
    assert view.distribution_chart.title.text().startswith("Working across silos")
    assert view.distribution_chart.counts == [1, 2, 0, 0, 1]
    assert view.distribution_chart.caption.text() == "1 = Strongly disagree   ·   5 = Strongly agree"
    # A reverse-worded statement's ratings count turned round in its construct: a 1 is a 5.
    session.do(lambda: ws.add_item(view.step_id, "answer", statement=7, value=1.0))
    assert view.distribution_chart.counts == [1, 2, 0, 0, 2]
    assert view.table.item(view.statement_rows[7], 0).text().endswith("↺")


def make_earlier(tmp_path: Path, library, values: dict[int, list[float]], name: str = "earlier",
                 exercise: ExerciseDef | None = None) -> Path:
    """An earlier workshop in which person k gave the k-th value of each statement."""
    path = tmp_path / f"{name}.workshop"
    step = Step(title="Where are we?", exercise=exercise or library.exercises["where-are-we"])
    items = [Answer(step=step.id, statement=c, value=v, respondent=f"r{k}")
             for c, vs in values.items() for k, v in enumerate(vs)]
    info = WorkshopInfo(title="Spring check-in")
    Workshop.create(path, WorkshopDoc(info=info, steps=[step], items=items)).close()
    return path


def test_compare_with_an_earlier_workshop(qtbot, anonymous, tmp_path: Path, library, monkeypatch) -> None:
    view, session, _path = anonymous
    earlier = make_earlier(tmp_path, library, {0: [2.0, 2.0], 1: [2.0, 2.0]})
    assert view.table.isColumnHidden(EARLIER)
    click_score(qtbot, view, 0, 4)

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(earlier)], ""))
    qtbot.mouseClick(view.compare_button, LEFT)
    assert not view.table.isColumnHidden(EARLIER)
    assert view.clear_compare.isVisible()
    assert "Spring check-in (2 people)" in view.compare_note.text()
    assert view.table.item(view.dimension_rows[0], EARLIER).text() == "2.0"  # nothing to set it against yet
    assert view.table.item(view.dimension_rows[1], EARLIER).text() == "–"
    assert view.mean_chart.earlier[0] == 2.0 and view.mean_chart.earlier[1] is None

    click_score(qtbot, view, 1, 5)  # the comparison stays while the room keeps rating
    qtbot.mouseClick(view.next_button, LEFT)
    click_score(qtbot, view, 0, 4)
    click_score(qtbot, view, 1, 4)
    # Now 4.5 and 4.0 against 2.0 and 2.0: +2.25, but with two people each time that is within the noise.
    assert view.table.item(view.dimension_rows[0], EARLIER).text() == "2.0 (+2.2, within noise)"
    assert "This workshop: 4.2 (n 2" in view.table.item(view.dimension_rows[0], EARLIER).toolTip()

    qtbot.mouseClick(view.clear_compare, LEFT)
    assert view.table.isColumnHidden(EARLIER) and view.mean_chart.earlier is None
    assert not view.compare_note.isVisible()

    cancelled = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: cancelled.append(1) or ([], ""))
    qtbot.mouseClick(view.compare_button, LEFT)
    assert cancelled and view.earlier is None


def test_a_change_beyond_the_noise_is_marked(qtbot, anonymous, tmp_path: Path, library) -> None:
    view, session, _path = anonymous
    lows = make_earlier(tmp_path, library, {s: [2.0, 2.0, 3.0, 2.0, 3.0, 2.0] for s in range(3)}, "lows")
    ws = session.workshop
    with ws.unit("Rate"):
        for k, value in enumerate((4.0, 5.0, 4.0, 5.0, 4.0, 5.0)):
            for s in range(3):
                ws.add_item(view.step_id, "answer", statement=s, value=value, respondent=f"now{k}")
    assert view.compare_with(lows)
    assert view.table.item(view.dimension_rows[0], EARLIER).text() == "2.3 (+2.2, beyond noise)"


def test_compare_refuses_a_run_of_other_statements(qtbot, anonymous, tmp_path: Path, library) -> None:
    view, _session, _path = anonymous
    ex = library.exercises["where-are-we"]
    old = ex.model_copy(update={"rating": ex.rating.model_copy(update={"version": "1"})})
    earlier = make_earlier(tmp_path, library, {0: [3.0]}, exercise=old)
    assert not view.compare_with(earlier)
    assert view.compare_note.text() == ("earlier.workshop cannot be compared: it uses instrument version 1, this one "
                                        "version 2. Only runs of the same statements are compared.")
    assert view.earlier is None and view.table.isColumnHidden(EARLIER)


def test_compare_explains_files_it_cannot_use(qtbot, anonymous, tmp_path: Path, library) -> None:
    view, _session, _path = anonymous
    text = tmp_path / "notes.workshop"
    text.write_text("not a workshop at all")
    assert not view.compare_with(text)
    assert "notes.workshop" in view.compare_note.text() and "not a workshop file" in view.compare_note.text()
    assert view.compare_note.isVisible() and view.earlier is None

    assert not view.compare_with(tmp_path / "missing.workshop")
    assert "missing.workshop" in view.compare_note.text()

    other = tmp_path / "other.workshop"
    Workshop.create(other, WorkshopDoc(steps=[Step(title="Poll", exercise=library.exercises["warning-signs"])])).close()
    assert not view.compare_with(other)
    assert view.compare_note.text() == "other.workshop has no “Where are we?” exercise to compare with."
    assert view.table.isColumnHidden(EARLIER)


def test_make_action_item_from_a_statement_or_dimension(qtbot, named) -> None:
    view, session, path = named
    view.who.setCurrentIndex(view.who.findText("Ann"))
    click_score(qtbot, view, 6, 2)
    view.table.selectRow(view.statement_rows[6])
    qtbot.mouseClick(view.action_button, LEFT)
    [action] = session.workshop.actions
    assert action.what == view.statements[6][1]
    assert "mean 2.0 of 5" in action.why and "1 ratings" in action.why

    def pick() -> None:
        menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu) and w.isVisible()]
        try:
            action = next(a for m in menus for a in m.actions() if a.text() == "Make action item")
        finally:
            for menu in menus:
                menu.close()
        action.trigger()

    QTimer.singleShot(0, pick)
    row = view.dimension_rows[3]
    view._on_context_menu(view.table.visualItemRect(view.table.item(row, 0)).center())
    assert [a.what for a in session.workshop.actions] == [view.statements[6][1], "Leadership support"]
    session.undo()
    assert len(session.workshop.actions) == 1
    session.redo()
    ws = Workshop.open(path, readonly=True)
    try:
        assert [a.what for a in ws.doc.actions] == [view.statements[6][1], "Leadership support"]
    finally:
        ws.close()


def test_demo_rating_at_laptop_size(qtbot, demo_path: Path, tmp_path: Path) -> None:
    session = Session(Workshop.open(demo_path))
    try:
        step = next(s for s in session.workshop.steps if s.type == "rating")
        view = RatingView(session, step.id)
        qtbot.addWidget(view)
        view.resize(1000, 600)
        view.show()
        qtbot.waitExposed(view)
        result = assess(session.workshop.doc.items, step, session.workshop.participants)
        assert view.mean_chart.means == [c.score.mean for c in result.constructs]
        assert all(c.score.n == 12 for c in result.constructs)
        assert view.grab().save(str(tmp_path / "rating.png"))
    finally:
        session.close()
