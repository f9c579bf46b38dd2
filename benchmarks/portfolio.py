"""Reading a portfolio of 50 workshops, each the size of the demo, against opening the same 50 files.

The folder holds a kick-off (the demo) and follow-ups of it, in five sites of ten files each. The
figure is ``read_portfolio`` over the folder: finding the files, checking each one's header and lock,
opening it read-only, loading it and adding up the plans. The baseline, in the same process: opening
the same 50 files with ``Workshop.open(readonly=True)``, which checks and loads each one. The PDF
report is timed too, for information. Target (issue 17): under 5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from pathlib import Path

from benchmarks.common import Result, median, prepare_environment, print_results, remove_dir, scratch_dir

TARGET_S = 5.0
FILES = 50


def build_folder(root: Path, files: int = FILES) -> list[Path]:
    """``files`` workshops the size of the demo: the demo and follow-ups of it, ten to a site folder."""
    from workshop_app.core.demo import build_demo
    from workshop_app.core.followup import follow_up_doc
    from workshop_app.core.library import load_library
    from workshop_app.core.workshop import Workshop

    lib = load_library()
    kickoff = build_demo(lib)
    paths = []
    for n in range(files):
        site = root / f"site-{n // 10 + 1}"
        site.mkdir(parents=True, exist_ok=True)
        path = site / f"workshop-{n + 1:02d}.workshop"
        doc = kickoff if n % 2 == 0 else follow_up_doc(kickoff, lib, date=dt.date(2026, 5, 4))
        # Each file its own workshop: a copy of the demo gets an id of its own.
        doc = doc.model_copy(update={"info": doc.info.model_copy(update={"id": f"bench{n:011d}"})})
        Workshop.create(path, doc).close()
        paths.append(path)
    return paths


def run(runs: int = 3, files: int = FILES) -> list[Result]:
    from workshop_app.core.portfolio import read_portfolio
    from workshop_app.core.workshop import Workshop
    from workshop_app.export.pdf_portfolio import write_portfolio_pdf

    folder = scratch_dir("portfolio")
    try:
        paths = build_folder(folder / "Portfolio", files)
        read_portfolio(folder / "Portfolio")  # warm the disk cache and the imports
        reads, opens = [], []
        for _ in range(runs):
            t = time.perf_counter()
            for path in paths:
                Workshop.open(path, readonly=True).close()
            opens.append(time.perf_counter() - t)
            t = time.perf_counter()
            portfolio = read_portfolio(folder / "Portfolio")
            reads.append(time.perf_counter() - t)
        assert len(portfolio.workshops) == len(paths) and not portfolio.skipped
        t = time.perf_counter()
        write_portfolio_pdf(portfolio, folder / "portfolio.pdf")
        pdf = time.perf_counter() - t
    finally:
        remove_dir(folder)
    figure = median(reads)
    return [
        Result(f"Portfolio of {len(paths)} demo-size workshops read", figure, "s", median(opens),
               f"open the {len(paths)} files read-only", f"< {TARGET_S:g} s", figure < TARGET_S),
        Result("Portfolio report (PDF) of those workshops", pdf, "s"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    prepare_environment()
    results = run(args.runs)
    print_results("Portfolio", results)
    return 0 if all(r.passed is not False for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
