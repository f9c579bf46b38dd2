"""The console fits a 1366×768 laptop at 100 % and 125 % scaling; an export can be opened at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMargins, QObject, QRect, QSize, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from workshop_app.gui.window_fit import fitted

REPO = Path(__file__).resolve().parents[1]

# Opens the demo in the main window on the laptop screen of tests/screens.json, visits every step
# and the action plan, and reports where the window and its status bar are against the free area.
CHILD = r"""
import json, sys
from pathlib import Path
from workshop_app.gui.app import make_app
app = make_app()
from workshop_app.core.demo import build_demo
from workshop_app.core.library import load_library
from workshop_app.core.workshop import Workshop
from workshop_app.gui.main_window import MainWindow
path = Path(sys.argv[1])
Workshop.create(path, build_demo(load_library())).close()
window = MainWindow()
window.show()
window.open_path(path)
print("started", flush=True)
screen = window.screen()
area = screen.availableGeometry()
views = []
shots = sys.argv[2] if len(sys.argv) > 2 else ""
for index, step in enumerate(window.session.workshop.steps + [None]):
    if step is None:
        window.console.show_action_plan()
    else:
        window.session.go_to(index)
    app.processEvents()
    frame = window.frameGeometry()
    bar = window.statusBar()
    bar_rect = bar.rect().translated(bar.mapToGlobal(bar.rect().topLeft()))
    views.append({"view": step.type if step else "plan", "frame": frame.getRect(), "status": bar_rect.getRect(),
                  "inside": area.contains(frame), "status_inside": area.contains(bar_rect) and bar.isVisible()})
    if shots and step is not None and step.type in ("board", "map") and index < 8 and not any(
            v["view"] == step.type for v in views[:-1]):
        window.grab().save(f"{shots}-{step.type}.png")
print(json.dumps({"area": area.getRect(), "dpr": screen.devicePixelRatio(), "views": views}))
window.close_workshop()
"""


@pytest.mark.parametrize("scale", ["1", "1.25"])
def test_the_window_fits_the_laptop_screen(tmp_path: Path, scale: str) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={REPO / 'tests' / 'screens.json'}",
               QT_SCALE_FACTOR=scale)
    shots = os.environ.get("WORKSHOP_SHOTS_DIR")
    args = [sys.executable, "-c", CHILD, str(tmp_path / "fit.workshop")]
    if shots:
        args.append(str(Path(shots) / f"console-1366x768-{int(float(scale) * 100)}"))
    done = subprocess.run(args, capture_output=True, text=True, env=env, timeout=240, cwd=REPO)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert lines[0] == "started"
    result = json.loads(lines[-1])
    assert result["dpr"] == pytest.approx(float(scale))
    width, height = result["area"][2:]
    assert (width, height) == ((1366, 768) if scale == "1" else (1093, 614))
    for view in result["views"]:
        assert view["inside"], f"the window leaves the screen on {view['view']}: {view['frame']} in {result['area']}"
        assert view["status_inside"], f"the status bar is off-screen on {view['view']}"
    # It uses the room it has: no smaller than needed on a laptop.
    assert result["views"][0]["frame"][2] >= width - 8 and result["views"][0]["frame"][3] >= height - 8


def test_fitted_shrinks_centres_and_keeps_the_title_bar_on_screen() -> None:
    frame = QMargins(1, 30, 1, 1)
    laptop = QRect(0, 0, 1366, 728)  # under a 40 px task bar
    inner = fitted(QSize(1366, 768), QSize(900, 450), laptop, frame)
    assert inner == QRect(1, 30, 1364, 697)
    big = fitted(QSize(1366, 768), QSize(900, 450), QRect(0, 0, 2560, 1400), frame)
    assert big.size() == QSize(1366, 768) and big.left() == (2560 - 1368) // 2 + 1
    tiny = fitted(QSize(1366, 768), QSize(900, 450), QRect(100, 50, 800, 400), frame)
    assert tiny.size() == QSize(900, 450) and tiny.topLeft().x() >= 100 and tiny.top() >= 50 + 30


class UrlCatcher(QObject):
    """Stands in for the desktop's file handler: records what the app asked to open."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_after_an_export_the_status_bar_opens_the_file_or_its_folder(qtbot, demo_path: Path, tmp_path: Path) -> None:
    from PySide6.QtCore import Qt

    from workshop_app.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_path(demo_path)
    out = tmp_path / "plan.md"
    with qtbot.waitSignal(window.exports.done, timeout=60_000):
        window.export_to("markdown", out)
    links = window._export_links
    assert links is not None and links.isVisible() and out.exists()
    assert str(out) in window.statusBar().currentMessage()
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        qtbot.mouseClick(links.open_button, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(links.folder_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in catcher.urls] == [str(out), str(tmp_path)]
    window.close_workshop()
    assert not links.isVisible()
