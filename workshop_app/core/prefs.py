"""Preferences and the recent-workshops list: a small JSON file in the config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from workshop_app.storage import paths

MAX_RECENT = 10


def _file() -> Path:
    return paths.config_dir() / "preferences.json"


def load() -> dict[str, Any]:
    """All preferences; a missing or unreadable file gives the defaults, never an error."""
    try:
        data = json.loads(_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(data: dict[str, Any]) -> None:
    """Write atomically, so a crash never leaves half a preferences file."""
    target = _file()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        pass  # preferences are a convenience; failing to store them must not disturb the workshop


def get(key: str, default: Any = None) -> Any:
    return load().get(key, default)


def put(key: str, value: Any) -> None:
    data = load()
    data[key] = value
    save(data)


def recent() -> list[Path]:
    items = get("recent", [])
    return [Path(p) for p in items if isinstance(p, str)][:MAX_RECENT]


def add_recent(path: Path) -> None:
    path = Path(path).resolve()
    items = [str(path)] + [str(p) for p in recent() if p != path]
    put("recent", items[:MAX_RECENT])


def forget_recent(path: Path) -> None:
    put("recent", [str(p) for p in recent() if p != Path(path)])
