"""The PDF parts of a follow-up: the review step's section, and the page of what moved since last time.

Both use the figures of ``core.review``: what the console and the room's chart show is what is printed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer

from workshop_app.core.review import (
    MOVEMENT_LABELS,
    MOVEMENTS,
    STATUS_WORDS,
    Movement,
    SinceLastTime,
    is_overdue,
    movement,
    progress_by_action,
    review_day,
    review_figures,
)
from workshop_app.core.series import Trend
from workshop_app.export.common import Directory, fmt_date, plural
from workshop_app.export.pdf_base import (
    INK,
    MUTED,
    WARN,
    ZEBRA,
    data_table,
    has_long_text,
    hex_colour,
    styles,
)
from workshop_app.export.pdf_charts import canvas_of
from workshop_app.export.pdf_text import (
    FONT_BOLD,
    heading,
    markup,
    para,
    register_fonts,
    trusted,
)
from workshop_app.export.pdf_trend import series_trend
from workshop_app.model.answers import Progress
from workshop_app.model.document import ActionItem, Step

if TYPE_CHECKING:
    from workshop_app.export.pdf_results import ResultsWriter

# Colour-blind-safe (Okabe and Ito), as on the shared screen; grey for what was dropped.
MOVEMENT_COLOURS: dict[Movement, colors.Color] = {
    "done": colors.HexColor("#009E73"), "moving": colors.HexColor("#56B4E9"),
    "stuck": colors.HexColor("#E69F00"), "dropped": colors.HexColor("#8C8C8C"),
}
_WARN_HEX = hex_colour(WARN)


def progress_chart(counts: Mapping[Movement, int], width: float) -> Drawing:
    """One bar per movement (dropped only when there is any), as long as its share, its count beside it."""
    register_fonts()
    shown = [m for m in MOVEMENTS if m != "dropped" or counts.get(m)]
    total = sum(counts.get(m, 0) for m in MOVEMENTS) or 1
    bar_h, gap, label_w, count_w = 11.0, 5.0, 52.0, 24.0
    height = len(shown) * (bar_h + gap)
    d = canvas_of(width, height)
    bar_w = width - label_w - count_w
    for n, name in enumerate(shown):
        y = height - (n + 1) * (bar_h + gap) + gap / 2
        count = counts.get(name, 0)
        d.add(String(0, y + 3, MOVEMENT_LABELS[name], fontName=FONT_BOLD, fontSize=8, fillColor=INK))
        d.add(Rect(label_w, y, bar_w, bar_h, fillColor=ZEBRA, strokeColor=None))
        w = bar_w * count / total
        if count:
            d.add(Rect(label_w, y, max(w, 1.5), bar_h, fillColor=MOVEMENT_COLOURS[name], strokeColor=None))
        d.add(String(label_w + w + 4, y + 3, str(count), fontName=FONT_BOLD, fontSize=8, fillColor=INK))
    return d


def _owner_line(d: Directory, action: ActionItem, late: bool) -> str:
    """Trusted markup: the owner and the due date, the date in the warning colour when it has passed."""
    due = fmt_date(action.due)
    when = ""
    if due:
        when = f' · <font color="{_WARN_HEX}"><b>overdue since {due}</b></font>' if late else f" · due {due}"
    return markup(d.owner(action) or "No owner yet") + when


def _action_cell(d: Directory, action: ActionItem, progress: Progress | None, late: bool) -> list[Flowable]:
    s = styles()
    star = " ★" if progress is not None and progress.quick_win else ""
    return [para(action.what, s.cell_bold, after=star),
            trusted(_owner_line(d, action, late), s.cell_muted)]


def review_section(writer: ResultsWriter, step: Step) -> list[Flowable]:
    """A review step in the report: the chart, then each action with its status and what moved."""
    s = writer.s
    doc = writer.doc
    figures = review_figures(doc, step)
    if not figures.total:
        return []
    notes = progress_by_action(doc.items, step)
    day = review_day(doc)
    said = (f"{figures.reviewed} of {figures.total} actions reviewed; {plural(len(figures.quick_wins), 'quick wins')}, "
            f"{len(figures.overdue)} overdue.")
    out: list[Flowable] = [trusted(markup(said), s.body), progress_chart(figures.counts, min(writer.w, 320)),
                           Spacer(1, 6)]
    rows: list[list[Any]] = [writer._th("Action", "Status", "What moved")]
    for action in figures.actions:
        progress = notes.get(action.id)
        late = is_overdue(action, day)
        colour = hex_colour(MOVEMENT_COLOURS[movement(action)])
        status = trusted(f'<font color="{colour}">■</font>&nbsp;{STATUS_WORDS[action.status]}', s.cell)
        note = para(progress.text, s.cell) if progress and progress.text else trusted("–", s.cell_muted)
        rows.append([_action_cell(writer.d, action, progress, late), status, note])
    long_text = has_long_text(*(a.what for a in figures.actions), *(n.text for n in notes.values()))
    out.append(writer._table(rows, [writer.w * 0.5, 70, writer.w * 0.5 - 70], long_text=long_text))
    return out


def moved_story(since: SinceLastTime, d: Directory, width: float, trends: Sequence[Trend] = (),
                notes: Sequence[str] = ()) -> list[Flowable]:
    """The first page of a follow-up's report: what moved since the earlier workshop, its quick wins,
    and the self-assessment's trend across the series (``trends``; ``notes`` say what was left out)."""
    s = styles()
    counts = {m: len(since.groups[m]) for m in MOVEMENTS}
    out: list[Flowable] = [para(f"What moved since {since.earlier}", s.h1)]
    follows = d.doc.info.follows
    if since.total == 0:
        out.append(trusted("No open actions or commitments were carried from the earlier workshop.", s.lead))
        out.extend(series_trend(trends, notes, width))
        return out
    when = f" on {fmt_date(follows.date)}" if follows and follows.date else ""
    lead = (f"{since.total} actions and commitments still open last time were carried from “{since.earlier}”{when}: {counts['done']} done, "
            f"{counts['moving']} moving, {counts['stuck']} stuck" + (f", {counts['dropped']} dropped" if
                                                                     counts["dropped"] else "")
            + f"; {plural(len(since.quick_wins), 'quick wins')} to celebrate."
            + (f" {plural(len(since.settled), 'commitments')} carried for the round of “my last three” "
               "had been settled last time already." if since.settled else ""))
    out.append(trusted(markup(lead), s.lead))
    out.append(progress_chart(counts, min(width, 340)))
    if since.quick_wins:
        out.extend(heading("Quick wins to celebrate", s.h2))
        for moved in since.quick_wins:
            note = moved.progress.text if moved.progress else ""
            out.append(para(f"★ {moved.action.what}", s.body,
                            after=f" <font color=\"{hex_colour(MUTED)}\">— {markup(d.owner(moved.action))}</font>"))
            if note:
                out.append(para(note, s.muted))
    out.extend(series_trend(trends, notes, width))
    day = review_day(d.doc)
    for name in ("done", "moving", "stuck", "dropped"):
        group = since.groups[name]
        if not group:
            continue
        out.extend(heading(f"{MOVEMENT_LABELS[name]} ({len(group)})", s.h2, room=60))
        rows: list[list[Any]] = [[para(x, s.th_light) for x in ("Action", "Then", "Now", "What moved")]]
        for moved in group:
            a = moved.action
            note = moved.progress.text if moved.progress and moved.progress.text else ""
            rows.append([_action_cell(d, a, moved.progress, is_overdue(a, day)),
                         para(STATUS_WORDS[moved.before], s.cell_muted),
                         para(STATUS_WORDS[a.status], s.cell_bold if moved.changed else s.cell),
                         para(note, s.cell) if note else trusted("–", s.cell_muted)])
        out.append(data_table(rows, [width * 0.46, 52, 58, width * 0.54 - 110], zebra=False, light_header=True,
                              long_text=has_long_text(*(m.action.what for m in group))))
    return out

