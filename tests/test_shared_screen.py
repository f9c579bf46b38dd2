"""The shared screen as the room sees it, driven from a facilitator window the way a facilitator does.

Two windows on one Session: a plain host window carrying the presentation actions (as the console
does), and the SharedScreen. Changes are made through the core and the keys, and checked on what the
shared screen shows (``visible_texts``, its scene, and its picture) and in the workshop file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit, QMainWindow, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from workshop_app.core.setup import PlannedStep, new_workshop_doc
from workshop_app.core.workshop import Workshop
from workshop_app.gui.actions import build_action, shortcut_rows
from workshop_app.gui.presentation import presentation_actions, sync_actions
from workshop_app.gui.session import Session
from workshop_app.gui.shared_paint import Box, Sizes
from workshop_app.gui.shared_screen import SharedScreen
from workshop_app.model.document import WorkshopInfo
from workshop_app.storage.settings import SettingsFile

REPO = Path(__file__).resolve().parents[1]
PEOPLE = [("Anna Kowalska", "Sales"), ("Ben Okafor", "Service"), ("Chloé Martin", "Finance")]
EXERCISES = ["provocative-questions", "warning-signs", "where-are-we", "kpi-review", "silo-breaking-map",
             "three-resolutions"]
BOARD, POLL, RATING, SPECTRUM, MAP, COMMITMENTS, BREAK = range(7)


class Room:
    """The two windows of a workshop in progress."""

    def __init__(self, session: Session, host: QMainWindow, field: QLineEdit, shared: SharedScreen) -> None:
        self.session = session
        self.ws = session.workshop
        self.host = host
        self.field = field
        self.shared = shared

    def step_id(self, index: int) -> str:
        return self.ws.steps[index].id

    def note(self, text: str, column: int = 0, author: int | None = None, index: int = BOARD) -> str:
        who = self.ws.participants[author].id if author is not None else None
        assert self.session.do(lambda: self.ws.add_note(self.step_id(index), text, column, who))
        return self.ws.items(self.step_id(index), "note")[-1].id

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(self.host, key, modifier)


@pytest.fixture
def room(qtbot, tmp_path: Path, library) -> Room:
    plan = [PlannedStep(library.exercises[e], library.exercises[e].minutes) for e in EXERCISES]
    plan.append(PlannedStep(None, 15, "Coffee break"))
    doc = new_workshop_doc(WorkshopInfo(title="Room test"), PEOPLE, plan)
    ws = Workshop.create(tmp_path / "room.workshop", doc)
    session = Session(ws)
    host = QMainWindow()
    central = QWidget()
    field = QLineEdit()
    QVBoxLayout(central).addWidget(field)
    host.setCentralWidget(central)
    shared = SharedScreen(session, settings=SettingsFile(tmp_path / "settings.json"))
    specs = presentation_actions(session, lambda: shared, host)
    sync_actions(session, specs, [build_action(spec, host) for spec in specs])
    qtbot.addWidget(host)
    qtbot.addWidget(shared)
    shared.resize(1280, 720)
    shared.show()
    host.show()
    host.activateWindow()
    qtbot.waitExposed(host)
    host.setFocus()
    yield Room(session, host, field, shared)
    session.close()


def picture(shared: SharedScreen) -> QImage:
    return shared.grab().toImage()


# -- the facilitator acts, the room sees -------------------------------------------------------------


def test_a_note_added_on_the_laptop_appears_on_the_shared_screen(room: Room) -> None:
    before = picture(room.shared)
    assert "Customers never read our monthly report" not in room.shared.visible_texts()
    room.note("Customers never read our monthly report", author=0)
    texts = room.shared.visible_texts()
    assert "Customers never read our monthly report" in texts
    assert "Anna Kowalska" in texts
    assert picture(room.shared) != before


def test_votes_show_as_counts_and_order_the_notes(room: Room) -> None:
    first = room.note("First idea")
    second = room.note("Second idea")
    texts = room.shared.visible_texts()
    assert texts.index("First idea") < texts.index("Second idea")
    assert not any("vote" in t for t in texts)
    room.session.do(lambda: room.ws.vote(second, room.ws.participants[0].id))
    room.session.do(lambda: room.ws.vote(second, room.ws.participants[1].id))
    texts = room.shared.visible_texts()  # dot voting: hidden until revealed, so the first dots steer nobody
    assert texts.index("First idea") < texts.index("Second idea")
    assert "2 votes" not in texts and "Votes hidden until revealed" in texts
    room.session.do(lambda: room.ws.update_step(room.step_id(BOARD), "Reveal votes", votes_shown=True))
    texts = room.shared.visible_texts()
    assert texts.index("Second idea") < texts.index("First idea")  # most votes first once revealed
    assert "2 votes" in texts and "Votes hidden until revealed" not in texts
    assert first


def test_clusters_show_their_name_and_total_votes(room: Room) -> None:
    a, b = room.note("Cheaper onboarding"), room.note("Group calls")
    sid = room.step_id(BOARD)
    room.session.do(lambda: room.ws.add_item(sid, "cluster", text="Quick wins", prompt=0))
    cluster = room.ws.items(sid, "cluster")[0].id
    room.session.do(lambda: room.ws.update_items([(a, {"cluster": cluster}), (b, {"cluster": cluster})], "Group"))
    room.session.do(lambda: room.ws.vote(a, "room", 3))
    room.session.do(lambda: room.ws.update_step(sid, "Reveal votes", votes_shown=True))
    texts = room.shared.visible_texts()
    assert "Quick wins" in texts and "3 votes" in texts
    assert texts.index("Quick wins") < texts.index("Cheaper onboarding")


def test_hidden_answers_show_a_count_until_revealed_with_r(room: Room) -> None:
    room.note("A secret idea")
    room.note("Another one", column=1)
    room.session.do(lambda: room.ws.update_step(room.step_id(BOARD), answers_hidden=True))
    texts = room.shared.visible_texts()
    assert "A secret idea" not in texts
    assert "1 note in, hidden until revealed" in texts
    room.key(Qt.Key.Key_R)
    assert not room.ws.current_step.answers_hidden
    assert "A secret idea" in room.shared.visible_texts()


def test_hidden_notes_never_reach_the_room(room: Room) -> None:
    note = room.note("Not for the room")
    room.session.do(lambda: room.ws.update_item(note, hidden=True))
    assert "Not for the room" not in room.shared.visible_texts()
    room.session.do(lambda: room.ws.update_item(note, hidden=False, text="Edited by the facilitator"))
    assert "Edited by the facilitator" in room.shared.visible_texts()


def test_clicker_keys_move_through_the_agenda_and_blank(room: Room) -> None:
    title = room.ws.steps[BOARD].title
    assert title in room.shared.visible_texts()
    room.key(Qt.Key.Key_PageDown)
    assert room.ws.current_index == POLL
    assert room.ws.steps[POLL].title in room.shared.visible_texts()
    room.key(Qt.Key.Key_Right)
    assert room.ws.current_index == RATING
    room.key(Qt.Key.Key_PageUp)
    room.key(Qt.Key.Key_Left)
    assert room.ws.current_index == BOARD

    room.key(Qt.Key.Key_B)
    assert room.session.blanked and room.shared.visible_texts() == []
    image = picture(room.shared)
    assert {image.pixelColor(x, y).name() for x in (5, 640, 1270) for y in (5, 360, 710)} == {"#000000"}
    room.key(Qt.Key.Key_Period)
    assert not room.session.blanked and title in room.shared.visible_texts()
    # The timer restarts from each step's timebox as the room moves.
    room.key(Qt.Key.Key_PageDown)
    assert room.session.timer.seconds_left() == room.ws.steps[POLL].minutes * 60


def test_keys_typed_in_a_text_field_stay_in_the_field(room: Room) -> None:
    room.field.setFocus()
    room.field.setText("abc")
    room.field.setCursorPosition(3)
    QTest.keyClick(room.field, Qt.Key.Key_Left)
    QTest.keyClicks(room.field, "b.")
    assert room.ws.current_index == BOARD
    assert not room.session.blanked
    assert room.field.text() == "abb.c"
    QTest.keyClick(room.field, Qt.Key.Key_PageDown)  # not a text key: the clicker still works
    assert room.ws.current_index == POLL


def test_freeze_holds_the_picture_until_unfrozen(room: Room) -> None:
    room.key(Qt.Key.Key_F)
    assert room.session.frozen
    frozen = picture(room.shared)
    room.note("Added while tidying")
    assert "Added while tidying" not in room.shared.visible_texts()
    assert picture(room.shared) == frozen
    room.key(Qt.Key.Key_F)
    assert "Added while tidying" in room.shared.visible_texts()


def test_lock_timer_and_theme_keys(room: Room) -> None:
    room.key(Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)  # plain L links departments on a map
    assert room.ws.current_step.locked
    assert "Locked: add only" in room.shared.visible_texts()
    room.key(Qt.Key.Key_T)
    assert room.session.timer.running
    room.key(Qt.Key.Key_F6)
    assert not room.session.timer.running
    left = room.session.timer.seconds_left()
    room.key(Qt.Key.Key_Plus)
    assert room.session.timer.seconds_left() == left + 60
    assert "41:00" in room.shared.visible_texts()
    room.key(Qt.Key.Key_T, Qt.KeyboardModifier.ShiftModifier)
    assert room.session.timer.seconds_left() == room.ws.current_step.minutes * 60
    dark = picture(room.shared).pixelColor(3, 700)
    room.key(Qt.Key.Key_D)
    assert room.shared.theme.name == "light"
    assert picture(room.shared).pixelColor(3, 700) != dark


def test_every_control_has_a_shortcut_for_the_help_screen(room: Room) -> None:
    specs = presentation_actions(room.session, lambda: room.shared, room.host)
    rows = shortcut_rows(specs)
    assert len(rows) == len(specs)
    keys = " ".join(k for _c, _t, k, _h in rows)
    for key in ("PgDown", "PgUp", "B", ".", "F5", "E", "L", "R", "T", "F"):
        assert key in keys


# -- the room adds notes with a keyboard only ---------------------------------------------------------


def test_entry_mode_posts_notes_typed_on_the_shared_screen(qtbot, room: Room, tmp_path: Path) -> None:
    room.key(Qt.Key.Key_E)
    assert room.session.entry_mode and room.shared.entry.isVisible()
    entry = room.shared.entry
    QTest.keyClick(entry, Qt.Key.Key_Down)  # participant 1
    QTest.keyClick(entry, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)  # prompt 2
    qtbot.keyClicks(entry, "Call the accounts a competitor lost")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    assert entry.text() == ""
    QTest.keyClick(entry, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # participant 2 by number
    qtbot.keyClicks(entry, "Be the calm supplier")
    QTest.keyClick(entry, Qt.Key.Key_Enter)
    QTest.keyClick(entry, Qt.Key.Key_Tab)  # participant 3
    QTest.keyClick(entry, Qt.Key.Key_Tab)  # Anonymous
    assert room.shared.author_label() == "Anonymous"
    qtbot.keyClicks(entry, "Nobody knows who wrote this")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    qtbot.keyClicks(entry, "typed then cleared")
    QTest.keyClick(entry, Qt.Key.Key_Escape)
    assert entry.text() == ""
    texts = room.shared.visible_texts()
    assert "Call the accounts a competitor lost" in texts and "Be the calm supplier" in texts
    QTest.keyClick(entry, Qt.Key.Key_Escape)  # on an empty line: entry mode ends
    assert not room.session.entry_mode and not entry.isVisible()

    path = room.ws.path
    room.session.close()
    reopened = Workshop.open(path, readonly=True)
    try:
        notes = {n.text: n for n in reopened.items(reopened.steps[BOARD].id, "note")}
        people = reopened.participants
        assert notes["Call the accounts a competitor lost"].author == people[0].id
        assert notes["Call the accounts a competitor lost"].prompt == 1
        assert notes["Be the calm supplier"].author == people[1].id
        assert notes["Nobody knows who wrote this"].author is None
        assert "typed then cleared" not in notes
    finally:
        reopened.close()
    room.session = Session(Workshop.open(path))  # the fixture closes it


def test_entry_shows_the_cores_message_for_a_note_too_long(room: Room) -> None:
    room.session.set_presentation(entry_mode=True)
    entry = room.shared.entry
    entry.setText("x" * 2001)
    QTest.keyClick(entry, Qt.Key.Key_Return)
    assert any("too long" in t for t in room.shared.visible_texts())
    assert entry.text() == "x" * 2001  # kept, so it can be shortened
    assert room.ws.items(room.step_id(BOARD), "note") == []
    entry.setText("   ")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    assert "A note needs some text." in room.shared.visible_texts()


def test_entry_on_an_anonymous_board_records_no_author(room: Room) -> None:
    room.session.do(lambda: room.ws.update_step(room.step_id(BOARD), anonymous=True))
    room.session.set_presentation(entry_mode=True)
    entry = room.shared.entry
    QTest.keyClick(entry, Qt.Key.Key_Down)
    QTest.keyClick(entry, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    entry.setText("Said without a name")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    assert room.ws.items(room.step_id(BOARD), "note")[0].author is None


# -- anonymity, size and overflow ---------------------------------------------------------------------


def test_anonymous_mode_shows_no_name_no_colour_and_no_order(room: Room) -> None:
    room.note("Zebra crossing", author=0)
    room.note("Apples first", author=1)
    room.note("Middle ground", author=2)
    # Three people have written: enough once the facilitator asks for three before the room sees the notes.
    room.session.do(lambda: room.ws.update_step(room.step_id(BOARD), anonymous=True, min_respondents=3))
    texts = room.shared.visible_texts()
    assert not any(name in texts for name, _role in PEOPLE)
    ours = [t for t in texts if t in ("Zebra crossing", "Apples first", "Middle ground")]
    assert ours == ["Apples first", "Middle ground", "Zebra crossing"]
    fills = {s.fill for s in room.shared.scene.shapes if isinstance(s, Box) and s.border == room.shared.theme.card_border}
    assert fills == {room.shared.theme.neutral_card}


def test_thirty_lines_of_notes_at_the_smallest_legible_size_on_a_1080_projector(room: Room) -> None:
    room.shared.resize(1920, 1080)
    for k in range(60):
        room.note(f"Note {k}: a longer thought that needs two or three lines on the wall to read", column=k % 6)
    scene = room.shared.scene
    assert scene.answer_px >= Sizes.for_rect(QRectF(0, 0, 1920, 1080)).answer_min - 0.01
    assert scene.answer_lines >= 30
    # Everything that is not shown is counted on screen.
    shown = sum(1 for t in room.shared.visible_texts() if t.startswith("Note "))
    assert shown + scene.more == 60


def test_a_long_note_is_wrapped_whole(room: Room) -> None:
    text = " ".join(f"word{k}" for k in range(120))
    room.note(text)
    assert text in room.shared.visible_texts()
    assert room.shared.scene.more == 0


def test_a_thousand_notes_say_how_many_more_and_repaint_quickly(room: Room) -> None:
    room.shared.resize(1920, 1080)
    sid = room.step_id(BOARD)
    for k in range(1000):
        room.ws.add_note(sid, f"Idea number {k} from the room", k % 6)
    start = time.perf_counter()
    scene = room.shared.scene
    picture(room.shared)
    elapsed = time.perf_counter() - start
    assert scene.more > 0
    assert any(t.startswith("+") and t.endswith("more notes") for t in scene.texts)
    shown = sum(1 for t in scene.texts if t.startswith("Idea number"))
    assert shown + scene.more == 1000
    assert elapsed < 5  # generous: a measure for the report, not a benchmark


# -- every exercise type --------------------------------------------------------------------------------


def test_poll_and_rating_show_results(room: Room) -> None:
    ws, people = room.ws, room.ws.participants
    for p in people:
        room.session.do(lambda p=p: ws.add_item(room.step_id(POLL), "answer", statement=0, author=p.id, value=0))
    room.session.go_to(POLL)
    texts = room.shared.visible_texts()
    assert "3" in texts and "Yes" in texts
    rating = room.step_id(RATING)

    def rate(person: int, value: int) -> None:
        with ws.unit("Rate"):
            for statement in (0, 1):
                ws.add_item(rating, "answer", statement=statement, value=value, respondent=f"r{person}")

    for person, value in enumerate((2, 4, 4)):
        rate(person, value)
    room.session.go_to(RATING)
    texts = room.shared.visible_texts()
    # Three respondent keys are three people, fewer than the five an anonymous rating needs.
    assert "The results appear once at least 5 people have answered (2 more) and the facilitator reveals them." in texts
    assert "3.3" not in texts
    rate(3, 3)
    rate(4, 3)
    assert ws.step(rating).answers_hidden  # a rating starts hidden, so nobody rates after seeing the others
    assert ("Enough people have answered: the results appear when the facilitator reveals them."
            in room.shared.visible_texts())
    room.session.do(lambda: ws.update_step(rating, answers_hidden=False))
    texts = room.shared.visible_texts()
    assert "3.2" in texts and "mean ±95% CI · people" in texts  # five people: 2, 4, 4, 3, 3


def test_ratings_without_respondent_keys_still_show(room: Room) -> None:
    ws = room.ws
    rating = room.step_id(RATING)
    room.session.do(lambda: ws.update_step(rating, min_respondents=3, answers_hidden=False))
    for v in (2, 4, 4):
        room.session.do(lambda v=v: ws.add_item(rating, "answer", statement=0, value=v))
    room.session.go_to(RATING)
    texts = room.shared.visible_texts()
    assert "3.3" in texts and "mean ±spread · ratings" in texts


def test_spectrum_map_commitments_and_break(room: Room) -> None:
    ws = room.ws
    room.session.do(lambda: ws.add_item(room.step_id(SPECTRUM), "spectrum", text="Calls per hour", category=0,
                                        change="First-contact resolution"))
    room.session.go_to(SPECTRUM)
    texts = room.shared.visible_texts()
    assert "Calls per hour" in texts and "Proposed change: First-contact resolution" in texts

    sid = room.step_id(MAP)
    room.session.do(lambda: ws.add_item(sid, "node", text="Sales", lane=3, x=10, y=10))
    room.session.do(lambda: ws.add_item(sid, "node", text="Operations", lane=4, x=200, y=10))
    a, b = (n.id for n in ws.items(sid, "node"))
    room.session.do(lambda: ws.add_item(sid, "link", source=a, target=b))
    link = ws.items(sid, "link")[0].id
    room.session.do(lambda: ws.add_item(sid, "marker", target=link, text="Dates promised nobody sees"))
    room.session.go_to(MAP)
    texts = room.shared.visible_texts()
    assert {"Sales", "Operations", "Dates promised nobody sees", "Strategy"} <= set(texts)

    room.session.do(lambda: ws.add_item(room.step_id(COMMITMENTS), "commitment", text="Call a customer",
                                        author=ws.participants[1].id))
    room.session.go_to(COMMITMENTS)
    texts = room.shared.visible_texts()
    assert "Call a customer" in texts and "Ben Okafor" in texts

    room.session.go_to(BREAK)
    texts = room.shared.visible_texts()
    assert "Coffee break" in texts and "15:00" in texts


# -- screens ----------------------------------------------------------------------------------------


def _demo_like(room: Room) -> None:
    ideas = ["Ask five customers which report they never read", "Bundle onboarding calls",
             "Call the accounts a competitor just lost", "Publish delivery status so nobody has to call",
             "Cut the approval loop on refunds under 200 €", "Invite a customer's customer to the next review",
             "A shared customer dashboard for all teams", "Every manager joins two support calls a month"]
    for k in range(40):
        room.note(f"{ideas[k % len(ideas)]} ({k + 1})", column=k % 6, author=k % 3 if k % 5 else None)
    notes = room.ws.items(room.step_id(BOARD), "note")
    for k, note in enumerate(notes[:9]):
        room.session.do(lambda note=note, k=k: room.ws.vote(note.id, "room", 9 - k))
    room.session.do(lambda: room.ws.update_step(room.step_id(BOARD), "Reveal votes", votes_shown=True))
    for s in range(20):
        for k, v in enumerate((1, 2, 3, 3, 4, 5, 4, 2)):
            room.ws.add_item(room.step_id(RATING), "answer", statement=s, value=(v + s) % 5 + 1, respondent=f"r{k}")
    room.ws.update_step(room.step_id(RATING), answers_hidden=False)
    sid = room.step_id(MAP)
    names = ["Leadership", "Marketing", "Sales", "Product", "Operations", "Service", "Finance", "IT", "HR"]
    for i, name in enumerate(names):
        room.ws.add_item(sid, "node", text=name, lane=min(i * 6 // 9, 5), x=60 + 170 * i, y=80 + 90 * (i % 3))
    nodes = room.ws.items(sid, "node")
    for a, b in zip(nodes, nodes[1:], strict=False):
        room.ws.add_item(sid, "link", source=a.id, target=b.id)
    links = room.ws.items(sid, "link")
    room.ws.add_item(sid, "marker", target=links[1].id, text="Sales promises dates operations never sees")
    room.ws.add_item(sid, "marker", target=links[4].id, text="Complaints stay in service")
    room.ws.add_item(sid, "marker", target=links[4].id, proposal=True, text="A monthly product-service review")


def test_screenshots_of_a_board_a_rating_and_the_map(room: Room, tmp_path: Path) -> None:
    _demo_like(room)
    out = Path(os.environ.get("WORKSHOP_SHOTS_DIR") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    for width, height in ((1920, 1080), (1280, 720)):
        room.shared.resize(width, height)
        for index, name in ((BOARD, "board"), (RATING, "rating"), (MAP, "map")):
            room.session.go_to(index)
            image = picture(room.shared)
            assert (image.width(), image.height()) == (width, height)
            image.save(str(out / f"shared_{name}_{width}x{height}.png"))
            assert room.shared.scene.more == 0, f"{name} at {width}x{height} does not fit"
            image.save(str(out / f"shared_{name}_{width}x{height}.png"))
        room.session.go_to(BOARD)
        room.session.set_presentation(entry_mode=True)
        picture(room.shared).save(str(out / f"shared_entry_{width}x{height}.png"))
        room.session.set_presentation(entry_mode=False)


SCALED = """
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from workshop_app.core.workshop import Workshop
from workshop_app.gui.session import Session
from workshop_app.gui.shared_screen import SharedScreen
session = Session(Workshop.open(sys.argv[1]))
shared = SharedScreen(session)
shared.resize(960, 540)
shared.show()
image = shared.grab().toImage()
print(json.dumps({"dpr": image.devicePixelRatio(), "size": [image.width(), image.height()],
                  "texts": "Provocative questions" in shared.visible_texts(),
                  "px": shared.scene.answer_px}))
