"""The shared screen's shortcuts for a big board show exactly what laying out and painting it all would.

Three shortcuts keep a board of a thousand notes quick: card layouts are remembered per card, width and
size; a section builds cards only for as many notes as it could ever show and counts the rest; and a
change is painted only where the picture changed. None of them may show stale or different content:
these tests edit, vote and add on a real shared screen and compare it with a fresh layout and painting.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap

from workshop_app.core.setup import PlannedStep, new_workshop_doc
from workshop_app.core.workshop import Workshop
from workshop_app.gui.session import Session
from workshop_app.gui.shared_cards import layout_sections, most_cards
from workshop_app.gui.shared_paint import Scene, Sizes, paint_scene, repaint_changes
from workshop_app.gui.shared_render import render_step
from workshop_app.gui.shared_screen import SharedScreen
from workshop_app.gui.shared_sections import board_sections
from workshop_app.model.document import WorkshopInfo
from workshop_app.storage.settings import SettingsFile

PEOPLE = [("Anna Kowalska", "Sales"), ("Ben Okafor", "Service"), ("Chloé Martin", "Finance")]


@pytest.fixture
def screen(qtbot, tmp_path: Path, library) -> SharedScreen:
    plan = [PlannedStep(library.exercises["provocative-questions"], 20)]
    doc = new_workshop_doc(WorkshopInfo(title="Quick"), PEOPLE, plan)
    session = Session(Workshop.create(tmp_path / "quick.workshop", doc))
    shared = SharedScreen(session, settings=SettingsFile(tmp_path / "settings.json"))
    qtbot.addWidget(shared)
    shared.resize(1280, 720)
    shared.show()
    qtbot.waitExposed(shared)
    yield shared
    session.close()


def _add(shared: SharedScreen, text: str, column: int = 0, author: int | None = 0) -> str:
    ws = shared.session.workshop
    step = ws.steps[0].id
    who = ws.participants[author].id if author is not None else None
    assert shared.session.do(lambda: ws.add_note(step, text, column, who))
    return ws.items(step, "note")[-1].id


def _full_painting(shared: SharedScreen) -> QImage:
    """The current scene painted from nothing, as the first picture of the window is."""
    scene = shared.scene
    dpr = shared.devicePixelRatioF()
    pixmap = QPixmap(QSize(round(shared.width() * dpr), round(shared.height() * dpr)))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(QColor(shared.theme.background))
    painter = QPainter(pixmap)
    paint_scene(painter, scene)
    painter.end()
    return pixmap.toImage()


def _painted(shared: SharedScreen, qtbot) -> QImage:
    """The picture the window painted last, once it has painted the scene as it is now."""
    shared.repaint()
    qtbot.waitUntil(lambda: shared._shown is not None and shared._shown.scene is shared.scene)
    assert shared._shown is not None
    return shared._shown.pixmap.toImage()


def test_editing_and_voting_change_what_the_room_reads(screen: SharedScreen, qtbot) -> None:
    ws = screen.session.workshop
    first = _add(screen, "Ask customers what they would stop paying for")
    _add(screen, "Nobody owns the renewal call", author=1)
    assert "Ask customers what they would stop paying for" in screen.visible_texts()
    # The same card laid out again from memory, then its text edited: the new words, never the old ones.
    assert screen.session.do(lambda: ws.update_item(first, text="Ask customers what they would pay double for"))
    texts = screen.visible_texts()
    assert "Ask customers what they would pay double for" in texts
    assert "Ask customers what they would stop paying for" not in texts
    assert screen.session.do(lambda: ws.update_step(ws.steps[0].id, "Reveal votes", votes_shown=True))
    assert not any("vote" in t for t in screen.visible_texts())
    assert screen.session.do(lambda: ws.vote(first, ws.participants[2].id))
    assert "1 vote" in screen.visible_texts()
    assert screen.session.do(lambda: ws.vote(first, ws.participants[1].id))
    texts = screen.visible_texts()
    assert "2 votes" in texts and "1 vote" not in texts
    assert screen.session.do(lambda: ws.update_participant(ws.participants[0].id, name="Anna Nowak"))
    texts = screen.visible_texts()
    assert "Anna Nowak" in texts and "Anna Kowalska" not in texts


def _check_change(screen: SharedScreen, qtbot, change) -> None:
    """Make ``change``; the part painted over the last picture is pixel for pixel the whole painted anew."""
    before = _painted(screen, qtbot)
    shown = screen._shown
    assert shown is not None
    change()
    scene = screen.scene
    made = repaint_changes(shown.pixmap, shown.scene, scene, scene.background)
    assert made is not None  # a small change: painted in part
    pixmap, region = made
    assert pixmap.toImage() == _full_painting(screen) != before
    assert not region.isEmpty() and region.boundingRect().height() < screen.height()
    assert _painted(screen, qtbot) == _full_painting(screen)


def test_a_change_painted_in_part_is_the_same_picture_as_painted_whole(screen: SharedScreen, qtbot) -> None:
    ws = screen.session.workshop
    step = ws.steps[0].id
    ids = [_add(screen, f"Note {k}: what would a customer say about this step", column=k % 3, author=k % 3)
           for k in range(12)]
    assert _painted(screen, qtbot) == _full_painting(screen)
    _check_change(screen, qtbot, lambda: screen.session.do(lambda: ws.update_item(ids[4], text="A shorter note")))
    # A full board, at its smallest size: a note added at the end changes a count, painted in part.
    with ws.unit("Many notes"):
        for k in range(300):
            ws.add_note(step, f"Idea {k} about the customer", k % 3, ws.participants[k % 3].id)
    assert _painted(screen, qtbot) == _full_painting(screen) and screen.scene.more > 0
    _check_change(screen, qtbot, lambda: screen.session.do(lambda: ws.update_item(ids[1], text="Edited")))
    assert screen.session.do(lambda: ws.update_step(step, "Reveal votes", votes_shown=True))
    _check_change(screen, qtbot, lambda: screen.session.do(lambda: ws.vote(ids[5], ws.participants[0].id)))
    _check_change(screen, qtbot, lambda: _add(screen, "One more note at the end", column=2))
    screen.toggle_theme()  # every pixel changes: painted whole
    assert _painted(screen, qtbot) == _full_painting(screen)


def test_a_full_board_builds_few_cards_and_shows_what_all_of_them_would(screen: SharedScreen, qtbot) -> None:
    ws = screen.session.workshop
    step = ws.steps[0]
    with ws.unit("Many notes"):
        for k in range(600):
            ws.add_note(step.id, f"Idea {k} about the customer", k % 2, ws.participants[k % 3].id)
    step = ws.steps[0]
    rect = QRectF(0, 0, 1280, 620)
    sizes = Sizes.for_rect(QRectF(0, 0, 1280, 720))
    few = board_sections(ws, step, screen.theme, keep=lambda n: 20)
    every = board_sections(ws, step, screen.theme)
    assert [s.card_count for s in few] == [s.card_count for s in every]
    assert len(few[0].entries) == 40 and few[0].left_out == 260
    # With the bound the screen itself uses, the picture is the one every card laid out would give.
    bounded = board_sections(ws, step, screen.theme, keep=lambda n: most_cards(rect, sizes, n))
    assert len(bounded[0].entries) < 300
    shown, whole = Scene(), Scene()
    layout_sections(bounded, rect, screen.theme, sizes, shown)
    layout_sections(every, rect, screen.theme, sizes, whole)
    assert shown.texts == whole.texts and shown.more == whole.more and shown.more > 0
    assert shown.shapes == whole.shapes
    # And the window says how many more there are.
    scene = render_step(ws, QRectF(0, 0, 1280, 720), screen.theme)
    assert any(t.startswith("+") and "more notes" in t for t in scene.texts)
