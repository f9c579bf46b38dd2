"""The console's board of cards, worked with the mouse and the keys as a facilitator does."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QPushButton

from tests import board_cards as cards
from workshop_app.core.workshop import Workshop
from workshop_app.gui.session import Session
from workshop_app.gui.views import view_class
from workshop_app.model.answers import Cluster, Note
from workshop_app.model.document import Participant, Step, WorkshopDoc

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def board(qtbot, tmp_path: Path, library):
    ex = library.exercises["provocative-questions"]
    people = [Participant(name="Ann", colour="#F4A261"), Participant(name="Bo", colour="#8AB6F9")]
    doc = WorkshopDoc(participants=people, steps=[Step(id="b", title="Ideas", exercise=ex, vote_budget=3)])
    ws = Workshop.create(tmp_path / "c.workshop", doc)
    for n, text in enumerate(["Call back within a day", "Name one owner per customer", "Stop the monthly report",
                              "Ask why they left", "Visit a customer each month"]):
        ws.add_note("b", text, prompt=n % 2, author=people[n % 2].id)
    session = Session(ws)
    view = view_class("board")(session, "b")
    qtbot.addWidget(view)
    view.resize(1300, 700)
    view.show()
    qtbot.waitExposed(view)
    yield session, view
    if session.workshop is not None:
        session.close()


def note(ws: Workshop, text: str) -> Note:
    return next(n for n in ws.items("b", Note) if n.text == text)


def reopened(session: Session) -> Workshop:
    path = session.workshop.path
    session.close()
    return Workshop.open(path, readonly=True)


def test_cards_sit_in_prompt_columns_like_the_shared_screen(board) -> None:
    session, view = board
    assert view.showing_cards
    assert len(view.cards.columns) == len(view.prompts) == 6
    assert cards.texts(view, 0) == ["Call back within a day", "Stop the monthly report", "Visit a customer each month"]
    assert cards.texts(view, 1) == ["Name one owner per customer", "Ask why they left"]
    assert [h.count for h in view.cards.headers] == ["3", "2", "0", "0", "0", "0"]
    column = view.cards.columns[0]
    assert column.accessibleName() == "Notes under prompt 1" and column.accessibleDescription() == view.prompts[0]
    spoken = column.model().index(0).data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "Call back within a day, by Ann"
    # The card is painted in its author's colour, as on the shared screen.
    _col, index = cards.find(view, note(session.workshop, "Call back within a day").id)
    card = column.delegate.card_rect(column.visualRect(index), index.data(Qt.ItemDataRole.UserRole + 1))
    assert column.viewport().grab().toImage().pixelColor(card.left() + 4, card.center().y()).name().upper() == "#F4A261"


def test_dragging_a_card_to_another_column_moves_it_in_one_undo_step(board) -> None:
    session, view = board
    ws = session.workshop
    moving = note(ws, "Stop the monthly report")
    cards.drag(view, moving.id, 3)
    assert ws.item(moving.id, Note).prompt == 3 and ws.item(moving.id, Note).cluster is None
    assert cards.texts(view, 3) == ["Stop the monthly report"]
    assert "Stop the monthly report" not in cards.texts(view, 0)
    assert view.cards.dragging is None and QApplication.overrideCursor() is None
    assert session.undo_stack.count() == 1
    session.undo()
    assert ws.item(moving.id, Note).prompt == 0 and "Stop the monthly report" in cards.texts(view, 0)
    session.redo()
    again = reopened(session)
    assert again.item(moving.id, Note).prompt == 3
    again.close()


def test_a_card_dropped_on_a_note_makes_a_cluster_and_on_a_cluster_joins_it(board) -> None:
    session, view = board
    ws = session.workshop
    a, b, c = (note(ws, t) for t in ("Call back within a day", "Ask why they left", "Stop the monthly report"))
    cards.drag(view, b.id, 0, onto=a.id)  # from prompt 2 onto a loose note of prompt 1
    cluster = ws.item(ws.item(a.id, Note).cluster or "", Cluster)
    assert cluster.prompt == 0 and ws.item(b.id, Note).cluster == cluster.id and ws.item(b.id, Note).prompt == 0
    shown = cards.rows(view, 0)
    assert [r.kind for r in shown[:3]] == ["cluster", "note", "note"] and shown[0].text == "Call back within a day"
    assert {r.id for r in shown[1:3]} == {a.id, b.id} and all(r.cluster == cluster.id for r in shown[1:3])
    assert session.undo_stack.count() == 1
    cards.drag(view, c.id, 0, onto=cluster.id)  # onto the cluster's heading
    assert ws.item(c.id, Note).cluster == cluster.id
    assert cards.rows(view, 0)[0].count == 3
    cards.drag(view, c.id, 0)  # onto the column's empty space: out of the cluster
    assert ws.item(c.id, Note).cluster is None and ws.item(c.id, Note).prompt == 0
    assert session.undo_stack.count() == 3
    again = reopened(session)
    assert again.item(b.id, Note).cluster == cluster.id and again.item(c.id, Note).cluster is None
    again.close()


def test_escape_or_a_drop_on_itself_changes_nothing(board, qtbot) -> None:
    session, view = board
    ws = session.workshop
    a = note(ws, "Call back within a day")
    cards.drag(view, a.id, 0, onto=a.id)
    column, start = cards.card_point(view, a.id)
    QTest.mousePress(column.viewport(), cards.LEFT, cards.NONE, start)
    QTest.mouseMove(column.viewport(), start + start.__class__(30, 60))
    assert view.cards.dragging == [a.id]
    QTest.keyClick(column, Qt.Key.Key_Escape)
    assert view.cards.dragging is None
    QTest.mouseRelease(column.viewport(), cards.LEFT, cards.NONE, start + start.__class__(30, 60))
    assert session.undo_stack.count() == 0 and ws.item(a.id, Note).cluster is None


def test_ctrl_and_shift_clicks_select_several_and_drag_them_together(board) -> None:
    session, view = board
    ws = session.workshop
    a, b, c, d = (note(ws, t) for t in ("Call back within a day", "Stop the monthly report",
                                        "Visit a customer each month", "Ask why they left"))
    cards.click_card(view, a.id)
    cards.click_card(view, c.id, SHIFT)  # a range in the first column
    assert view.cards.selected_ids() == [a.id, b.id, c.id]
    cards.click_card(view, b.id, CTRL)  # Ctrl takes one out again
    cards.click_card(view, d.id, CTRL)  # and adds one from another column
    assert set(view.cards.selected_ids()) == {a.id, c.id, d.id}
    # A plain press on a selected card keeps the selection, so all of it can be dragged.
    target = note(ws, "Name one owner per customer")
    cards.drag(view, c.id, 1, onto=target.id)
    home = ws.item(target.id, Note).cluster
    assert home and {ws.item(i, Note).cluster for i in (a.id, c.id, d.id)} == {home}
    assert ws.item(b.id, Note).cluster is None
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Cluster notes"
    cards.click_card(view, a.id)  # a plain click without a drag selects only that card
    assert view.cards.selected_ids() == [a.id]


def test_a_click_on_a_cards_dot_votes_for_the_chosen_voter(board) -> None:
    session, view = board
    ws = session.workshop
    ann = ws.participants[0]
    a, b = note(ws, "Call back within a day"), note(ws, "Stop the monthly report")
    view.voter.setCurrentIndex(view.voter.findData(ann.id))
    for _ in range(2):
        cards.click_dot(view, a.id)
    cards.click_dot(view, b.id)
    assert ws.item(a.id, Note).votes == {ann.id: 2} and ws.item(b.id, Note).votes == {ann.id: 1}
    assert "(0 left)" in view.voter.currentText()
    cards.click_dot(view, b.id)  # over the budget: refused, and said
    assert ws.item(b.id, Note).votes == {ann.id: 1}
    assert [r.votes for r in cards.rows(view, 0)][:2] == [2, 1]
    # A cluster's dot shows the sum of its notes' votes.
    cards.drag(view, b.id, 0, onto=a.id)
    heading = cards.rows(view, 0)[0]
    assert heading.kind == "cluster" and heading.votes == 3
    again = reopened(session)
    assert again.item(a.id, Note).votes == {ann.id: 2}
    again.close()


def test_arrow_keys_move_between_cards_and_columns(board, qtbot) -> None:
    session, view = board
    ws = session.workshop
    first = note(ws, "Call back within a day")
    cards.click_card(view, first.id)
    column = view.cards.columns[0]
    QTest.keyClick(column, Qt.Key.Key_Down)
    assert column.currentIndex().data(Qt.ItemDataRole.UserRole) == note(ws, "Stop the monthly report").id
    QTest.keyClick(column, Qt.Key.Key_Right)
    right = view.cards.columns[1]
    assert QApplication.focusWidget() is right and view.column == 1
    assert right.currentIndex().isValid() and view.cards.selected_ids() == [right.currentIndex().data(Qt.ItemDataRole.UserRole)]
    QTest.keyClick(right, Qt.Key.Key_Right)  # the next columns are empty: the keyboard stays
    assert QApplication.focusWidget() is right
    chosen = right.currentIndex().data(Qt.ItemDataRole.UserRole)
    QTest.keyClick(right, Qt.Key.Key_V)
    assert ws.item(chosen, Note).votes == {"room": 1}
    QTest.keyClick(right, Qt.Key.Key_Left)
    assert QApplication.focusWidget() is column and view.column == 0
    # The next note goes under the prompt the keyboard is in.
    QTest.keyClicks(view.entry, "Written after the arrows")
    QTest.keyClick(view.entry, Qt.Key.Key_Return)
    assert note(ws, "Written after the arrows").prompt == 0


def test_controls_keep_their_place_as_the_board_fills(board, qtbot) -> None:
    session, view = board
    ws = session.workshop
    watched = [view.entry, view.author, view.prompt_choice, view.voter, *view.findChildren(QPushButton),
               *view.cards.headers, *view.cards.columns]

    def places() -> list:
        return [(w.mapTo(view, w.rect().topLeft()), w.size()) for w in watched]

    before = places()
    long = "A note that goes on and on " * 12
    for n in range(40):
        assert session.do(lambda n=n: ws.add_note("b", f"{long} {n}" if n % 5 == 0 else f"Note {n}", prompt=n % 3))
    view.cards.columns[0].setFocus()
    view.set_column(2)
    cards.click_dot(view, note(ws, "Note 1").id)
    qtbot.waitUntil(lambda: [h.count for h in view.cards.headers][:3] == ["17", "15", "13"])
    assert places() == before


def test_the_newest_card_is_scrolled_into_view(board, qtbot) -> None:
    session, view = board
    for n in range(60):
        QTest.keyClicks(view.entry, f"Idea number {n}")
        QTest.keyClick(view.entry, Qt.Key.Key_Return)
    ws = session.workshop
    newest = note(ws, "Idea number 59")
    column = view.cards.columns[0]
    index = column.card_model.index(column.card_model.index_of[newest.id])
    assert column.viewport().rect().intersects(column.visualRect(index))
    assert column.verticalScrollBar().value() > 0


def test_the_list_stays_as_a_second_mode(board) -> None:
    session, view = board
    ws = session.workshop
    view.as_list.click()
    assert not view.showing_cards and view.modes.currentWidget() is view.tabs
    tree = view.trees[0]
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == cards.texts(view, 0)
    assert session.do(lambda: ws.add_note("b", "Seen in the list", prompt=0))
    assert tree.topLevelItem(tree.topLevelItemCount() - 1).text(0) == "Seen in the list"
    view.as_list.click()
    assert view.showing_cards and "Seen in the list" in cards.texts(view, 0)


# -- voting at the speed of a room ------------------------------------------------------------------
def open_grid(qtbot, view, work) -> None:
    """Press "Count hands…" and run ``work`` on the grid that opens (it records or closes it)."""
    from PySide6.QtCore import QTimer

    from workshop_app.gui.vote_grid import VoteGrid

    seen: list[VoteGrid] = []

    def inside() -> None:
        grid = QApplication.activeModalWidget()
        assert isinstance(grid, VoteGrid)
        seen.append(grid)
        grid.activateWindow()  # offscreen, nothing hands it the keyboard by itself
        qtbot.waitUntil(grid.isActiveWindow)
        try:
            work(grid)
        except AssertionError as failed:  # raised here it would leave the dialog open for ever
            seen.append(failed)
        if grid.isVisible():
            grid.reject()

    QTimer.singleShot(0, inside)
    qtbot.mouseClick(next(b for b in view.findChildren(QPushButton) if b.text() == "Count hands…"), cards.LEFT)
    assert seen
    if len(seen) > 1:
        raise seen[1]


def click_cell(grid, row: int, col: int) -> None:
    table = grid.table
    QTest.mouseClick(table.viewport(), cards.LEFT, cards.NONE, table.visualItemRect(table.item(row, col)).center())


def test_a_show_of_hands_is_counted_in_one_pass_and_is_one_undo_step(board, qtbot) -> None:
    session, view = board
    ws = session.workshop
    ann, bo = ws.participants
    notes = [note(ws, t) for t in ("Call back within a day", "Stop the monthly report", "Visit a customer each month")]

    def count(grid) -> None:
        assert grid.rows_choice.currentText().startswith("Notes: 1.")
        assert [grid.table.verticalHeaderItem(r).text() for r in range(3)] == [n.text for n in notes]
        assert [grid.table.horizontalHeaderItem(c).text() for c in range(3)] == ["Room (count)", "Ann\n3 left",
                                                                                 "Bo\n3 left"]
        click_cell(grid, 0, 1)  # the first note: Ann and Bo raise a hand
        click_cell(grid, 0, 2)
        click_cell(grid, 1, 1)  # the second: Ann twice (a second dot on the same note)
        click_cell(grid, 1, 1)
        grid.table.setCurrentCell(2, 0)
        QTest.keyClick(grid.table, Qt.Key.Key_7)  # the room: seven hands for the third
        grid.table.setCurrentCell(2, 2)
        QTest.keyClick(grid.table, Qt.Key.Key_Space)
        assert grid.table.horizontalHeaderItem(1).text() == "Ann\n0 left"
        qtbot.mouseClick(grid.record, cards.LEFT)

    open_grid(qtbot, view, count)
    assert [ws.item(n.id, Note).votes for n in notes] == [{ann.id: 1, bo.id: 1}, {ann.id: 2}, {"room": 7, bo.id: 1}]
    assert session.undo_stack.count() == 1 and session.undo_stack.undoText() == "Count hands"
    assert [r.votes for r in cards.rows(view, 0)] == [2, 2, 8]  # on the cards at once
    session.undo()
    assert all(not ws.item(n.id, Note).votes for n in notes)
    session.redo()
    again = reopened(session)
    assert again.item(notes[2].id, Note).votes == {"room": 7, bo.id: 1}
    again.close()


def test_the_grid_will_not_record_over_the_budget_and_says_who(board, qtbot) -> None:
    session, view = board
    ws = session.workshop
    first = note(ws, "Call back within a day")
    assert session.do(lambda: ws.vote(note(ws, "Ask why they left").id, ws.participants[0].id))

    def count(grid) -> None:
        grid.table.setCurrentCell(0, 1)
        QTest.keyClick(grid.table, Qt.Key.Key_3)  # 3 here and 1 elsewhere: over a budget of 3
        assert not grid.record.isEnabled() and grid.table.horizontalHeaderItem(1).text() == "Ann\n1 over"
        assert "Over the budget of 3 votes each: Ann" in grid.message.text()
        QTest.keyClick(grid.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert grid.isVisible()  # Ctrl+Enter records nothing either
        QTest.keyClick(grid.table, Qt.Key.Key_2)
        assert grid.record.isEnabled() and grid.table.horizontalHeaderItem(1).text() == "Ann\n0 left"
        QTest.keyClick(grid.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert not grid.isVisible()

    open_grid(qtbot, view, count)
    assert ws.item(first.id, Note).votes == {ws.participants[0].id: 2}


def test_the_grid_counts_hands_for_clusters(board, qtbot) -> None:
    session, view = board
    ws = session.workshop
    a, b = note(ws, "Call back within a day"), note(ws, "Stop the monthly report")
    assert session.do(lambda: ws.cluster_notes("b", "Be reachable", [a.id, b.id], 0))
    assert session.do(lambda: ws.vote(a.id, "room", 2))

    def count(grid) -> None:
        assert grid.rows_choice.currentText() == "Clusters"
        assert grid.table.rowCount() == 1 and grid.table.verticalHeaderItem(0).text() == "Be reachable (cluster)"
        grid.table.setCurrentCell(0, 0)
        QTest.keyClick(grid.table, Qt.Key.Key_4)
        qtbot.mouseClick(grid.record, cards.LEFT)

    open_grid(qtbot, view, count)
    heading = cards.rows(view, 0)[0]
    assert heading.kind == "cluster" and heading.votes == 6  # its own 4 and its notes' 2


def test_the_vote_budget_is_set_for_the_step_and_undone(board, qtbot) -> None:
    session, view = board
    ws = session.workshop
    view.budget.setFocus()
    view.budget.selectAll()
    QTest.keyClicks(view.budget, "5")
    QTest.keyClick(view.budget, Qt.Key.Key_Return)
    assert ws.step("b").budget == 5 and "(5 left)" in view.voter.itemText(1)
    assert session.undo_stack.undoText() == "Change vote budget"
    session.undo()
    assert ws.step("b").budget == 3 and view.budget.value() == 3
    session.redo()
    again = reopened(session)
    assert again.step("b").vote_budget == 5
    again.close()


def test_votes_stay_off_the_shared_screen_until_revealed(board, qtbot) -> None:
    from workshop_app.gui.shared_screen import SharedScreen

    session, view = board
    ws = session.workshop
    shared = SharedScreen(session)
    qtbot.addWidget(shared)
    shared.resize(1280, 720)
    a, b = note(ws, "Call back within a day"), note(ws, "Stop the monthly report")
    assert session.do(lambda: ws.cluster_notes("b", "Be reachable", [a.id, b.id], 0))
    assert not view.votes_shown.isChecked()  # dot voting: hidden by default
    cards.click_dot(view, a.id)
    cards.click_dot(view, b.id)
    cards.click_dot(view, b.id)
    texts = shared.visible_texts()
    assert "Votes hidden until revealed" in texts and not any("votes" in t and t[0].isdigit() for t in texts)
    assert cards.rows(view, 0)[0].votes == 3  # the console sees them all along, the cluster's sum too
    qtbot.mouseClick(view.votes_shown, cards.LEFT)
    assert ws.step("b").votes_shown
    texts = shared.visible_texts()
    assert "3 votes" in texts and "2 votes" in texts and "Votes hidden until revealed" not in texts
    session.undo()
    assert not view.votes_shown.isChecked() and "3 votes" not in shared.visible_texts()
    session.redo()
    shared.close()
    again = reopened(session)
    assert again.step("b").votes_shown
    again.close()


def test_enter_edits_the_card_with_the_keyboard_and_the_help_lists_the_cards_keys(board, monkeypatch) -> None:
    from workshop_app.gui.help_window import declared_keys, help_rows

    session, view = board
    ws = session.workshop
    first = note(ws, "Call back within a day")
    asked: list[str] = []

    def answer(_parent, _title, _label, text):
        asked.append(text)
        return "Call back within the hour", True

    monkeypatch.setattr("PySide6.QtWidgets.QInputDialog.getMultiLineText", answer)
    cards.click_card(view, first.id)
    QTest.keyClick(view.cards.columns[0], Qt.Key.Key_Return)
    assert asked == ["Call back within a day"] and ws.item(first.id, Note).text == "Call back within the hour"
    assert cards.texts(view, 0)[0] == "Call back within the hour"
    board_rows = help_rows(declared_keys())["Board"]
    assert ("The card beside, in the prompt to the right", "Right", "") in [(w, k, "") for w, k, _m in board_rows]
    assert any(w == "Edit the card that has the keyboard" for w, _k, _m in board_rows)


def test_phones_notes_in_a_burst_reach_one_column_per_turn_and_every_column_in_the_end(board) -> None:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication

    session, view = board
    ws = session.workshop
    texts = [f"Phone note for prompt {p + 1}" for p in range(4)]
    with session.deferred():  # as the phones' dispatcher runs them
        for p, text in enumerate(texts):
            ws.add_note("b", text, prompt=p)
    session.flush_soon()
    shown = lambda: [any(t in cards.texts(view, p) for t in texts) for p in range(4)]  # noqa: E731
    for _ in range(1000):  # turn by turn: never more than one column in one turn
        before = sum(shown())
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)
        assert sum(shown()) - before <= 1
        if all(shown()):
            break
    assert all(shown())
    assert [h.count for h in view.cards.headers[:4]] == ["4", "3", "1", "1"]  # the counts above them too