session.close()
"""


def test_the_shared_screen_at_device_pixel_ratio_two(room: Room) -> None:
    room.note("Sharp at any scale")
    path = room.ws.path
    room.session.close()
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", SCALED, str(path)], capture_output=True, text=True, env=env,
                          timeout=120, cwd=REPO)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["dpr"] == 2
    assert result["size"] == [1920, 1080]
    assert result["texts"]
    assert result["px"] == pytest.approx(540 / 30)
    room.session = Session(Workshop.open(path))


def test_a_clicker_also_works_while_the_shared_screen_has_the_keyboard(room: Room) -> None:
    room.shared.install_actions(presentation_actions(room.session, lambda: room.shared, room.host))
    room.shared.activateWindow()
    QTest.keyClick(room.shared, Qt.Key.Key_PageDown)
    assert room.ws.current_index == POLL
    QTest.keyClick(room.shared, Qt.Key.Key_B)
    assert room.session.blanked
    QTest.keyClick(room.shared, Qt.Key.Key_Period)
    QTest.keyClick(room.shared, Qt.Key.Key_PageUp)
    assert room.ws.current_index == BOARD and not room.session.blanked
    # In entry mode the letters go into the entry line; the clicker's page keys still move.
    room.session.set_presentation(entry_mode=True)
    QTest.keyClicks(room.shared.entry, "b.")
    assert room.shared.entry.text() == "b." and not room.session.blanked


def test_plus_typed_with_shift_extends_the_timer(room: Room) -> None:
    left = room.session.timer.seconds_left()
    room.key(Qt.Key.Key_Plus, Qt.KeyboardModifier.ShiftModifier)
    assert room.session.timer.seconds_left() == left + 60
    room.key(Qt.Key.Key_Plus, Qt.KeyboardModifier.KeypadModifier)
    assert room.session.timer.seconds_left() == left + 120


def test_the_clicker_works_while_a_list_or_tree_has_the_focus(room: Room) -> None:
    tree = QTreeWidget()
    parent = QTreeWidgetItem(["Quick wins"])
    parent.addChild(QTreeWidgetItem(["A note"]))
    tree.addTopLevelItem(parent)
    parent.setExpanded(True)
    room.host.centralWidget().layout().addWidget(tree)
    tree.setFocus()
    tree.setCurrentItem(parent)
    QTest.keyClick(tree, Qt.Key.Key_PageDown)
    assert room.ws.current_index == POLL
    QTest.keyClick(tree, Qt.Key.Key_B)
    assert room.session.blanked
    QTest.keyClick(tree, Qt.Key.Key_Period)
    assert not room.session.blanked
    QTest.keyClick(tree, Qt.Key.Key_PageUp)
    assert room.ws.current_index == BOARD
    QTest.keyClick(tree, Qt.Key.Key_Left)  # in a tree the arrows stay the tree's: collapse, not "previous"
    assert not parent.isExpanded() and room.ws.current_index == BOARD
