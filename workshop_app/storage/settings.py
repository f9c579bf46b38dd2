"""What the app remembers between runs: one typed model, kept in one JSON file in the config folder.

The file is written whole or not at all (see ``files.write_text_atomic``). A file that is damaged or
edited by hand into something else gives the defaults for whatever cannot be read, with a one-line
warning; a missing file is simply a first run. Settings are a convenience: failing to read or store
them never stops a workshop.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from workshop_app.storage import paths
from workshop_app.storage.files import remove_quietly, write_text_atomic

MAX_RECENT = 10
FILE_NAME = "preferences.json"
# Earlier versions kept the shared screen's choices in a file of their own; its keys move in here.
OLD_SHARED_SCREEN_FILE = "shared_screen.json"
OLD_SHARED_SCREEN_KEYS = {"screen": "shared_screen", "theme": "shared_theme"}

ThemeName = Literal["dark", "light"]
TimerOption = Literal["auto_start_timer", "sound_on_time_up"]

log = logging.getLogger(__name__)
_warned: set[str] = set()


class Settings(BaseModel):
    """Every choice the app remembers, with its type and its default."""

    model_config = ConfigDict(validate_assignment=True, extra="ignore")

    auto_start_timer: bool = False  # a step's timer starts when the room moves to the step
    sound_on_time_up: bool = True  # the system sound plays when a step's time runs out
    recent: list[Path] = Field(default_factory=list)  # workshops opened lately, newest first
    shared_screen: str | None = None  # the screen the shared window last went full-screen on
    shared_theme: ThemeName = "dark"

    @field_validator("recent")
    @classmethod
    def _newest_few(cls, value: list[Path]) -> list[Path]:
        return value[:MAX_RECENT]

    def add_recent(self, path: Path) -> None:
        """Put a workshop first in the recent list (once, by its full path)."""
        path = Path(path).resolve()
        self.recent = [path, *(p for p in self.recent if p != path)]


class SettingsFile:
    """The settings file: ``path``, or the one in the app's config folder."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path

    @property
    def path(self) -> Path:
        # Looked up on each use: the config folder follows WORKSHOP_APP_HOME.
        return self._path if self._path is not None else paths.config_dir() / FILE_NAME

    def load(self) -> Settings:
        """The saved settings; defaults for a missing file and for anything in it that cannot be read."""
        path = self.path
        data: dict[str, Any] = {}
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            pass
        except (OSError, UnicodeDecodeError) as exc:
            _warn(f"The settings in {path} could not be read ({_reason(exc)}); the defaults are used.")
        else:
            try:
                parsed = json.loads(text)
            except ValueError as exc:
                _warn(f"The settings in {path} are not valid JSON ({exc}); the defaults are used.")
            else:
                if isinstance(parsed, dict):
                    data = parsed
                else:
                    _warn(f"The settings in {path} are not a JSON object; the defaults are used.")
        if self._path is None:
            data = _with_old_shared_screen_file(path, data)
        return _validated(path, data)

    def save(self, settings: Settings) -> None:
        """Store the settings whole; a failure is a one-line warning, not an error."""
        path = self.path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, settings.model_dump_json(indent=2) + "\n")
        except OSError as exc:
            _warn(f"The settings could not be saved to {path} ({_reason(exc)}).")

    @contextmanager
    def edit(self) -> Iterator[Settings]:
        """The settings to change in a ``with`` block; saved when the block ends without an error."""
        settings = self.load()
        yield settings
        self.save(settings)


def _validated(path: Path, data: dict[str, Any]) -> Settings:
    """Settings from ``data``, each setting that does not fit its type left at its default."""
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        bad = sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]})
    _warn(f"The settings in {path} have values that do not fit ({', '.join(bad)}); their defaults are used.")
    try:
        return Settings.model_validate({k: v for k, v in data.items() if k not in bad})
    except ValidationError:
        return Settings()


def _with_old_shared_screen_file(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """Move the shared screen's settings from an earlier version's own file into this one."""
    old = path.with_name(OLD_SHARED_SCREEN_FILE)
    try:
        parsed = json.loads(old.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return data
    except (OSError, ValueError):
        parsed = {}
    merged = dict(data)
    if isinstance(parsed, dict):
        for old_key, key in OLD_SHARED_SCREEN_KEYS.items():
            if old_key in parsed and key not in merged:
                merged[key] = parsed[old_key]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, json.dumps(merged, indent=2, ensure_ascii=False) + "\n")
    except OSError:
        return merged  # the old file stays until its settings are safely here
    remove_quietly(old)
    return merged


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def _warn(message: str) -> None:
    """Log a warning once per run: settings are read often, and one line says it."""
    if message not in _warned:
        _warned.add(message)
        log.warning(message)
