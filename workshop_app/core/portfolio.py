"""The portfolio: every workshop in a folder tree, read and never changed, and how their plans are doing.

An organisation that runs many workshops keeps their files in one shared or synced folder. Each file
has one writer; the portfolio only reads, and creates nothing beside the files (a closed workshop is
read as it lies, without SQLite's journal files). A file that is still arriving, open in a copy of
the app, damaged or from a newer version is skipped with a note saying why.

An action carried into a follow-up keeps its id, so each action counts once, as it stands in the
latest workshop that holds it.

A self-assessment run again along a series of follow-ups is followed per construct: its mean, number
of people and confidence interval at each run, for everyone and, where at least ``ROLE_MIN`` people of
a role answered, for that role (see :func:`assessment_series`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from workshop_app.core.review import is_commitment, is_overdue
from workshop_app.core.stats import ConstructResult, difference, instrument_difference
from workshop_app.core.trend import Point, Run, TrendError, points, run_of
from workshop_app.model.document import AREAS, ActionItem, WorkshopDoc
from workshop_app.storage.errors import (
    DamagedFile,
    NewerVersionError,
    NotAWorkshopFile,
    WorkshopFileError,
)
from workshop_app.storage.files import TEMP_MARK
from workshop_app.storage.lock import held_here, live_holder
from workshop_app.storage.workshop_file import SCHEMA_VERSION, SQLITE_MAGIC, WorkshopFile

SUFFIX = ".workshop"
NO_AREA = "No area"
NO_OWNER = "No owner yet"
NO_ROLE = "No role given"
NEWER = "From a newer version of Workshop Room: update the app to include it."


@dataclass(frozen=True)
class Skipped:
    """A file the portfolio did not read, and why, in words for the report."""

    path: Path
    reason: str


@dataclass(frozen=True)
class PlanAction:
    """One action as the portfolio counts it: where it stands in the latest workshop that holds it."""

    action: ActionItem
    owner: str
    personal: bool
    workshop: str  # the title of that workshop
    path: Path


@dataclass
class WorkshopEntry:
    """One workshop read from the folder: what it is, who came, and its plan."""

    path: Path
    id: str
    title: str
    organisation: str
    date: dt.date | None
    follows: str | None  # the id of the workshop it follows up
    follows_title: str
    roles: Counter[str]
    actions: list[PlanAction]
    runs: list[Run] = field(default_factory=list)  # each self-assessment the room rated

    @property
    def people(self) -> int:
        return sum(self.roles.values())


@dataclass
class Tally:
    """How a group of actions stands: how many in each status, and how many are overdue."""

    name: str
    total: int = 0
    done: int = 0
    moving: int = 0
    open: int = 0
    dropped: int = 0
    overdue: int = 0

    def add(self, action: ActionItem, today: dt.date) -> None:
        self.total += 1
        if action.status == "done":
            self.done += 1
        elif action.status == "in progress":
            self.moving += 1
        elif action.status == "open":
            self.open += 1
        else:
            self.dropped += 1
        self.overdue += is_overdue(action, today)

    @property
    def completion(self) -> float | None:
        """The share done of the actions that still count (dropped ones left out); None when none do."""
        standing = self.total - self.dropped
        return self.done / standing if standing else None


@dataclass
class Portfolio:
    """Every workshop read from a folder tree, the files skipped, and the figures across their plans."""

    root: Path
    today: dt.date
    workshops: list[WorkshopEntry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def actions(self) -> list[PlanAction]:
        """Each action once, from the latest workshop holding it (a carried action keeps its id)."""
        latest: dict[str, PlanAction] = {}
        for entry in sorted(self.workshops, key=_chronology):
            for planned in entry.actions:
                latest[planned.action.id] = planned
        return list(latest.values())

    def by_area(self) -> list[Tally]:
        """Completion by attention area, in the order of the six areas, then actions with none."""
        tallies = {name: Tally(name) for name in (*AREAS, NO_AREA)}
        for planned in self.actions():
            tallies[planned.action.area or NO_AREA].add(planned.action, self.today)
        return [t for t in tallies.values() if t.total]

    def by_owner(self) -> list[Tally]:
        """Completion by owner, the busiest first."""
        tallies: dict[str, Tally] = {}
        for planned in self.actions():
            tallies.setdefault(planned.owner, Tally(planned.owner)).add(planned.action, self.today)
        return sorted(tallies.values(), key=lambda t: (-t.total, t.name.casefold()))

    def overdue(self) -> list[PlanAction]:
        """The overdue actions, the longest overdue first."""
        late = [p for p in self.actions() if is_overdue(p.action, self.today)]
        return sorted(late, key=lambda p: (p.action.due or self.today, p.owner.casefold()))

    def roles(self) -> Counter[str]:
        """How many seats each role took across the workshops (a person at two workshops counts twice)."""
        total: Counter[str] = Counter()
        for entry in self.workshops:
            total.update(entry.roles)
        return total


def _chronology(entry: WorkshopEntry) -> tuple[dt.date, int, str]:
    # A follow-up comes after what it follows even when both carry the same date.
    return (entry.date or dt.date.min, 1 if entry.follows else 0, entry.title.casefold())


def is_workshop_name(name: str) -> bool:
    """Whether a file name is a workshop's: hidden and temporary files (a sync tool's or this app's own) are not."""
    return name.endswith(SUFFIX) and not name.startswith((".", "~")) and TEMP_MARK not in name


