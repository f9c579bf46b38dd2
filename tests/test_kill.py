"""Kill the app at random moments: nothing reported saved is lost, and every file stays whole.

A child process (tests/kill_child.py) changes a workshop and prints each change after its commit
returned; the test sends SIGKILL at a random moment, then checks the file: integrity_check is ok,
it opens at exactly the old or the new schema version, and it holds every change reported saved.

Every kill is timed from the child's own reports, never from its start and never by a fixed number
of milliseconds: it prints "go" when it begins the work, then a line per piece of work done. A kill
lands after a random number of those lines plus a random part of the time one piece takes here
and now; for work done in one piece (a migration, an import) that time is learnt from earlier
children that were let finish (:class:`Pace`). A busy machine makes the work slower, and the kills
later with it.
"""

from __future__ import annotations

import os
import queue
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
PATIENCE_S = 120.0  # how long a child may take to report, on the busiest machine; a stuck child fails


def seeded_doc(notes: int) -> WorkshopDoc:
    ws_doc = WorkshopDoc(info=WorkshopInfo(title="Kill drill"), steps=[board_step("Ideas"), Step(title="Later")])
    step = ws_doc.steps[0].id
    ws_doc.items = [Note(step=step, text=f"seed note {i} " * 4, order=i) for i in range(notes)]
    ws_doc.participants = [Participant(name=f"Person {i}") for i in range(12)]
    return ws_doc


class Child:
    """A running kill_child.py; its output lines are read as they come, each with the time it arrived."""

    def __init__(self, args: list[str], home: Path) -> None:
        env = {**os.environ, "WORKSHOP_APP_HOME": str(home)}
        self.proc = subprocess.Popen(
            [sys.executable, str(CHILD), *args],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )
        self._lines: queue.Queue[tuple[float, bytes | None]] = queue.Queue()
        self.lines: list[str] = []  # the complete lines read so far
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for raw in self.proc.stdout:
            self._lines.put((time.perf_counter(), raw))
        self._lines.put((time.perf_counter(), None))

    def next_line(self, until: float | None = None) -> tuple[float, str] | None:
        """The next complete line and when it arrived; None if ``until`` (perf_counter) came first."""
        while True:
            limit = time.perf_counter() + PATIENCE_S if until is None else until
            try:
                arrived, raw = self._lines.get(timeout=max(0.0, limit - time.perf_counter()))
            except queue.Empty:
                if until is None:
                    self.fail(f"said nothing for {PATIENCE_S:.0f} s")
                return None
            if raw is None:
                self.fail("ended before it was killed")
            assert raw is not None
            if raw.endswith(b"\n"):  # a last line without its newline was cut by the kill
                line = raw[:-1].decode("utf-8", "replace")
                self.lines.append(line)
                return arrived, line

    def wait_for(self, wanted: str, until: float | None = None) -> float | None:
        """When the line ``wanted`` arrived; None if ``until`` came first."""
        while (got := self.next_line(until)) is not None:
            if got[1] == wanted:
                return got[0]
        return None

    def fail(self, why: str) -> None:
        self.proc.kill()
        self.proc.wait()
        assert self.proc.stderr is not None
        raise AssertionError(f"the child {why}: {self.lines[-3:]!r} {self.proc.stderr.read()!r}")

    def kill(self) -> list[str]:
        """SIGKILL it, reap it (its pid no longer runs, so its lock is stale); all its complete lines."""
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self._reader.join()
        while True:
            try:
                _, raw = self._lines.get_nowait()
            except queue.Empty:
                break
            if raw is not None and raw.endswith(b"\n"):
                self.lines.append(raw[:-1].decode("utf-8", "replace"))
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            assert stream is not None
            stream.close()
        assert self.proc.returncode == -signal.SIGKILL
        return self.lines


def kill_amid_steady_work(args: list[str], home: Path, rng: random.Random, most: int) -> list[str]:
    """For work reported piece by piece (notes, backups): kill after 1 to ``most`` pieces plus a random
    part of the time the pieces took, so the kill lands inside the next piece. The child's lines."""
    child = Child(args, home)
    started = child.wait_for("go")
    assert started is not None
    pieces = rng.randint(1, most)
    last = started
    for _ in range(pieces):
        got = child.next_line()
        assert got is not None
        last = got[0]
    deadline = last + rng.uniform(0, (last - started) / pieces)
    while child.next_line(until=deadline) is not None:
        pass
    return child.kill()


