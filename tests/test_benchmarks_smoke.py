"""The benchmarks keep working: each runs once on a small workshop. No timings are asserted here.

Also checked: the shortcuts the performance work took give the same answers as the slow way (the
core's per-step item index against a scan of every item, the board's in-place row updates against a
rebuild of its tree).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from benchmarks import add_note, join_burst, join_gui, memory, open_workshop, pdf_export, portfolio, saving, startup
from benchmarks.common import Result, percentile, table
from benchmarks.workload import SMALL, big_board_step, create_large_workshop, large_doc
from workshop_app.core.workshop import Workshop


def _figures(results: list[Result]) -> None:
    assert results
    for r in results:
        assert r.figure is None or r.figure >= 0, r
        assert r.verdict in ("PASS", "FAIL", "info", "SKIP"), r
    assert all(r.name in table(results) for r in results)


def test_workload_builds_every_exercise_type(library) -> None:
    doc = large_doc(SMALL, library)
    kinds = {i.kind for i in doc.items}
    assert {"note", "cluster", "answer", "spectrum", "entry", "node", "link", "marker", "commitment"} <= kinds
    assert len(doc.participants) == SMALL.participants
    assert len(doc.actions) == SMALL.actions
    assert doc.steps[doc.current_step].exercise.id == "provocative-questions"


def test_percentile_and_table() -> None:
    assert percentile(list(range(1, 101)), 95) == 95
    assert percentile([3.0], 99) == 3.0
    r = Result("x", 12.0, "ms", 4.0, "bare", "< 50 ms", True)
    assert r.ratio == 3.0 and "3.00×" in table([r]) and "PASS" in table([r])
    assert Result("y", None, "ms").verdict == "SKIP"


def test_startup_benchmark_runs() -> None:
    results = startup.run(runs=1)
    _figures(results)
    assert results[0].figure and results[0].baseline


def test_open_workshop_benchmark_runs() -> None:
    _figures(open_workshop.run(SMALL, runs=1))


def test_add_note_benchmark_runs(qapp) -> None:
    results = add_note.run(SMALL, adds=2, frames=3, drops=2)
    _figures(results)
    assert results[0].figure is not None


def test_saving_benchmark_runs() -> None:
    _figures(saving.run(SMALL, count=8))


def test_pdf_export_benchmark_runs(qapp) -> None:
    _figures(pdf_export.run(SMALL, runs=1))


def test_memory_benchmark_runs() -> None:
    results = memory.run(SMALL)
    _figures(results)
    assert results[0].figure and results[0].figure > 10


# -- the shortcuts give the same answers as the slow way ------------------------------------------------
def test_step_index_matches_a_scan(tmp_path: Path, library) -> None:
    ws = Workshop.open(create_large_workshop(tmp_path / "w.workshop", SMALL, library))
    rng = random.Random(3)
    step = big_board_step(ws)
    ws.update_step(step.id, vote_budget=20)
    done = []
    for n in range(120):
        notes = ws.items(step.id, "note")
        op = rng.choice(("add", "vote", "edit", "delete", "undo", "cluster"))
        if op == "add":
            done.append(ws.add_note(step.id, f"note {n}", rng.randrange(3)))
        elif op == "vote":
            done.append(ws.vote(rng.choice(notes).id, "room"))
        elif op == "edit":
            done.append(ws.update_item(rng.choice(notes).id, text=f"edited {n}"))
        elif op == "delete":
            done.append(ws.delete_items([rng.choice(notes).id]))
        elif op == "cluster":
            cluster = next(iter(ws.items(step.id, "cluster")), None)
            if cluster:
                done.append(ws.delete_items([cluster.id]))
        elif done:
            ws.undo(done.pop())
        for s in ws.steps:
            scan = sorted((i for i in ws.doc.items if i.step == s.id), key=lambda i: (i.order, i.created))
            assert ws.items(s.id) == scan
        assert ws.votes_used(step.id, "room") == sum(i.votes.get("room", 0) for i in ws.doc.items if i.step == step.id)
    ws.close()
    again = Workshop.open(tmp_path / "w.workshop")
    assert [i.id for i in again.items(step.id)] == [i.id for i in ws.items(step.id)]
    again.close()


def _board_snapshot(board) -> tuple:
    from workshop_app.gui.views.board_cards import ID_ROLE, ROW_ROLE
    from workshop_app.gui.views.board_view import ROLE_ID

    voters = [(board.voter.itemText(i), board.voter.itemData(i)) for i in range(board.voter.count())]
    if board.showing_cards:
        columns = []
        for column in board.cards.columns:
            model = column.model()
            shown = [(model.index(k).data(ID_ROLE), model.index(k).data(ROW_ROLE)) for k in range(model.rowCount())]
            assert column.card_model.index_of == {r.id: k for k, (_i, r) in enumerate(shown)}
            columns.append((shown, column.selected_ids()))
        return columns, [h.count for h in board.cards.headers], voters
    tree = board.trees[board.column]
    rows = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for depth, row in [(0, top)] + [(1, top.child(j)) for j in range(top.childCount())]:
            rows.append((depth, row.text(0), row.text(1), row.text(2), row.data(0, ROLE_ID), row.toolTip(0),
                         row.data(0, Qt.ItemDataRole.ForegroundRole) is not None, row.isSelected(),
                         row.isExpanded()))
    tabs = [board.tabs.tabText(i) for i in range(board.tabs.count())]
    return rows, tabs, voters


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("mode", ["cards", "list"])
def test_board_updates_in_place_match_a_rebuild(qtbot, tmp_path: Path, library, seed: int, mode: str) -> None:
    from tests import board_cards as cards
    from workshop_app.gui.main_window import MainWindow

    path = create_large_workshop(tmp_path / "b.workshop", SMALL, library)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_path(path)
    board = window.console.current_view()
    if mode == "list":
        board.as_list.click()
    ws = board.session.workshop
    rng = random.Random(seed)
    for n in range(80):
        col = board.column
        here = [x for x in ws.items(board.step_id, "note") if x.prompt == col]
        clusters = [x for x in ws.items(board.step_id, "cluster") if x.prompt == col]
        op = rng.choice(("add", "add", "other", "vote", "edit", "hide", "delete", "undo", "redo", "drop",
                         "drop-on-cluster", "move", "tab", "sort", "select", "away"))
        if op == "add":
            board.entry.setText(f"note {n}")
            board.author.setCurrentIndex(rng.randrange(board.author.count()))
            board.add_note_from_entry()
        elif op == "other":
            other = (col + 1) % len(board.prompts)
            board.session.do(lambda t=f"other {n}", c=other: ws.add_note(board.step_id, t, c))
        elif op == "vote" and here:
            board.session.do(lambda x=rng.choice(here), d=rng.choice((1, -1)): ws.vote(x.id, "room", d))
        elif op == "edit" and here:
            board.session.do(lambda x=rng.choice(here): ws.update_item(x.id, "Edit", text=x.text + " more"))
        elif op == "hide" and here:
            board.session.do(lambda x=rng.choice(here): ws.update_items([(x.id, {"hidden": not x.hidden})], "Hide"))
        elif op == "delete" and here:
            board.session.do(lambda x=rng.choice(here): ws.delete_items([x.id]))
        elif op == "undo":
            board.session.undo()
        elif op == "redo":
            board.session.redo()
        elif op == "drop" and len(here) > 1:
            a, b = rng.sample(here, 2)
            board.drop_notes([a.id], b.id)
        elif op == "drop-on-cluster" and here and clusters:
            board.drop_notes([rng.choice(here).id], rng.choice(clusters).id)
        elif op == "move" and here:
            board.move_to_prompt([rng.choice(here).id], rng.randrange(len(board.prompts)))
        elif op == "tab" and mode == "list":
            board.tabs.setCurrentIndex(rng.randrange(len(board.prompts)))
        elif op == "tab":
            board.prompt_choice.setCurrentIndex(rng.randrange(len(board.prompts)))
        elif op == "sort" and rng.random() < 0.3:
            board.sort_by_votes.toggle()
        elif op == "select" and mode == "cards" and cards.rows(board, col):
            cards.click_card(board, rng.choice(cards.rows(board, col)).id,
                             rng.choice((Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ControlModifier)))
        elif op == "select" and mode == "list" and board.trees[col].topLevelItemCount():
            tree = board.trees[col]
            tree.setCurrentItem(tree.topLevelItem(rng.randrange(tree.topLevelItemCount())))
        elif op == "away":  # changes made while another step is on screen show when the board is back
            index = ws.current_index
            window.session.go_to(index + 1)
            board.session.do(lambda t=f"while away {n}", c=col: ws.add_note(board.step_id, t, c))
            window.session.go_to(index)
            assert window.console.current_view() is board
        shown = _board_snapshot(board)
        board.refresh()
        board._fill_voters()
        assert shown == _board_snapshot(board), f"after {op} (step {n})"
    window.close()


def test_join_burst_benchmark_runs() -> None:
    results = join_burst.run(SMALL, phones=4, rounds=1, adds=2)
    _figures(results)
    assert results[1].figure is not None and results[1].baseline is not None


def test_join_gui_benchmark_runs(qapp) -> None:
    results = join_gui.run(SMALL, phones=4, rounds=1, follow=True, adds=3)
    _figures(results)
    assert all(r.figure is not None for r in results)


def test_portfolio_benchmark_runs() -> None:
    results = portfolio.run(runs=1, files=3)
    _figures(results)
    assert results[0].baseline is not None and "3 demo-size workshops" in results[0].name
