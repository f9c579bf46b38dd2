"""The facilitator's guide of an agenda: a run sheet with clock times, then each exercise on paper.

Meant to be printed the day before: what each step is for, what to prepare, what to say (introduce,
run, close), other ways to run it (a large room, a hybrid one, less time), the questions for the
debrief, the facts worth quoting with their sources, and what the room will see on the screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer
from reportlab.platypus.flowables import HRFlowable

from workshop_app.core.library import Library
from workshop_app.core.plan import agenda_slots, plan_problems
from workshop_app.export.common import Progress
from workshop_app.export.pdf_base import (
    ACCENT,
    ACCENT_LIGHT,
    FRAME_W,
    GROUP_ROW,
    Mark,
    NoteLines,
    PdfInfo,
    build_pdf,
    bullet_list,
    data_table,
    styles,
)
from workshop_app.export.pdf_text import (
    heading,
    markup,
    para,
    trusted,
)
from workshop_app.model.exercises import Agenda, ExerciseDef, readable_source
from workshop_app.model.registry import Parts, type_label

ROOM_KIT = [
    "The laptop with the workshop file set up: details, participants and this agenda.",
    "A projector or large TV for the shared screen, with its cable and adapter.",
    "A wireless keyboard to pass round the room, and a presentation clicker.",
    "Pens, and the paper ballots and commitment cards (File → Export → Paper ballots), in case phones fail.",
    "This guide, printed; the agenda printed large for the wall.",
    "A clock or watch you can see without looking at the screen.",
    "Water, and a quiet corner for anyone who needs a minute.",
]


def _clock(start: dt.time, minutes: int) -> str:
    moment = dt.datetime.combine(dt.date(2000, 1, 1), start) + dt.timedelta(minutes=minutes)
    return moment.strftime("%H:%M")


def _minutes(n: int) -> str:
    return f"{n} minute" if n == 1 else f"{n} minutes"


def _duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours} h {mins:02d} min"
    return f"{hours} h" if hours else f"{mins} min"


# What the guide says about an exercise of one type: what the room will see and answer (a heading that
# says what the list is, and the list), and what to have ready for it in the time it has.
OnScreen = Callable[[ExerciseDef], tuple[str, list[str]]]
Prepare = Callable[[ExerciseDef, int, int], list[str]]  # the exercise, its minutes, the people


@dataclass(frozen=True)
class GuidePart:
    """The guide's part of one exercise type; ``numbered``: the room refers to the items by number."""

    on_screen: OnScreen
    prepare: Prepare
    numbered: bool


def _board_screen(ex: ExerciseDef) -> tuple[str, list[str]]:
    assert ex.board
    return "Prompts (one column each)", list(ex.board.prompts)


