"""Poll and rating charts for the room, painted as plain bars in large type (no chart library).

A poll is one stacked bar per statement, each option a colour with its count written on it. A rating
is one bar per construct (or per statement, when there are few) from the bottom of the scale to the
mean: a construct's whisker is its 95% confidence interval, with the number of people beside it; a
statement's is the spread, with the number of ratings. An anonymous rating is kept back until enough people
have rated (``core.privacy``), any rating until the facilitator reveals it. Both use the
figures of ``core.results`` and ``core.stats``, so the room sees what the exports say.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

from workshop_app.core.results import poll_results, rating_results
from workshop_app.core.stats import assess
from workshop_app.core.workshop import Workshop
from workshop_app.gui.shared_paint import (
    Box,
    Scene,
    Segment,
    Sizes,
    TextRun,
    Theme,
    ink_for,
    largest_fit,
    line_height,
    plural,
    text_width,
    wrap,
)
from workshop_app.model.colours import answer_colours
from workshop_app.model.document import Step

PER_STATEMENT_MAX = 8  # with more statements than this, a rating shows one bar per dimension
VALUE_HEADING = "mean ±spread · ratings"
CONSTRUCT_HEADING = "mean ±95% CI · people"


@dataclass(frozen=True)
class Bar:
    """One row of a rating chart: its label, the mean, the whisker either side of it and the count beside."""

    label: str
    mean: float | None
    whisker: float | None
    count: int


def people(n: int) -> str:
    return f"{n} {'person' if n == 1 else 'people'}"


def _visible_answers(ws: Workshop, step: Step) -> list:
    return [i for i in ws.items(step.id) if not i.hidden]


def _legend(scene: Scene, rect: QRectF, labels: list[str], px: float, theme: Theme) -> float:
    """Colour swatches with the scale's labels in a row that wraps; returns its height."""
    x, y = rect.left(), rect.top()
    lh = line_height(px, True)
    sw = lh * 0.8
    for k, label in enumerate(labels):
        w = sw + px * 0.4 + text_width(label, px, True) + px * 1.2
        if x > rect.left() and x + w > rect.right():
            x, y = rect.left(), y + lh * 1.2
        scene.add(Box(QRectF(x, y + (lh - sw) / 2, sw, sw), answer_colours(len(labels))[k], theme.text, 1.5, 3))
        scene.add(TextRun(x + sw + px * 0.4, y, (label,), px, theme.text, True), label)
        x += w
    return y + lh * 1.2 - rect.top()


def _rows_fit(heights: list[float], room: float) -> int:
    """How many rows of these heights fit one after another in ``room``."""
    used, n = 0.0, 0
    for h in heights:
        if used + h > room + 0.5:
            break
        used += h
        n += 1
    return n


def poll_scene(ws: Workshop, step: Step, rect: QRectF, theme: Theme, sizes: Sizes) -> Scene:
    """Each statement with a stacked bar of how often each option was chosen."""
    assert step.exercise and step.exercise.poll
    poll = step.exercise.poll
    results = poll_results(_visible_answers(ws, step), step)
    widest = max((r.total for r in results), default=0)

    def build(px: float, partial: bool) -> Scene | None:
        scene = Scene()
        scene.answer_px = px
        if step.answers_hidden:
            note = "Answers are hidden until the facilitator reveals them"
            legend_h = scene.text(rect.left(), rect.top(), note, px * 0.9, theme.accent, rect.width(), bold=True)
        else:
            legend_h = _legend(scene, rect, list(poll.scale), px * 0.9, theme)
        label_w = rect.width() * 0.44
        gap = px * 0.6
        bar_x = rect.left() + label_w + gap
        total_w = text_width("000", px, True) + gap
        bar_w = rect.right() - bar_x - total_w
        rows = [wrap(r.statement, px, label_w) for r in results]
        heights = [max(len(lines) * line_height(px), line_height(px) * 1.4) + gap for lines in rows]
        room = rect.height() - legend_h - gap
        fits = _rows_fit(heights, room)
        if fits < len(rows):
            if not partial:
                return None
            fits = _rows_fit(heights, room - line_height(px, True))
        y = rect.top() + legend_h + gap
        bar_h = line_height(px) * 1.4
        for result, lines, h in zip(results[:fits], rows[:fits], heights[:fits], strict=False):
            content = h - gap
            scene.add(TextRun(rect.left(), y + (content - len(lines) * line_height(px)) / 2, lines, px, theme.text),
                      result.statement)
            scene.answer_lines += len(lines)
            by = y + (content - bar_h) / 2
            if step.answers_hidden:
                label = f"{plural(result.total, 'answers')} in"
                scene.add(TextRun(bar_x, by, (label,), px, theme.muted, True), label)
            else:
                _poll_bar(scene, result.counts, widest, QRectF(bar_x, by, bar_w, bar_h), px, theme)
                total = str(result.total)
                scene.add(TextRun(rect.right() - text_width(total, px, True), by + (bar_h - line_height(px)) / 2,
                                  (total,), px, theme.muted, True), total)
            y += h
        if fits < len(rows):
            label = f"+{len(rows) - fits} more statements"
            scene.add(TextRun(rect.left(), rect.bottom() - line_height(px, True), (label,), px, theme.accent, True),
                      label)
            scene.more = len(rows) - fits
        return scene

    return largest_fit(sizes.answer_steps(), lambda px: build(px, False), lambda px: build(px, True) or Scene())


