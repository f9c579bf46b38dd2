"""What the app remembers between runs: one typed settings file, read safely whatever it holds."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint

from workshop_app.gui.main_window import MainWindow
from workshop_app.storage.settings import MAX_RECENT, Settings, SettingsFile


def settings_path(app_home: Path) -> Path:
    return app_home / "config" / "preferences.json"


def test_a_first_run_has_the_defaults_and_writes_nothing(app_home: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert SettingsFile().load() == Settings()
    assert Settings() == Settings(auto_start_timer=False, sound_on_time_up=True, recent=[], shared_screen=None,
                                  shared_theme="dark")
    assert not settings_path(app_home).exists() and not caplog.records


def test_settings_are_saved_with_their_types_and_read_back(app_home: Path, tmp_path: Path) -> None:
    with SettingsFile().edit() as settings:
        settings.auto_start_timer = True
        settings.shared_theme = "light"
        settings.add_recent(tmp_path / "a.workshop")
    data = json.loads(settings_path(app_home).read_text(encoding="utf-8"))
    assert data["auto_start_timer"] is True and data["shared_theme"] == "light"
    assert data["recent"] == [str((tmp_path / "a.workshop").resolve())]
    again = SettingsFile().load()
    assert again.auto_start_timer and again.recent == [(tmp_path / "a.workshop").resolve()]
    assert [p.name for p in settings_path(app_home).parent.iterdir()] == ["preferences.json"]  # no temporary left


def test_a_wrong_type_is_refused_before_it_is_saved() -> None:
    settings = Settings()
    with pytest.raises(ValueError):
        settings.shared_theme = "purple"  # type: ignore[assignment]
    with pytest.raises(ValueError):
        settings.no_such_setting = 1  # type: ignore[attr-defined]


def test_the_recent_list_keeps_the_newest_ten_once_each(tmp_path: Path) -> None:
    settings = Settings()
    for n in range(MAX_RECENT + 3):
        settings.add_recent(tmp_path / f"{n}.workshop")
    settings.add_recent(tmp_path / "5.workshop")
    names = [p.name for p in settings.recent]
    assert len(names) == MAX_RECENT and names[:3] == ["5.workshop", "12.workshop", "11.workshop"]
    assert names.count("5.workshop") == 1


@pytest.mark.parametrize("content", ["not json {", "[1, 2]", '"a string"', "\xff\xfe garbage"])
def test_a_damaged_file_gives_the_defaults_and_one_warning(app_home: Path, caplog: pytest.LogCaptureFixture,
                                                            content: str) -> None:
    path = settings_path(app_home)
    path.parent.mkdir(parents=True)
    path.write_bytes(content.encode("latin-1"))
    caplog.set_level(logging.WARNING)
    assert SettingsFile().load() == Settings()
    assert SettingsFile().load() == Settings()  # read again: not warned again
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert "\n" not in message and str(path) in message and "defaults" in message


def test_a_hand_edited_file_keeps_what_fits_and_defaults_the_rest(app_home: Path, tmp_path: Path,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    path = settings_path(app_home)
    path.parent.mkdir(parents=True)
    workshop = tmp_path / "kept.workshop"
    path.write_text(json.dumps({
        "auto_start_timer": "sometimes", "sound_on_time_up": False, "recent": [str(workshop)],
        "shared_theme": "blue", "shared_screen": "HDMI-1", "a key from elsewhere": 3,
    }), encoding="utf-8")
    caplog.set_level(logging.WARNING)
    settings = SettingsFile().load()
    assert settings == Settings(sound_on_time_up=False, recent=[workshop], shared_screen="HDMI-1")
    [record] = caplog.records
    assert "auto_start_timer, shared_theme" in record.getMessage()
    # The next change writes a file that reads back without a warning.
    with SettingsFile().edit() as again:
        again.auto_start_timer = True
    caplog.clear()
    assert SettingsFile().load().auto_start_timer and not caplog.records


def test_the_shared_screen_file_of_an_earlier_version_moves_in(app_home: Path) -> None:
    config = app_home / "config"
    config.mkdir(parents=True)
    (config / "preferences.json").write_text('{"sound_on_time_up": false}', encoding="utf-8")
    (config / "shared_screen.json").write_text('{"screen": "Projector", "theme": "light"}', encoding="utf-8")
    settings = SettingsFile().load()
    assert settings == Settings(sound_on_time_up=False, shared_screen="Projector", shared_theme="light")
    assert [p.name for p in config.iterdir()] == ["preferences.json"]
    assert SettingsFile().load() == settings


def test_settings_that_cannot_be_saved_are_a_warning(app_home: Path, caplog: pytest.LogCaptureFixture) -> None:
    (app_home / "config").write_text("a file where the settings folder should be", encoding="utf-8")
    caplog.set_level(logging.WARNING)
    with SettingsFile().edit() as settings:
        settings.auto_start_timer = True
    save = caplog.records[-1].getMessage()  # reading it may have been warned about first
    assert "could not be saved" in save and "\n" not in save
    assert SettingsFile().load() == Settings()


def start_window(qtbot) -> MainWindow:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.start.recent.count() > 0)  # listed once the window has painted
    return window


def recent_texts(window: MainWindow) -> list[str]:
    return [window.start.recent.item(i).text() for i in range(window.start.recent.count())]


def test_opened_workshops_are_listed_on_the_start_screen_next_time(qtbot, demo_path: Path, tmp_path: Path) -> None:
    window = start_window(qtbot)
    assert recent_texts(window) == ["Workshops you open appear here."]
    other = tmp_path / "second.workshop"
    shutil.copyfile(demo_path, other)
    for path in (demo_path, other):
        window.open_path(path)
        assert window.session is not None
        window.close_workshop()
    assert recent_texts(window) == [f"second\n{tmp_path}", f"demo\n{tmp_path}"]
    window.close()

    other.unlink()
    again = start_window(qtbot)
    assert recent_texts(again) == [f"second (missing)\n{tmp_path}", f"demo\n{tmp_path}"]
    assert not again.start.recent.item(0).flags() & again.start.recent.item(0).flags().ItemIsEnabled
    again.start.recent.setCurrentRow(1)
    with qtbot.waitSignal(again.start.recent_requested):
        qtbot.keyClick(again.start.recent, "\r")
    assert again.session is not None and again.session.workshop.path == demo_path.resolve()
    again.close_workshop()


def open_view_menu(window: MainWindow) -> None:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    menu.popup(window.mapToGlobal(QPoint(20, 20)))  # the menu reads its ticks as it opens
    menu.hide()


def test_the_timer_options_are_remembered_for_the_next_run(qtbot, app_home: Path) -> None:
    window = start_window(qtbot)
    open_view_menu(window)
    auto, sound = window.actions_by_id["auto-timer"], window.actions_by_id["timer-sound"]
    assert not auto.isChecked() and sound.isChecked()
    auto.trigger()
    sound.trigger()
    assert auto.isChecked() and not sound.isChecked()
    window.close()
    saved = json.loads(settings_path(app_home).read_text(encoding="utf-8"))
    assert saved["auto_start_timer"] is True and saved["sound_on_time_up"] is False

    again = start_window(qtbot)
    open_view_menu(again)
    assert again.actions_by_id["auto-timer"].isChecked() and not again.actions_by_id["timer-sound"].isChecked()


STARTS = """
from PySide6.QtWidgets import QApplication
from workshop_app.gui.app import make_app
app = make_app()
from workshop_app.gui.main_window import MainWindow
window = MainWindow()
window.show()
while window.start.recent.count() == 0:
    app.processEvents()
print("listed:", window.start.recent.item(0).text().splitlines()[0], flush=True)
"""


def test_the_app_starts_with_a_damaged_settings_file_and_says_so_in_one_line(app_home: Path) -> None:
    path = settings_path(app_home)
    path.parent.mkdir(parents=True)
    path.write_text('{"recent": ["unfinished', encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", STARTS], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "listed: Workshops you open appear here."
    lines = [line for line in done.stderr.splitlines() if "propagateSizeHints" not in line]
    assert len(lines) == 1 and lines[0].startswith(f"The settings in {path} are not valid JSON (")
    assert lines[0].endswith("); the defaults are used.")