def _board_kit(ex: ExerciseDef, minutes: int, people: int) -> list[str]:
    assert ex.board
    b = ex.board
    out = [f"{len(b.prompts)} prompt{'s' if len(b.prompts) > 1 else ''} on the shared screen; decide how the notes "
           "arrive: from phones, typed by you as the room's scribe, or with the keyboard passed round in a room "
           "of a dozen or fewer."]
    if b.vote_budget:
        voting = min(5, max(2, minutes // 6))
        out.append(f"Dot voting: {b.vote_budget} votes per person; allow about {_minutes(voting)} of the "
                   f"{_minutes(minutes)} for it.")
    out.append("A few example notes of your own in case the room is slow to start.")
    return out


def _poll_screen(ex: ExerciseDef) -> tuple[str, list[str]]:
    assert ex.poll
    return f"Statements, each answered {' / '.join(ex.poll.scale)}", list(ex.poll.statements)


def _poll_kit(ex: ExerciseDef, minutes: int, people: int) -> list[str]:
    assert ex.poll
    n = len(ex.poll.statements)
    each = minutes / max(n, 1)
    pace = f"about {_minutes(int(each))} each" if each >= 1 else "under a minute each"
    return [f"{n} statements in {_minutes(minutes)}: {pace}, discussion included.",
            "Collect every answer before any is shown: phones, paper ballots typed in afterwards (File → Export → "
            "Paper ballots), or cards raised at the same moment. A show of hands lets the first hands sway the rest."]


def _rating_screen(ex: ExerciseDef) -> tuple[str, list[str]]:
    assert ex.rating
    r = ex.rating
    items = [f"{d.name}: {s.text}" + (" (reverse-worded)" if s.reverse else "") for d in r.dimensions for s in d.statements]
    return f"Statements rated {r.scale_min} ({r.low_label}) to {r.scale_max} ({r.high_label})", items


def _rating_kit(ex: ExerciseDef, minutes: int, people: int) -> list[str]:
    assert ex.rating
    r = ex.rating
    n = sum(len(d.statements) for d in r.dimensions)
    quiet = max(1, -(-n * 10 // 60))  # about ten seconds a statement, rounded up to whole minutes
    out = [f"{n} statements in {len(r.dimensions)} constructs: about {_minutes(quiet)} of quiet rating (ten seconds "
           f"a statement) per person, leaving about {_minutes(max(minutes - quiet, 0))} of the "
           f"{_minutes(minutes)} for the results and the discussion."]
    reversed_ = sum(1 for d in r.dimensions for st in d.statements if st.reverse)
    if reversed_:
        out.append(f"{reversed_} statements are worded the other way round (marked under On the screen); they count turned round "
                   "in their construct's score. Ask people to read each statement before rating it.")
    if r.version:
        out.append(f"Instrument version {r.version}: keep the statements as they are, and run it at the same point "
                   "of the day each time, so the runs can be compared.")
    if r.anonymous:
        out.append("The ratings are anonymous: explain that nobody, the facilitator included, sees who gave "
                   "which score.")
    out.append("No phones, or not for everyone? Print the paper ballots (File → Export → Paper ballots) and type "
               "them in with Paper ballots in this step: each sheet counts as one person.")
    out.append("If the room did this assessment before, have the earlier workshop file at hand to compare.")
    return out


def _word(label: str) -> str:
    """A label inside a sentence: in small letters, unless it is an abbreviation such as KPI."""
    return label if label.isupper() else label[:1].lower() + label[1:]


def _spectrum_screen(ex: ExerciseDef) -> tuple[str, list[str]]:
    assert ex.spectrum
    sp = ex.spectrum
    return f"Categories each {_word(sp.item_label)} is placed in, from one end to the other", list(sp.categories)


def _spectrum_kit(ex: ExerciseDef, minutes: int, people: int) -> list[str]:
    assert ex.spectrum
    sp = ex.spectrum
    return [f"Ask people beforehand to bring the {_word(sp.item_label)}s they are actually measured on.",
            f"For each one the room also writes down its {_word(sp.change_label)}."]


def _canvas_screen(ex: ExerciseDef) -> tuple[str, list[str]]:
    assert ex.canvas
    per = {"room": "once for the whole room", "role": "on one card per role", "group": "on one card per group"}
    return f"Fields, filled in {per[ex.canvas.per]}", list(ex.canvas.fields)


def _canvas_kit(ex: ExerciseDef, minutes: int, people: int) -> list[str]:
    assert ex.canvas
    c = ex.canvas
    if c.per == "role":
        return ["Know which roles or departments are present: each gets its own card.",
                f"{len(c.fields)} fields per card; give each role time to fill its own card before sharing."]
    if c.per == "group":
        return ["Set up the groups (tables) in the workshop before the day: each group fills one card.",
                f"{len(c.fields)} fields per card."]
    return [f"{len(c.fields)} fields, filled in by the whole room together."]


def _map_screen(ex: ExerciseDef) -> tuple[str, list[str]]:
    assert ex.map
    m = ex.map
    lanes = ", ".join(m.lanes) if m.lanes else "none"
    return f"Lanes: {lanes}. Departments to place", list(m.departments) or ["The departments present in the room"]


def _map_kit(ex: ExerciseDef, minutes: int, people: int) -> list[str]:
    assert ex.map
    m = ex.map
    return ["A list of the departments along the chain, including important ones that are absent.",
            f"Markers are called “{m.marker_label}”; proposals “{m.proposal_label}”.",
            "Someone senior enough to sponsor the cross-functional teams the room proposes."]


def _commitments_screen(ex: ExerciseDef) -> tuple[str, list[str]]:
    assert ex.commitments
    return f"Each person writes {ex.commitments.count} commitments", [ex.commitments.prompt]


def _commitments_kit(ex: ExerciseDef, minutes: int, people: int) -> list[str]:
    assert ex.commitments
    reading = -(-people * 15 // 60)  # fifteen seconds a person, rounded up to whole minutes
    if minutes <= 10:
        share = (f"In {_minutes(minutes)} there is no time to read out to the room: three minutes of writing, "
                 "then one commitment each in pairs.")
    elif people > 15:
        share = (f"Reading one commitment each out to {people} people takes about {_minutes(reading)}: after five "
                 "minutes of writing, share them in pairs or trios instead, and hear one per trio.")
    else:
        share = (f"In {_minutes(minutes)}: about five of quiet writing, then one commitment each read out "
                 f"(some fifteen seconds a person, {_minutes(reading)} in all).")
    return [f"{ex.commitments.count} commitments per person, each with a date; they go into the action plan.",
            share,
            "The date of the follow-up session, to announce at the close.",
            "Commitment cards for writing on paper (File → Export → Paper ballots), and who will type them in."]


def _review_screen(ex: ExerciseDef) -> tuple[str, list[str]]:
    assert ex.review
    which = "each person's commitments" if ex.review.scope == "commitments" else "the actions of the plan"
    return f"{ex.review.prompt} Shown to the room, for {which} carried from last time", [
        "A chart of the actions done, moving and stuck", "The quick wins to celebrate", "The overdue actions"]


def _review_kit(ex: ExerciseDef, minutes: int, people: int) -> list[str]:
    assert ex.review
    first = ("Make this workshop with File → New follow-up… from the earlier one, so its open actions "
             "and each person's commitments are here to review.")
    if ex.review.scope == "commitments":
        return [first, f"About a minute per person in {minutes} minutes: with many people, ask for one "
                "commitment each and set the rest afterwards."]
    return [first, f"About a minute per action in {minutes} minutes: ask owners beforehand to bring one "
            "sentence on where theirs stands.", "Someone who can unblock the stuck actions, ideally the sponsor."]


# The guide's part of each registered type. A new type is one line here.
GUIDE: Parts[GuidePart] = Parts("facilitator guide section", {
    "board": GuidePart(_board_screen, _board_kit, numbered=True),
    "poll": GuidePart(_poll_screen, _poll_kit, numbered=True),
    "rating": GuidePart(_rating_screen, _rating_kit, numbered=True),
    "spectrum": GuidePart(_spectrum_screen, _spectrum_kit, numbered=False),
    "canvas": GuidePart(_canvas_screen, _canvas_kit, numbered=True),
    "map": GuidePart(_map_screen, _map_kit, numbered=False),
    "commitments": GuidePart(_commitments_screen, _commitments_kit, numbered=False),
    "review": GuidePart(_review_screen, _review_kit, numbered=False),
})


class _Guide:
    def __init__(self, library: Library, agenda: Agenda, start: dt.time) -> None:
        self.lib = library
        self.agenda = agenda
        self.start = start
        self.s = styles()
        self.story: list[Flowable] = []

    def times(self) -> list[tuple[str, str]]:
        out = []
        elapsed = 0
        for step in self.agenda.steps:
            out.append((_clock(self.start, elapsed), _clock(self.start, elapsed + step.minutes)))
            elapsed += step.minutes
        return out

    def run_sheet(self) -> None:
        s, st, agenda = self.s, self.story, self.agenda
        st.append(trusted("FACILITATOR'S GUIDE", s.label))
        st.append(Spacer(1, 3 * mm))
        st.append(para(agenda.title, s.title))
        st.append(para(agenda.purpose, s.lead))
        end = _clock(self.start, agenda.minutes)
        st.append(trusted(markup(f"{_duration(agenda.minutes)}, from {self.start.strftime('%H:%M')} to {end}. "
                                 f"{sum(1 for x in agenda.steps if x.exercise)} exercises, timed for about "
                                 f"{agenda.people} people."), s.body))
        problems = plan_problems(agenda_slots(self.lib.exercises, agenda), agenda.people)
        if problems:
            st.append(para("Before the day, check:", s.h3))
            st.extend(bullet_list(problems))
        st.append(HRFlowable(width=38 * mm, thickness=2, color=ACCENT, hAlign="LEFT", spaceBefore=3 * mm,
                             spaceAfter=5 * mm))
        st.append(Mark(outline="Run sheet"))
        st.append(para("Run sheet", s.h2))
        rows: list[list[Any]] = [[trusted(h, s.th) for h in ("Time", "Step", "Type", "Minutes")]]
        extra: list[tuple[Any, ...]] = []
        number = 0
        for (begin, finish), step in zip(self.times(), agenda.steps, strict=True):
            time = trusted(f"<b>{begin}</b>&nbsp;–&nbsp;{finish}", s.cell)
            if step.exercise:
                number += 1
                ex = self.lib.exercises[step.exercise]
                rows.append([time, [para(f"{number}. {ex.title}", s.cell_bold), para(ex.purpose, s.cell_muted)],
                             trusted(type_label(ex.type), s.cell), trusted(str(step.minutes), s.cell_right)])
            else:
                extra.append(("BACKGROUND", (0, len(rows)), (-1, len(rows)), GROUP_ROW))
                rows.append([time, para(step.pause or "Break", s.cell), trusted("Break", s.cell_muted),
                             trusted(str(step.minutes), s.cell_right)])
        rows.append([trusted(f"<b>{end}</b>", s.cell), trusted("<b>End</b>", s.cell), trusted("", s.cell),
                     trusted(f"<b>{agenda.minutes}</b>", s.cell_right)])
        st.append(data_table(rows, [78, FRAME_W - 78 - 74 - 50, 74, 50], zebra=False, extra=extra))
        st.append(para("Bring to the room", s.h2))
        st.extend(bullet_list(ROOM_KIT))

    def exercise(self, number: int, ex: ExerciseDef, minutes: int, begin: str, finish: str) -> None:
        s, st = self.s, self.story
        st.append(PageBreak())
        st.append(Mark(outline=f"{number}. {ex.title}", level=0))
        st.append(trusted(markup(f"{begin} – {finish}  ·  {type_label(ex.type)}  ·  {minutes} min").upper(), s.label))
        st.append(Spacer(1, 2 * mm))
        st.append(para(f"{number}. {ex.title}", s.h1))
        st.append(para(ex.purpose, s.lead))
        facts: list[list[Any]] = [[para("Built on", s.cell_muted), para(readable_source(ex.source), s.cell_muted)]]
        need = ex.minutes_for(self.agenda.people)
        if need is not None:
            least, designed = need
            short = "  Too short: lengthen the slot or cut the exercise down." if minutes < least else ""
            facts.append([para("Timing", s.cell_muted),
                          para(f"{minutes} min in this agenda; for {self.agenda.people} people it needs at least "
                               f"{least} min, {designed} min as designed.{short}", s.cell_muted)])
        elif minutes != ex.minutes:
            facts.append([para("Timing", s.cell_muted),
                          para(f"{minutes} min in this agenda ({ex.minutes} min as designed)", s.cell_muted)])
        st.append(data_table(facts, [60, FRAME_W - 60], header=False, zebra=False,
                             extra=[("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        notes = ex.notes
        part = GUIDE[ex.type]
        kit = part.prepare(ex, minutes, self.agenda.people)
        if "paper ballots" in notes.prepare.lower():  # the script says it already, in its own words
            kit = [k for k in kit if "Paper ballots" not in k]
        if notes.prepare.strip() or kit:
            st.extend(heading("Prepare", s.h2, room=50))
            self.paragraphs(notes.prepare)
            st.extend(bullet_list(kit))
        for label, text in (("Introduce", notes.introduce), ("Run", notes.run), ("Close", notes.close)):
            if text.strip():
                st.extend(heading(label, s.h2, room=50))
                self.paragraphs(text)
        if notes.variants:
            st.extend(heading("Other ways to run it", s.h2, room=50))
            for variant in notes.variants:
                st.extend(heading(variant.name, s.h3, room=40))
                self.paragraphs(variant.text)
        if notes.debrief:
            st.extend(heading("Debrief questions", s.h2, room=50))
            st.extend(bullet_list(list(notes.debrief)))
        if notes.facts:
            st.extend(heading("Facts worth quoting", s.h2, room=50))
            rows: list[list[Any]] = []
            for fact in notes.facts:
                rows.append([[para(fact.text, s.body), para(readable_source(fact.source), s.cell_muted, before="Source: ")]])
            st.append(data_table(rows, [FRAME_W], header=False, zebra=False, extra=[
                ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
                ("LINEBELOW", (0, 0), (-1, -1), 3, colors.white),
                ("LEFTPADDING", (0, 0), (-1, -1), 8), ("TOPPADDING", (0, 0), (-1, -1), 6),
            ]))
        title, items = part.on_screen(ex)
        if items:
            st.extend(heading("On the screen", s.h2, room=50))
            st.append(para(title, s.muted))
            st.extend(bullet_list(items, numbered=part.numbered))
        st.append(NoteLines("My notes", top=4 * mm))

    def paragraphs(self, text: str) -> None:
        """A script's text, a paragraph for each blank-line-separated block."""
        for block in [b for b in text.strip().split("\n\n") if b.strip()]:
            self.story.append(para(block.strip(), self.s.body))

    def build(self, progress: Progress | None) -> list[Flowable]:
        exercises = [(s, self.lib.exercises[s.exercise]) for s in self.agenda.steps if s.exercise]
        total = len(exercises) + 2
        self.run_sheet()
        if progress:
            progress(1, total)
        number = 0
        for (begin, finish), step in zip(self.times(), self.agenda.steps, strict=True):
            if step.exercise:
                number += 1
                self.exercise(number, self.lib.exercises[step.exercise], step.minutes, begin, finish)
                if progress:
                    progress(number + 1, total)
        return self.story


def write_guide(
    library: Library,
    agenda: Agenda,
    out: Path,
    start: dt.time = dt.time(9, 0),
    progress: Progress | None = None,
) -> None:
    """Write the facilitator's guide of ``agenda`` as PDF, clock times counted from ``start``."""
    guide = _Guide(library, agenda, start)
    story = guide.build(progress)
    meta = PdfInfo(title=f"Facilitator's guide: {agenda.title}", author="",
                   subject=agenda.purpose, language="en", keywords="facilitator guide, run sheet, workshop")
    build_pdf(Path(out), story, meta, f"Facilitator's guide · {agenda.title}")
    if progress:
        n = sum(1 for s in agenda.steps if s.exercise) + 2
        progress(n, n)
