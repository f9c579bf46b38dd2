"""The step timer: start, pause, extend, reset, time up, and starting with the step when asked."""

from __future__ import annotations

from pathlib import Path

from workshop_app.core.workshop import Workshop
from workshop_app.gui.session import Session
from workshop_app.gui.timer import StepTimer, format_seconds


def test_timer_counts_down_and_signals_time_up(qtbot, monkeypatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("workshop_app.gui.timer.time.monotonic", lambda: clock[0])
    timer = StepTimer()
    timer.reset(90)
    assert timer.seconds_left() == 90 and not timer.running
    timer.start()
    clock[0] += 30
    assert timer.seconds_left() == 60
    timer.pause()
    clock[0] += 100
    assert timer.seconds_left() == 60
    timer.extend(60)
    assert timer.seconds_left() == 120 and timer.total == 150
    timer.start()
    clock[0] += 121
    with qtbot.waitSignal(timer.time_up, timeout=2000):
        pass
    assert format_seconds(timer.seconds_left()) == "−0:01"
    timer.reset(300)
    assert timer.seconds_left() == 300 and not timer.running


def test_timer_starts_with_step_when_chosen(qtbot, demo_path: Path) -> None:
    session = Session(Workshop.open(demo_path))
    session.go_to(1)
    assert not session.timer.running
    assert session.timer.seconds_left() == session.workshop.steps[1].minutes * 60
    session.set_timer_option("auto_start_timer", True)
    session.go_to(2)
    assert session.timer.running
    session.close()
    # Remembered for the next workshop.
    again = Session(Workshop.open(demo_path))
    assert again.auto_start_timer
    again.close()
