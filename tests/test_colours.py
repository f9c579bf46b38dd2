"""Colours: 24 participant colours, distinct and colour-blind-safe next to each other, and the same
participant and poll-answer colours on the console and on the shared screen."""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor

from tests import board_cards as cards
from tests.colour_vision import contrast, difference, worst_difference
from workshop_app.core.workshop import Workshop
from workshop_app.gui.session import Session
from workshop_app.gui.shared_paint import Box
from workshop_app.gui.shared_screen import SharedScreen
from workshop_app.gui.views import view_class
from workshop_app.model.answers import Note
from workshop_app.model.colours import answer_colours
from workshop_app.model.document import PALETTE

INK = "#101828"


def test_twenty_four_participant_colours_readable_distinct_and_safe_as_neighbours() -> None:
    assert len(PALETTE) >= 24 and len({c.upper() for c in PALETTE}) == len(PALETTE)
    assert min(contrast(c, INK) for c in PALETTE) >= 7.0  # black text on every card reads
    assert min(difference(a, b) for a, b in itertools.combinations(PALETTE, 2)) >= 10
    neighbours = list(zip(PALETTE, PALETTE[1:] + PALETTE[:1], strict=True))
    worst = min(worst_difference(a, b) for a, b in neighbours)
    assert worst >= 15, f"two neighbours look alike to someone colour-blind ({worst:.1f})"


def test_answer_colours_keep_neighbouring_options_apart_for_everyone() -> None:
    for count in range(2, 10):
        colours = answer_colours(count)
        assert len(colours) == len(set(colours)) == count
        worst = min(worst_difference(a, b) for a, b in zip(colours, colours[1:], strict=False))
        assert worst >= (10 if count <= 7 else 8), (count, worst)
    assert answer_colours(12)[9:] == answer_colours(12)[:3]  # beyond nine options they repeat


def test_a_room_of_twenty_four_gets_twenty_four_colours(tmp_path: Path, demo_path: Path) -> None:
    ws = Workshop.open(demo_path)
    while len(ws.participants) < 24:
        ws.add_participant(f"Person {len(ws.participants) + 1}")
    assert len({p.colour for p in ws.participants[:24]}) == 24
    ws.close()


def shared_fills(shared: SharedScreen) -> list[str]:
    return [s.fill.upper() for s in shared.scene.shapes if isinstance(s, Box) and s.fill]


def test_the_same_colours_on_the_console_and_the_shared_screen(qtbot, demo_path: Path) -> None:
    session = Session(Workshop.open(demo_path))
    ws = session.workshop
    shared = SharedScreen(session)
    qtbot.addWidget(shared)
    shared.resize(1280, 720)

    # A participant's note: the swatch beside it on the console, the card on the shared screen.
    board_index = next(n for n, s in enumerate(ws.steps) if s.exercise and s.exercise.id == "rumour-mill")
    session.go_to(board_index)
    step = ws.steps[board_index]
    board = view_class("board")(session, step.id)
    qtbot.addWidget(board)
    board.show()
    person = ws.participants[5]
    assert session.do(lambda: ws.add_note(step.id, "Our colours match", 0, person.id))
    note_id = next(n.id for n in ws.items(step.id, Note) if n.text == "Our colours match")
    column, index = cards.find(board, note_id)
    assert ws.item(index.data(Qt.ItemDataRole.UserRole), Note).author == person.id
    card = column.delegate.card_rect(column.visualRect(index), index.data(Qt.ItemDataRole.UserRole + 1))
    painted = column.viewport().grab().toImage().pixelColor(card.left() + 4, card.center().y())
    assert painted.name().upper() == QColor(person.colour).name().upper()
    board.as_list.click()  # the list shows it as a swatch beside the note
    swatch = board._rows[note_id].icon(0).pixmap(QSize(12, 12)).toImage().pixelColor(6, 6)
    assert swatch.name().upper() == QColor(person.colour).name().upper()
    assert person.colour.upper() in shared_fills(shared)

    # A poll: each option's colour in the console's chart and on the shared screen.
    poll_index = next(n for n, s in enumerate(ws.steps) if s.type == "poll")
    session.go_to(poll_index)
    poll_step = ws.steps[poll_index]
    assert poll_step.exercise and poll_step.exercise.poll
    options = list(poll_step.exercise.poll.scale)
    poll = view_class("poll")(session, poll_step.id)
    qtbot.addWidget(poll)
    console = [bars.opts["brush"] for bars in poll.chart.plot.listDataItems()]
    console = [QColor(b).name().upper() if isinstance(b, str) else b.color().name().upper() for b in console]
    expected = [c.upper() for c in answer_colours(len(options))]
    assert console == expected
    on_screen = shared_fills(shared)
    assert all(colour in on_screen for colour in expected)  # the legend's swatches, and the bars
    shared.close()
    session.close()
