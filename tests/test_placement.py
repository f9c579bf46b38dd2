"""Where the shared screen goes: the pure choice, and the Placer on two (or three) offscreen screens.

The in-process QApplication has one screen, so the Placer runs in a subprocess started with Qt's
offscreen platform and a screens file (``tests/screens.json``: a laptop and a projector). Screens
cannot be unplugged at run time there, so unplugging goes through ``Placer.handle_removed``, the
same method Qt's ``screenRemoved`` signal calls.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_app.gui.placement import choose_screen
from workshop_app.storage.settings import Settings, SettingsFile

HERE = Path(__file__).resolve().parent
SCREENS = HERE / "screens.json"


@pytest.mark.parametrize(
    ("names", "facilitator", "remembered", "expected"),
    [
        (["Laptop", "Projector"], "Laptop", None, ("Projector", True)),
        (["Laptop"], "Laptop", "Projector", ("Laptop", False)),  # unplugged: a window on the laptop
        (["Laptop", "TV", "Projector"], "Laptop", "Projector", ("Projector", True)),  # the remembered one
        (["Laptop", "TV", "Projector"], "Laptop", "Gone", ("TV", True)),
        (["Laptop", "Projector"], "Laptop", "Laptop", ("Projector", True)),  # never over the facilitator
        (["Laptop", "Projector"], "Projector", None, ("Laptop", True)),  # the console moved to the big screen
        ([], "Laptop", None, ("Laptop", False)),
        (["Other"], "Laptop", None, ("Other", False)),  # one screen, whatever it is called
    ],
)
def test_choose_screen(names: list[str], facilitator: str, remembered: str | None,
                       expected: tuple[str, bool]) -> None:
    assert choose_screen(names, facilitator, remembered) == expected


SCRIPT = r"""
import json, sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
from PySide6.QtGui import QGuiApplication
from pathlib import Path
from workshop_app.gui.placement import Placer
from workshop_app.storage.settings import SettingsFile

def where(w):
    return {"screen": w.screen().name(), "full": w.isFullScreen(), "visible": w.isVisible(),
            "geometry": list(w.geometry().getRect())}

names = [s.name() for s in QGuiApplication.screens()]
store = SettingsFile(Path(sys.argv[1]))
console = QWidget()
console.setGeometry(QGuiApplication.screens()[int(sys.argv[2])].availableGeometry().adjusted(10, 10, -10, -10))
console.show()
shared = QWidget()
placer = Placer(shared, store, facilitator=console)
offers = []
placer.offer_screen.connect(offers.append)
out = {"screens": {s.name(): list(s.geometry().getRect()) for s in QGuiApplication.screens()},
       "console": console.screen().name()}
placer.place()
out["placed"] = where(shared)
projector = out["placed"]["screen"]
placer.handle_removed(projector, [n for n in names if n != projector])
out["unplugged"] = where(shared)
placer.handle_added(projector)
out["offers"] = offers
placer.project_on(projector)
out["replugged"] = where(shared)
out["remembered"] = store.load().shared_screen
print(json.dumps(out))
"""


def run_placer(config: Path, settings: Path, console_screen: int = 0) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
    env.pop("QT_SCALE_FACTOR", None)
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(settings), str(console_screen)],
                          capture_output=True, text=True, env=env, timeout=120, cwd=HERE.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def inside(rect: list[int], screen: list[int]) -> bool:
    x, y, w, h = rect
    sx, sy, sw, sh = screen
    return sx <= x and sy <= y and x + w <= sx + sw and y + h <= sy + sh


def test_full_screen_on_the_projector_then_a_window_when_unplugged_and_back_when_plugged(tmp_path: Path) -> None:
    out = run_placer(SCREENS, tmp_path / "settings.json")
    assert set(out["screens"]) == {"Laptop", "Projector"}
    assert out["console"] == "Laptop"
    assert out["placed"] == {"screen": "Projector", "full": True, "visible": True,
                             "geometry": out["screens"]["Projector"]}
    # Unplugged: a normal window on the laptop, inside it, not covering the console's whole screen.
    unplugged = out["unplugged"]
    assert unplugged["screen"] == "Laptop" and not unplugged["full"] and unplugged["visible"]
    assert inside(unplugged["geometry"], out["screens"]["Laptop"])
    assert unplugged["geometry"][2] < out["screens"]["Laptop"][2]
    # Plugged back: offered, and once accepted full-screen there again, remembered by name.
    assert out["offers"] == ["Projector"]
    assert out["replugged"]["screen"] == "Projector" and out["replugged"]["full"]
    assert out["remembered"] == "Projector"


def test_the_console_on_the_big_screen_sends_the_room_view_to_the_other(tmp_path: Path) -> None:
    out = run_placer(SCREENS, tmp_path / "settings.json", console_screen=1)
    assert out["console"] == "Projector"
    assert out["placed"]["screen"] == "Laptop" and out["placed"]["full"]


def test_the_remembered_screen_wins_among_several(tmp_path: Path) -> None:
    screens = json.loads(SCREENS.read_text(encoding="utf-8"))
    screens["screens"].append({"name": "TV", "x": 3286, "y": 0, "width": 1280, "height": 720, "logicalDpi": 96,
                               "logicalBpp": 32, "dpr": 1})
    config = tmp_path / "three.json"
    config.write_text(json.dumps(screens), encoding="utf-8")
    settings = tmp_path / "settings.json"
    assert run_placer(config, settings)["placed"]["screen"] == "Projector"
    SettingsFile(settings).save(Settings(shared_screen="TV"))
    out = run_placer(config, settings)
    assert out["placed"] == {"screen": "TV", "full": True, "visible": True, "geometry": [3286, 0, 1280, 720]}


SHARED_SCRIPT = r"""
import json, sys
from PySide6.QtWidgets import QApplication
app = QApplication([])
from workshop_app.core.workshop import Workshop
from workshop_app.gui.session import Session
from workshop_app.gui.shared_screen import SharedScreen
session = Session(Workshop.open(sys.argv[1]))
shared = SharedScreen(session)
shared.present()
print(json.dumps({"screen": shared.screen().name(), "full": shared.isFullScreen(),
                  "size": [shared.width(), shared.height()], "px": shared.scene.answer_px}))
session.close()
"""


def test_the_shared_screen_presents_itself_on_the_projector(demo_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={SCREENS}"}
    done = subprocess.run([sys.executable, "-c", SHARED_SCRIPT, str(demo_path)], capture_output=True, text=True,
                          env=env, timeout=120, cwd=HERE.parent)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["screen"] == "Projector" and out["full"]
    assert out["size"] == [1920, 1080]
    assert out["px"] == pytest.approx(1080 / 30)
    # Remembered for next time, in the app's own config folder.
    assert SettingsFile().load().shared_screen == "Projector"
