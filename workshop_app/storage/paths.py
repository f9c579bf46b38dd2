"""Where the app keeps its own files: preferences, recent workshops, backups, user exercises.

``WORKSHOP_APP_HOME`` moves all of them under one folder (every test sets it).
"""

from __future__ import annotations

import os
from pathlib import Path

APP_DIR_NAME = "workshop-app"


def _home_override() -> Path | None:
    value = os.environ.get("WORKSHOP_APP_HOME")
    return Path(value) if value else None


def config_dir() -> Path:
    """Preferences and the recent-workshops list."""
    home = _home_override()
    if home:
        return home / "config"
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_DIR_NAME, appauthor=False))


def data_dir() -> Path:
    """Backups and the user's own exercise files."""
    home = _home_override()
    if home:
        return home / "data"
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def backup_dir() -> Path:
    return data_dir() / "backups"


def user_exercises_dir() -> Path:
    return data_dir() / "exercises"


def _bundled(name: str) -> Path:
    """A data folder shipped with the app: inside the package when installed, beside it in a checkout."""
    here = Path(__file__).resolve().parent.parent
    installed = here / name
    if installed.is_dir():
        return installed
    return here.parent / name


def exercises_dir() -> Path:
    return _bundled("exercises")


def resources_dir() -> Path:
    return _bundled("resources")
