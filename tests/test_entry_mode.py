"""Entry mode on the shared screen: everyone numbered for picking, and the newest note kept in view."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.test_shared_screen import BOARD, Room, room  # noqa: F401 - the fixture

ALT = Qt.KeyboardModifier.AltModifier


def held_alt(widget, digit: int) -> None:
    """A digit pressed and let go while Alt stays down (QTest would let Alt go with every key)."""
    key = Qt.Key(int(Qt.Key.Key_0) + digit)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, ALT, str(digit)))


def let_go_of_alt(widget) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_Alt, Qt.KeyboardModifier.NoModifier))


def add_people(room: Room, count: int) -> None:  # noqa: F811 - the fixture's value
    for n in range(count):
        assert room.session.do(lambda n=n: room.ws.add_participant(f"Person {n + 4:02d}"))


def test_the_bar_numbers_everyone_and_alt_numbers_pick_them(room: Room) -> None:  # noqa: F811
    add_people(room, 11)  # 14 people in all
    room.session.set_presentation(entry_mode=True)
    entry = room.shared.entry
    texts = room.shared.visible_texts()
    names = [p.name for p in room.ws.participants]
    assert "0 Anonymous" in texts and f"1 {names[0]}" in texts and f"14 {names[13]}" in texts
    held_alt(entry, 1)
    assert room.shared.author_label() == f"1 · {names[0]}"
    held_alt(entry, 4)  # Alt still held: 14
    assert room.shared.author_label() == f"14 · {names[13]}"
    let_go_of_alt(entry)
    held_alt(entry, 3)  # a new number once Alt was let go
    assert room.shared.author_label() == f"3 · {names[2]}"
    held_alt(entry, 9)  # 39 is nobody: 9 it is
    assert room.shared.author_label() == f"9 · {names[8]}"
    let_go_of_alt(entry)
    QTest.keyClick(entry, Qt.Key.Key_2, ALT)  # a single Alt+digit, as before
    assert room.shared.author_label() == f"2 · {names[1]}"
    held_alt(entry, 9)
    room.shared.repaint()  # the bar is painted with its new height without a warning
    entry.setText("Written by number nine")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    newest = room.ws.items(room.step_id(BOARD), "note")[-1]
    assert newest.text == "Written by number nine" and newest.author == room.ws.participants[8].id


def test_a_full_column_keeps_the_newest_note_in_view_while_the_room_types(room: Room) -> None:  # noqa: F811
    for n in range(90):
        room.note(f"Early note number {n} about the customers we lose each quarter", column=0, author=n % 3)
    room.session.set_presentation(entry_mode=True)
    entry = room.shared.entry
    entry.setText("The note just posted")
    QTest.keyClick(entry, Qt.Key.Key_Return)
    texts = room.shared.visible_texts()
    assert "The note just posted" in texts
    assert "Early note number 89 about the customers we lose each quarter" in texts
    assert "Early note number 0 about the customers we lose each quarter" not in texts
    earlier = [t for t in texts if t.startswith("+") and "earlier note" in t]
    assert len(earlier) == 1
    shown = sum(t.startswith("Early note number") for t in texts) + 1
    assert shown + int(earlier[0][1:].split()[0]) == 91  # nothing dropped silently
    # Out of entry mode the board reads from the top again and counts what is further on.
    room.session.set_presentation(entry_mode=False)
    texts = room.shared.visible_texts()
    assert "Early note number 0 about the customers we lose each quarter" in texts
    assert "The note just posted" not in texts and any(t.endswith("more notes") for t in texts)
