"""Deferred GUI work runs one piece per turn of the event loop, and a stream of phones' notes keeps
reaching the shared screen while it lasts."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication

from tests.test_shared_quick import screen  # noqa: F401 - the shared screen of a small board
from workshop_app.gui.shared_screen import SharedScreen
from workshop_app.gui.turns import Turns


def one_turn() -> None:
    QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents)


def test_paced_timers_due_together_run_in_turns_of_their_own(qtbot: Any) -> None:
    owner = QObject()
    turns = Turns(owner)
    ran: list[str] = []
    timers = {name: turns.timer(owner, lambda name=name: ran.append(name)) for name in "abc"}
    for name in "abc":
        timers[name].start()
    assert all(t.isActive() for t in timers.values()) and turns.waiting() == 3
    timers["b"].stop()
    assert not timers["b"].isActive() and turns.waiting() == 2
    timers["a"].start()  # waiting already: it keeps its place
    for _ in range(1000):  # turn by turn: never more than one piece in one turn
        before = len(ran)
        one_turn()
        assert len(ran) - before <= 1, ran
        if len(ran) == 2:
            break
    assert ran == ["a", "c"] and turns.waiting() == 0
    assert not any(t.isActive() for t in timers.values())


def test_a_paced_timer_waits_its_delay_then_its_turn_and_is_skipped_once_its_owner_is_gone(qtbot: Any) -> None:
    keep = QObject()
    turns = Turns(keep)
    ran: list[str] = []
    later = turns.timer(keep, lambda: ran.append("later"))
    later.start(30)
    assert later.isActive() and turns.waiting() == 0  # still counting down
    qtbot.waitUntil(lambda: ran == ["later"])
    gone = QObject()
    doomed = turns.timer(gone, lambda: ran.append("doomed"))
    after = turns.timer(keep, lambda: ran.append("after"))
    doomed.start()
    after.start()
    gone.deleteLater()
    deleted = []
    gone.destroyed.connect(lambda: deleted.append(True))
    qtbot.waitUntil(lambda: "after" in ran)
    assert ran == ["later", "after"]


def test_a_steady_stream_of_phone_notes_is_painted_while_it_lasts(screen: SharedScreen, qtbot: Any) -> None:  # noqa: F811
    session = screen.session
    step_id = session.workshop.steps[0].id
    painted: list[list[str]] = []
    # The texts of each picture the window put up (not the scene as it would be laid out now).
    screen.pictured.connect(lambda: painted.append(list(screen._shown.scene.texts) if screen._shown else []))
    sent: list[str] = []
    stream = QTimer()
    stream.setInterval(0)

    def phone_note() -> None:
        # As the phones' dispatcher does: a note in deferred mode, told to the windows on a later turn.
        text = f"Phone note {len(sent)}"
        with session.deferred():
            session.workshop.add_note(step_id, text, 0, None)
        session.flush_soon()
        sent.append(text)
        if len(sent) == 300:
            stream.stop()

    stream.timeout.connect(phone_note)
    stream.start()
    qtbot.waitUntil(lambda: any("Phone note 0" in texts for texts in painted) or not stream.isActive(), timeout=60_000)
    assert stream.isActive(), "the first phone note reached the room only after the stream had ended"
    stream.stop()


def test_what_the_window_shows_after_a_stream_painted_in_parts_is_the_whole_picture(screen: SharedScreen, qtbot: Any) -> None:  # noqa: F811
    from PySide6.QtGui import QGuiApplication

    session = screen.session
    step_id = session.workshop.steps[0].id
    for n in range(12):  # phones' notes, each told to the windows on a later turn, each picture painted in part
        with session.deferred():
            session.workshop.add_note(step_id, f"Painted in part {n}", n % 3, None)
        session.flush_soon()
        qtbot.waitUntil(lambda n=n: screen._shown is not None and f"Painted in part {n}" in screen._shown.scene.texts)
    qtbot.waitUntil(lambda: not screen._prepare_timer.isActive())
    on_window = QGuiApplication.primaryScreen().grabWindow(screen.winId()).toImage()
    whole = screen.grab().toImage()  # everything painted afresh
    assert on_window.size() == whole.size()
    assert on_window.convertToFormat(whole.format()) == whole


def test_phones_changes_run_before_the_reads_queued_ahead_of_them(screen: SharedScreen, qtbot: Any) -> None:  # noqa: F811
    from workshop_app.gui.phones import QtDispatcher

    dispatcher = QtDispatcher(screen.session)
    order: list[str] = []
    futures = [dispatcher.dispatch(lambda _ws, n=n: order.append(f"read {n}"), read=True) for n in range(3)]
    futures.append(dispatcher.dispatch(lambda _ws: order.append("note")))
    qtbot.waitUntil(lambda: all(f.done() for f in futures))
    assert order == ["note", "read 0", "read 1", "read 2"]  # forty reloads never hold back a phone's note
    dispatcher.close()
