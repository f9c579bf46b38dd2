"""The lossless JSON form of a workshop, its published schema, and reading it back safely."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from pydantic import ValidationError

from workshop_app.core.library import describe_validation_error
from workshop_app.export.common import Progress
from workshop_app.model.document import WorkshopDoc
from workshop_app.model.exercises import ExerciseDef, readable_source
from workshop_app.model.references import document_problems
from workshop_app.storage.files import write_text_atomic

MAX_IMPORT_BYTES = 1024 * 1024 * 16
MAX_DEPTH = 32
MAX_NUMBER = 1e9  # no count, position, value or coordinate in a workshop comes near it


class JsonImportError(ValueError):
    """A JSON file that cannot be imported, with a message naming the file, the field and the fix."""


def _readable(exercise: ExerciseDef) -> ExerciseDef:
    notes = exercise.notes
    facts = [f.model_copy(update={"source": readable_source(f.source)}) for f in notes.facts]
    return exercise.model_copy(update={
        "source": readable_source(exercise.source),
        "notes": notes.model_copy(update={"facts": facts}),
    })


def published(doc: WorkshopDoc) -> WorkshopDoc:
    """The workshop as it is exported: the articles exercises are built on named by their titles."""
    steps = [s.model_copy(update={"exercise": _readable(s.exercise)}) if s.exercise else s for s in doc.steps]
    return doc.model_copy(update={"steps": steps})


def dump_json(doc: WorkshopDoc) -> str:
    """The whole workshop as JSON; the same document always gives the same text."""
    return published(doc).model_dump_json(indent=2) + "\n"


def write_json(doc: WorkshopDoc, out: Path, progress: Progress | None = None) -> None:
    """Export the whole workshop as JSON; a failed write leaves any earlier file at ``out`` as it was."""
    write_text_atomic(out, dump_json(doc))
    if progress:
        progress(1, 1)


def json_schema() -> str:
    """The published JSON schema of workshop exports."""
    schema = WorkshopDoc.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Workshop"
    schema["description"] = "A workshop exported by Workshop Room, complete and importable."
    # Every other field has a default; without "format" the importer refuses the file.
    schema["required"] = ["format"]
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def write_schema(out: Path) -> None:
    """Write the JSON schema to a file, whole or not at all."""
    write_text_atomic(out, json_schema())


def _too_deep(text: str) -> bool:
    """Check nesting before parsing, so a hostile file cannot exhaust the parser."""
    depth = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif ch in "]}":
            depth -= 1
    return False


class _NotANumber(ValueError):
    pass


def _refuse_constant(word: str) -> float:
    """JSON has no NaN or Infinity; Python's reader accepts them unless told otherwise."""
    raise _NotANumber(word)


def _out_of_range(value: object, where: str = "") -> str | None:
    """Where the first number beyond ±MAX_NUMBER is ('steps.2.minutes'), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return where or "the file" if abs(value) > MAX_NUMBER else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)  # type: ignore[assignment]
    else:
        return None
    for key, inner in items:
        found = _out_of_range(inner, f"{where}.{key}" if where else str(key))
        if found:
            return found
    return None


def _duplicate_id(doc: WorkshopDoc) -> str | None:
    """The first row whose id another row of its kind has too ('answer 3f…'), or None.

    Read into the workshop file, the second would silently replace the first.
    """
    kinds = (("participant", doc.participants), ("group", doc.groups), ("step", doc.steps),
             ("answer", doc.items), ("action", doc.actions))
    for kind, rows in kinds:
        seen: set[str] = set()
        for row in rows:
            if row.id in seen:
                return f"{kind} {row.id}"
            seen.add(row.id)
    return None


def parse_json(text: str, name: str = "the file") -> WorkshopDoc:
    if len(text.encode("utf-8", "surrogatepass")) > MAX_IMPORT_BYTES:
        raise JsonImportError(f"{name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB; it cannot be a workshop export.")
    if _too_deep(text):
        raise JsonImportError(f"{name} is nested more than {MAX_DEPTH} levels deep; it is not a workshop export.")
    try:
        data = json.loads(text, parse_constant=_refuse_constant)
    except _NotANumber as exc:
        raise JsonImportError(f"{name} holds {exc.args[0]}, which is not a number a workshop can hold.") from None
    except (json.JSONDecodeError, RecursionError) as exc:
        raise JsonImportError(f"{name} is not valid JSON ({exc}).") from None
    if not isinstance(data, dict) or data.get("format") != "workshop-app":
        raise JsonImportError(f"{name} is not a workshop export: it lacks \"format\": \"workshop-app\".")
    where = _out_of_range(data)
    if where is not None:
        raise JsonImportError(
            f"{name}: {where}: the number is too large (at most {MAX_NUMBER:,.0f} either way); "
            "it is not a workshop export, or it was changed by hand."
        )
    try:
        doc = WorkshopDoc.model_validate(data)
    except ValidationError as exc:
        raise JsonImportError(f"{name}: {describe_validation_error(exc)}") from None
    twice = _duplicate_id(doc)
    if twice is not None:
        raise JsonImportError(f"{name}: {twice} appears twice; each must have an id of its own. Nothing was imported.")
    problems = document_problems(doc)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise JsonImportError(f"{name}: {problems[0]}{more}")
    return doc


def load_json(path: Path) -> WorkshopDoc:
    """Read a workshop export, size and depth checked before parsing."""
    try:
        st = path.stat()
    except OSError as exc:
        raise JsonImportError(f"{path.name} cannot be read ({exc.strerror}).") from None
    if not stat.S_ISREG(st.st_mode):
        raise JsonImportError(f"{path.name} is not a file but a device, a pipe or a folder; it cannot be imported.")
    size = st.st_size
    if size > MAX_IMPORT_BYTES:
        raise JsonImportError(f"{path.name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MiB; it cannot be a workshop export.")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_IMPORT_BYTES + 1)  # bounded: the file may have grown since it was measured
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise JsonImportError(f"{path.name} is not UTF-8 text.") from None
    except OSError as exc:
        raise JsonImportError(f"{path.name} cannot be read ({exc.strerror}).") from None
    return parse_json(text, path.name)
