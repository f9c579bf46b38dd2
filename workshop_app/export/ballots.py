"""Paper ballots for a room without phones: the self-assessment, the polls and the commitments.

Each ballot is a page of its own with a code of its own printed in its corner (see ``core.ballots``):
a rating ballot lists every statement with a numbered box for each score, a poll ballot every
statement with a numbered box for each option, and a commitment card three commitments, each with
its due date. The numbers in the boxes are what the facilitator types when entering the stack, so a
ballot can be entered without looking anywhere but at the sheet. Ballots come in agenda order, one
stack per exercise, each stack as many sheets as asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from workshop_app.core.ballots import make_codes
from workshop_app.export.common import fmt_date, isolate
from workshop_app.export.pdf_base import (
    ACCENT,
    ACCENT_DARK,
    ACCENT_LIGHT,
    FRAME_W,
    INK,
    MUTED,
    RULE,
    ZEBRA,
    PageGroup,
    PdfInfo,
    build_pdf,
    styles,
)
from workshop_app.export.pdf_text import FONT, FONT_BOLD, para, trusted
from workshop_app.model.document import Step, WorkshopDoc

BOX = 6.2 * mm  # a box big enough to tick or cross with a pen
SPARE = 2  # sheets beyond the number of participants, for a late arrival or a spoilt sheet
UNLISTED = 20  # sheets per ballot when no participants are listed
MAX_COPIES = 500


def ballot_steps(doc: WorkshopDoc) -> list[Step]:
    """The steps that have a paper ballot: ratings, polls and commitments, in agenda order."""
    return [s for s in doc.steps if s.exercise and (s.exercise.rating or s.exercise.poll or s.exercise.commitments)]


def default_copies(doc: WorkshopDoc) -> int:
    """Sheets per ballot: one per participant and a couple spare, or enough for a room when none are listed."""
    return len(doc.participants) + SPARE if doc.participants else UNLISTED


class NumberedBox(Flowable):
    """A box to tick, with the number to type for it printed faintly inside."""

    def __init__(self, number: int | str) -> None:
        super().__init__()
        self.number = str(number)
        self.width = self.height = BOX

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return BOX, BOX

    def draw(self) -> None:
        c = self.canv
        c.setStrokeColor(INK)
        c.setLineWidth(0.8)
        c.rect(0, 0, BOX, BOX, stroke=1, fill=0)
        c.setFillColor(colors.HexColor("#98A4B0"))
        c.setFont(FONT, 7)
        c.drawCentredString(BOX / 2, BOX / 2 - 2.4, self.number)


class CodeBox(Flowable):
    """The ballot's code, large and spaced, in a framed box: what is typed first when entering it."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.width, self.height = 46 * mm, 17 * mm

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        c.setFillColor(ACCENT_LIGHT)
        c.setStrokeColor(ACCENT)
        c.setLineWidth(1)
        c.roundRect(0, 0, self.width, self.height, 2 * mm, stroke=1, fill=1)
        c.setFillColor(ACCENT_DARK)
        c.setFont(FONT_BOLD, 6.5)
        c.drawCentredString(self.width / 2, self.height - 4.6 * mm, "BALLOT CODE")
        c.setFillColor(INK)
        c.setFont(FONT_BOLD, 19)
        step = 7.4 * mm
        left = (self.width - step * (len(self.code) - 1)) / 2
        for n, char in enumerate(self.code):
            c.drawCentredString(left + n * step, 3.6 * mm, char)


def _header(doc: WorkshopDoc, step: Step, code: str, kind: str) -> list[Flowable]:
    s = styles()
    info = doc.info
    context = " · ".join(x for x in (isolate(info.title), isolate(info.organisation), fmt_date(info.date)) if x)
    left: list[Flowable] = [trusted(kind, s.label), Spacer(1, 1.5 * mm), para(step.title, s.h1)]
    if context:
        left.append(para(context, s.muted))
    table = Table([[left, CodeBox(code)]], colWidths=[FRAME_W - 50 * mm, 50 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
    return [PageGroup(f"ballot {code}"), table, Spacer(1, 4 * mm)]


def _choice_table(statements: list[str], choices: list[tuple[str, str]], legend: str = "") -> Table:
    """Statements down the side, one numbered box per choice across: (number to type, label) per choice.

    With a ``legend`` (a rating's scale, say) the header is that one line over all the boxes; without
    one each box's column is headed by its label (a poll's options)."""
    s = styles()
    labelled = not legend
    column = 17 * mm if labelled else BOX + 3.4 * mm
    if labelled:
        head: list[Any] = [trusted(label, s.cell_center) for _, label in choices]
    else:
        head = [trusted(legend, s.cell_center)] + [""] * (len(choices) - 1)
    rows: list[list[Any]] = [["", "", *head]]
    for n, text in enumerate(statements, start=1):
        rows.append([trusted(str(n), s.cell_bold), para(text, s.cell)] + [NumberedBox(number) for number, _ in choices])
    number = 8 * mm
    widths = [number, FRAME_W - number - column * len(choices)] + [column] * len(choices)
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FONT, 8.2, 10.8),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
        ("ALIGN", (2, 0), (-1, -1), "CENTER"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, ZEBRA]),
        ("TOPPADDING", (0, 1), (-1, -1), 2.6),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 3.0),
        ("LEFTPADDING", (0, 0), (0, -1), 2),
    ]
    if not labelled:
        commands.append(("SPAN", (2, 0), (-1, 0)))
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def _rating_ballot(doc: WorkshopDoc, step: Step, code: str) -> list[Flowable]:
    assert step.exercise and step.exercise.rating
    rating = step.exercise.rating
    s = styles()
    statements = [st.text for d in rating.dimensions for st in d.statements]
    low, high = rating.scale_min, rating.scale_max
    choices = [(str(v), "") for v in range(low, high + 1)]
    legend = f"{low} = {rating.low_label}  …  {high} = {rating.high_label}"
    how = (f"Put a cross in one box per statement: {low} means “{rating.low_label}”, {high} means "
           f"“{rating.high_label}”. Leave a statement blank if you cannot say. Do not write your name: the "
           "code only keeps your answers together, and nobody can tell whose sheet it is.")
    return [*_header(doc, step, code, "SELF-ASSESSMENT BALLOT"), para(how, s.body), Spacer(1, 2 * mm),
            _choice_table(statements, choices, legend)]


