"""Each exercise's full results as PDF flowables: notes, tallies, ratings, spectrum, canvas, map, commitments."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.platypus import Flowable, Spacer

from workshop_app.core.results import poll_results
from workshop_app.core.trend import Run
from workshop_app.export.common import Directory, canvas_cards, is_proposal
from workshop_app.export.pdf_base import (
    ACCENT_DARK,
    GROUP_ROW,
    MUTED,
    RULE,
    WARN,
    data_table,
    has_long_text,
    hex_colour,
    styles,
)
from workshop_app.export.pdf_charts import (
    legend_markup,
    scale_colours,
    stacked_bar,
)
from workshop_app.export.pdf_map import MapMarker, map_drawing
from workshop_app.export.pdf_momentum import review_section
from workshop_app.export.pdf_rating import rating_section
from workshop_app.export.pdf_text import (
    Para,
    heading,
    markup,
    para,
    trusted,
)
from workshop_app.model.answers import Cluster, Commitment, Entry, Link, Marker, Node, Note, SpectrumItem
from workshop_app.model.document import ItemBase, Step, WorkshopDoc
from workshop_app.model.registry import Parts

_MUTED_HEX = hex_colour(MUTED)


def blank() -> Para:
    """An empty cell (a paragraph, like every other cell)."""
    return Para("", styles().cell)


def hidden_tag(item: ItemBase) -> str:
    """Trusted markup after an answer that the room did not see."""
    if not item.hidden:
        return ""
    return f' <font color="{_MUTED_HEX}" size="7">·&nbsp;hidden&nbsp;from&nbsp;the&nbsp;room</font>'


class ResultsWriter:
    """Turns one step's answers into flowables, in the house style, ``width`` points wide."""

    def __init__(self, doc: WorkshopDoc, directory: Directory, width: float, earlier: Sequence[Run] = ()) -> None:
        self.doc = doc
        self.earlier = earlier  # runs of the same self-assessment in earlier workshops, to compare with
        self.d = directory
        self.w = width
        self.s = styles()

    def step(self, step: Step) -> list[Flowable]:
        """The results of one exercise step."""
        out = SECTIONS[step.type](self, step)
        return out or [trusted("No answers were recorded.", self.s.muted)]

    def _th(self, *labels: str, right: int = 0) -> list[Flowable]:
        """A light header row; the last ``right`` labels are right-aligned (they head numbers)."""
        split = len(labels) - right
        return ([para(label, self.s.th_light) for label in labels[:split]]
                + [para(label, self.s.th_light_right) for label in labels[split:]])

    def _table(self, rows: list[list[Any]], widths: list[float], **kw: Any) -> Flowable:
        kw.setdefault("zebra", False)
        return data_table(rows, widths, light_header=True, **kw)

    def _empty(self, text: str) -> Flowable:
        return trusted(text, self.s.muted)

    # -- board -------------------------------------------------------------------------------------------
    def _board(self, step: Step) -> list[Flowable]:
        assert step.exercise and step.exercise.board
        s = self.s
        prompts = list(step.exercise.board.prompts)
        notes = self.d.items_of(step, Note)
        clusters = self.d.items_of(step, Cluster)
        if any(n.prompt >= len(prompts) for n in notes):
            prompts.append("Other notes")
        anonymous = step.anonymous
        out: list[Flowable] = []
        for col, prompt in enumerate(prompts):
            here = [n for n in notes if n.prompt == col or (col == len(prompts) - 1 and n.prompt >= col)]
            out.extend(heading(prompt, s.h3))
            if not here:
                out.append(self._empty("No notes."))
                continue
            head = ["Note", "Votes"] if anonymous else ["Note", "By", "Votes"]
            rows: list[list[Any]] = [self._th(*head, right=1)]
            extra: list[tuple[Any, ...]] = []
            shown: set[str] = set()
            groups: list[tuple[Cluster | None, list[Note]]] = []
            for cluster in clusters:
                members = [n for n in here if n.cluster == cluster.id]
                if members:
                    shown.add(cluster.id)
                    groups.append((cluster, members))
            loose = [n for n in here if n.cluster not in shown]
            if loose:
                groups.append((None, loose))
            for group, members in groups:
                if group is not None or len(groups) > 1:
                    votes = sum(n.vote_total for n in members)
                    name = group.text if group else "Not clustered"
                    count = f"{len(members)} notes · {votes} votes"
                    row = len(rows)
                    label = para(name, s.cell_bold, after=(hidden_tag(group) if group else "")
                                 + f'&nbsp;&nbsp;<font color="{_MUTED_HEX}" size="7.4">{count}</font>')
                    rows.append([label] + [blank() for _ in head[1:]])
                    extra += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), GROUP_ROW)]
                for note in sorted(members, key=lambda n: -n.vote_total):
                    votes_cell = trusted(f"<b>{note.vote_total}</b>" if note.vote_total else "–", s.cell_right)
                    text = para(note.text, s.cell, after=hidden_tag(note))
                    if anonymous:
                        rows.append([text, votes_cell])
                    else:
                        author = self.d.author(step, note)
                        rows.append([text, para(author, s.cell_muted) if author else trusted("–", s.cell_muted),
                                     votes_cell])
            widths = [self.w - 40, 40] if anonymous else [self.w - 110 - 40, 110, 40]
            long_text = has_long_text(*(n.text for n in here))
            out.append(self._table(rows, widths, long_text=long_text, extra=extra))
        return out

    # -- poll --------------------------------------------------------------------------------------------
    def _poll(self, step: Step) -> list[Flowable]:
        assert step.exercise and step.exercise.poll
        s = self.s
        scale = list(step.exercise.poll.scale)
        results = poll_results(self.doc.items, step)
        if not any(r.total for r in results):
            return []
        palette = scale_colours(len(scale))
        out: list[Flowable] = [Spacer(1, 4), trusted(legend_markup([markup(x) for x in scale], palette), s.small),
                               Spacer(1, 4)]
        num_w, bar_w, total_w = 40.0, 120.0, 40.0
        text_w = self.w - num_w * len(scale) - bar_w - total_w
        rows: list[list[Any]] = [self._th("Statement", *scale, "Total", right=len(scale) + 1)
                                 + [para("Share", s.th_light)]]
        for r in results:
            rows.append([para(r.statement, s.cell)] + [trusted(str(c), s.cell_right) for c in r.counts]
                        + [trusted(str(r.total), s.cell_right), stacked_bar(r.counts, bar_w - 8)])
        out.append(self._table(rows, [text_w] + [num_w] * len(scale) + [total_w, bar_w], zebra=True,
                               extra=[("VALIGN", (1, 1), (-1, -1), "MIDDLE")]))
        return out

    # -- rating --------------------------------------------------------------------------------------------
    def _rating(self, step: Step) -> list[Flowable]:
        return rating_section(self.doc, step, self.w, self.earlier)

    # -- spectrum --------------------------------------------------------------------------------------------
    def _spectrum(self, step: Step) -> list[Flowable]:
        assert step.exercise and step.exercise.spectrum
        s = self.s
        sp = step.exercise.spectrum
        items = self.d.items_of(step, SpectrumItem)
        if not items:
            return []
        categories = list(sp.categories)
        counts = [sum(1 for i in items if min(i.category, len(categories) - 1) == c) for c in range(len(categories))]
        overview = [[para(c, s.th_center) for c in categories],
                    [trusted(f"<b>{n}</b>", s.cell_center) for n in counts]]
        cw = self.w / len(categories)
        out: list[Flowable] = [Spacer(1, 4), data_table(overview, [cw] * len(categories), zebra=False, extra=[
            ("LINEBEFORE", (1, 0), (-1, -1), 0.5, RULE)])]
        rows: list[list[Any]] = [self._th("Placed as", sp.item_label, sp.change_label, "Added by")]
        extra: list[tuple[Any, ...]] = []
        for c, category in enumerate(categories):
            here = sorted((i for i in items if min(i.category, len(categories) - 1) == c), key=lambda i: i.position)
            for k, item in enumerate(here):
                if k == 0 and len(rows) > 1:
                    extra.append(("LINEABOVE", (0, len(rows)), (-1, len(rows)), 0.9, MUTED))
                author = self.d.author(step, item)
                rows.append([
                    para(category, s.cell_bold) if k == 0 else blank(),
                    para(item.text, s.cell_bold, after=hidden_tag(item)),
                    para(item.change, s.cell) if item.change else trusted("–", s.cell_muted),
                    para(author, s.cell_muted) if author else trusted("–", s.cell_muted),
                ])
        long_text = has_long_text(*(i.text for i in items), *(i.change for i in items))
        out.append(Spacer(1, 8))
        out.append(self._table(rows, [90, (self.w - 190) * 0.45, (self.w - 190) * 0.55, 100], long_text=long_text,
                               extra=extra))
        return out

    # -- canvas ------------------------------------------------------------------------------------------------
    def _canvas(self, step: Step) -> list[Flowable]:
        assert step.exercise and step.exercise.canvas
        s = self.s
        fields = list(step.exercise.canvas.fields)
        entries = self.d.items_of(step, Entry)
        if not entries:
            return []
        out: list[Flowable] = []
        for card in canvas_cards(step, entries):
            mine = [e for e in entries if e.card == card]
            out.extend(heading(card or "The room", s.h3))
            rows: list[list[Any]] = []
            for col, name in enumerate(fields + ["Other"]):
                here = [e for e in mine if e.field == col or (col == len(fields) and e.field > col)]
                if not here:
                    if col < len(fields):
                        rows.append([para(name, s.cell_muted), trusted("–", s.cell_muted)])
                    continue
                cell: list[Flowable] = []
                for e in here:
                    author = self.d.author(step, e)
                    suffix = f' <font color="{_MUTED_HEX}" size="7.2">– {markup(author)}</font>' if author else ""
                    cell.append(para(e.text, s.cell, after=suffix + hidden_tag(e)))
                rows.append([para(name, s.cell_muted), cell])
            long_text = has_long_text(*(e.text for e in mine))
            out.append(data_table(rows, [self.w * 0.36, self.w * 0.64], header=False, long_text=long_text))
        return out

    # -- map ---------------------------------------------------------------------------------------------------
    def _map(self, step: Step) -> list[Flowable]:
        assert step.exercise and step.exercise.map
        s = self.s
        m = step.exercise.map
        nodes = self.d.items_of(step, Node)
        links = self.d.items_of(step, Link)
        markers = self.d.items_of(step, Marker)
        if not (nodes or markers):
            return []
        losses = [x for x in markers if not is_proposal(x)]
        proposals = [x for x in markers if is_proposal(x)]
        numbered = [MapMarker(str(n), x, False) for n, x in enumerate(losses, start=1)]
        numbered += [MapMarker(f"P{n}", x, True) for n, x in enumerate(proposals, start=1)]
        out: list[Flowable] = [Spacer(1, 6)]
        if nodes:
            out.append(map_drawing(nodes, links, numbered, m.lanes, self.w))
            key = (f'<font color="{hex_colour(WARN)}">●</font>&nbsp;{markup(m.marker_label)}&nbsp;&nbsp;&nbsp;&nbsp;'
                   f'<font color="{hex_colour(ACCENT_DARK)}">■</font>&nbsp;{markup(m.proposal_label)}&nbsp;&nbsp;&nbsp;&nbsp;'
                   "→&nbsp;hand-off&nbsp;&nbsp;&nbsp;&nbsp;dashed:&nbsp;hidden from the room")
            out += [Spacer(1, 4), trusted(key, s.small)]
        for title, group in ((m.marker_label, [x for x in numbered if not x.proposal]),
                             (m.proposal_label, [x for x in numbered if x.proposal])):
            if not group:
                continue
            out.extend(heading(title, s.h3))
            rows: list[list[Any]] = [self._th("#", "Where", "What")]
            for mk in group:
                where = self.d.places(mk.item)
                rows.append([trusted(f"<b>{mk.label}</b>", s.cell), para(where or "–", s.cell_muted),
                             para(mk.item.text, s.cell, after=hidden_tag(mk.item))])
            out.append(self._table(rows, [26, 150, self.w - 176],
                                   long_text=has_long_text(*(x.item.text for x in group))))
        if links:
            out.extend(heading("Hand-offs", s.h3))
            rows = [self._th("From", "To", "Note")]
            for link in links:
                rows.append([para(self.d.item_label(link.source) or "–", s.cell),
                             para(self.d.item_label(link.target) or "–", s.cell),
                             para(link.text, s.cell_muted, after=hidden_tag(link)) if link.text or link.hidden
                             else trusted("–", s.cell_muted)])
            out.append(self._table(rows, [120, 120, self.w - 240], long_text=has_long_text(*(x.text for x in links))))
        if nodes:
            out.extend(heading("Departments", s.h3))
            rows = [self._th("Department", "Lane") if m.lanes else self._th("Department")]
            for node in nodes:
                row = [para(node.text, s.cell, after=hidden_tag(node))]
                if m.lanes:
                    lane = m.lanes[min(node.lane, len(m.lanes) - 1)]
                    row.append(para(lane, s.cell_muted))
                rows.append(row)
            widths = [self.w * 0.5, self.w * 0.5] if m.lanes else [self.w]
            out.append(self._table(rows, widths, long_text=has_long_text(*(n.text for n in nodes))))
        return out

    # -- commitments -----------------------------------------------------------------------------------------
    def _commitments(self, step: Step) -> list[Flowable]:
        assert step.exercise and step.exercise.commitments
        s = self.s
        items = self.d.items_of(step, Commitment)
        if not items:
            return []
        people = len({i.author for i in items})
        return [
            *heading(step.exercise.commitments.prompt, s.h3),
            trusted(f"{len(items)} commitments from {people} people. They are listed person by person under "
                    "<b>Personal commitments</b>, apart from the room's plan.", s.body),
        ]


# The results section of each registered type. A new type is one line here.
SECTIONS: Parts[Callable[[ResultsWriter, Step], list[Flowable]]] = Parts("PDF section", {
    "board": ResultsWriter._board,
    "poll": ResultsWriter._poll,
    "rating": ResultsWriter._rating,
    "spectrum": ResultsWriter._spectrum,
    "canvas": ResultsWriter._canvas,
    "map": ResultsWriter._map,
    "commitments": ResultsWriter._commitments,
    "review": review_section,
})
