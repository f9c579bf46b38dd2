"""Start-up: from before the interpreter starts to the start screen painted, against a bare PySide6 window.

Each run is a fresh ``python -c`` process. The parent passes the wall-clock time just before it starts
the process; the child prints the wall-clock time once its window has had its first paint. The app's
child builds the window as ``workshop_app.gui.app.run`` does; the baseline's child shows a QMainWindow
with a label, the same way. Runs alternate between the two so both see the same machine; the figure is
the median. Target (issue 8): at most 1.5× the bare window.

``python -m benchmarks.startup --imports`` also lists what the app imports before its first paint
(``python -X importtime``), largest first.
"""

from __future__ import annotations

import argparse
import re
import time

from benchmarks.common import Result, median, prepare_environment, print_results, run_child

TARGET_RATIO = 1.5
# Must not be loaded for the first paint: they belong to charts and exports.
FORBIDDEN = ("pyqtgraph", "reportlab")
WATCHED = ("pydantic", "sqlite3", "workshop_app.model.document", "workshop_app.model.exercises")

# The first paint: a filter on the window sees its Paint event; events are processed until it has.
_WAIT_FOR_PAINT = r"""
class _FirstPaint(QObject):
    painted = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            _FirstPaint.painted = True
        return False
_probe = _FirstPaint()
window.installEventFilter(_probe)
window.show()
while not _FirstPaint.painted:
    QApplication.processEvents()
_painted = time.time()
"""

_REPORT = r"""
import json, sys as _sys
print(json.dumps({"t0": float(_sys.argv[1]), "painted": _painted,
                  "modules": sorted(m for m in _sys.modules if "." not in m or m.startswith("workshop_app."))}))
"""

BARE = (
    r"""
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setWindowTitle("Bare window")
window.resize(1366, 768)
window.setCentralWidget(QLabel("Hello"))
"""
    + _WAIT_FOR_PAINT
    + _REPORT
)

APP = (
    r"""
import sys, time
from workshop_app.gui.app import make_app
app = make_app()
from workshop_app.gui.main_window import MainWindow
window = MainWindow()
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
"""
    + _WAIT_FOR_PAINT
    + _REPORT
)


def one_run(code: str, python_flags: tuple[str, ...] = ()) -> dict:
    """One process start: seconds to the first paint, and the modules loaded by then."""
    t0 = time.time()
    data = run_child(code, repr(t0), python_flags=python_flags)
    data["seconds"] = data["painted"] - data["t0"]
    return data


def import_times(top: int = 12) -> list[tuple[str, float]]:
    """What the app imports before its first paint, from ``-X importtime``, in milliseconds, largest
    first: what start-up imports itself, split one level down (each with everything under it)."""
    data = one_run(APP, ("-X", "importtime"))
    found: list[tuple[str, float]] = []
    children: list[tuple[str, float]] = []
    for line in data["_stderr"].splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| ( *)(\S+)", line)
        if not m:
            continue
        depth, name, self_ms, cumulative_ms = len(m.group(3)) // 2, m.group(4), int(m.group(1)) / 1000, int(m.group(2)) / 1000
        if depth == 1:
            children.append((name, cumulative_ms))
        elif depth == 0:
            if children:
                found += children
                found.append((f"{name} (itself)", self_ms))
            else:
                found.append((name, cumulative_ms))
            children = []
    return sorted(found, key=lambda x: -x[1])[:top]


def run(runs: int = 9, show_imports: bool = False) -> list[Result]:
    one_run(BARE)  # warm the disk cache for both before measuring
    app_data = one_run(APP)
    bare_s, app_s = [], []
    for _ in range(runs):
        bare_s.append(one_run(BARE)["seconds"])
        app_data = one_run(APP)
        app_s.append(app_data["seconds"])
    app_m, bare_m = median(app_s), median(bare_s)
    modules = set(app_data["modules"])
    loaded = [m for m in FORBIDDEN if m in modules]
    watched = [m for m in WATCHED if m in modules]
    results = [
        Result(
            "start-up to the start screen painted",
            app_m,
            "s",
            bare_m,
            "a bare QMainWindow with a label, started the same way",
            f"≤ {TARGET_RATIO}× baseline",
            app_m <= TARGET_RATIO * bare_m,
            f"median of {runs} process starts each; app runs {min(app_s):.3f}–{max(app_s):.3f} s"
            + (f"; also loaded before the first paint: {', '.join(watched)}" if watched else ""),
        ),
        Result(
            "start-up imports no chart or PDF library",
            float(len(loaded)),
            "modules",
            target="0 of pyqtgraph, reportlab",
            passed=not loaded,
            note=f"loaded: {', '.join(loaded)}" if loaded else "neither pyqtgraph nor reportlab is imported",
        ),
    ]
    if show_imports:
        times = import_times()
        results[0].note += "; largest imports before the first paint: " + ", ".join(
            f"{name} {ms:.0f} ms" for name, ms in times
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--imports", action="store_true", help="list what start-up imports, with -X importtime")
    args = parser.parse_args()
    prepare_environment()
    print_results("Start-up", run(args.runs, args.imports))


if __name__ == "__main__":
    main()
