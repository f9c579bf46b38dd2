"""The report's first page after the cover: what the room decided, what it asks of the sponsor, when it
reviews progress, and one chart of what the room voted for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.platypus import Flowable, Spacer

from workshop_app.export.common import Directory, clip, fmt_date
from workshop_app.export.pdf_base import (
    ACCENT,
    ACCENT_MID,
    INK,
    MUTED,
    RULE,
    WARN,
    bullet_list,
    data_table,
    hex_colour,
    styles,
)
from workshop_app.export.pdf_charts import canvas_of, drawing_font
from workshop_app.export.pdf_text import (
    FONT_BOLD,
    markup,
    para,
    register_fonts,
    shown,
    shown_fit,
    trusted,
)
from workshop_app.export.summary import Decision, Summary


def votes_chart(labels: Sequence[str], votes: Sequence[int], chosen: Sequence[bool], width: float) -> Drawing:
    """Votes per idea as horizontal bars, top-down; ideas the room turned into decisions in the accent."""
    register_fonts()
    row = 18.0
    label_w = min(250.0, width * 0.5)
    height = len(labels) * row + 4
    d = canvas_of(width, height)
    peak = max(votes, default=0) or 1
    bar_room = width - label_w - 30
    for i, (label, count, made) in enumerate(zip(labels, votes, chosen, strict=True)):
        y = height - (i + 1) * row
        w = bar_room * count / peak
        d.add(Rect(label_w, y + 4, max(w, 0.8), row - 8, fillColor=ACCENT if made else ACCENT_MID, strokeColor=None))
        d.add(String(label_w + w + 4, y + row / 2 - 2.6, str(count), fontName=FONT_BOLD, fontSize=7.4, fillColor=INK))
        font = drawing_font(shown(label), bold=made)
        d.add(String(label_w - 6, y + row / 2 - 2.6, shown_fit(label, label_w - 10, font, 7.6), fontName=font,
                     fontSize=7.6, fillColor=INK if made else MUTED, textAnchor="end"))
    d.add(Line(label_w, 0, label_w, height, strokeColor=RULE, strokeWidth=0.6))
    return d


def _decision_cell(d: Directory, x: Decision) -> list[Flowable]:
    s = styles()
    cell: list[Flowable] = [para(x.action.what, s.cell_bold)]
    if x.source is not None and x.source.kind == "cluster":
        cell.append(para(x.source.text, s.cell_muted, before="From the cluster “", after="”"))
    elif x.source is not None and x.source.kind == "note":
        cell.append(para(clip(x.source.text, 120), s.cell_muted, before="From the note “", after="”"))
    elif d.step_title(x.action.step):
        cell.append(para(d.step_title(x.action.step), s.cell_muted, before="From "))
    return cell


def decisions_table(d: Directory, headline: Sequence[Decision], width: float) -> Flowable:
    """The headline decisions: what, the votes behind it, who owns it, by when, how we will know."""
    s = styles()
    rows: list[list[Any]] = [[trusted(h, s.th) for h in ("#", "Decision", "Votes", "Owner", "Due")]
                             + [trusted("Measure of success", s.th)]]
    for x in headline:
        owner = d.owner(x.action)
        rows.append([
            trusted(str(x.number), s.cell_bold),
            _decision_cell(d, x),
            trusted(str(x.votes) if x.votes else "–", s.cell_right),
            para(owner, s.cell) if owner else trusted(f'<font color="{hex_colour(WARN)}">No owner yet</font>', s.cell),
            trusted(fmt_date(x.action.due, "–").replace(" ", "&nbsp;"), s.cell),
            para(x.action.measure, s.cell) if x.action.measure else trusted("–", s.cell_muted),
        ])
    widths = [18, 0.0, 34, 72, 64, 130]
    widths[1] = width - sum(widths)
    return data_table(rows, widths)


def executive_story(doc_people: int, departments: int, sm: Summary, d: Directory, width: float) -> list[Flowable]:
    """The flowables of the executive page (the caller puts it on a page of its own and bookmarks it)."""
    s = styles()
    out: list[Flowable] = []
    headline = sm.headline
    who = f"{doc_people} people" + (f" from {departments} departments" if departments > 1 else "")
    when = f"On {fmt_date(d.doc.info.date)}, " if d.doc.info.date else ""
    if headline:
        lead = (f"{when}{who} agreed {sm.actions} decision{'s' if sm.actions != 1 else ''} for the organisation "
                f"and made {sm.commitments} personal commitments. These lead the plan:")
    elif doc_people:
        lead = f"{when}{who} took part. No decisions were agreed yet; the record of what the room said follows."
    else:
        lead = "No decisions were agreed yet; the record of the workshop follows."
    out.append(trusted(markup(lead), s.lead))
    if headline:
        out.append(decisions_table(d, headline, width))
        if len(sm.decisions) > len(headline):
            out.append(Spacer(1, 3))
            out.append(trusted(f"{len(sm.decisions) - len(headline)} more in the action plan.", s.muted))
    if sm.asks:
        out.append(para("Asked of the sponsor", s.h2))
        out.extend(bullet_list(sm.asks))
    if sm.review:
        out.append(para("Next review", s.h2))
        text = f"{fmt_date(sm.review)}"
        if d.doc.info.date:
            text += ", 30 days after the workshop"
        text += (f". {sm.due_by_review} decision{'s' if sm.due_by_review != 1 else ''} fall{'s' if sm.due_by_review == 1 else ''} "
                 "due by then." if sm.due_by_review else ".")
        out.append(trusted(f"<b>{markup(text)}</b>", s.body))
    ideas = sm.ideas
    if ideas:
        out.append(para("What the room voted for", s.h2))
        sources = {x.source.id for x in sm.decisions if x.source is not None}
        labels = [i.item.text.splitlines()[0] for i in ideas]
        chosen = [i.item.id in sources for i in ideas]
        out.append(votes_chart(labels, [i.votes for i in ideas], chosen, width))
        note = "Votes per note or cluster, the most voted first."
        if any(chosen):
            note += f' <font color="{hex_colour(ACCENT)}">■</font> became a decision of the plan.'
        out.append(Spacer(1, 2))
        out.append(trusted(note, s.muted))
    return out

