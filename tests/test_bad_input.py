"""Bad input of every kind: oversized or hostile files refused quickly with a message, hostile text
cleaned, and every way a workshop can fail to open handled with plain words and a way out."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import time
from pathlib import Path

import pytest

from tests.conftest import board_step
from workshop_app.core.library import MAX_FILE_BYTES, load_exercise, load_library, read_toml
from workshop_app.core.workshop import Workshop, WorkshopError
from workshop_app.export.json_io import MAX_DEPTH, MAX_IMPORT_BYTES, JsonImportError, dump_json, load_json, parse_json
from workshop_app.model.document import Step, WorkshopDoc, WorkshopInfo
from workshop_app.model.text import NOTE_MAX
from workshop_app.storage.backup import list_backups
from workshop_app.storage.lock import lock_path
from workshop_app.storage.workshop_file import SCHEMA_VERSION

REPO = Path(__file__).resolve().parents[1]
QUICK_S = 2.0  # "refused quickly": far below this on any machine


def timed(fn, *args):
    started = time.perf_counter()
    try:
        return fn(*args), time.perf_counter() - started
    except Exception as exc:  # noqa: BLE001 - returned for the test to look at
        return exc, time.perf_counter() - started


# -- exercise files (TOML) ---------------------------------------------------------------------------
def test_oversized_toml_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "huge.toml"
    with open(big, "wb") as fh:
        fh.truncate(20 * 1024 * 1024)  # 20 MB
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    result, took = timed(read_toml, big)
    assert isinstance(result, ValueError) and took < QUICK_S
    assert str(result) == f"is 20480 KiB; exercise files may be at most {MAX_FILE_BYTES // 1024} KiB"
    assert read == []  # never read, let alone parsed
    just_over = tmp_path / "over.toml"
    just_over.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    assert "at most 256 KiB" in str(timed(read_toml, just_over)[0])


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("brackets", "x = " + "[" * 100_000 + "]" * 100_000),
        ("inline-tables", "x = " + "{a = " * 40_000 + "1" + "}" * 40_000),
        ("dotted-keys", ".".join(["a"] * 20_000) + " = 1"),
        ("tables", "[" + ".".join(["t"] * 20_000) + "]\nx = 1"),
    ],
)
def test_deeply_nested_toml_refused_quickly(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / f"{name}.toml"
    path.write_text(text[: MAX_FILE_BYTES - 10] if len(text) > MAX_FILE_BYTES else text)
    result, took = timed(read_toml, path)
    assert isinstance(result, ValueError), result
    assert took < QUICK_S, took
    assert "nested" in str(result) or "not valid TOML" in str(result)


def test_bad_exercise_files_each_named_and_the_rest_still_load(tmp_path: Path) -> None:
    shutil.copy(REPO / "exercises" / "rumour-mill.toml", tmp_path)
    (tmp_path / "deep.toml").write_text("x = " + "[" * 100_000 + "]" * 100_000)
    (tmp_path / "binary.toml").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "big.toml").write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    (tmp_path / "typo.toml").write_text((REPO / "exercises" / "rumour-mill.toml").read_text() + "\ntitel = 'x'\n")
    lib, took = timed(load_library, [tmp_path])
    assert took < QUICK_S * 2
    assert list(lib.exercises) == ["rumour-mill"]
    errors = {e.path.name: e.message for e in lib.errors}
    assert set(errors) == {"deep.toml", "binary.toml", "big.toml", "typo.toml"}
    assert "UTF-8" in errors["binary.toml"] and "256 KiB" in errors["big.toml"]
    assert "titel: unknown key" in errors["typo.toml"]
    with pytest.raises(ValueError, match="unknown key"):
        load_exercise(tmp_path / "typo.toml")


# -- workshop exports (JSON) -------------------------------------------------------------------------
def test_deeply_nested_json_refused_quickly(tmp_path: Path) -> None:
    text = "[" * 100_000 + "]" * 100_000
    result, took = timed(parse_json, text, "deep.json")
    assert isinstance(result, JsonImportError) and took < QUICK_S
    assert str(result) == f"deep.json is nested more than {MAX_DEPTH} levels deep; it is not a workshop export."
    objects = '{"format": "workshop-app", "info": ' * 50_000 + "{}" + "}" * 50_000
    result, took = timed(parse_json, objects, "objects.json")
    assert isinstance(result, JsonImportError) and "nested" in str(result) and took < QUICK_S
    # Brackets inside strings are text, not nesting.
    doc = WorkshopDoc(info=WorkshopInfo(title="[[[[{{{{" * 20))
    assert parse_json(dump_json(doc)).info.title == "[[[[{{{{" * 20


def test_huge_json_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = tmp_path / "huge.json"
    with open(big, "wb") as fh:
        fh.truncate(20 * 1024 * 1024)
    read = []
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or b"")
    result, took = timed(load_json, big)
    assert isinstance(result, JsonImportError) and took < QUICK_S and read == []
    assert str(result) == f"huge.json is larger than {MAX_IMPORT_BYTES // 2**20} MiB; it cannot be a workshop export."
    monkeypatch.undo()
    # The same text handed over directly (pasted, dropped) is refused by size as well.
    result, took = timed(parse_json, " " * (20 * 1024 * 1024), "pasted")
    assert isinstance(result, JsonImportError) and "larger than" in str(result) and took < QUICK_S


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xfe{}", "is not UTF-8 text"),
        (b"{not json", "is not valid JSON"),
        (b"[1, 2]", 'lacks "format": "workshop-app"'),
        (b'{"format": "workshop-app", "info": {"title": 5}}', "info.title"),
        (b'{"format": "workshop-app", "items": [{"kind": "note"}]}', "items.0.note.step: required but missing"),
        (b'{"format": "workshop-app", "participants": [{"name": "A", "evil": 1}]}', "evil: unknown key"),
    ],
)
def test_bad_json_named_with_the_field(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(content)
    with pytest.raises(JsonImportError) as caught:
        load_json(path)
    assert str(caught.value).startswith("export.json") and expected in str(caught.value)


def test_json_with_an_overlong_note_is_refused_and_creates_nothing(tmp_path: Path) -> None:
    doc = json.loads(dump_json(WorkshopDoc(steps=[Step(title="s")])))
    doc["items"] = [{"step": doc["steps"][0]["id"], "kind": "note", "text": "x" * (NOTE_MAX + 1)}]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(JsonImportError, match="at most 2000"):
        load_json(path)


# -- text through the core ---------------------------------------------------------------------------
HOSTILE_NAME = "\u202eAnn\x00 \u2066Lee\u2069\x1b[31m \u200f"


def make(path: Path) -> Workshop:
    return Workshop.create(path, WorkshopDoc(info=WorkshopInfo(title="T"), steps=[board_step("Ideas")]))


def test_names_and_titles_lose_control_and_bidi_characters(tmp_path: Path) -> None:
    path = tmp_path / "a.workshop"
    ws = make(path)
    ws.add_participant(HOSTILE_NAME, role="\tSales\u202d\r\n")
    ws.add_group("\u202eTable\x07 1")
    ws.update_info(title="Kick\u2068-off\x00\n 2026", facilitator="Jo\u202a", organisation="\x1bACME")
    ws.update_step(ws.steps[0].id, title="\u202bIdeas\u202c\x0c")
    note = ws.add_note(ws.steps[0].id, "Line one\r\nLine \u202etwo\x00\x08").rows[0][1]
    action = ws.add_action("Call\x00 customers", owner="\u202eBo\u202c").rows[0][1]
    expected = {
        "participant": ("Ann Lee[31m", "Sales"),
        "group": "Table 1",
        "info": ("Kick-off 2026", "Jo", "ACME"),
        "step": "Ideas",
        # Notes keep their lines and their bidi marks (Arabic and Hebrew need them), lose controls.
        "note": "Line one\nLine \u202etwo",
        "action": ("Call customers", "Bo"),
    }

    def seen(w: Workshop) -> dict:
        p = w.participants[0]
        a = w.action(action)
        return {
            "participant": (p.name, p.role),
            "group": w.doc.groups[0].name,
            "info": (w.info.title, w.info.facilitator, w.info.organisation),
            "step": w.steps[0].title,
            "note": w.item(note).text,
            "action": (a.what, a.owner),
        }

    assert seen(ws) == expected
    ws.close()
    again = Workshop.open(path)
    assert seen(again) == expected
    again.close()


def test_names_that_clean_to_nothing_or_run_long_are_refused(tmp_path: Path) -> None:
    ws = make(tmp_path / "a.workshop")
    before = ws.doc.model_dump()
    with pytest.raises(WorkshopError, match="at most 120 characters"):
        ws.add_participant("n" * 121)
    with pytest.raises(WorkshopError, match="at most 2,000 characters"):
        ws.add_note(ws.steps[0].id, "x" * (NOTE_MAX + 1))
    note = ws.add_note(ws.steps[0].id, "short").rows[0][1]
    with pytest.raises(WorkshopError, match="at most 2,000 characters"):
        ws.update_item(note, text="y" * (NOTE_MAX + 1))
    with pytest.raises(WorkshopError, match="at most 2,000 characters"):
        ws.add_action("z" * (NOTE_MAX + 1))
    assert ws.item(note).text == "short"
    ws.undo(ws.delete_items([note]))  # delete and put it back: still consistent
    assert ws.item(note).text == "short"
    assert ws.doc.model_dump()["participants"] == before["participants"] == []
    ws.close()


def test_text_that_cleans_to_nothing_is_refused_so_the_file_always_reopens(tmp_path: Path) -> None:
    """Emptiness is checked after the clean-up: a title of spaces used to be saved empty and then
    refused when the workshop was opened again, as if the file were damaged."""
    path = tmp_path / "a.workshop"
    ws = make(path)
    before = ws.doc.model_dump()
    with pytest.raises(WorkshopError, match="name cannot be empty"):
        ws.add_participant("\u202e\u202c\x00 ")
    with pytest.raises(WorkshopError, match="title cannot be empty"):
        ws.update_info(title="   ")
    with pytest.raises(WorkshopError, match="title cannot be empty"):
        ws.update_step(ws.steps[0].id, title="\u2066\u2069")
    with pytest.raises(WorkshopError, match="what cannot be empty"):
        ws.add_action("\x00\x07")
    with pytest.raises(WorkshopError, match="name cannot be empty"):
        ws.add_group("\t")
    assert ws.doc.model_dump() == before
    ws.close()
    Workshop.open(path).close()
    doc = json.loads(dump_json(WorkshopDoc()))
    doc["participants"] = [{"name": " \u202e "}]
    with pytest.raises(JsonImportError, match="participants.0.name"):
        parse_json(json.dumps(doc), "export.json")


# -- every way opening can fail, through the GUI's open_workshop --------------------------------------
class Boxes:
    """Stands in for the message boxes: records what each said and clicks the scripted answer."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, str, list[str]]] = []
        self.answers: list[str] = []

    def exec(self, box) -> int:
        from PySide6.QtCore import Qt

        assert box.textFormat() == Qt.TextFormat.PlainText
        buttons = {b.text(): b for b in box.buttons()}
        self.seen.append((box.windowTitle(), box.text(), sorted(buttons)))
        answer = self.answers.pop(0) if self.answers else next(iter(buttons))
        assert answer in buttons, (answer, list(buttons), box.text())
        buttons[answer].click()
        return 0

    @property
    def text(self) -> str:
        return self.seen[-1][1]


