"""Participant handouts: a sheet per person with their commitments and the actions they own, in one PDF.

A sheet is one page unless someone owns more than a page holds; each sheet is numbered on its own
("page 1 of 2" for that person) and carries the person's name in its footer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer
from reportlab.platypus.flowables import HRFlowable

from workshop_app.export.common import Directory, Progress, clip, fmt_date, isolate
from workshop_app.export.pdf_base import (
    ACCENT,
    FRAME_H,
    FRAME_W,
    RULE,
    PageGroup,
    PdfInfo,
    build_pdf,
    data_table,
    hex_colour,
    styles,
)
from workshop_app.export.pdf_text import (
    markup,
    para,
    trusted,
)
from workshop_app.model.document import Participant, WorkshopDoc

# A sheet is a reminder; the report has every word. Very long texts are cut so a sheet stays legible,
# and a cut text says so.
CLIP = 280
CUT_NOTE = "Shortened here: the workshop report has the full text."


def _nbsp(text: str) -> str:
    return text.replace(" ", "&nbsp;")


def _clip(text: str) -> str:
    return clip(text, CLIP)


def _text_cell(text: str, style: Any) -> list[Flowable]:
    """A user text for a cell, cut to CLIP characters with a note saying so when it is longer."""
    if len(text) <= CLIP:
        return [para(text, style)]
    return [para(_clip(text), style), trusted(CUT_NOTE, styles().cell_muted)]


def _sheet(doc: WorkshopDoc, d: Directory, person: Participant) -> list[Flowable]:
    s = styles()
    info = doc.info
    out: list[Flowable] = [PageGroup(person.name), trusted("PERSONAL ACTION SHEET", s.label), Spacer(1, 2 * mm)]
    out.append(para(info.title, s.h1))
    # The app's words read left to right; the names in them each read in their own direction.
    context = " · ".join(x for x in (isolate(info.organisation), fmt_date(info.date),
                                     f"facilitated by {isolate(info.facilitator)}" if info.facilitator else "") if x)
    if context:
        out.append(para(context, s.muted))
    out.append(HRFlowable(width="100%", thickness=0.6, color=RULE, spaceBefore=4 * mm, spaceAfter=5 * mm))
    out.append(para(person.name, s.title))
    if person.role:
        out.append(para(person.role, s.subtitle))
    out.append(Spacer(1, 5 * mm))

    commitments = d.commitments_of(person.id)
    linked = d.action_for_item()
    out.append(para("My commitments", s.h2))
    if commitments:
        rows: list[list[Any]] = [[trusted(h, s.th) for h in ("", "What I will do", "By", "Status")]]
        for item in commitments:
            action = linked.get(item.id)
            cell = _text_cell(item.text, s.cell)
            if action is not None and action.measure:
                cell.append(para(_clip(action.measure), s.cell_muted, before="Measure: "))
            rows.append([trusted("☐", s.cell), cell,
                         trusted(_nbsp(fmt_date(item.due, "–")), s.cell),
                         trusted(action.status.capitalize() if action else "–", s.cell)])
        out.append(data_table(rows, [18, FRAME_W - 18 - 70 - 64, 70, 64]))
    else:
        out.append(trusted("No personal commitments were recorded for you.", s.muted))

    from_commitments = {i.id for i in commitments}
    owned = [a for a in d.actions_of(person) if a.source not in from_commitments]
    out.append(para("Actions I own", s.h2))
    if owned:
        rows = [[trusted(h, s.th) for h in ("", "Action", "Measure of success", "Due", "Priority")]]
        for a in owned:
            what = _text_cell(a.what, s.cell_bold) + (_text_cell(a.why, s.cell_muted) if a.why else [])
            rows.append([trusted("☐", s.cell), what,
                         _text_cell(a.measure, s.cell) if a.measure else trusted("–", s.cell_muted),
                         trusted(_nbsp(fmt_date(a.due, "–")), s.cell), trusted(a.priority.capitalize(), s.cell)])
        out.append(data_table(rows, [18, (FRAME_W - 18 - 70 - 56) * 0.58, (FRAME_W - 18 - 70 - 56) * 0.42, 70, 56]))
    else:
        out.append(trusted("No other actions of the plan are yours.", s.muted))

    note = ("Bring this sheet to the follow-up session: each of us will say what moved. "
            "Progress, not perfection.")
    closing: list[Flowable] = [
        Spacer(1, 6 * mm),
        trusted(f'<font color="{hex_colour(ACCENT)}">■</font>&nbsp;&nbsp;{markup(note)}', s.small),
    ]

    # The room's priorities and space for notes only when the sheet has room for them on its one page;
    # a sheet longer than a page goes on to a second page with what is the person's own.
    extras: list[list[Flowable]] = []
    mine = {a.id for a in owned} | {a.id for a in d.actions_of(person)}
    priorities = [a for a in d.actions() if a.priority == "high" and a.id not in mine and a.status != "dropped"]
    if priorities:
        rows = [[trusted(h, s.th) for h in ("Action", "Owner", "Due")]]
        for a in priorities[:6]:
            owner = d.owner(a)
            rows.append([_text_cell(a.what, s.cell), para(owner, s.cell) if owner else trusted("–", s.cell_muted),
                         trusted(_nbsp(fmt_date(a.due, "–")), s.cell)])
        extras.append([para("The room's priorities", s.h2), data_table(rows, [FRAME_W - 130 - 70, 130, 70])])
    lines: list[Flowable] = [para("My notes", s.h2)]
    for _ in range(5):
        lines += [Spacer(1, 8 * mm), HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=0, spaceAfter=0)]
    extras.append(lines)
    used = _height(out + closing)
    for block in extras:
        need = _height(block)
        if used + need <= FRAME_H - 4:
            out.extend(block)
            used += need
    return out + closing


def _height(flowables: list[Flowable]) -> float:
    """The height a list of flowables takes in a sheet's width (spacing counted generously)."""
    total = 0.0
    for f in flowables:
        _, h = f.wrap(FRAME_W, FRAME_H)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def write_handouts(doc: WorkshopDoc, out: Path, progress: Progress | None = None) -> None:
    """A sheet per participant (their commitments and the actions they own), all in one PDF."""
    d = Directory(doc)
    people = list(doc.participants)
    total = len(people) + 1
    story: list[Flowable] = []
    for n, person in enumerate(people):
        if n:
            story.append(PageBreak())
        story.extend(_sheet(doc, d, person))
        if progress:
            progress(n + 1, total)
    if not people:
        story.append(trusted("This workshop has no participants yet, so there are no handouts.", styles().lead))
    info = doc.info
    meta = PdfInfo(title=f"{info.title}: personal action sheets", author=info.facilitator,
                   subject="Each participant's commitments and actions", language=info.language)
    build_pdf(Path(out), story, meta, f"{info.title} · personal action sheet")
    if progress:
        progress(total, total)