def _poll_ballot(doc: WorkshopDoc, step: Step, code: str) -> list[Flowable]:
    assert step.exercise and step.exercise.poll
    poll = step.exercise.poll
    s = styles()
    how = ("Put a cross in one box per statement. Leave a statement blank if you cannot say. Do not write "
           "your name.")
    choices = [(str(n), label) for n, label in enumerate(poll.scale, start=1)]
    return [*_header(doc, step, code, "POLL BALLOT"), para(how, s.body), Spacer(1, 2 * mm),
            _choice_table(list(poll.statements), choices)]


def _commitment_card(doc: WorkshopDoc, step: Step, code: str) -> list[Flowable]:
    assert step.exercise and step.exercise.commitments
    content = step.exercise.commitments
    s = styles()
    how = ("Write what you will do, each in a sentence someone else could check, and the date you will have "
           "done it by. Put your name on the card: each commitment becomes an action in the plan with you "
           "as its owner, and comes back to you at the follow-up.")
    out: list[Flowable] = [*_header(doc, step, code, "MY COMMITMENTS"), para(content.prompt, s.h2),
                           para(how, s.body), Spacer(1, 3 * mm), _write_in("My name", FRAME_W)]
    for n in range(1, content.count + 1):
        block: list[Flowable] = [Spacer(1, 6 * mm), trusted(f"Commitment {n}", s.h3)]
        block += [_ruled(FRAME_W), _ruled(FRAME_W), Spacer(1, 2 * mm), _write_in("Done by (date)", 70 * mm)]
        out.append(KeepTogether(block))
    return out


def _ruled(width: float) -> Flowable:
    table = Table([[""]], colWidths=[width], rowHeights=[9 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.5, MUTED)]))
    return table


def _write_in(label: str, width: float) -> Flowable:
    s = styles()
    table = Table([[trusted(label, s.cell_bold), ""]], colWidths=[32 * mm, width - 32 * mm],
                  rowHeights=[9 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (0, 0), 0),
                               ("LINEBELOW", (1, 0), (1, 0), 0.5, MUTED)]))
    return table


BALLOTS: dict[str, Callable[[WorkshopDoc, Step, str], list[Flowable]]] = {
    "rating": _rating_ballot,
    "poll": _poll_ballot,
    "commitments": _commitment_card,
}


def ballot_problem(doc: WorkshopDoc, copies: int | None = None) -> str | None:
    """Why ballots cannot be printed for this workshop (or in this number), or None when they can."""
    if not ballot_steps(doc):
        return "This workshop has no self-assessment, poll or commitments to print ballots for."
    if copies is not None and not 1 <= copies <= MAX_COPIES:
        return f"Between 1 and {MAX_COPIES} copies of each ballot can be printed, not {copies}."
    return None


def write_ballots(doc: WorkshopDoc, out: Path, copies: int | None = None,
                  progress: Callable[[int, int], None] | None = None) -> int:
    """``copies`` ballots (default: see ``default_copies``) for every rating, poll and commitments step,
    each with a code no other sheet in the file has. Returns the number of sheets."""
    problem = ballot_problem(doc, copies)
    if problem:
        raise ValueError(problem)
    steps = ballot_steps(doc)
    copies = default_copies(doc) if copies is None else copies
    codes = iter(make_codes(copies * len(steps)))
    story: list[Flowable] = []
    total = copies * len(steps)
    for n in range(total):
        step = steps[n // copies]
        if story:
            story.append(PageBreak())
        story.extend(BALLOTS[step.type](doc, step, next(codes)))
        if progress:
            progress(n + 1, total + 1)
    info = doc.info
    meta = PdfInfo(title=f"{info.title}: paper ballots", author=info.facilitator,
                   subject="Ballots for the self-assessment, polls and commitments", language=info.language)
    build_pdf(Path(out), story, meta, info.title)
    if progress:
        progress(total + 1, total + 1)
    return total
