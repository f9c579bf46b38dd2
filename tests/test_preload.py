"""The start screen comes up first; then, while the facilitator chooses, the code an open runs is loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication
app = QApplication([])
from workshop_app.gui.main_window import PRELOAD, MainWindow
seen = {}
class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "at_paint" not in seen:
            seen["at_paint"] = [m for m in PRELOAD if m in sys.modules]
        return False
probe = FirstPaint()
window = MainWindow()
window.installEventFilter(probe)
window.start.installEventFilter(probe)
window.show()
deadline = time.monotonic() + 60
while not all(m in sys.modules for m in PRELOAD) and time.monotonic() < deadline:
    app.processEvents()
heavy = [m for m in ("pyqtgraph", "reportlab", "openpyxl", "aiohttp") if m in sys.modules]
print(json.dumps({"at_paint": seen.get("at_paint"), "loaded": [m in sys.modules for m in PRELOAD], "heavy": heavy}))
"""


def test_the_console_loads_after_the_start_screen_is_up_and_loads_no_chart_export_or_server(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKSHOP_APP_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True, env=env, cwd=REPO,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["at_paint"] == []  # nothing of it holds up the first paint
    assert all(result["loaded"])  # and then all of it, while the start screen waits
    assert result["heavy"] == []  # charts, exports and the phones' server still load when first used
