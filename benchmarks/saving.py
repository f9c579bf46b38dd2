"""Saving: from a user action to its commit on disk, with ``synchronous=FULL``, in the large workshop.

Every change is one transaction committed when it is made. The clock starts when the core operation is
called (add a note, vote, move a note into a cluster, change an action's status: what the facilitator
does most) and stops when the workshop file's write has committed, that is before memory is updated
and the windows are told. Baseline, interleaved with it: the bare ``sqlite3`` module inserting a row of
the same size and committing, in a file in the same folder, with the same journal mode and pragmas.
The issue sets no target: the figures are the median and the 99th percentile.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Result, median, percentile, prepare_environment, print_results, remove_dir, scratch_dir
from benchmarks.workload import LARGE, Size, big_board_step, create_large_workshop


class _CommitClock:
    """Wraps a workshop file's ``write`` to note when each commit returned."""

    def __init__(self, file: Any) -> None:
        self.file = file
        self.write = file.write
        self.committed = 0.0
        file.write = self._timed

    def _timed(self, *args: Any, **kwargs: Any) -> None:
        self.write(*args, **kwargs)
        self.committed = time.perf_counter()

    def restore(self) -> None:
        del self.file.write


def _baseline_connection(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=DELETE", "synchronous=FULL", "foreign_keys=ON", "trusted_schema=OFF",
                   "cell_size_check=ON"):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("CREATE TABLE IF NOT EXISTS items(id TEXT PRIMARY KEY, step_id TEXT NOT NULL, data TEXT NOT NULL)")
    return conn


def measure(path: Path, count: int) -> tuple[list[float], list[float]]:
    """(action → commit, bare insert + commit) in seconds, ``count`` of each, interleaved."""
    from workshop_app.core.workshop import Workshop

    ws = Workshop.open(path)
    clock = _CommitClock(ws.file)
    base = _baseline_connection(path.with_name("baseline.sqlite"))
    step = big_board_step(ws)
    voters = [p.id for p in ws.participants]
    notes = ws.items(step.id, "note")
    clusters = ws.items(step.id, "cluster")
    actions = ws.actions
    row = notes[0].model_dump_json()
    ws.update_step(step.id, vote_budget=20)  # room for every participant's votes below
    statuses = ("open", "in progress", "done")
    ops = [
        lambda k: ws.add_note(step.id, f"Saved note {k}: call back every customer who waited over a day",
                              k % 6, voters[k % len(voters)]),
        lambda k: ws.vote(notes[(k * 7) % len(notes)].id, "room"),
        lambda k: ws.update_items([(notes[(k * 11) % len(notes)].id, {"cluster": clusters[k % len(clusters)].id})],
                                  "Move to cluster"),
        lambda k: ws.update_action(actions[k % len(actions)].id, status=statuses[k % 3]),
    ]
    app_s, base_s = [], []
    try:
        for k in range(count):
            t0 = time.perf_counter()
            ops[k % len(ops)](k)
            app_s.append(clock.committed - t0)
            t0 = time.perf_counter()
            base.execute("BEGIN IMMEDIATE")
            base.execute("INSERT OR REPLACE INTO items(id, step_id, data) VALUES(?, ?, ?)", (f"row{k}", step.id, row))
            base.execute("COMMIT")
            base_s.append(time.perf_counter() - t0)
    finally:
        clock.restore()
        ws.close()
        base.close()
    return app_s, base_s


def run(size: Size = LARGE, count: int = 200) -> list[Result]:
    folder = scratch_dir("save")
    try:
        source = create_large_workshop(folder / "source.workshop", size)
        path = folder / "large.workshop"
        shutil.copy(source, path)
        measure(path, 8)  # warm up: first statements, the disk's cache
        app_s, base_s = measure(path, count)
    finally:
        remove_dir(folder)
    app_ms = [s * 1000 for s in app_s]
    base_ms = [s * 1000 for s in base_s]
    what = f"{count} actions (add note, vote, move to cluster, action status) in the {size.notes:,}-note workshop"
    return [
        Result("save: action to commit, median", median(app_ms), "ms", median(base_ms),
               "sqlite3 INSERT + COMMIT, same folder and pragmas (median)", note=what),
        Result("save: action to commit, p99", percentile(app_ms, 99), "ms", percentile(base_ms, 99),
               "the same, p99", note=f"max {max(app_ms):.1f} ms, baseline max {max(base_ms):.1f} ms"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=200)
    args = parser.parse_args()
    prepare_environment()
    print_results("Saving", run(count=args.count))


if __name__ == "__main__":
    main()