@pytest.fixture
def boxes(qtbot, monkeypatch: pytest.MonkeyPatch) -> Boxes:
    from PySide6.QtWidgets import QMessageBox

    recorder = Boxes()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: recorder.exec(box))
    return recorder


def damage(path: Path) -> bytes:
    data = bytearray(path.read_bytes())
    data[4096:] = b"\xa5" * (len(data) - 4096)
    path.write_bytes(bytes(data))
    return bytes(data)


def test_damaged_file_offers_the_newest_good_backup(tmp_path: Path, boxes: Boxes) -> None:
    from workshop_app.gui.recovery import CHOOSE_BACKUP, RESTORE, open_workshop

    path = tmp_path / "Kick-off.workshop"
    ws = make(path)
    ws.add_note(ws.steps[0].id, "kept in the backup")
    ws.close()
    broken = damage(path)
    boxes.answers = [RESTORE]
    restored = open_workshop(None, path)
    title, text, choices = boxes.seen[0]
    assert choices == sorted([RESTORE, CHOOSE_BACKUP, "Cancel"])
    assert text.startswith("Kick-off.workshop is damaged and cannot be opened safely")
    assert "The newest good backup was taken today" in text and "1 notes" in text
    assert "“Kick-off (restored).workshop”" in text
    assert restored is not None and restored.path == tmp_path / "Kick-off (restored).workshop"
    assert [i.text for i in restored.items(restored.steps[0].id)] == ["kept in the backup"]
    assert not restored.readonly
    restored.close()
    assert path.read_bytes() == broken  # the damaged file is left as it was


