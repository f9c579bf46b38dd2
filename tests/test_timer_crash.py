"""The step timer survives a crash: its state is in the workshop file, and a restart carries on counting."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from workshop_app.core.workshop import Workshop
from workshop_app.gui.session import Session
from workshop_app.model.document import TimerState

REPO = Path(__file__).resolve().parents[1]
# Starts the timer, gives the step a minute more, says so, and dies as a crash does: no closing, no saving.
CRASH = textwrap.dedent("""
    import os, signal, sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from PySide6.QtCore import QCoreApplication
    app = QCoreApplication([])
    from workshop_app.core.workshop import Workshop
    from workshop_app.gui.session import Session
    session = Session(Workshop.open(Path(sys.argv[1])))
    session.go_to(1)
    session.timer.start()
    session.timer.extend(60)
    print("started", session.timer.total, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_a_running_timer_carries_on_after_a_crash(qapp, demo_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", CRASH, str(demo_path), str(REPO)], capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.startswith("started"), done.stderr
    total = int(done.stdout.split()[1])
    session = Session(Workshop.open(demo_path))
    try:
        ws = session.workshop
        assert ws.current_index == 1
        assert ws.steps[1].minutes * 60 + 60 == total
        timer = session.timer
        assert timer.running and timer.total == total
        assert total - 120 < timer.seconds_left() <= total  # counting from the start before the crash
        timer.pause()
        left = timer.seconds_left()
    finally:
        session.close()
    again = Session(Workshop.open(demo_path))  # paused: it stays where it was
    try:
        assert not again.timer.running and again.timer.seconds_left() == left
        again.go_to(2)  # another step: its own timebox, saved as the state to come back to
        saved = again.workshop.saved_timer()
        assert saved is not None and saved.step == again.workshop.steps[2].id and not saved.running
    finally:
        again.close()


def test_a_timer_of_a_step_no_longer_there_or_unreadable_is_left_alone(qapp, demo_path: Path) -> None:
    import datetime as dt

    ws = Workshop.open(demo_path)
    ws.save_timer(TimerState(step="nosuchstep", total=60, left=30, since=dt.datetime.now(dt.UTC)))
    assert ws.saved_timer() is None
    ws.file.write(meta={Workshop.TIMER_KEY: "{not json"})
    assert ws.saved_timer() is None
    ws.close()
    session = Session(Workshop.open(demo_path))  # opens, with the step's own timebox
    try:
        step = session.workshop.current_step
        assert step is not None and session.timer.seconds_left() == step.minutes * 60
    finally:
        session.close()
    ws = Workshop.open(demo_path)
    kept = TimerState(step=ws.steps[0].id, total=600, left=300, since=dt.datetime.now(dt.UTC))
    ws.save_timer(kept)
    ws.close()
    frozen = Workshop.open(demo_path, readonly=True)
    frozen.save_timer(None)  # read-only: nothing written
    assert frozen.saved_timer() == kept
    frozen.close()
