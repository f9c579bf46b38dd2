"""Peak memory with the large workshop open in the facilitator's window and on the shared screen.

A fresh process opens the large workshop (40 participants, 1,000 notes) in the MainWindow, shows the
shared screen for the same session when ``workshop_app/gui/shared_screen.py`` exists, shows each of the
board's prompts once, and reports its peak resident set size (VmHWM, else ``ru_maxrss``). Baseline: the bare
PySide6 window (QApplication, QMainWindow, a label) in a process of its own. Target (issue 8): under
300 MB.
"""

from __future__ import annotations

import argparse

from benchmarks.common import Result, prepare_environment, print_results, remove_dir, run_child, scratch_dir
from benchmarks.workload import LARGE, Size, create_large_workshop

TARGET_MB = 300.0

# The peak resident set of this process's own memory: VmHWM on Linux. (ru_maxrss would also count the
# memory of the benchmark process this one was forked from, as it was before the exec.)
_PEAK = r"""
import json, resource, sys
try:
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    peak_mb = int(status.split()[0]) / 1024
except (OSError, IndexError, ValueError):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_mb = peak / 1024 / (1024 if sys.platform == "darwin" else 1)  # bytes on macOS, kilobytes elsewhere
print(json.dumps({"peak_mb": peak_mb, "extra": extra}))
"""

BARE = r"""
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1366, 768)
window.setCentralWidget(QLabel("Hello"))
window.show()
for _ in range(10):
    app.processEvents()
extra = ""
""" + _PEAK

APP = r"""
import sys, time
from pathlib import Path
from benchmarks.qt import app, guard_none_refcount, open_workshop_windows
qapp = app()
guard_none_refcount()
window, shared, why = open_workshop_windows(Path(sys.argv[1]))
board = window.console.current_view()
for col in list(range(len(board.prompts))) + [0]:
    board.tabs.setCurrentIndex(col)
    end = time.perf_counter() + 0.1  # long enough for both windows to lay out and paint
    while time.perf_counter() < end:
        qapp.processEvents()
extra = "shared screen shown" if shared is not None else f"no shared screen: {why}"
""" + _PEAK


def run(size: Size = LARGE) -> list[Result]:
    folder = scratch_dir("memory")
    try:
        path = create_large_workshop(folder / "large.workshop", size)
        app = run_child(APP, str(path))
        bare = run_child(BARE)
    finally:
        remove_dir(folder)
    return [
        Result(
            "peak memory, large workshop in both windows",
            app["peak_mb"],
            "MB",
            bare["peak_mb"],
            "the bare PySide6 window's process",
            f"< {TARGET_MB:.0f} MB",
            app["peak_mb"] < TARGET_MB,
            f"peak resident set of a fresh process; {size.notes:,} notes, every prompt shown once; {app['extra']}",
        )
    ]


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    prepare_environment()
    print_results("Memory", run())


if __name__ == "__main__":
    main()
