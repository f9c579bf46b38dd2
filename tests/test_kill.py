"""Kill the app at random moments: nothing reported saved is lost, and every file stays whole.

A child process (tests/kill_child.py) changes a workshop and prints each change after its commit
returned; the test sends SIGKILL at a random moment, then checks the file: integrity_check is ok,
it opens at exactly the old or the new schema version, and it holds every change reported saved.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import board_step
from workshop_app.core.workshop import Workshop
from workshop_app.export.json_io import dump_json
from workshop_app.model.document import Note, Participant, Step, WorkshopDoc, WorkshopInfo
from workshop_app.storage.backup import backup_folder, describe_backup
from workshop_app.storage.files import TEMP_MARK
from workshop_app.storage.lock import lock_path
from workshop_app.storage.workshop_file import SCHEMA_VERSION

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

CHILD = Path(__file__).resolve().parent / "kill_child.py"
WORKERS = 3
SEED = int(os.environ.get("KILL_SEED", "20260509"))


def seeded_doc(notes: int) -> WorkshopDoc:
    ws_doc = WorkshopDoc(info=WorkshopInfo(title="Kill drill"), steps=[board_step("Ideas"), Step(title="Later")])
    step = ws_doc.steps[0].id
    ws_doc.items = [Note(step=step, text=f"seed note {i} " * 4, order=i) for i in range(notes)]
    ws_doc.participants = [Participant(name=f"Person {i}") for i in range(12)]
    return ws_doc


def kill_after(args: list[str], home: Path, delay_s: float) -> list[str]:
    """Start the child, wait for its "go", let it run ``delay_s``, SIGKILL it; its complete output lines."""
    env = {**os.environ, "WORKSHOP_APP_HOME": str(home)}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )
    assert child.stdout is not None
    first = child.stdout.readline()
    if first != b"go\n":
        child.kill()
        child.wait()
        raise AssertionError(f"child did not start: {first!r} {child.stderr.read()!r}")  # type: ignore[union-attr]
    time.sleep(delay_s)
    os.kill(child.pid, signal.SIGKILL)
    out = child.stdout.read()
    child.wait()  # reaped: its pid no longer runs, so its lock is stale
    child.stdin.close()  # type: ignore[union-attr]
    child.stderr.close()  # type: ignore[union-attr]
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    text = out.decode("utf-8", "replace")
    return text.split("\n")[:-1]  # a last line without its newline was cut by the kill


def raw_state(path: Path) -> tuple[str, int, set[str], int]:
    """integrity_check, user_version, index names and item count, read with plain SQLite."""
    conn = sqlite3.connect(path)
    try:
        ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
        items = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    finally:
        conn.close()
    return ok, version, indexes, items


def backups_whole(folder: Path) -> int:
    """Every finished backup in ``folder`` passes its check; returns how many there are."""
    finished = [p for p in folder.glob("*.workshop") if TEMP_MARK not in p.name] if folder.is_dir() else []
    for p in finished:
        info = describe_backup(p, check=True)
        assert info.ok, (p, info.problem)
    return len(finished)


def child_backup_folder(home: Path, path: Path) -> Path:
    return home / "data" / "backups" / backup_folder(path).name


def run_parallel(runs: int, one: Callable[[int, random.Random], str]) -> Counter[str]:
    """Run ``one(i, rng)`` ``runs`` times on WORKERS threads; count the outcomes it reports."""
    counts: Counter[str] = Counter()
    guard = threading.Lock()

    def task(i: int) -> None:
        outcome = one(i, random.Random(SEED * 1000 + i))
        with guard:
            counts[outcome] += 1

    with ThreadPoolExecutor(WORKERS) as pool:
        for future in [pool.submit(task, i) for i in range(runs)]:
            future.result()
    return counts


def test_kill_while_adding_notes(tmp_path: Path) -> None:
    """At least 100 kills while notes are added one per transaction: every reported note is in the file."""
    started = time.perf_counter()
    files = []
    for w in range(WORKERS * 2):
        path = tmp_path / f"w{w}" / "room.workshop"
        path.parent.mkdir()
        Workshop.create(path, seeded_doc(20)).close()
        files.append(path)
    reported: dict[Path, set[str]] = {p: set() for p in files}
    locks = {p: threading.Lock() for p in files}

    def one(i: int, rng: random.Random) -> str:
        path = files[i % len(files)]
        with locks[path]:
            ids = kill_after(["notes", str(path)], path.parent / "home", rng.uniform(0, 0.04))
            reported[path].update(ids)
            assert lock_path(path).exists()  # the killed process left its lock behind…
            ws = Workshop.open(path)  # …which is stale, so the file opens
            try:
                assert ws.file.integrity_check() == "ok"
                assert ws.file.version == SCHEMA_VERSION
                missing = reported[path] - {item.id for item in ws.doc.items}
                assert not missing, f"notes reported saved but lost: {sorted(missing)[:5]}"
            finally:
                ws.close()
            return "notes" if ids else "none"

    counts = run_parallel(100, one)
    total = sum(len(ids) for ids in reported.values())
    print(f"\nnotes: {sum(counts.values())} kills, {total} notes reported saved, all found; "
          f"{time.perf_counter() - started:.1f} s")
    assert counts["notes"] >= 50 and total > 500


def test_kill_during_backup(tmp_path: Path) -> None:
    started = time.perf_counter()
    path = tmp_path / "room.workshop"
    Workshop.create(path, seeded_doc(1500)).close()
    homes: list[Path] = []
    guard = threading.Lock()

    def one(i: int, rng: random.Random) -> str:
        home = tmp_path / f"home{i}"
        own = tmp_path / f"c{i}" / "room.workshop"
        own.parent.mkdir()
        shutil.copy(path, own)
        lines = kill_after(["backup", str(own)], home, rng.uniform(0, 0.03))
        for line in lines:
            info = describe_backup(Path(line), check=True)
            assert info.ok and info.notes == 1500, (line, info)
        folder = child_backup_folder(home, own)
        backups_whole(folder)
        leftovers = [p for p in folder.iterdir() if TEMP_MARK in p.name]
        assert raw_state(own)[0] == "ok"
        with guard:
            homes.append(home)
        return "cut" if leftovers else "clean"

    counts = run_parallel(60, one)
    print(f"\nbackup: {sum(counts.values())} kills ({counts['cut']} in the middle of a backup); "
          f"{time.perf_counter() - started:.1f} s")
    assert counts["cut"] >= 5


def test_kill_during_migration(tmp_path: Path) -> None:
    started = time.perf_counter()
    template = tmp_path / "v1.workshop"
    Workshop.create(template, seeded_doc(1500)).close()
    # Rebuild the file as schema version 1 wrote it (as in test_core.test_migration_from_version_1).
    conn = sqlite3.connect(template)
    conn.execute("DROP INDEX items_by_step")
    conn.execute("PRAGMA user_version=1")
    conn.commit()
    conn.close()

    def one(i: int, rng: random.Random) -> str:
        path = tmp_path / f"m{i}" / "old.workshop"
        path.parent.mkdir()
        shutil.copy(template, path)
        home = path.parent / "home"
        lines = kill_after(["migrate", str(path)], home, rng.uniform(0, 0.035))
        ok, version, indexes, items = raw_state(path)
        assert ok == "ok" and items == 1500
        assert 1 <= version <= SCHEMA_VERSION, version  # each version step is whole
        assert ("items_by_step" in indexes) == (version >= 2)
        if "migrated" in lines:
            assert version == SCHEMA_VERSION
        backups_whole(child_backup_folder(home, path))
        ws = Workshop.open(path)  # finishes the migration if the kill came first
        assert ws.file.version == SCHEMA_VERSION and len(ws.doc.items) == 1500
        ws.close()
        return "new" if version == SCHEMA_VERSION else "old"

    counts = run_parallel(60, one)
    print(f"\nmigration: {sum(counts.values())} kills, {counts['old']} left at version 1, "
          f"{counts['new']} at version {SCHEMA_VERSION}; {time.perf_counter() - started:.1f} s")
    assert counts["old"] >= 3 and counts["new"] >= 3


def test_kill_during_import(tmp_path: Path) -> None:
    started = time.perf_counter()
    doc = seeded_doc(1500)
    export = tmp_path / "export.json"
    export.write_text(dump_json(doc), encoding="utf-8")
    expected = doc.model_dump(mode="json")

    def one(i: int, rng: random.Random) -> str:
        path = tmp_path / f"i{i}" / "imported.workshop"
        path.parent.mkdir()
        lines = kill_after(["import", str(export), str(path)], path.parent / "home", rng.uniform(0, 0.04))
        if not path.exists():
            assert "done" not in lines
            return "none"
        assert raw_state(path)[0] == "ok"
        ws = Workshop.open(path)
        assert ws.doc.model_dump(mode="json") == expected, "an import left half a workshop"
        ws.close()
        return "whole"

    counts = run_parallel(60, one)
    print(f"\nimport: {sum(counts.values())} kills, {counts['none']} left no file, "
          f"{counts['whole']} a whole workshop; {time.perf_counter() - started:.1f} s")
    assert counts["none"] >= 3 and counts["whole"] >= 3


def test_import_retried_after_a_kill_clears_leftovers(tmp_path: Path) -> None:
    """A killed import leaves at most a hidden temporary file and a stale lock; the retry clears both."""
    doc = seeded_doc(3000)
    export = tmp_path / "export.json"
    export.write_text(dump_json(doc), encoding="utf-8")
    folder = tmp_path / "target"
    folder.mkdir()
    path = folder / "imported.workshop"
    rng = random.Random(SEED)
    leftovers: list[Path] = []
    for _ in range(30):
        kill_after(["import", str(export), str(path)], tmp_path / "home", rng.uniform(0.0, 0.03))
        leftovers = [p for p in folder.iterdir() if TEMP_MARK in p.name]
        if path.exists():
            path.unlink()
        elif leftovers:
            break
    assert leftovers and not path.exists()
    ws = Workshop.create(path, doc)
    ws.close()
    assert sorted(p.name for p in folder.iterdir()) == ["imported.workshop"]
