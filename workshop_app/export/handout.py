"""Participant handouts: one page per person with their commitments and the actions they own, in one PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, PageBreak, Spacer
from reportlab.platypus.flowables import HRFlowable

from workshop_app.export.common import Directory, Progress, clip, fmt_date
from workshop_app.export.pdf_base import (
    ACCENT,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PORTRAIT,
    RULE,
    PdfInfo,
    build_pdf,
    data_table,
    hex_colour,
    markup,
    para,
    styles,
    trusted,
)
from workshop_app.model.document import Participant, WorkshopDoc

WIDTH = PORTRAIT[0] - 2 * MARGIN_X
HEIGHT = PORTRAIT[1] - MARGIN_TOP - MARGIN_BOTTOM


# A sheet is a reminder; the report has every word. Very long texts are cut so a sheet stays legible.
CLIP = 280


def _nbsp(text: str) -> str:
    return text.replace(" ", "&nbsp;")


def _clip(text: str) -> str:
    return clip(text, CLIP)


def _sheet(doc: WorkshopDoc, d: Directory, person: Participant) -> list[Flowable]:
    s = styles()
    info = doc.info
    out: list[Flowable] = [trusted("PERSONAL ACTION SHEET", s.label), Spacer(1, 2 * mm)]
    out.append(para(info.title, s.h1))
    context = " · ".join(x for x in (info.organisation, fmt_date(info.date),
                                     f"facilitated by {info.facilitator}" if info.facilitator else "") if x)
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
            rows.append([trusted("☐", s.cell), para(_clip(item.text), s.cell),
                         trusted(_nbsp(fmt_date(item.due, "–")), s.cell),
                         trusted(action.status.capitalize() if action else "–", s.cell)])
        out.append(data_table(rows, [18, WIDTH - 18 - 70 - 64, 70, 64]))
    else:
        out.append(trusted("No personal commitments were recorded for you.", s.muted))

    from_commitments = {i.id for i in commitments}
    owned = [a for a in d.actions_of(person) if a.source not in from_commitments]
    out.append(para("Actions I own", s.h2))
    if owned:
        rows = [[trusted(h, s.th) for h in ("", "Action", "Measure of success", "Due", "Priority")]]
        for a in owned:
            what: list[Flowable] = [para(_clip(a.what), s.cell_bold)]
            if a.why:
                what.append(para(_clip(a.why), s.cell_muted))
            rows.append([trusted("☐", s.cell), what,
                         para(_clip(a.measure), s.cell) if a.measure else trusted("–", s.cell_muted),
                         trusted(_nbsp(fmt_date(a.due, "–")), s.cell), trusted(a.priority.capitalize(), s.cell)])
        out.append(data_table(rows, [18, (WIDTH - 18 - 70 - 56) * 0.58, (WIDTH - 18 - 70 - 56) * 0.42, 70, 56]))
    else:
        out.append(trusted("No other actions of the plan are yours.", s.muted))

    note = ("Bring this sheet to the follow-up session: each of us will say what moved. "
            "Progress, not perfection.")
    closing: list[Flowable] = [
        Spacer(1, 6 * mm),
        trusted(f'<font color="{hex_colour(ACCENT)}">■</font>&nbsp;&nbsp;{markup(note)}', s.small),
    ]

    # The room's priorities and space for notes only when the sheet has room for them.
    extras: list[list[Flowable]] = []
    mine = {a.id for a in owned} | {a.id for a in d.actions_of(person)}
    priorities = [a for a in d.actions() if a.priority == "high" and a.id not in mine and a.status != "dropped"]
    if priorities:
        rows = [[trusted(h, s.th) for h in ("Action", "Owner", "Due")]]
        for a in priorities[:6]:
            owner = d.owner(a)
            rows.append([para(_clip(a.what), s.cell), para(owner, s.cell) if owner else trusted("–", s.cell_muted),
                         trusted(_nbsp(fmt_date(a.due, "–")), s.cell)])
        extras.append([para("The room's priorities", s.h2), data_table(rows, [WIDTH - 130 - 70, 130, 70])])
    lines: list[Flowable] = [para("My notes", s.h2)]
    for _ in range(5):
        lines += [Spacer(1, 8 * mm), HRFlowable(width="100%", thickness=0.4, color=RULE, spaceBefore=0, spaceAfter=0)]
    extras.append(lines)
    used = _height(out + closing)
    for block in extras:
        need = _height(block)
        if used + need <= HEIGHT - 4:
            out.extend(block)
            used += need
    return out + closing


def _height(flowables: list[Flowable]) -> float:
    """The height a list of flowables takes in a sheet's width (spacing counted generously)."""
    total = 0.0
    for f in flowables:
        _, h = f.wrap(WIDTH, HEIGHT)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def write_handouts(doc: WorkshopDoc, out: Path, progress: Progress | None = None) -> None:
    """One page per participant (their commitments and the actions they own), all in one PDF."""
    d = Directory(doc)
    people = list(doc.participants)
    total = len(people) + 1
    story: list[Flowable] = []
    for n, person in enumerate(people):
        if n:
            story.append(PageBreak())
        # Shrinking, never spilling: each person gets exactly one sheet, however much they own.
        story.append(KeepInFrame(WIDTH, HEIGHT - 2, _sheet(doc, d, person), mode="shrink"))
        if progress:
            progress(n + 1, total)
    if not people:
        story.append(trusted("This workshop has no participants yet, so there are no handouts.", styles().lead))
    info = doc.info
    meta = PdfInfo(title=f"{info.title}: personal action sheets", author=info.facilitator,
                   subject="Each participant's commitments and actions", language=info.language)
    build_pdf(Path(out), story, meta, f"{info.title} · personal action sheets")
    if progress:
        progress(total, total)