def test_damaged_file_choose_another_backup(tmp_path: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QDialog

    from workshop_app.gui import recovery

    path = tmp_path / "a.workshop"
    ws = make(path)
    from workshop_app.storage.backup import create_backup

    create_backup(ws.file)
    ws.add_note(ws.steps[0].id, "newer")
    create_backup(ws.file)
    ws.close()
    damage(path)

    def pick_oldest(dialog: recovery.RestoreDialog) -> int:
        tree = dialog.tree
        assert tree.topLevelItemCount() == len(list_backups(path)) >= 2
        tree.setCurrentItem(tree.topLevelItem(tree.topLevelItemCount() - 1))
        dialog.restore_selected()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(recovery.RestoreDialog, "exec", pick_oldest)
    boxes.answers = [recovery.CHOOSE_BACKUP]
    restored = recovery.open_workshop(None, path)
    assert restored is not None and restored.items(restored.steps[0].id) == []
    restored.close()


def test_damaged_file_without_backup_says_so(tmp_path: Path, boxes: Boxes) -> None:
    from workshop_app.gui.recovery import open_workshop

    path = tmp_path / "a.workshop"
    make(path).close()  # closed unchanged since creation: no backup was needed
    assert list_backups(path) == []
    damage(path)
    assert open_workshop(None, path) is None
    assert "There is no backup of it on this computer. Keep the damaged file" in boxes.text
    assert boxes.seen[0][2] == ["OK"]


def test_newer_version_offers_read_only(tmp_path: Path, boxes: Boxes) -> None:
    from workshop_app.gui.recovery import OPEN_READ_ONLY, open_workshop

    path = tmp_path / "future.workshop"
    ws = make(path)
    ws.add_note(ws.steps[0].id, "from the future")
    ws.close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    boxes.answers = [OPEN_READ_ONLY]
    opened = open_workshop(None, path)
    assert "was saved by a newer version of Workshop Room" in boxes.text
    assert "open it read-only" in boxes.text
    assert opened is not None and opened.readonly
    assert [i.text for i in opened.items(opened.steps[0].id)] == ["from the future"]
    with pytest.raises(Exception, match="read-only"):
        opened.add_note(opened.steps[0].id, "no")
    opened.close()
    assert path.read_bytes() == before  # not migrated, not written
    assert not lock_path(path).exists()


def test_not_a_workshop_is_refused(tmp_path: Path, boxes: Boxes) -> None:
    from workshop_app.gui.recovery import open_workshop

    for name, content in [("notes.workshop", b"hello"), ("empty.workshop", b"")]:
        path = tmp_path / name
        path.write_bytes(content)
        assert open_workshop(None, path) is None
        assert "not a workshop file" in boxes.text and "create a new workshop" in boxes.text
    other = tmp_path / "other.workshop"
    sqlite3.connect(other).execute("CREATE TABLE t(x)").connection.commit()
    assert open_workshop(None, other) is None
    assert "is a database, but not a workshop file" in boxes.text
    assert all(choices == ["OK"] for _, _, choices in boxes.seen)


def test_open_elsewhere_names_who_and_offers_read_only(tmp_path: Path, boxes: Boxes) -> None:
    from workshop_app.gui.recovery import OPEN_ANYWAY, OPEN_READ_ONLY, open_workshop

    path = tmp_path / "a.workshop"
    ws = make(path)
    boxes.answers = [OPEN_READ_ONLY]
    viewer = open_workshop(None, path)
    assert "is already open in Workshop Room by" in boxes.text and "on this computer" in boxes.text
    assert boxes.seen[-1][2] == sorted([OPEN_READ_ONLY, "Cancel"])  # a live copy here cannot be taken over
    assert viewer is not None and viewer.readonly
    viewer.close()
    ws.close()
    lock_path(path).write_text(json.dumps(
        {"pid": 1, "host": "ROOM-PC-7", "user": "jo", "time": "2026-05-01T09:00:00+00:00", "token": "x"}
    ))
    boxes.answers = ["Cancel"]
    assert open_workshop(None, path) is None
    assert "by jo on the computer ROOM-PC-7" in boxes.text and "crashed or was switched off" in boxes.text
    boxes.answers = [OPEN_ANYWAY]
    taken = open_workshop(None, path)
    assert taken is not None and not taken.readonly
    taken.add_note(taken.steps[0].id, "mine now")
    taken.close()


def test_read_only_folder_offers_read_only_or_a_copy(
    tmp_path: Path, boxes: Boxes, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from PySide6.QtWidgets import QFileDialog

    import workshop_app.storage.lock as lock_mod
    from workshop_app.gui.recovery import OPEN_READ_ONLY, SAVE_COPY, open_workshop

    stick = tmp_path / "stick"
    stick.mkdir()
    path = stick / "a.workshop"
    ws = make(path)
    ws.add_note(ws.steps[0].id, "on the stick")
    ws.close()
    real = lock_mod._write_new

    def write_protected(lock_file: Path, token: str) -> None:
        if lock_file.parent == stick:
            raise PermissionError(errno.EROFS, "Read-only file system")
        real(lock_file, token)

    monkeypatch.setattr(lock_mod, "_write_new", write_protected)
    boxes.answers = [OPEN_READ_ONLY]
    viewer = open_workshop(None, path)
    assert "is in a folder this app may not write to" in boxes.text
    assert "Open it read-only, or save a copy in a folder you can write to" in boxes.text
    assert boxes.seen[-1][2] == sorted([OPEN_READ_ONLY, SAVE_COPY, "Cancel"])
    assert viewer is not None and viewer.readonly
    viewer.close()

    copy = tmp_path / "Documents" / "a copy"
    copy.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), FILE_FILTER))
    boxes.answers = [SAVE_COPY]
    working = open_workshop(None, path)
    assert working is not None and not working.readonly
    assert working.path == copy.with_name("a copy.workshop")
    working.add_note(working.steps[0].id, "in the copy")
    assert [i.text for i in working.items(working.steps[0].id)] == ["on the stick", "in the copy"]
    working.close()


FILE_FILTER = "Workshops (*.workshop)"


def test_missing_file_says_so(tmp_path: Path, boxes: Boxes) -> None:
    from workshop_app.gui.recovery import open_workshop

    assert open_workshop(None, tmp_path / "gone.workshop") is None
    assert "gone.workshop does not exist (any more). If it was on a removable drive, plug it in again." in boxes.text


def test_damaged_rows_inside_a_sound_file(tmp_path: Path, boxes: Boxes) -> None:
    """SQLite finds nothing wrong, but a row does not validate: also 'damaged', also restorable."""
    from workshop_app.gui.recovery import RESTORE, open_workshop

    path = tmp_path / "a.workshop"
    ws = make(path)
    ws.add_note(ws.steps[0].id, "good")
    ws.close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE items SET data = '{\"kind\": \"nonsense\"}'")
    conn.commit()
    conn.close()
    boxes.answers = [RESTORE]
    restored = open_workshop(None, path)
    assert "holds data this app cannot read" in boxes.text
    assert restored is not None and [i.text for i in restored.items(restored.steps[0].id)] == ["good"]
    restored.close()
    assert os.path.exists(path)
    assert socket.gethostname()  # the lock messages rely on it
