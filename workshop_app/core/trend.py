"""The same self-assessment across a series of workshops: each run's constructs, and what changed beyond the noise.

Runs are picked by their files. Only runs of the same instrument are compared (same version, scale and
statements, see ``stats.instrument_difference``); any other file is refused with the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from workshop_app.core.stats import Assessment, ConstructResult, Difference, assess, difference, instrument_difference
from workshop_app.core.workshop import Workshop
from workshop_app.model.answers import Answer
from workshop_app.model.contents import RatingContent
from workshop_app.model.document import Step, WorkshopDoc

DEFAULT_EXERCISE = "where-are-we"


class TrendError(Exception):
    """A file that cannot take part in the comparison, with the reason in a sentence."""


@dataclass(frozen=True)
class Run:
    """One run of the assessment: which workshop, when, and its statistics."""

    title: str
    date: dt.date | None
    source: str  # the file's name
    rating: RatingContent
    assessment: Assessment

    @property
    def label(self) -> str:
        return f"{self.title}, {self.date:%d %b %Y}" if self.date else self.title


@dataclass(frozen=True)
class Point:
    """One construct in one run, and its change since the run before (None for the first, or when unknown)."""

    run: Run
    result: ConstructResult
    change: Difference | None


def rating_step(doc: WorkshopDoc, exercise_id: str) -> Step | None:
    """The run of ``exercise_id`` in a workshop: its last step of that exercise with ratings, else its last one."""
    runs = [s for s in doc.steps if s.exercise and s.exercise.id == exercise_id and s.exercise.rating]
    answered = [s for s in runs if any(isinstance(i, Answer) and i.step == s.id for i in doc.items)]
    found = answered or runs
    return found[-1] if found else None


def run_of(doc: WorkshopDoc, source: str, exercise_id: str = DEFAULT_EXERCISE, name: str | None = None) -> Run:
    """The run of an exercise in one workshop; raises TrendError when the workshop has none."""
    step = rating_step(doc, exercise_id)
    if step is None or step.exercise is None or step.exercise.rating is None:
        raise TrendError(f"{source} has no “{name or exercise_id}” exercise to compare with.")
    return Run(doc.info.title, doc.info.date, source, step.exercise.rating,
               assess(doc.items, step, doc.participants))


def load_run(path: Path, exercise_id: str = DEFAULT_EXERCISE, name: str | None = None) -> Run:
    """Open a workshop file read-only and take its run; raises TrendError with a plain reason."""
    try:
        ws = Workshop.open(path, readonly=True)
    except Exception as exc:  # noqa: BLE001 - any file can be named: say why it cannot be used
        raise TrendError(f"{path.name} cannot be compared: {exc or 'it could not be read'}") from None
    try:
        return run_of(ws.doc, path.name, exercise_id, name)
    finally:
        ws.close()


def series(runs: list[Run]) -> list[Run]:
    """The runs in date order (undated ones where they were given), refused unless all ask the same statements."""
    if not runs:
        raise TrendError("Name at least one workshop file.")
    first = runs[0]
    for run in runs[1:]:
        reason = instrument_difference(run.rating, first.rating)
        if reason:
            raise TrendError(f"{run.source} cannot be compared with {first.source}: {reason}. "
                             "Only runs of the same statements are compared; leave it out.")
    order = {id(r): n for n, r in enumerate(runs)}
    dated = sorted((r for r in runs if r.date), key=lambda r: (r.date, order[id(r)]))
    out, dates = [], iter(dated)
    for run in runs:  # undated runs keep their place; dated ones are put in date order around them
        out.append(next(dates) if run.date else run)
    return out


def points(runs: list[Run]) -> dict[str, list[Point]]:
    """Per construct, its result in each run and the change from the run before."""
    out: dict[str, list[Point]] = {}
    for n, run in enumerate(runs):
        for k, result in enumerate(run.assessment.constructs):
            before = runs[n - 1].assessment.constructs[k].score if n else None
            change = difference(before, result.score) if before is not None else None
            out.setdefault(result.name, []).append(Point(run, result, change))
    return out