class Pace:
    """How long a piece of work done in one go takes here and now, from the children's own reports.

    Learnt from children let finish ("go" to their last line); every tenth run, and any run before
    there is a figure, is one. A kill is then drawn over the whole work and a bit after it.
    """

    def __init__(self) -> None:
        self._seconds: list[float] = []
        self._guard = threading.Lock()

    def add(self, seconds: float) -> None:
        with self._guard:
            self._seconds.append(seconds)

    def typical(self) -> float | None:
        with self._guard:
            recent = sorted(self._seconds[-9:])
        return recent[len(recent) // 2] if recent else None


def kill_amid_one_piece(args: list[str], home: Path, done: str, pace: Pace, rng: random.Random) -> tuple[str, list[str]]:
    """For work done in one go, ending with the line ``done``: kill at a random moment of it.

    Returns "learnt" (let finish, then killed), "during" (killed before ``done`` arrived) or "after",
    and the child's lines.
    """
    child = Child(args, home)
    started = child.wait_for("go")
    assert started is not None
    typical = pace.typical()
    if typical is None or rng.random() < 0.1:
        finished = child.wait_for(done)
        assert finished is not None
        pace.add(finished - started)
        return "learnt", child.kill()
    finished = child.wait_for(done, until=started + rng.uniform(0, 1.2 * typical))
    if finished is not None:
        pace.add(finished - started)
    return ("during" if finished is None else "after"), child.kill()


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


def run_until(
    enough: Callable[[Counter[str]], bool], least: int, most: int, one: Callable[[int, random.Random], str]
) -> Counter[str]:
    """Run ``one(i, rng)`` on WORKERS threads, at least ``least`` times, until ``enough`` of the
    outcomes it reports were seen or ``most`` runs were made; count the outcomes."""
    counts: Counter[str] = Counter()
    guard = threading.Lock()
    runs = iter(range(most))
    errors: list[BaseException] = []

    def worker() -> None:
        while True:
            with guard:
                if errors or (sum(counts.values()) >= least and enough(counts)):
                    return
                i = next(runs, None)
            if i is None:
                return
            try:
                outcome = one(i, random.Random(SEED * 1000 + i))
            except BaseException as exc:  # noqa: BLE001 - raised again in the test's own thread
                with guard:
                    errors.append(exc)
                return
            with guard:
                counts[outcome] += 1

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
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
            ids = kill_amid_steady_work(["notes", str(path)], path.parent / "home", rng, most=20)[1:]
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
            return "killed"

    counts = run_until(lambda c: True, 100, 100, one)
    total = sum(len(ids) for ids in reported.values())
    print(f"\nnotes: {sum(counts.values())} kills, {total} notes reported saved, all found; "
          f"{time.perf_counter() - started:.1f} s")
    assert counts["killed"] == 100 and total >= 100


def test_kill_during_backup(tmp_path: Path) -> None:
    started = time.perf_counter()
    path = tmp_path / "room.workshop"
    Workshop.create(path, seeded_doc(1500)).close()

    def one(i: int, rng: random.Random) -> str:
        home = tmp_path / f"home{i}"
        own = tmp_path / f"c{i}" / "room.workshop"
        own.parent.mkdir()
        shutil.copy(path, own)
        lines = kill_amid_steady_work(["backup", str(own)], home, rng, most=3)
        for line in lines[1:]:
            info = describe_backup(Path(line), check=True)
            assert info.ok and info.notes == 1500, (line, info)
        folder = child_backup_folder(home, own)
        backups_whole(folder)
        leftovers = [p for p in folder.iterdir() if TEMP_MARK in p.name]
        assert raw_state(own)[0] == "ok"
        return "cut" if leftovers else "clean"

    counts = run_until(lambda c: c["cut"] >= 5, 30, 200, one)
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
    pace = Pace()

    def one(i: int, rng: random.Random) -> str:
        path = tmp_path / f"m{i}" / "old.workshop"
        path.parent.mkdir()
        shutil.copy(template, path)
        home = path.parent / "home"
        when, lines = kill_amid_one_piece(["migrate", str(path)], home, "migrated", pace, rng)
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
        if when != "during":
            return when
        return "new" if version == SCHEMA_VERSION else "old"

    counts = run_until(lambda c: c["old"] >= 3 and c["new"] >= 3, 60, 300, one)
    print(f"\nmigration: {sum(counts.values())} runs, {counts['learnt']} let finish; of the kills during "
          f"the work {counts['old']} left version 1, {counts['new']} version {SCHEMA_VERSION}; "
          f"{counts['after']} came after it; a migration takes {pace.typical() or 0:.3f} s; "
          f"{time.perf_counter() - started:.1f} s")
    assert counts["old"] >= 3 and counts["new"] >= 3


def test_kill_during_import(tmp_path: Path) -> None:
    started = time.perf_counter()
    doc = seeded_doc(1500)
    export = tmp_path / "export.json"
    export.write_text(dump_json(doc), encoding="utf-8")
    expected = doc.model_dump(mode="json")
    pace = Pace()

    def one(i: int, rng: random.Random) -> str:
        path = tmp_path / f"i{i}" / "imported.workshop"
        path.parent.mkdir()
        when, lines = kill_amid_one_piece(["import", str(export), str(path)], path.parent / "home", "done", pace, rng)
        if not path.exists():
            assert "done" not in lines
            outcome = "none"
        else:
            assert raw_state(path)[0] == "ok"
            ws = Workshop.open(path)
            assert ws.doc.model_dump(mode="json") == expected, "an import left half a workshop"
            ws.close()
            outcome = "whole"
        return outcome if when == "during" else when

    counts = run_until(lambda c: c["none"] >= 3 and c["whole"] >= 3, 60, 300, one)
    print(f"\nimport: {sum(counts.values())} runs, {counts['learnt']} let finish; of the kills during the "
          f"import {counts['none']} left no file, {counts['whole']} a whole workshop; {counts['after']} came "
          f"after it; an import takes {pace.typical() or 0:.3f} s; {time.perf_counter() - started:.1f} s")
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
    pace = Pace()
    leftovers: list[Path] = []
    for _ in range(60):
        kill_amid_one_piece(["import", str(export), str(path)], tmp_path / "home", "done", pace, rng)
        leftovers = [p for p in folder.iterdir() if TEMP_MARK in p.name]
        if path.exists():
            path.unlink()
        elif leftovers:
            break
    assert leftovers and not path.exists()
    ws = Workshop.create(path, doc)
    ws.close()
    assert sorted(p.name for p in folder.iterdir()) == ["imported.workshop"]
