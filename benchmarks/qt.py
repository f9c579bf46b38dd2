"""Qt helpers for the GUI benchmarks: the app, the open workshop's windows, and knowing when they painted."""

from __future__ import annotations

import ctypes
import importlib.util
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

SHARED_SCREEN_MODULE = "workshop_app.gui.shared_screen"


def none_refs_dropped_per_call() -> float:
    """How many references to None one void Qt call drops (0 in a correct binding)."""
    from PySide6.QtCore import QObject as _Probe

    probe = _Probe()
    before = sys.getrefcount(None)
    for _ in range(200):
        probe.setObjectName("probe")
    return (before - sys.getrefcount(None)) / 200


def guard_none_refcount() -> str:
    """Keep the interpreter alive under a binding that drops a reference to None on every void call.

    Python 3.12 and later never free None; on 3.11 such a binding aborts the process ("none_dealloc")
    after a few thousand Qt calls, long before a benchmark is done. If the leak is there, None gets
    a very large reference count and a warning says so; the figures are not affected.
    """
    dropped = none_refs_dropped_per_call()
    if dropped < 0.5:
        return ""
    if sys.version_info < (3, 12):
        ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
    import PySide6

    return (
        f"WARNING: PySide6 {PySide6.__version__} drops a reference to None on every void Qt call "
        f"({dropped:.2f} per call). On Python {sys.version_info.major}.{sys.version_info.minor} "
        + ("the app aborts (none_dealloc) after a few thousand calls; the benchmarks keep None alive to finish."
           if sys.version_info < (3, 12) else "this is harmless (None is immortal).")
    )


def app() -> QApplication:
    """The application, set up as the app's own start-up does."""
    from workshop_app.gui.app import make_app

    return make_app()


class PaintWatch(QObject):
    """Records, for each top-level window, when its widgets were painted (an application event filter)."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[float, QWidget]] = []

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
            self.events.append((time.perf_counter(), obj.window()))
        return False

    def __enter__(self) -> PaintWatch:
        QApplication.instance().installEventFilter(self)
        return self

    def __exit__(self, *exc: object) -> None:
        QApplication.instance().removeEventFilter(self)


def settle(
    watch: PaintWatch, windows: list[QWidget], since: float, timeout: float = 2.0, quiet_rounds: int = 3
) -> dict[QWidget, float | None]:
    """Process events until every window in ``windows`` has repainted after ``since`` and then stayed
    quiet for ``quiet_rounds`` rounds. Returns, per window, the seconds from ``since`` to the end of the
    event round that held its last paint (None: it did not repaint within ``timeout``)."""
    qapp = QApplication.instance()
    done: dict[QWidget, float | None] = {w: None for w in windows}
    quiet = 0
    deadline = since + timeout
    while time.perf_counter() < deadline:
        seen = len(watch.events)
        qapp.processEvents()
        now = time.perf_counter()
        fresh = watch.events[seen:]
        painted = {w for t, w in fresh if t >= since}
        for w in windows:
            if w in painted:
                done[w] = now - since
        if fresh:
            quiet = 0
        else:
            quiet += 1
            if all(v is not None for v in done.values()) and quiet >= quiet_rounds:
                break
            time.sleep(0.0003)
    return done


def shared_screen_class() -> tuple[Any | None, str]:
    """The shared screen's class if that module exists yet, else None and why."""
    if importlib.util.find_spec(SHARED_SCREEN_MODULE) is None:
        return None, "workshop_app/gui/shared_screen.py does not exist yet"
    try:
        module = importlib.import_module(SHARED_SCREEN_MODULE)
        return module.SharedScreen, ""
    except Exception as exc:  # noqa: BLE001 - a module still being written may not import
        return None, f"SharedScreen could not be imported: {type(exc).__name__}: {exc}"


def open_workshop_windows(path: Path, with_shared: bool = True) -> tuple[Any, QWidget | None, str]:
    """The facilitator's MainWindow with ``path`` open and shown, and the shared screen if it exists.

    Returns (window, shared screen or None, why there is none)."""
    from workshop_app.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    window.open_path(path)
    if window.session is None:
        raise RuntimeError(f"the window did not open {path}")
    shared: QWidget | None = None
    why = "not asked for"
    if with_shared:
        cls, why = shared_screen_class()
        if cls is not None:
            try:
                shared = cls(window.session)
                shared.resize(1920, 1080)
                shared.show()
            except Exception as exc:  # noqa: BLE001 - report, do not stop the other benchmarks
                shared, why = None, f"SharedScreen(session) failed: {type(exc).__name__}: {exc}"
    QApplication.processEvents()
    return window, shared, why


def close_windows(*windows: QWidget | None) -> None:
    for w in windows:
        if w is not None:
            w.close()
            w.deleteLater()
    QApplication.processEvents()