def workshop_files(root: Path) -> Iterator[Path]:
    """The workshop files under ``root``, in a stable order; hidden folders, hidden and temporary files
    are left out."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if is_workshop_name(name):
                yield Path(folder) / name


def still_arriving(path: Path) -> str | None:
    """Why the file looks incomplete (a copy or sync still under way), or None if it looks whole.

    SQLite's header says how many pages the database has; a file shorter than that has not all
    arrived yet.
    """
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(100)
    except OSError:
        return None  # opening it will say what is wrong
    if size == 0:
        return "it is empty, perhaps still being copied"
    if len(head) < 100:
        # The start of a database whose header has not all arrived; anything else is not a workshop.
        return "it is shorter than any workshop file, perhaps still being copied" if SQLITE_MAGIC.startswith(
            head[:16]) else None
    if not head.startswith(SQLITE_MAGIC):
        return None
    page = int.from_bytes(head[16:18], "big")
    page = 65536 if page == 1 else page
    pages = int.from_bytes(head[28:32], "big")
    valid = head[24:28] == head[92:96]  # the page count is only kept up to date when these agree
    if valid and pages and size < page * pages:
        return f"only {size:,} of its {page * pages:,} bytes are here so far"
    return None


def _journal_in_use(path: Path) -> bool:
    """Whether SQLite's write-ahead journal beside the file holds changes not yet in the file itself."""
    try:
        return Path(f"{path}-wal").stat().st_size > 0
    except OSError:
        return False


def read_entry(path: Path) -> WorkshopEntry | Skipped:
    """Read one workshop file for the portfolio, or say why it is skipped. Never writes anything."""
    doc = read_doc(path)
    return doc if isinstance(doc, Skipped) else entry_of(doc, path)


def read_doc(path: Path) -> WorkshopDoc | Skipped:
    """Read one workshop file without changing it (nor creating anything beside it), or say why not.

    A file still arriving, open in another copy of the app, damaged or from a newer version is not read.
    """
    arriving = still_arriving(path)
    if arriving:
        return Skipped(path, f"Still arriving: {arriving}.")
    holder = live_holder(path)
    if holder is not None and not held_here(holder, path):
        return Skipped(path, f"Locked: it is open in Workshop Room {holder.describe()}; it is read once it "
                             "is closed there.")
    try:
        # A closed file holds everything; one open here (or left by a crash) is read with its journal.
        file = WorkshopFile.open(path, readonly=True, snapshot=not _journal_in_use(path))
    except NewerVersionError:
        return Skipped(path, NEWER)
    except DamagedFile:
        return Skipped(path, "Damaged: it fails its check. Restore a backup of it where it was made.")
    except NotAWorkshopFile as exc:
        return Skipped(path, f"Not a workshop file: {exc}")
    except WorkshopFileError as exc:
        return Skipped(path, f"Could not be read: {exc}")
    try:
        if file.version > SCHEMA_VERSION:
            return Skipped(path, NEWER)
        return file.load()
    except NewerVersionError:
        return Skipped(path, NEWER)
    except DamagedFile:
        return Skipped(path, "Damaged: it holds data this app cannot read. Restore a backup of it.")
    except WorkshopFileError as exc:
        return Skipped(path, f"Could not be read: {exc}")
    finally:
        file.close()


def entry_of(doc: WorkshopDoc, path: Path) -> WorkshopEntry:
    """What the portfolio keeps of a workshop: its details, the roles of its people and its plan."""
    people = {p.id: p for p in doc.participants}
    items = {i.id: i for i in doc.items}
    actions = []
    for action in sorted(doc.actions, key=lambda a: (a.order, a.created)):
        person = people.get(action.owner_id or "")
        owner = person.name if person else action.owner or NO_OWNER
        actions.append(PlanAction(action, owner, is_commitment(action, items), doc.info.title, path))
    follows = doc.info.follows
    return WorkshopEntry(
        path=path, id=doc.info.id, title=doc.info.title, organisation=doc.info.organisation, date=doc.info.date,
        follows=follows.id if follows else None, follows_title=follows.title if follows else "",
        roles=Counter(p.role or NO_ROLE for p in doc.participants), actions=actions, runs=_runs(doc, path),
    )


