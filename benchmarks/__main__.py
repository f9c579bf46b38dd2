"""Run every benchmark (``make bench``) and print one table: figure, baseline, ratio, target, PASS/FAIL.

Each benchmark also runs alone: ``python -m benchmarks.startup`` (``open_workshop``, ``add_note``,
``saving``, ``pdf_export``, ``memory``, ``join_burst``, ``join_gui``, ``portfolio``). ``--only startup,saving`` picks some; ``--quick`` repeats less.
The exit status is 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from benchmarks.common import Result, machine, prepare_environment, print_results, table

NAMES = ("startup", "open_workshop", "add_note", "saving", "pdf_export", "memory", "join_burst", "join_gui", "portfolio")
TITLES = {
    "startup": "Start-up",
    "open_workshop": "Opening a workshop",
    "add_note": "Adding, dragging and dropping notes",
    "saving": "Saving",
    "pdf_export": "PDF export",
    "memory": "Memory",
    "join_burst": "Phones joining: a burst of notes",
    "join_gui": "Phones joining the app: a burst on both screens",
    "portfolio": "Portfolio",
}


def runner(name: str, quick: bool) -> Callable[[], list[Result]]:
    if name == "startup":
        from benchmarks import startup

        return lambda: startup.run(runs=5 if quick else 9, show_imports=True)
    if name == "open_workshop":
        from benchmarks import open_workshop

        return lambda: open_workshop.run(runs=3 if quick else 5)
    if name == "add_note":
        from benchmarks import add_note

        return lambda: add_note.run(adds=30 if quick else 60, drops=10 if quick else 20)
    if name == "saving":
        from benchmarks import saving

        return lambda: saving.run(count=200 if quick else 400)
    if name == "pdf_export":
        from benchmarks import pdf_export

        return lambda: pdf_export.run(runs=3 if quick else 4)
    if name == "join_burst":
        from benchmarks import join_burst

        return lambda: join_burst.run(rounds=2 if quick else 5)
    if name == "join_gui":
        from benchmarks import join_gui

        return lambda: join_gui.run(rounds=2 if quick else 4, follow=True)
    if name == "portfolio":
        from benchmarks import portfolio

        return lambda: portfolio.run(runs=1 if quick else 3)
    from benchmarks import memory

    return memory.run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="comma-separated: " + ", ".join(NAMES))
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()] or list(NAMES)
    unknown = [n for n in names if n not in NAMES]
    if unknown:
        parser.error(f"unknown benchmark: {', '.join(unknown)}")
    prepare_environment()
    print(f"Workshop Room benchmarks on {machine()}", flush=True)
    started = time.perf_counter()
    results: list[Result] = []
    for name in names:
        try:
            found = runner(name, args.quick)()
        except Exception as exc:  # noqa: BLE001 - one broken benchmark must not hide the others
            found = [Result(TITLES[name], None, "", note=f"failed: {type(exc).__name__}: {exc}")]
            found[0].passed = False
        print_results(TITLES[name], found)
        results += found
    print(f"\n== All benchmarks ({time.perf_counter() - started:.0f} s)")
    print(table(results, notes=False))
    failed = [r for r in results if r.passed is False]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