def _poll_bar(scene: Scene, counts: list[int], widest: int, rect: QRectF, px: float, theme: Theme) -> None:
    total = sum(counts)
    if not total:
        scene.add(TextRun(rect.left(), rect.top(), ("no answers yet",), px * 0.85, theme.muted, False, True),
                  "no answers yet")
        return
    full = rect.width() * total / max(widest, 1)
    label_min = text_width("00", px, True) + px * 0.6
    nonzero = [c for c in counts if c]
    spare = max(full - label_min * len(nonzero), 0.0)
    x = rect.left()
    for k, count in enumerate(counts):
        if not count:
            continue
        w = label_min + spare * count / total if full >= label_min * len(nonzero) else full * count / total
        fill = answer_colours(len(counts))[k]
        scene.add(Box(QRectF(x, rect.top(), w, rect.height()), fill, theme.background, 2.0))
        label = str(count)
        scene.add(TextRun(x + (w - text_width(label, px, True)) / 2, rect.top() + (rect.height() - line_height(px, True)) / 2,
                          (label,), px, ink_for(fill), True), label)
        x += w


def _rating_rows(ws: Workshop, step: Step) -> tuple[list[Bar], str, int]:
    """The rows to draw, the heading of their figures, and how many people have rated."""
    visible = _visible_answers(ws, step)
    per_statement, per_dimension = rating_results(visible, step)
    assessment = assess(visible, step, ws.participants)
    if len(per_statement) <= PER_STATEMENT_MAX or len(per_dimension) <= 1:
        return ([Bar(r.label, r.mean, r.spread, r.count) for r in per_statement], VALUE_HEADING,
                assessment.answered)
    if not assessment.people:  # ratings without respondent keys: every rating of a construct, pooled
        return ([Bar(r.label, r.mean, r.spread, r.count) for r in per_dimension], VALUE_HEADING,
                assessment.answered)
    return ([Bar(c.name, c.score.mean, c.score.margin or 0.0, c.score.n) for c in assessment.constructs],
            CONSTRUCT_HEADING, assessment.answered)


