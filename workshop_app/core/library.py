"""Loading exercise and agenda files: every good file loads, every broken one gives one clear message."""

from __future__ import annotations

import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from workshop_app.core.plan import agenda_slots, plan_problems
from workshop_app.model.exercises import Agenda, ExerciseDef

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 8


@dataclass(frozen=True)
class LoadError:
    """One file that could not be loaded, and why, in words a facilitator can act on."""

    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path.name}: {self.message}"


@dataclass
class Library:
    """All exercises and agendas found, plus the files that were refused."""

    exercises: dict[str, ExerciseDef] = field(default_factory=dict)
    agendas: dict[str, Agenda] = field(default_factory=dict)
    errors: list[LoadError] = field(default_factory=list)
    # Agendas that load but do not fit the clock or the room they are planned for (see core.plan).
    warnings: list[LoadError] = field(default_factory=list)


def describe_validation_error(err: ValidationError) -> str:
    """Turn pydantic's report into 'field: problem' sentences."""
    parts = []
    for e in err.errors()[:3]:
        where = ".".join(str(p) for p in e["loc"]) or "file"
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown key; check its spelling or remove it"
        elif e["type"] == "missing":
            msg = "required but missing; add it"
        parts.append(f"{where}: {msg}")
    more = len(err.errors()) - 3
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts)


def _depth(value: object, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level + 1)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level + 1)
    return level


def _keys_too_deep(text: str) -> bool:
    """Dotted keys nested thousands deep take the TOML parser minutes; spot them before parsing."""
    for line in text.splitlines():
        key = line if line.lstrip().startswith("[") else line.split("=", 1)[0]
        if key.count(".") > 8 * MAX_DEPTH:
            return True
    return False


def read_toml(path: Path) -> dict:
    """Read a TOML data file with its size and nesting bounded; raises ValueError with a plain message."""
    try:
        st = path.stat()  # through a link, to what it points at
    except OSError as exc:
        raise ValueError(f"cannot be read ({exc.strerror})") from exc
    if not stat.S_ISREG(st.st_mode):
        # Opening a pipe waits for a writer forever; a device may never end: not even opened.
        raise ValueError("is not a file but a device, a pipe or a folder (or a link to one); it was skipped")
    size = st.st_size
    if size > MAX_FILE_BYTES:
        raise ValueError(f"is {size // 1024} KiB; exercise files may be at most {MAX_FILE_BYTES // 1024} KiB")
    try:
        with open(path, "rb") as fh:
            content = fh.read(MAX_FILE_BYTES + 1)  # bounded: it may have grown since it was measured
        if len(content) > MAX_FILE_BYTES:
            raise ValueError(f"is over {MAX_FILE_BYTES // 1024} KiB; exercise files may be at most that")
        raw = content.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError as exc:
        raise ValueError("is not UTF-8 text; save it as UTF-8") from exc
    except OSError as exc:
        raise ValueError(f"cannot be read ({exc.strerror})") from exc
    if _keys_too_deep(raw):
        raise ValueError(f"is nested more than {MAX_DEPTH} levels deep")
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"is not valid TOML ({exc})") from exc
    except RecursionError as exc:
        raise ValueError("is nested too deeply") from exc
    if _depth(data) > MAX_DEPTH:
        raise ValueError(f"is nested more than {MAX_DEPTH} levels deep")
    return data


def load_exercise(path: Path) -> ExerciseDef:
    """Load one exercise file; raises ValueError naming the field and the fix."""
    data = read_toml(path)
    try:
        return ExerciseDef.model_validate(data)
    except ValidationError as exc:
        raise ValueError(describe_validation_error(exc)) from None


def load_agenda(path: Path) -> Agenda:
    data = read_toml(path)
    try:
        return Agenda.model_validate(data)
    except ValidationError as exc:
        raise ValueError(describe_validation_error(exc)) from None


def check_file(path: Path) -> ExerciseDef | Agenda:
    """Load a file as an agenda when it sits in an ``agendas`` folder, else as an exercise."""
    if path.parent.name == "agendas":
        return load_agenda(path)
    return load_exercise(path)


def _same_id(path: Path, first: Path, file_id: str) -> LoadError:
    return LoadError(path, f"has the id '{file_id}', as {first.name} does; {first.name} is used. "
                           "Give one of the two another id")


def load_library(folders: list[Path] | None = None) -> Library:
    """Load every exercise (``*.toml``) and agenda (``agendas/*.toml``) from the given folders.

    Later folders override earlier ones by id, so a user's copy replaces the shipped one. Two files
    with one id in the same folder are an error naming both; the first by name is used.
    """
    from workshop_app.storage import paths

    if folders is None:
        folders = [paths.exercises_dir(), paths.user_exercises_dir()]
    lib = Library()
    for folder in folders:
        found: dict[str, Path] = {}  # the file each id came from, in this folder
        for path in sorted(folder.glob("*.toml")):
            try:
                ex = load_exercise(path)
            except ValueError as exc:
                lib.errors.append(LoadError(path, str(exc)))
                continue
            if ex.id in found:
                lib.errors.append(_same_id(path, found[ex.id], ex.id))
                continue
            found[ex.id] = path
            lib.exercises[ex.id] = ex
    for folder in folders:
        found = {}
        for path in sorted((folder / "agendas").glob("*.toml")):
            try:
                agenda = load_agenda(path)
            except ValueError as exc:
                lib.errors.append(LoadError(path, str(exc)))
                continue
            if agenda.id in found:
                lib.errors.append(_same_id(path, found[agenda.id], agenda.id))
                continue
            found[agenda.id] = path
            missing = [s.exercise for s in agenda.steps if s.exercise and s.exercise not in lib.exercises]
            if missing:
                lib.errors.append(LoadError(path, f"steps: unknown exercise '{missing[0]}'; use an id from the exercise files"))
                continue
            lib.agendas[agenda.id] = agenda
            for problem in plan_problems(agenda_slots(lib.exercises, agenda), agenda.people):
                lib.warnings.append(LoadError(path, problem))
    return lib