def _runs(doc: WorkshopDoc, path: Path) -> list[Run]:
    """The self-assessments rated in a workshop, one run per exercise (its last rated step of it)."""
    out = []
    for exercise_id in dict.fromkeys(s.exercise.id for s in doc.steps if s.exercise and s.exercise.rating):
        try:
            run = run_of(doc, path.name, exercise_id)
        except TrendError:
            continue
        if run.assessment.people:
            out.append(run)
    return out


@dataclass
class AssessmentSeries:
    """One self-assessment along one series of workshops (a kick-off and its follow-ups), oldest run first.

    Only runs of the same statements are in one series; a run of another version starts a series of its own.
    """

    title: str  # the self-assessment's step title
    first: str  # the title of the series' first workshop here
    runs: list[Run] = field(default_factory=list)

    def overall(self) -> dict[str, list[Point]]:
        """Per construct, everyone's result at each run and the change from the run before."""
        return points(self.runs)

    def roles(self) -> list[str]:
        """The roles with results in at least one run (at least ROLE_MIN people of the role answered)."""
        return sorted({r.role for run in self.runs for r in run.assessment.roles}, key=str.casefold)

    def by_role(self, role: str) -> dict[str, list[Point | None]]:
        """Per construct, the role's result at each run, None where fewer than ROLE_MIN of it answered; the
        change is from the last run before where the role's result was shown."""
        out: dict[str, list[Point | None]] = {d.name: [] for d in self.runs[0].rating.dimensions}
        shown: dict[str, ConstructResult] = {}
        for run in self.runs:
            group = next((r for r in run.assessment.roles if r.role == role), None)
            for k, name in enumerate(out):
                if group is None:
                    out[name].append(None)
                    continue
                result = group.constructs[k]
                before = shown.get(name)
                out[name].append(Point(run, result, difference(before.score, result.score) if before else None))
                shown[name] = result
        return out

    def withheld(self) -> int:
        """How many times, over the runs, a role given by fewer than ROLE_MIN people was left out."""
        return sum(run.assessment.roles_withheld for run in self.runs)


def assessment_series(portfolio: Portfolio) -> list[AssessmentSeries]:
    """Each self-assessment along each series of follow-ups in the portfolio, in the order the series began.

    Workshops belong to one series when one follows the other; follow-ups of a workshop that is not in
    the folder belong to one series too, named after the earliest of them that is.
    """
    by_id = {w.id: w for w in portfolio.workshops}

    def root(entry: WorkshopEntry) -> str:
        seen = {entry.id}
        while entry.follows and entry.follows in by_id and entry.follows not in seen:
            entry = by_id[entry.follows]
            seen.add(entry.id)
        return entry.follows if entry.follows and entry.follows not in by_id else entry.id

    found: dict[tuple[str, str], list[AssessmentSeries]] = {}
    order: list[AssessmentSeries] = []
    for entry in portfolio.workshops:  # already in chronological order
        for run in entry.runs:
            kinds = found.setdefault((root(entry), run.assessment.exercise_id), [])
            series = next((x for x in kinds if instrument_difference(x.runs[0].rating, run.rating) is None), None)
            if series is None:
                series = AssessmentSeries(run.assessment.step_title, entry.title)
                kinds.append(series)
                order.append(series)
            series.runs.append(run)
    return order


def read_portfolio(root: Path, today: dt.date | None = None,
                   progress: Callable[[int, int], None] | None = None) -> Portfolio:
    """Read every workshop under ``root``; ``progress(done, total)`` is told after each file."""
    root = Path(root)
    if not root.is_dir():
        raise NotADirectoryError(f"{root} is not a folder.")
    portfolio = Portfolio(root, today or dt.date.today())
    files = list(workshop_files(root))
    for n, path in enumerate(files, start=1):
        found = read_entry(path)
        if isinstance(found, Skipped):
            portfolio.skipped.append(found)
        else:
            portfolio.workshops.append(found)
        if progress:
            progress(n, len(files))
    portfolio.workshops.sort(key=_chronology)
    return portfolio


def relative(portfolio: Portfolio, path: Path) -> str:
    """A file's place in the portfolio's folder, as the report names it."""
    try:
        return str(path.relative_to(portfolio.root))
    except ValueError:
        return str(path)


def series_titles(portfolio: Portfolio) -> dict[str, str]:
    """Each workshop's id to its title, for naming what a follow-up follows."""
    return {w.id: w.title for w in portfolio.workshops}

