"""Imports and exercise files are refused at the door: impossible numbers, ids used twice, files that
are not files. A byte-order mark is no reason to refuse one."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import pytest

from tests.conftest import REPO
from workshop_app.core.demo import build_demo
from workshop_app.core.library import Library, load_library
from workshop_app.export.json_io import JsonImportError, dump_json, load_json


@pytest.fixture(scope="module")
def export() -> dict:
    return json.loads(dump_json(build_demo()))


def node_index(data: dict) -> int:
    return next(i for i, item in enumerate(data["items"]) if "x" in item)


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e308", "-4e12"])
def test_impossible_numbers_are_refused_with_where_they_are(tmp_path: Path, export: dict, number: str) -> None:
    data = json.loads(json.dumps(export))
    n = node_index(data)
    data["items"][n]["x"] = "PLACEHOLDER"
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data).replace('"PLACEHOLDER"', number), encoding="utf-8")
    with pytest.raises(JsonImportError) as refused:
        load_json(path)
    message = str(refused.value)
    if number in ("NaN", "Infinity", "-Infinity"):
        assert message == f"odd.json holds {number}, which is not a number a workshop can hold."
    else:
        assert message.startswith(f"odd.json: items.{n}.x: the number is too large")
    assert "\n" not in message


@pytest.mark.parametrize("table", ["items", "participants", "actions", "steps"])
def test_ids_used_twice_are_refused_not_dropped(tmp_path: Path, export: dict, table: str) -> None:
    data = json.loads(json.dumps(export))
    twin = dict(data[table][-1])
    data[table].append(twin)
    path = tmp_path / "twice.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(JsonImportError, match=f"{twin['id']} appears twice; each must have an id of its own"):
        load_json(path)


def test_an_export_with_a_byte_order_mark_is_read(tmp_path: Path, export: dict) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(export).encode("utf-8"))
    assert len(load_json(path).items) == len(export["items"])


def loaded(folders: list[Path]) -> Library:
    """load_library on a thread, so a file that makes it wait fails the test instead of hanging it."""
    result: list[Library] = []
    worker = threading.Thread(target=lambda: result.append(load_library(folders)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "loading the exercises hung"
    return result[0]


def test_an_exercise_file_with_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    source = REPO / "exercises" / "four-conditions.toml"
    (tmp_path / "mine.toml").write_bytes(b"\xef\xbb\xbf" + source.read_bytes())
    lib = loaded([tmp_path])
    assert lib.errors == [] and len(lib.exercises) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_pipes_devices_and_links_to_them_are_skipped_with_a_message(tmp_path: Path) -> None:
    shutil.copy(REPO / "exercises" / "four-conditions.toml", tmp_path / "good.toml")
    os.mkfifo(tmp_path / "pipe.toml")
    (tmp_path / "pipe-link.toml").symlink_to(tmp_path / "pipe.toml")
    if Path("/dev/zero").exists():
        (tmp_path / "zero.toml").symlink_to("/dev/zero")
    (tmp_path / "agendas").mkdir()
    os.mkfifo(tmp_path / "agendas" / "pipe.toml")
    lib = loaded([tmp_path])
    assert len(lib.exercises) == 1
    skipped = {e.path.name: e.message for e in lib.errors}
    expected = {"pipe.toml", "pipe-link.toml"} | ({"zero.toml"} if Path("/dev/zero").exists() else set())
    assert set(skipped) == expected and len(lib.errors) == len(expected) + 1  # and the agenda pipe
    assert all(m.startswith("is not a file but a device, a pipe or a folder") for m in skipped.values())
    # An import from a pipe is refused the same way, without waiting for a writer.
    with pytest.raises(JsonImportError, match="is not a file but a device, a pipe or a folder"):
        load_json(tmp_path / "pipe.toml")


def test_one_exercise_id_in_two_user_files_is_named_with_both(tmp_path: Path) -> None:
    source = (REPO / "exercises" / "four-conditions.toml").read_text(encoding="utf-8")
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    (shipped / "four-conditions.toml").write_text(source, encoding="utf-8")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "a-copy.toml").write_text(source, encoding="utf-8")
    (mine / "b-copy.toml").write_text(source.replace('title = "', 'title = "My ', 1), encoding="utf-8")
    lib = loaded([shipped, mine])
    assert [str(e) for e in lib.errors] == [
        f"b-copy.toml: has the id '{next(iter(lib.exercises))}', as a-copy.toml does; a-copy.toml is used. "
        "Give one of the two another id"
    ]
    # The user's file still replaces the shipped one, without a word: that is what it is for.
    assert not lib.exercises[next(iter(lib.exercises))].title.startswith("My ")
