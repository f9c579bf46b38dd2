"""The PDF report a sponsor forwards as it is: cover, what the room decided, summary, the room's action
plan, personal commitments, and the full record of the exercises."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from workshop_app.core.review import since_last_time
from workshop_app.core.series import Series, series_trends
from workshop_app.core.trend import Run
from workshop_app.export.common import Directory, Progress, StepRef, clip, exercise_steps, fmt_date
from workshop_app.export.pdf_base import (
    ACCENT,
    ACCENT_LIGHT,
    COVER_SIZE,
    FRAME_H,
    FRAME_W,
    GOOD,
    GROUP_ROW,
    MUTED,
    PORTRAIT,
    RULE,
    WARN,
    WIDE_FRAME_W,
    Contents,
    Mark,
    PdfInfo,
    build_pdf,
    data_table,
    has_long_text,
    hex_colour,
    styles,
)
from workshop_app.export.pdf_executive import executive_story
from workshop_app.export.pdf_momentum import moved_story
from workshop_app.export.pdf_results import ResultsWriter, blank, hidden_tag
from workshop_app.export.pdf_text import (
    heading,
    markup,
    para,
    trusted,
)
from workshop_app.export.summary import Decision, Summary, summarise
from workshop_app.model.document import WorkshopDoc
from workshop_app.model.registry import type_label

# The cover lists each exercise in its contents only while they all fit on it.
MAX_LISTED_EXERCISES = 14

PRIORITY_COLOURS = {"high": WARN, "medium": colors.HexColor("#1F2429"), "low": MUTED}
STATUS_COLOURS = {"open": colors.HexColor("#1F2429"), "in progress": ACCENT, "done": GOOD, "dropped": MUTED}


def _duration(minutes: int) -> str:
    hours, mins = divmod(minutes, 60)
    if hours and mins:
        return f"{hours} h {mins:02d} min"
    return f"{hours} h" if hours else f"{mins} min"


def _draw_cover(canvas: Canvas, _doc: Any) -> None:
    width, height = PORTRAIT
    canvas.saveState()
    canvas.setFillColor(ACCENT)
    canvas.rect(0, height - 14 * mm, width, 14 * mm, stroke=0, fill=1)
    canvas.setFillColor(ACCENT_LIGHT)
    canvas.rect(0, height - 16 * mm, width, 2 * mm, stroke=0, fill=1)
    canvas.restoreState()


class ReportBuilder:
    """Builds the story of the report, section by section, reporting progress as it goes."""

    def __init__(self, doc: WorkshopDoc, progress: Progress | None, earlier: Sequence[Run] = (),
                 series: Series | None = None) -> None:
        self.doc = doc
        # A follow-up's series: its trend opens the report and, unless runs were named, its rating
        # sections compare with the series' earlier runs.
        self.trends, self.trend_notes = series_trends(doc, series) if series else ([], [])
        if series:
            self.trend_notes = [*series.notes, *self.trend_notes]
        self.earlier = earlier or [run for trend in self.trends for run in trend.earlier]
        self.d = Directory(doc)
        self.s = styles()
        self.refs = exercise_steps(doc)
        self.summary: Summary = summarise(doc)
        self.since = since_last_time(doc)  # a follow-up's report opens with what moved since last time
        self.sections = 6 + len(self.refs) + (self.since is not None)
        self.total = 2 * self.sections + 1
        self._progress = progress
        self._reported = 0
        self._built = 0
        self.story: list[Flowable] = []
        self.contents: Contents | None = None

    def report(self, done: int) -> None:
        # Reported from building and then from laying out: the bar never moves backwards.
        done = min(max(done, self._reported), self.total)
        if done == self._reported and done < self.total:
            return
        self._reported = done
        if self._progress:
            self._progress(done, self.total)

    def section_done(self) -> None:
        """A section is in the story; mark where its layout ends."""
        self._built += 1
        self.report(self._built)
        self.story.append(Mark(done=self.sections + self._built))

    def heading(self, text: str) -> None:
        self.story.append(Mark(outline=text, level=0, toc=True))
        self.story.append(para(text, self.s.h1))

    # -- cover ------------------------------------------------------------------------------------------
    def cover(self) -> None:
        info = self.doc.info
        s = self.s
        st: list[Flowable] = [Spacer(1, 40 * mm), trusted("WORKSHOP REPORT AND ACTION PLAN", s.label),
                              Spacer(1, 4 * mm)]
        st.append(para(info.title, s.title if len(info.title) <= 70 else s.h1))
        if info.organisation:
            st.append(para(info.organisation, s.subtitle))
        st.append(Spacer(1, 6 * mm))
        st.append(HRFlowable(width=38 * mm, thickness=2, color=ACCENT, hAlign="LEFT", spaceAfter=8 * mm))
        minutes = sum(step.minutes for step in self.doc.steps)
        facts = [
            ("Date", fmt_date(info.date)),
            ("Facilitator", info.facilitator),
            ("Participants", str(len(self.doc.participants)) if self.doc.participants else ""),
            ("Agenda", f"{len(self.refs)} exercises, {_duration(minutes)}" if self.refs else ""),
            ("Decisions", str(self.summary.actions)),
        ]
        rows = [[para(k, s.muted), para(v, s.body)] for k, v in facts if v]
        st.append(data_table(rows, [38 * mm, COVER_SIZE[0] - 38 * mm], header=False, zebra=False,
                             extra=[("LINEBELOW", (0, 0), (-1, -1), 0, colors.white),
                                    ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        st.append(Spacer(1, 14 * mm))
        st.append(trusted("CONTENTS", s.label))
        st.append(Spacer(1, 1 * mm))
        self.contents = Contents(levels=2 if len(self.refs) <= MAX_LISTED_EXERCISES else 1)
        st.append(self.contents)
        # However long the title or the agenda, the cover stays one page.
        self.story.append(KeepInFrame(COVER_SIZE[0], COVER_SIZE[1] - 1, st, mode="shrink"))
        self.story.append(NextPageTemplate("portrait"))
        self.section_done()

    # -- what moved since last time (a follow-up) --------------------------------------------------------------
    def moved_page(self) -> None:
        assert self.since is not None
        self.story.append(PageBreak())
        self.story.append(Mark(outline="What moved since last time", level=0, toc=True))
        self.story.extend(moved_story(self.since, self.d, FRAME_W, self.trends, self.trend_notes))
        self.section_done()

    # -- what the room decided -----------------------------------------------------------------------------
    def executive_page(self) -> None:
        """One page the sponsor can stop at: the decisions, the asks, the next review, one chart."""
        self.story.append(PageBreak())
        self.story.append(Mark(outline="What the room decided", level=0, toc=True))
        people = len({p.role for p in self.doc.participants if p.role})
        st: list[Flowable] = [para("What the room decided", self.s.h1)]
        st.extend(executive_story(len(self.doc.participants), people, self.summary, self.d, FRAME_W))
        self.story.append(KeepInFrame(FRAME_W, FRAME_H - 2, st, mode="shrink"))
        self.section_done()

    # -- summary ------------------------------------------------------------------------------------------
    def _figures(self) -> Flowable:
        sm, s = self.summary, self.s
        figures = [
            (sm.participants, "participants"),
            (sm.notes, "ideas and notes"),
            (sm.actions, "decisions of the room"),
            (sm.commitments, "personal commitments"),
        ]
        cells = [[trusted(f"{value:,}", s.figure), trusted(label, s.figure_label)] for value, label in figures]
        w = FRAME_W / 4
        return data_table([cells], [w] * 4, header=False, zebra=False, extra=[
            ("BACKGROUND", (0, 0), (-1, -1), ACCENT_LIGHT),
            ("LINEBEFORE", (1, 0), (-1, -1), 2, colors.white),
            ("LINEBELOW", (0, 0), (-1, -1), 0, colors.white),
            ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ("LEFTPADDING", (0, 0), (-1, -1), 9),
        ])

    def summary_page(self) -> None:
        s, sm = self.s, self.summary
        self.story.append(PageBreak())
        self.story.append(Mark(outline="Summary", level=0, toc=True))
        st: list[Flowable] = [para("Summary", s.h1)]
        people = len({p.role for p in self.doc.participants if p.role})
        minutes = sum(step.minutes for step in self.doc.steps)
        who = f"{sm.participants} people" + (f" from {people} departments" if people > 1 else "")
        lead = (f"{who} worked through {sm.exercises} exercises in {_duration(minutes)}. They wrote {sm.notes:,} "
                f"notes and cast {sm.votes:,} votes, agreed {sm.actions:,} decisions ({sm.high_priority:,} of them "
                f"high priority) and made {sm.commitments:,} personal commitments.")
        st.append(trusted(markup(lead), s.lead))
        st.append(self._figures())
        if sm.ideas:
            st.append(para("Top-voted ideas", s.h2))
            rows: list[list[Flowable]] = [[trusted("#", s.th), trusted("Idea", s.th), trusted("From", s.th),
                                           trusted("Votes", s.th_right)]]
            for n, idea in enumerate(sm.ideas, start=1):
                what: list[Flowable] = [para(clip(idea.item.text, 220), s.cell_bold if idea.notes else s.cell)]
                if idea.notes:
                    what.append(trusted(f"Cluster of {len(idea.notes)} notes", s.cell_muted))
                rows.append([trusted(str(n), s.cell_muted), what,
                             para(idea.step.title, s.cell_muted), trusted(str(idea.votes), s.cell_right)])
            st.append(data_table(rows, [16, FRAME_W - 16 - 130 - 40, 130, 40]))
        if sm.ratings or sm.polls:
            st.append(para("Where the room stands", s.h2))
            rows = []
            for r in sm.ratings:
                hi = r.scale[1]
                rows.append([para(r.step.title, s.cell_bold), blank(), blank()])
                rows.append([para("Strongest", s.cell_muted), para(f"{r.strongest.label}", s.cell),
                             trusted(f"{r.strongest.mean:.1f} of {hi}", s.cell_right)])
                rows.append([para("Weakest", s.cell_muted), para(f"{r.weakest.label}", s.cell_bold),
                             trusted(f'<font color="{hex_colour(WARN)}"><b>{r.weakest.mean:.1f}</b></font> of {hi}',
                                     s.cell_right)])
                if r.most_split:
                    rows.append([para("Most disagreement", s.cell_muted), para(r.most_split.label, s.cell),
                                 trusted(f"spread {r.most_split.spread:.1f}", s.cell_right)])
            for p in sm.polls[:2]:
                rows.append([para(p.step.title, s.cell_bold), blank(), blank()])
                for statement, chosen, total in p.statements[:3]:
                    rows.append([para(f"Answered “{p.option}”", s.cell_muted), para(statement, s.cell),
                                 trusted(f"{chosen} of {total}", s.cell_right)])
            firsts = [n for n, row in enumerate(rows) if isinstance(row[1], Paragraph) and not row[1].text]
            extra: list[tuple[Any, ...]] = []
            for n in firsts:
                extra += [("SPAN", (0, n), (-1, n)), ("BACKGROUND", (0, n), (-1, n), GROUP_ROW)]
            st.append(data_table(rows, [96, FRAME_W - 96 - 64, 64], header=False, zebra=False, extra=extra))
        if sm.owners:
            st.append(para("Actions by owner", s.h2))
            rows = [[trusted("Owner", s.th), trusted("Actions", s.th_right), trusted("High priority", s.th_right),
                     trusted("Still open", s.th_right), trusted("Next due", s.th)]]
            shown = sm.owners[:8]
            for o in shown:
                rows.append([para(o.owner, s.cell), trusted(str(o.total), s.cell_right),
                             trusted(str(o.high) if o.high else "–", s.cell_right),
                             trusted(str(o.open), s.cell_right), trusted(fmt_date(o.next_due, "–"), s.cell)])
            if len(sm.owners) > len(shown):
                rest = sm.owners[len(shown):]
                rest_high = sum(o.high for o in rest)
                rows.append([trusted(f"{len(rest)} more owners", s.cell_muted),
                             trusted(str(sum(o.total for o in rest)), s.cell_right),
                             trusted(str(rest_high) if rest_high else "–", s.cell_right),
                             trusted(str(sum(o.open for o in rest)), s.cell_right), blank()])
            st.append(data_table(rows, [FRAME_W - 4 * 72, 72, 72, 72, 72]))
        # The summary is one page, whatever the workshop: it shrinks rather than spill over.
        self.story.append(KeepInFrame(FRAME_W, FRAME_H - 2, st, mode="shrink"))
        self.section_done()

    # -- action plan -------------------------------------------------------------------------------------
    def _action_row(self, x: Decision) -> list[Flowable]:
        s, a = self.s, x.action
        priority = f'<font color="{hex_colour(PRIORITY_COLOURS[a.priority])}">{a.priority.capitalize()}</font>'
        status = f'<font color="{hex_colour(STATUS_COLOURS[a.status])}">{a.status.capitalize()}</font>'
        what: list[Flowable] = [para(a.what, s.cell_bold)]
        if x.source is not None and x.source.kind == "cluster":
            what.append(para(x.source.text, s.cell_muted, before="Cluster: "))
        # The notes the room voted behind it, so the plan shows what each decision stands for.
        for note in x.notes:
            if note.text.strip() != a.what.strip():
                votes = f" ({note.vote_total})" if note.vote_total and len(x.notes) > 1 else ""
                what.append(para(clip(note.text, 200), s.cell_muted, before="• ", after=votes))
        why = a.why.strip()
        title = self.d.step_title(a.step)
        why_cell: list[Flowable] = [para(why, s.cell)] if why else []
        if title and title not in why:
            why_cell.append(para(title, s.cell_muted, before="From: "))
        owner = self.d.owner(a)
        return [
            trusted(str(x.number), s.cell_muted),
            what,
            trusted(str(x.votes) if x.votes else "–", s.cell_right),
            why_cell or blank(),
            para(owner, s.cell) if owner else trusted(f'<font color="{hex_colour(WARN)}">No owner yet</font>', s.cell),
            trusted(fmt_date(a.due, "–").replace(" ", "&nbsp;"), s.cell),
            para(a.measure, s.cell) if a.measure else trusted("–", s.cell_muted),
            para(a.area or "–", s.cell),
            trusted(priority, s.cell_bold if a.priority == "high" else s.cell),
            trusted(status, s.cell),
        ]

    def action_plan(self) -> None:
        st, s = self.story, self.s
        st.append(NextPageTemplate("landscape"))
        st.append(PageBreak())
        self.heading("Action plan")
        plan = self.summary.decisions
        sm = self.summary
        if not plan:
            st.append(trusted("No actions were agreed in this workshop.", s.lead))
            self.section_done()
            return
        done = sum(1 for x in plan if x.action.status == "done")
        lead = f"The room's {len(plan)} decisions, {sm.high_priority} of them high priority, in the order it set."
        if done:
            lead += f" {done} done so far."
        if sm.commitments:
            lead += " Personal commitments are listed per person after the plan."
        st.append(trusted(markup(lead), s.lead))
        head = ["#", "What the room decided", "Votes", "Why / where from", "Owner", "Due", "Measure of success",
                "Area", "Priority", "Status"]
        rows: list[list[Any]] = [[trusted(h, s.th_right if h == "Votes" else s.th) for h in head]]
        long_text = False
        for x in plan:
            rows.append(self._action_row(x))
            a = x.action
            long_text = long_text or has_long_text(a.what, a.why, a.measure, *(n.text for n in x.notes), limit=300)
        widths = [20, 170, 34, 104, 76, 64, 116, 70, 46, 54]
        widths[1] += WIDE_FRAME_W - sum(widths)
        st.append(data_table(rows, widths, long_text=long_text))
        st.append(NextPageTemplate("portrait"))
        self.section_done()

    # -- commitments --------------------------------------------------------------------------------------
    def commitments(self) -> None:
        st, s = self.story, self.s
        people = [(p, self.d.commitments_of(p.id)) for p in self.doc.participants]
        people = [(p, items) for p, items in people if items]
        known = {p.id for p, _ in people}
        loose = [i for i in self.doc.items if i.kind == "commitment" and i.author not in known]
        if not people and not loose:
            self.section_done()
            return
        st.append(PageBreak())
        self.heading("Personal commitments")
        st.append(trusted("What each person said they will do themselves, person by person. They are each person's "
                          "own and are not numbered into the room's plan.", s.lead))
        linked = self.d.action_for_item()
        rows: list[list[Any]] = [[trusted(h, s.th) for h in ("Person", "Commitment", "Due", "Status")]]
        extra: list[tuple[Any, ...]] = []
        groups = [(p.name, p.role, items) for p, items in people]
        if loose:
            groups.append(("Not named", "", loose))
        long_text = False
        for name, role, items in groups:
            first = len(rows)
            for k, item in enumerate(items):
                action = linked.get(item.id)
                person: list[Flowable] | Flowable = blank()
                if k == 0:
                    person = [para(name, s.cell_bold)] + ([para(role, s.cell_muted)] if role else [])
                status = action.status.capitalize() if action else ""
                text: list[Flowable] = [para(item.text, s.cell, after=hidden_tag(item))]
                if action is not None and action.measure:
                    text.append(para(action.measure, s.cell_muted, before="Measure: "))
                rows.append([person, text,
                             trusted(fmt_date(item.due, "–"), s.cell), trusted(status or "–", s.cell)])
                long_text = long_text or has_long_text(item.text, action.measure if action else "")
            if first > 1:
                extra.append(("LINEABOVE", (0, first), (-1, first), 0.8, RULE))
            if len(items) <= 6:
                # A person's few commitments stay on one page, under their name.
                extra.append(("NOSPLIT", (0, first), (-1, len(rows) - 1)))
        st.append(data_table(rows, [112, FRAME_W - 112 - 64 - 62, 64, 62], zebra=False, long_text=long_text,
                             extra=[("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#EBEEF1")), *extra]))
        self.section_done()

    def participants(self) -> None:
        st, s = self.story, self.s
        if not self.doc.participants:
            self.section_done()
            return
        st.append(CondPageBreak(120))
        st.append(Spacer(1, 10))
        self.heading("Who took part")
        grouped = any(p.group in self.d.groups for p in self.doc.participants)
        head = ("Name", "Role or department", "Group") if grouped else ("Name", "Role or department")
        rows: list[list[Any]] = [[trusted(h, s.th) for h in head]]
        for p in self.doc.participants:
            row = [para(p.name, s.cell), para(p.role or "–", s.cell)]
            if grouped:
                row.append(para(self.d.groups.get(p.group or "", "") or "–", s.cell))
            rows.append(row)
        widths = [0.4, 0.35, 0.25] if grouped else [0.45, 0.55]
        st.append(data_table(rows, [FRAME_W * w for w in widths]))
        self.section_done()

    # -- exercise results ----------------------------------------------------------------------------------
    def results(self) -> None:
        st, s = self.story, self.s
        st.append(PageBreak())
        self.heading("Exercise results")
        st.append(trusted("Everything the room wrote, voted and rated, exercise by exercise. Answers hidden from the "
                          "room during the workshop are kept in the record and marked as hidden.", s.lead))
        if self.doc.steps:
            st.extend(heading("The agenda", s.h2))
            rows: list[list[Any]] = [[trusted(h, s.th) for h in ("#", "Step", "Type")] + [trusted("Minutes", s.th_right)]]
            numbers = {ref.step.id: ref.number for ref in self.refs}
            for step in self.doc.steps:
                number = numbers.get(step.id)
                rows.append([trusted(str(number) if number else "", s.cell_muted),
                             para(step.title, s.cell if number else s.cell_muted),
                             trusted(type_label(step.type), s.cell_muted), trusted(str(step.minutes), s.cell_right)])
            st.append(data_table(rows, [20, FRAME_W - 20 - 90 - 60, 90, 60]))
        writer = ResultsWriter(self.doc, self.d, FRAME_W, self.earlier)
        for n, ref in enumerate(self.refs):
            if n:
                st.append(CondPageBreak(200))
            st.extend(self._step_heading(ref))
            st.extend(writer.step(ref.step))
            self.section_done()

    def _step_heading(self, ref: StepRef) -> list[Flowable]:
        s = self.s
        step = ref.step
        assert step.exercise is not None
        bits = [type_label(step.type), f"{step.minutes} min"]
        if step.anonymous:
            bits.append("anonymous")
        if step.answers_hidden:
            bits.append("answers not yet revealed to the room")
        # The mark moves with the heading when the heading moves to the next page.
        return [
            KeepTogether([
                Mark(outline=ref.heading, level=1, toc=len(self.refs) <= MAX_LISTED_EXERCISES),
                para(ref.heading, s.h2),
                trusted(markup("  ·  ".join(bits).upper()), s.label),
                Spacer(1, 3),
                para(step.exercise.purpose, s.muted),
            ]),
        ]

    def build(self) -> list[Flowable]:
        self.cover()
        if self.since is not None:
            self.moved_page()
        self.executive_page()
        self.summary_page()
        self.action_plan()
        self.commitments()
        self.participants()
        self.results()
        return self.story


def write_pdf(doc: WorkshopDoc, out: Path, progress: Callable[[int, int], None] | None = None,
              earlier: Sequence[Run] = (), series: Series | None = None) -> None:
    """Write the workshop report as PDF.

    ``progress(done, total)`` is called as sections are built and laid out (from the calling thread),
    so a GUI can run this in a worker thread and show a progress bar. ``earlier``: runs of the same
    self-assessment in earlier workshops, which its rating section compares with. ``series``: the
    earlier workshops a follow-up follows (``core.series.find_series``), whose trend its first page shows.
    """
    builder = ReportBuilder(doc, progress, earlier, series)
    story = builder.build()
    info = doc.info
    subject = "Workshop report and action plan" + (f" – {info.organisation}" if info.organisation else "")
    if info.date:
        subject += f", {fmt_date(info.date)}"
    meta = PdfInfo(title=info.title, author=info.facilitator, subject=subject, language=info.language,
                   keywords="workshop, action plan, customer focus")
    build_pdf(Path(out), story, meta, info.title, lambda done: builder.report(done), _draw_cover,
              contents=builder.contents)
    builder.report(builder.total)

