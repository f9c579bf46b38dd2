"""The series a follow-up belongs to: the earlier workshops it follows, found without naming their files.

A follow-up names the workshop it was made from by that workshop's id, with the file's place relative
to the follow-up as a hint. The earlier file is looked for there first and, failing that, among the
workshop files in the same folder; a file counts only when its id is the one named, so a renamed or
moved copy is still found and another workshop that took the old name is not. The earlier workshop's
own link leads further back. Files are only read, the way the portfolio reads them.

What could not be found or read is said in a plain sentence for the report to print: a missing
earlier file never stops an export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from workshop_app.core.portfolio import Skipped, is_workshop_name, read_doc
from workshop_app.core.stats import instrument_difference
from workshop_app.core.trend import Run, TrendError, run_of
from workshop_app.model.dates import format_date
from workshop_app.model.document import WorkshopDoc, WorkshopLink

MAX_EARLIER = 50  # a chain longer than this is surely a loop of copies; the trend stops there


@dataclass(frozen=True)
class Earlier:
    """An earlier workshop of the series, read from its file."""

    path: Path
    doc: WorkshopDoc


@dataclass
class Series:
    """The workshops this one follows, the one it was made from first, and what could not be found."""

    earlier: list[Earlier] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Trend:
    """One self-assessment across the series: its runs oldest first, this workshop's last."""

    exercise_id: str
    exercise_title: str
    runs: list[Run]

    @property
    def earlier(self) -> list[Run]:
        """The runs before this workshop's."""
        return self.runs[:-1]


def _quoted(title: str) -> str:
    return f"“{title}”"


def _named(link: WorkshopLink) -> str:
    """" “Kick-off” of 12 Mar 2026", to follow "The earlier workshop" (printed in reports)."""
    title = f" {_quoted(link.title)}" if link.title else ""
    return title + (f" of {format_date(link.date, short=True)}" if link.date else "")


class _Finder:
    """Reads candidate files once each, and finds a workshop by its id."""

    def __init__(self, start: Path) -> None:
        self.start = start.resolve()
        self.read: dict[Path, WorkshopDoc | Skipped] = {}

    def doc(self, path: Path) -> WorkshopDoc | Skipped:
        key = path.resolve()
        if key not in self.read:
            self.read[key] = read_doc(key)
        return self.read[key]

    def find(self, link: WorkshopLink, holder: Path) -> Earlier | str:
        """The workshop ``link`` names, looked for from the file ``holder`` that holds the link; or why not."""
        folder = holder.parent
        unread: list[tuple[Path, Skipped]] = []
        hinted: Path | None = None
        if link.file:
            hint = folder / PurePosixPath(link.file.replace("\\", "/"))
            try:
                if hint.is_file() and hint.resolve() != self.start:
                    hinted = hint.resolve()
            except OSError:
                pass  # a hint that names no possible file: the folder is searched instead
        candidates = [hinted] if hinted else []
        for where in dict.fromkeys((folder.resolve(), self.start.parent)):
            try:
                names = sorted(p for p in where.iterdir() if is_workshop_name(p.name))
            except OSError:
                continue
            candidates.extend(p.resolve() for p in names)
        for path in dict.fromkeys(candidates):
            if path == self.start:
                continue
            found = self.doc(path)
            if isinstance(found, Skipped):
                unread.append((path, found))
            elif found.info.id == link.id:
                return Earlier(path, found)
        named = _named(link)
        if hinted is not None and unread and unread[0][0] == hinted:
            return (f"The earlier workshop{named} is in {hinted.name} but could not be read, so it and any "
                    f"workshop before it are left out. {unread[0][1].reason}")
        place = f" (last known as {link.file})" if link.file else ""
        also = (f" ({len(unread)} workshop {'file' if len(unread) == 1 else 'files'} there could not be read)"
                if unread else "")
        return (f"The earlier workshop{named}{place} was not found in this workshop's folder{also}, so it and "
                "any workshop before it are left out.")


def find_series(doc: WorkshopDoc, path: Path) -> Series:
    """The workshops ``doc`` (saved at ``path``) follows, back along the chain of links, and what is missing."""
    out = Series()
    if doc.info.follows is None:
        return out
    finder = _Finder(path)
    seen = {doc.info.id}
    link: WorkshopLink | None = doc.info.follows
    holder = path
    while link is not None and link.id not in seen and len(out.earlier) < MAX_EARLIER:
        found = finder.find(link, holder)
        if isinstance(found, str):
            out.notes.append(found)
            break
        out.earlier.append(found)
        seen.add(link.id)
        holder, link = found.path, found.doc.info.follows
    return out


def series_trends(doc: WorkshopDoc, series: Series, start: Path | None = None) -> tuple[list[Trend], list[str]]:
    """Each self-assessment of ``doc`` across the series, with a sentence for each earlier run left out.

    Only earlier runs of the same statements take part; a workshop of the series that did not run the
    exercise is passed over without a word (the check-in need not repeat every exercise).
    """
    trends: list[Trend] = []
    notes: list[str] = []
    folder = start.parent if start else None
    seen: set[str] = set()
    for step in doc.steps:
        if not (step.exercise and step.exercise.rating) or step.exercise.id in seen:
            continue
        seen.add(step.exercise.id)
        here = run_of(doc, "this workshop", step.exercise.id)
        runs = [here]
        for earlier in series.earlier:
            try:
                run = run_of(earlier.doc, _source(earlier.path, folder), step.exercise.id)
            except TrendError:
                continue
            reason = instrument_difference(run.rating, here.rating)
            if reason:
                notes.append(f"{_quoted(earlier.doc.info.title)} ran another version of "
                             f"{_quoted(step.exercise.title)} ({reason}), so it is left out of the trend.")
                continue
            if run.assessment.people:
                runs.insert(0, run)
        if len(runs) > 1:
            trends.append(Trend(step.exercise.id, step.exercise.title, runs))
    return trends, notes


def series_runs(doc: WorkshopDoc, path: Path, exercise_id: str) -> tuple[list[Run], list[str]]:
    """The earlier runs of one self-assessment in the series of the workshop saved at ``path``, oldest
    first, and a sentence for each earlier workshop left out."""
    found = find_series(doc, path)
    trends, notes = series_trends(doc, found, path)
    trend = next((t for t in trends if t.exercise_id == exercise_id), None)
    return (trend.earlier if trend else []), [*found.notes, *notes]


def _source(path: Path, folder: Path | None) -> str:
    if folder is not None:
        try:
            return path.relative_to(folder.resolve()).as_posix()
        except ValueError:
            pass
    return path.name
