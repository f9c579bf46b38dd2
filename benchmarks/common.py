"""What every benchmark shares: results and their table, statistics, child processes, a scratch folder.

A benchmark reports :class:`Result` rows: its figure, a baseline measured in the same run (so a busy
machine slows both), the ratio between them, and PASS or FAIL against the issue's target where it sets
one. Nothing is written to disk except scratch files in a temporary folder.
"""

from __future__ import annotations

import json
import math
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


@dataclass
class Result:
    """One row of the table. ``passed`` is None where the issue sets no target (or it was skipped)."""

    name: str
    figure: float | None  # None: skipped
    unit: str  # "s", "ms" or "MB"
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""  # how the figure is judged, e.g. "≤ 1.5× baseline", "< 50 ms"
    passed: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.figure is None or not self.baseline:
            return None
        return self.figure / self.baseline

    @property
    def verdict(self) -> str:
        if self.figure is None:
            return "SKIP" if self.passed is None else "ERROR"
        if self.passed is None:
            return "info"
        return "PASS" if self.passed else "FAIL"


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.1f} ms" if value < 100 else f"{value:.0f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g} {unit}"


def table(results: Sequence[Result], notes: bool = True) -> str:
    """The results as a fixed-width table, with the notes (and what each baseline is) below it."""
    head = ("benchmark", "figure", "baseline", "ratio", "target", "result")
    rows = [
        (
            r.name,
            fmt(r.figure, r.unit),
            fmt(r.baseline, r.unit),
            f"{r.ratio:.2f}×" if r.ratio is not None else "—",
            r.target or "—",
            r.verdict,
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(w) for cell, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(head), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    below = []
    for r in results if notes else ():
        parts = [f"baseline: {r.baseline_name}"] if r.baseline_name else []
        if r.note:
            parts.append(r.note)
        if parts:
            below.append(f"  {r.name}: " + "; ".join(parts))
    if below:
        out += ["", *below]
    return "\n".join(out)


def print_results(title: str, results: Sequence[Result]) -> None:
    print(f"\n== {title}")
    print(table(results), flush=True)


# -- statistics ---------------------------------------------------------------------------------------
def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct``-th percentile by the nearest-rank method (p95 of 60 samples is the 57th smallest)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no samples")
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


# -- environment ---------------------------------------------------------------------------------------
def prepare_environment() -> None:
    """Offscreen Qt unless told otherwise, and an app home of its own so no benchmark touches the
    user's preferences, recent list or backups."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # An installed app runs from compiled bytecode (pip and the bundle compile it): a machine that tells
    # Python not to write any would have every fresh process compile every module again, which the
    # start-up and opening figures would count as the app's own time.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    if "WORKSHOP_APP_HOME" not in os.environ:
        os.environ["WORKSHOP_APP_HOME"] = tempfile.mkdtemp(prefix="workshop-bench-home-")


def scratch_dir(name: str) -> Path:
    """A fresh temporary folder for workshop files. ``WORKSHOP_BENCH_DIR`` puts it on another disk
    (saving is measured with ``synchronous=FULL``, so the disk matters)."""
    base = os.environ.get("WORKSHOP_BENCH_DIR") or None
    if base:
        Path(base).mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"workshop-bench-{name}-", dir=base))


def remove_dir(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    return env


def run_child(code: str, *args: str, python_flags: Sequence[str] = (), timeout: float = 120) -> dict:
    """Run ``python -c code args…`` in the checkout and return the JSON object it prints last."""
    proc = subprocess.run(
        [sys.executable, *python_flags, "-c", code, *args],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=REPO,
        timeout=timeout,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = "\n".join(proc.stderr.strip().splitlines()[-8:])
        raise RuntimeError(f"benchmark child failed (exit {proc.returncode}):\n{tail}")
    data = json.loads(lines[-1])
    data["_stderr"] = proc.stderr
    return data


def machine() -> str:
    """One line about the machine and the versions measured."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    try:
        import PySide6

        qt = f"PySide6 {PySide6.__version__}"
    except ImportError:
        qt = "no PySide6"
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {qt}; QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', '')}"
    )
