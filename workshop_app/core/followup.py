"""A follow-up made from an earlier workshop: the same people, the check-in agenda, the plan carried over.

Every open and in-progress action is carried with its id, owner, due date, measure and status, and
with a history that gains what became of it at the earlier workshop. Each person's commitments are
carried whatever their status, so the review of "my last three" can go through all three. The new
workshop links to the earlier one by its id and title. The command line and the GUI both call
:func:`make_follow_up`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path, PurePath

from workshop_app.core.library import Library
from workshop_app.core.review import is_commitment, progress_notes
from workshop_app.core.setup import make_step, plan_from_agenda
from workshop_app.core.workshop import Workshop, WorkshopError
from workshop_app.model.document import ActionEvent, ActionItem, WorkshopDoc, WorkshopInfo, WorkshopLink
from workshop_app.model.text import NAME_MAX

FOLLOW_UP_AGENDA = "momentum-check-in"
_SUFFIX = re.compile(r" — follow-up(?: (\d+))?$")


def follow_up_title(title: str) -> str:
    """"Kick-off" → "Kick-off — follow-up" → "Kick-off — follow-up 2": the series stays readable."""
    found = _SUFFIX.search(title)
    if found is None:
        return f"{title} — follow-up"
    number = int(found.group(1) or 1) + 1
    return f"{title[:found.start()]} — follow-up {number}"


def link_hint(earlier: Path, follow_up: Path) -> str:
    """Where the earlier file lies as seen from the follow-up's folder ("kick-off.workshop",
    "../Berlin/kick-off.workshop"), with forward slashes on every system: where the series is looked
    for first. A place that cannot be put that way (another drive) gives the file's name alone."""
    try:
        hint = PurePath(os.path.relpath(Path(earlier).absolute(), Path(follow_up).absolute().parent)).as_posix()
    except ValueError:
        hint = Path(earlier).name
    return hint if len(hint) <= NAME_MAX else Path(earlier).name[:NAME_MAX]


def carried_actions(earlier: WorkshopDoc) -> list[ActionItem]:
    """The actions a follow-up of ``earlier`` starts with, each with one more step of history."""
    items = {i.id: i for i in earlier.items}
    notes = progress_notes(earlier)
    out = []
    for action in sorted(earlier.actions, key=lambda a: (a.order, a.created)):
        personal = is_commitment(action, items)
        if action.status not in ("open", "in progress") and not personal:
            continue
        said = notes.get(action.id)
        event = ActionEvent(workshop_id=earlier.info.id, workshop=earlier.info.title, date=earlier.info.date,
                            status=action.status, note=said.text if said else "",
                            quick_win=bool(said and said.quick_win))
        # The answer and the step it came from stay in the earlier workshop; the history points there.
        out.append(action.model_copy(update={"source": None, "step": None, "personal": personal,
                                             "history": [*action.history, event]}))
    return out


def follow_up_doc(earlier: WorkshopDoc, library: Library, agenda_id: str | None = None,
                  date: dt.date | None = None, earlier_file: str = "") -> WorkshopDoc:
    """The document of a follow-up to ``earlier``, on the agenda ``agenda_id`` (the check-in by default)."""
    wanted = agenda_id or FOLLOW_UP_AGENDA
    agenda = library.agendas.get(wanted)
    if agenda is None:
        raise WorkshopError(f"There is no agenda '{wanted}'; choose one of: {', '.join(library.agendas) or 'none'}.")
    try:
        plan = plan_from_agenda(library, agenda)
    except KeyError as missing:
        raise WorkshopError(f"The agenda '{wanted}' names the exercise {missing}, which is not in the library.") from None
    info = earlier.info
    new_info = WorkshopInfo(
        title=follow_up_title(info.title), organisation=info.organisation, date=date or dt.date.today(),
        facilitator=info.facilitator, language=info.language,
        follows=WorkshopLink(id=info.id, title=info.title, date=info.date, file=earlier_file[:NAME_MAX]),
    )
    return WorkshopDoc(
        info=new_info,
        participants=[p.model_copy() for p in earlier.participants],
        groups=[g.model_copy() for g in earlier.groups],
        steps=[make_step(p) for p in plan],
        actions=carried_actions(earlier),
    )


def make_follow_up(earlier: WorkshopDoc, path: Path, library: Library, agenda_id: str | None = None,
                   date: dt.date | None = None, earlier_file: str = "") -> Workshop:
    """Create the follow-up workshop file at ``path`` and return it open."""
    doc = follow_up_doc(earlier, library, agenda_id, date, earlier_file)
    return Workshop.create(path, doc)
