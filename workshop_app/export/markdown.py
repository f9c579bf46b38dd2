"""The whole workshop as Markdown: readable as plain text, in a wiki, or pasted into an e-mail.

Everything that is not the export's own structure (what people typed, names, and the labels of
exercise files) is escaped for CommonMark, so a viewer shows it as typed and never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workshop_app.core.results import poll_results, rating_results
from workshop_app.core.review import (
    MOVEMENT_LABELS,
    STATUS_WORDS,
    is_overdue,
    progress_by_action,
    review_day,
    review_figures,
)
from workshop_app.export.common import (
    Directory,
    Progress,
    canvas_cards,
    exercise_steps,
    fmt_date,
    fmt_number,
    is_proposal,
    plural,
)
from workshop_app.export.md_text import md_block, md_flat
from workshop_app.export.summary import summarise
from workshop_app.model.answers import Cluster, Commitment, Entry, Link, Marker, Node, Note, SpectrumItem
from workshop_app.model.document import ItemBase, Step, WorkshopDoc
from workshop_app.model.registry import Parts, type_label
from workshop_app.storage.files import atomic_path


def _block(text: str, indent: int) -> str:
    """User text continued under a list item, so every line stays inside it."""
    return md_block(text, indent)


def _cell(text: str) -> str:
    """User text on one line: a table cell, a heading, a label."""
    return md_flat(text)


def _flags(item: ItemBase) -> str:
    return " *(hidden from the room)*" if item.hidden else ""


class _Writer:
    def __init__(self, doc: WorkshopDoc) -> None:
        self.doc = doc
        self.d = Directory(doc)
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def bullet(self, text: str, suffix: str = "", marker: str = "-") -> None:
        self.add(f"{marker} {_block(text, len(marker) + 1)}{suffix}")

    # -- the parts ------------------------------------------------------------------------------
    def header(self) -> None:
        info = self.doc.info
        self.add(f"# {_cell(info.title)}", "")
        facts = [
            ("Organisation", info.organisation),
            ("Date", fmt_date(info.date)),
            ("Facilitator", info.facilitator),
            ("Participants", str(len(self.doc.participants))),
        ]
        self.add(*[f"- **{k}:** {_cell(v)}" for k, v in facts if v], "")

    def highlights(self) -> None:
        s = summarise(self.doc)
        if not (s.ideas or s.ratings or s.owners):
            return
        self.add("## Summary", "")
        self.add(f"{s.participants} participants, {s.exercises} exercises, {s.notes} notes with {s.votes} votes, "
                 f"{s.actions} decisions ({s.high_priority} high priority), {s.commitments} personal commitments.", "")
        if s.ideas:
            self.add("### Top-voted ideas", "")
            for n, idea in enumerate(s.ideas, start=1):
                self.bullet(idea.item.text, f" ({idea.votes} votes, {_cell(idea.step.title)})", f"{n}.")
            self.add("")
        for r in s.ratings:
            lo, hi = r.scale
            self.add(f"### {_cell(r.step.title)}", "",
                     f"- Strongest: {_cell(r.strongest.label)} ({fmt_number(r.strongest.mean)} of {hi})",
                     f"- Weakest: {_cell(r.weakest.label)} ({fmt_number(r.weakest.mean)} of {hi})")
            if r.most_split:
                self.add(f"- Most disagreement: {_cell(r.most_split.label)} "
                         f"(spread {fmt_number(r.most_split.spread)})")
            self.add("")
        if s.owners:
            self.add("### Actions by owner", "", "| Owner | Actions | High priority | Next due |", "|---|---:|---:|---|")
            for o in s.owners:
                self.add(f"| {_cell(o.owner)} | {o.total} | {o.high} | {fmt_date(o.next_due)} |")
            self.add("")

    def participants(self) -> None:
        if not self.doc.participants:
            return
        self.add("## Participants", "")
        for p in self.doc.participants:
            extra = ", ".join(_cell(x) for x in (p.role, self.d.groups.get(p.group or "", "")) if x)
            self.add(f"- {md_flat(p.name, start=True)}" + (f" ({extra})" if extra else ""))
        self.add("")

    def agenda(self) -> None:
        if not self.doc.steps:
            return
        self.add("## Agenda", "", "| # | Step | Type | Minutes |", "|---:|---|---|---:|")
        number = 0
        for step in self.doc.steps:
            label = ""
            if step.exercise is not None:
                number += 1
                label = str(number)
            self.add(f"| {label} | {_cell(step.title)} | {type_label(step.type)} | {step.minutes} |")
        self.add("")

    def decisions(self) -> None:
        """What the room decided, what it asks of the sponsor and when it reviews progress: read first."""
        s = summarise(self.doc)
        if not (s.headline or s.asks):
            return
        self.add("## What the room decided", "")
        for x in s.headline:
            owner = _cell(self.d.owner(x.action)) or "no owner yet"
            votes = f" · {x.votes} votes" if x.votes else ""
            self.bullet(x.action.what, "\\", f"{x.number}.")
            self.add(f"   Owner: {owner} · Due: {fmt_date(x.action.due, 'not set')}{votes}")
        self.add("")
        if s.asks:
            self.add("### Asked of the sponsor", "")
            for ask in s.asks:
                self.bullet(ask)
            self.add("")
        if s.review:
            self.add("### Next review", "", f"{fmt_date(s.review)}.", "")

    def action_plan(self) -> None:
        plan = summarise(self.doc).decisions
        self.add("## Action plan", "")
        if not plan:
            self.add("No actions were agreed.", "")
            return
        for x in plan:
            a = x.action
            marker = f"{x.number}."
            pad = len(marker) + 1
            sub = " " * pad
            self.add(f"{marker} **{_block(a.what, pad)}**")
            if x.source is not None and x.source.kind == "cluster":
                self.add(f"{sub}- Cluster: {_cell(x.source.text)}")
            if x.votes:
                self.add(f"{sub}- Votes: {x.votes}")
            for note in x.notes:
                if note.text.strip() != a.what.strip():
                    self.add(f"{sub}- Note: {_block(note.text, pad + 2)} ({note.vote_total} votes)")
            if a.why:
                self.add(f"{sub}- Why: {_block(a.why, pad + 2)}")
            if a.step and self.d.step_title(a.step):
                self.add(f"{sub}- From: {_cell(self.d.step_title(a.step))}")
            owner = _cell(self.d.owner(a)) or "no owner yet"
            self.add(f"{sub}- Owner: {owner} · Due: {fmt_date(a.due, 'not set')} · Priority: {a.priority}"
                     f" · Status: {a.status}")
            if a.measure:
                self.add(f"{sub}- Measure of success: {_block(a.measure, pad + 2)}")
            if a.area:
                self.add(f"{sub}- Area: {_cell(a.area)}")
        self.add("")

    def commitments(self) -> None:
        people = [(p, self.d.commitments_of(p.id)) for p in self.doc.participants]
        people = [(p, c) for p, c in people if c]
        if not people:
            return
        self.add("## Personal commitments", "",
                 "What each person said they will do themselves; they are not numbered into the room's plan.", "")
        for person, items in people:
            role = f" ({_cell(person.role)})" if person.role else ""
            self.add(f"### {_cell(person.name)}{role}", "")
            linked = self.d.action_for_item()
            for item in items:
                due = f" (by {fmt_date(item.due)})" if item.due else ""
                self.bullet(item.text, due + _flags(item))
                action = linked.get(item.id)
                if action is not None and action.measure:
                    self.add(f"  - Measure of success: {_block(action.measure, 4)}")
            self.add("")

    def results(self) -> None:
        refs = exercise_steps(self.doc)
        if not refs:
            return
        self.add("## Exercise results", "")
        for ref in refs:
            step = ref.step
            ex = step.exercise
            assert ex is not None
            self.add(f"### {_cell(ref.heading)}", "", f"*{type_label(step.type)}, {step.minutes} min"
                     + (", anonymous" if step.anonymous else "") + f".* {_cell(ex.purpose)}", "")
            SECTIONS[step.type](self, step)

    # -- one method per exercise type, registered in SECTIONS below --------------------------------
    def _note_line(self, step: Step, note: Note) -> None:
        author = self.d.author(step, note)
        extra = [x for x in (_cell(author), f"{note.vote_total} votes" if note.vote_total else "") if x]
        self.bullet(note.text, (" — " + ", ".join(extra) if extra else "") + _flags(note))

    def _board(self, step: Step) -> None:
        assert step.exercise and step.exercise.board
        notes = self.d.items_of(step, Note)
        clusters = self.d.items_of(step, Cluster)
        for col, prompt in enumerate(step.exercise.board.prompts):
            here = [n for n in notes if n.prompt == col]
            self.add(f"#### {_cell(prompt)}", "")
            if not here:
                self.add("No notes.", "")
                continue
            shown: set[str] = set()
            for cluster in [c for c in clusters if c.prompt == col]:
                members = [n for n in here if n.cluster == cluster.id]
                if not members:
                    continue
                shown.add(cluster.id)
                votes = sum(n.vote_total for n in members)
                self.add(f"**{_block(cluster.text, 0)}** ({len(members)} notes, {votes} votes){_flags(cluster)}", "")
                for note in sorted(members, key=lambda n: -n.vote_total):
                    self._note_line(step, note)
                self.add("")
            loose = [n for n in here if n.cluster not in shown]
            if loose and len(loose) < len(here):
                self.add("**Not clustered**", "")
            for note in sorted(loose, key=lambda n: -n.vote_total):
                self._note_line(step, note)
            self.add("")
        orphans = [n for n in notes if n.prompt >= len(step.exercise.board.prompts)]
        if orphans:
            self.add("#### Other notes", "")
            for note in orphans:
                self._note_line(step, note)
            self.add("")

    def _poll(self, step: Step) -> None:
        assert step.exercise and step.exercise.poll
        scale = step.exercise.poll.scale
        self.add("| Statement | " + " | ".join(_cell(s) for s in scale) + " | Answers |",
                 "|---|" + "---:|" * (len(scale) + 1))
        for r in poll_results(self.doc.items, step):
            self.add(f"| {_cell(r.statement)} | " + " | ".join(str(c) for c in r.counts) + f" | {r.total} |")
        self.add("")

    def _rating(self, step: Step) -> None:
        assert step.exercise and step.exercise.rating
        rating = step.exercise.rating
        lo, hi = rating.scale_min, rating.scale_max
        per_statement, per_dimension = rating_results(self.doc.items, step)
        self.add(f"Scale {lo} ({_cell(rating.low_label)}) to {hi} ({_cell(rating.high_label)}). "
                 f"Distribution: how many answered {lo}, …, {hi}.", "")
        self.add("| Dimension / statement | Mean | Spread | Answers | Distribution |", "|---|---:|---:|---:|---|")
        for dim in per_dimension:
            self.add(f"| **{_cell(dim.label)}** | **{fmt_number(dim.mean)}** | {fmt_number(dim.spread)} | "
                     f"{dim.count} | {' · '.join(map(str, dim.distribution(lo, hi)))} |")
            for r in per_statement:
                if r.dimension == dim.label:
                    self.add(f"| {_cell(r.label)} | {fmt_number(r.mean)} | {fmt_number(r.spread)} | {r.count} | "
                             f"{' · '.join(map(str, r.distribution(lo, hi)))} |")
        self.add("")

    def _spectrum(self, step: Step) -> None:
        assert step.exercise and step.exercise.spectrum
        sp = step.exercise.spectrum
        items = self.d.items_of(step, SpectrumItem)
        for col, category in enumerate(sp.categories):
            here = sorted((i for i in items if i.category == col), key=lambda i: i.position)
            self.add(f"#### {_cell(category)}", "")
            if not here:
                self.add("Nothing placed here.", "")
                continue
            for item in here:
                self.bullet(item.text, _flags(item))
                if item.change:
                    self.add(f"  - {_cell(sp.change_label)}: {_block(item.change, 4)}")
            self.add("")

    def _canvas(self, step: Step) -> None:
        assert step.exercise and step.exercise.canvas
        fields = step.exercise.canvas.fields
        entries = self.d.items_of(step, Entry)
        if not entries:
            self.add("Nothing was filled in.", "")
            return
        for card in canvas_cards(step, entries):
            self.add(f"#### {_cell(card) or 'The room'}", "")
            for col, name in enumerate(fields):
                here = [e for e in entries if e.card == card and e.field == col]
                if here:
                    self.add(f"**{_cell(name)}**", "")
                    for entry in here:
                        author = self.d.author(step, entry)
                        self.bullet(entry.text, (f" — {_cell(author)}" if author else "") + _flags(entry))
                    self.add("")

    def _map(self, step: Step) -> None:
        assert step.exercise and step.exercise.map
        m = step.exercise.map
        nodes = self.d.items_of(step, Node)
        links = self.d.items_of(step, Link)
        markers = self.d.items_of(step, Marker)
        self.add("**Departments**", "")
        for node in nodes:
            lane = m.lanes[node.lane] if node.lane < len(m.lanes) else ""
            self.bullet(node.text, (f" ({_cell(lane)})" if lane else "") + _flags(node))
        self.add("")
        if links:
            self.add("**Hand-offs**", "")
            for link in links:
                label = self.d.item_label(link.id)
                self.bullet(f"{label}: {link.text}" if link.text else label, _flags(link))
            self.add("")
        for title, group in ((m.marker_label, [x for x in markers if not is_proposal(x)]),
                             (m.proposal_label, [x for x in markers if is_proposal(x)])):
            if group:
                self.add(f"**{_cell(title)}**", "")
                for n, marker in enumerate(group, start=1):
                    where = self.d.places(marker)
                    self.bullet(marker.text, (f" (at {_cell(where)})" if where else "") + _flags(marker), f"{n}.")
                self.add("")

    def _commitments(self, step: Step) -> None:
        items = self.d.items_of(step, Commitment)
        self.add(f"{len(items)} commitments; each person's are listed under Personal commitments above.", "")

    def _review(self, step: Step) -> None:
        figures = review_figures(self.doc, step)
        if not figures.total:
            self.add("There was nothing to review.", "")
            return
        counts = ", ".join(f"{n} {MOVEMENT_LABELS[m].lower()}" for m, n in figures.counts.items() if n or m != "dropped")
        self.add(f"{figures.reviewed} of {figures.total} actions reviewed: {counts}; "
                 f"{plural(len(figures.quick_wins), 'quick wins')}, {len(figures.overdue)} overdue.", "")
        notes = progress_by_action(self.doc.items, step)
        day = review_day(self.doc)
        for action in figures.actions:
            progress = notes.get(action.id)
            owner = self.d.owner(action)
            bits = [STATUS_WORDS[action.status], _cell(owner) if owner else ""]
            if action.due:
                bits.append(("**overdue** since " if is_overdue(action, day) else "due ") + fmt_date(action.due))
            star = " ★ quick win" if progress and progress.quick_win else ""
            self.bullet(action.what, " — " + ", ".join(b for b in bits if b) + star)
            if progress and progress.text:
                self.add(f"  Progress: {_block(progress.text, 2)}")
        self.add("")


# The results section of each registered type. A new type is one line here.
SECTIONS: Parts[Callable[[_Writer, Step], None]] = Parts("Markdown section", {
    "board": _Writer._board,
    "poll": _Writer._poll,
    "rating": _Writer._rating,
    "spectrum": _Writer._spectrum,
    "canvas": _Writer._canvas,
    "map": _Writer._map,
    "commitments": _Writer._commitments,
    "review": _Writer._review,
})


def markdown_text(doc: WorkshopDoc) -> str:
    """The workshop as one Markdown document."""
    w = _Writer(doc)
    w.header()
    w.decisions()
    w.highlights()
    w.action_plan()
    w.commitments()
    w.participants()
    w.agenda()
    w.results()
    return "\n".join(w.lines).rstrip() + "\n"


def write_markdown(doc: WorkshopDoc, out: Path, progress: Progress | None = None) -> None:
    """Write the whole workshop as a Markdown file (UTF-8)."""
    text = markdown_text(doc)
    with atomic_path(Path(out)) as tmp:
        tmp.write_text(text, encoding="utf-8")
    if progress:
        progress(1, 1)