def rating_scene(ws: Workshop, step: Step, rect: QRectF, theme: Theme, sizes: Sizes) -> Scene:
    """Mean per construct (or statement) on the scale, with its interval (or spread) and how many rated it."""
    assert step.exercise and step.exercise.rating
    rating = step.exercise.rating
    rows, value_heading, answered = _rating_rows(ws, step)
    lo, hi = rating.scale_min, rating.scale_max
    # An anonymous step's results are kept back by the shared screen until enough people have rated
    # (core.privacy); what reaches this scene is shown, unless the facilitator has not revealed it yet.
    hidden = step.answers_hidden

    def build(px: float, partial: bool) -> Scene | None:
        scene = Scene()
        scene.answer_px = px
        gap = px * 0.55
        label_w = rect.width() * 0.36
        value_w = max(text_width("0.0", px, True) + text_width(" ±0.0 · 000", px * 0.75),
                      text_width(value_heading, px * 0.75)) + gap
        x0 = rect.left() + label_w + gap
        x1 = rect.right() - value_w - gap
        small = px * 0.75
        axis_h = line_height(small, True) * 2.2
        if hidden:
            note = f"{people(answered)} rated, hidden until the facilitator reveals the results"
            axis_h = scene.text(rect.left(), rect.top(), note, px, theme.accent, rect.width(), bold=True) + gap
        else:
            _axis(scene, x0, x1, rect.right() - value_w, rect.top(), lo, hi, rating.low_label, rating.high_label,
                  small, theme, value_heading)
        wrapped = [wrap(r.label, px, label_w) for r in rows]
        heights = [max(len(w) * line_height(px), line_height(px) * 1.3) + gap for w in wrapped]
        room = rect.height() - axis_h
        fits = _rows_fit(heights, room)
        if fits < len(rows):
            if not partial:
                return None
            fits = _rows_fit(heights, room - line_height(px, True))
        y = rect.top() + axis_h
        for result, lines, h in zip(rows[:fits], wrapped[:fits], heights[:fits], strict=False):
            content = h - gap
            scene.add(TextRun(rect.left(), y + (content - len(lines) * line_height(px)) / 2, lines, px, theme.text),
                      result.label)
            scene.answer_lines += len(lines)
            if not hidden:
                _rating_bar(scene, result, QRectF(x0, y, x1 - x0, content), lo, hi, px, theme, rect.right() - value_w)
            y += h
        if fits < len(rows):
            label = f"+{len(rows) - fits} more"
            scene.add(TextRun(rect.left(), rect.bottom() - line_height(px, True), (label,), px, theme.accent, True),
                      label)
            scene.more = len(rows) - fits
        return scene

    return largest_fit(sizes.answer_steps(), lambda px: build(px, False), lambda px: build(px, True) or Scene())


def _axis(scene: Scene, x0: float, x1: float, value_x: float, top: float, lo: int, hi: int, low_label: str,
          high_label: str, px: float, theme: Theme, heading: str = VALUE_HEADING) -> None:
    lh = line_height(px, True)
    for score in range(lo, hi + 1):
        x = x0 + (x1 - x0) * (score - lo) / (hi - lo)
        label = str(score)
        scene.add(TextRun(x - text_width(label, px, True) / 2, top, (label,), px, theme.text, True), label)
    scene.add(TextRun(x0, top + lh, (low_label,), px, theme.muted), low_label)
    scene.add(TextRun(x1 - text_width(high_label, px), top + lh, (high_label,), px, theme.muted), high_label)
    scene.add(TextRun(value_x, top + lh, (heading,), px, theme.muted), heading)


def _rating_bar(scene: Scene, result: Bar, row: QRectF, lo: int, hi: int, px: float, theme: Theme,
                value_x: float) -> None:
    bar_h = min(row.height(), line_height(px) * 1.1)
    top = row.top() + (row.height() - bar_h) / 2
    scene.add(Box(QRectF(row.left(), top, row.width(), bar_h), theme.panel, theme.muted, 1.0))
    for score in range(lo + 1, hi):
        x = row.left() + row.width() * (score - lo) / (hi - lo)
        scene.add(Segment(QPointF(x, top), QPointF(x, top + bar_h), theme.muted, 1.0))
    mean, spread = result.mean, result.whisker
    if mean is None or spread is None:
        label = "no ratings yet"
        scene.add(TextRun(value_x, top + (bar_h - line_height(px * 0.8)) / 2, (label,), px * 0.8, theme.muted,
                          False, True), label)
        return

    def at(v: float) -> float:
        return row.left() + row.width() * (min(max(v, lo), hi) - lo) / (hi - lo)

    scene.add(Box(QRectF(row.left(), top, max(at(mean) - row.left(), 2.0), bar_h), theme.accent))
    mid = top + bar_h / 2
    weight = max(px * 0.1, 2.0)
    # The whisker is drawn twice, wide in the background colour then thin on top, to read on the bar and off it.
    for colour, w in ((theme.background, weight * 2.6), (theme.text, weight)):
        scene.add(Segment(QPointF(at(mean - spread), mid), QPointF(at(mean + spread), mid), colour, w))
        for end in (mean - spread, mean + spread):
            scene.add(Segment(QPointF(at(end), mid - bar_h * 0.3), QPointF(at(end), mid + bar_h * 0.3), colour, w))
    value = f"{mean:.1f}"
    rest = f" ±{spread:.1f} · {result.count}"
    y = top + (bar_h - line_height(px, True)) / 2
    scene.add(TextRun(value_x, y, (value,), px, theme.text, True), value)
    scene.add(TextRun(value_x + text_width(value, px, True), y + line_height(px, True) - line_height(px * 0.75)
                      - px * 0.08, (rest,), px * 0.75, theme.muted), rest.strip())
