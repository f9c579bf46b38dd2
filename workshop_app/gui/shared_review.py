"""The review for the room: a chart of done, moving and stuck actions, the quick wins and the overdue ones.

The figures are ``core.review.review_figures``, the ones the console and the exports show. The chart
is one bar per movement, as long as its share of the actions, its count written beside it; under it
the overdue actions in the warning colour, and beside it the quick wins to celebrate.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF

from workshop_app.core.review import MOVEMENT_LABELS, MOVEMENTS, ReviewFigures, review_figures
from workshop_app.core.workshop import Workshop
from workshop_app.gui.shared_paint import Box, Scene, Sizes, TextRun, Theme, ink_for, line_height, text_width, wrap
from workshop_app.model.document import ActionItem, Step

# Colour-blind-safe (Okabe and Ito): bluish green, sky blue, orange; grey for what was dropped.
MOVEMENT_FILLS = {"done": "#009E73", "moving": "#56B4E9", "stuck": "#E69F00", "dropped": "#8C8C8C"}


def review_scene(ws: Workshop, step: Step, rect: QRectF, theme: Theme, sizes: Sizes) -> Scene:
    """Progress of the reviewed actions as bars, with the quick wins and the overdue actions listed."""
    figures = review_figures(ws.doc, step)
    scene = Scene()
    px = sizes.answer
    scene.answer_px = px
    if not figures.total:
        label = "No actions to review yet"
        scene.add(TextRun(rect.left(), rect.top(), (label,), px, theme.muted, False, True), label)
        return scene
    chart_w = rect.width() * 0.52
    gap = px * 0.7
    y = _chart(scene, figures, QRectF(rect.left(), rect.top(), chart_w, rect.height()), px, theme)
    said = f"{figures.reviewed} of {figures.total} reviewed"
    y += scene.text(rect.left(), y + gap * 0.5, said, px * 0.8, theme.muted, chart_w) + gap * 0.7
    # How far the walk through the actions has got: a thin bar under the chart.
    track = QRectF(rect.left(), y, chart_w, px * 0.3)
    scene.add(Box(track, None, theme.muted, 1.0, px * 0.15))
    if figures.reviewed:
        done = QRectF(track.left(), track.top(), chart_w * figures.reviewed / figures.total, track.height())
        scene.add(Box(done, theme.accent, None, 0.0, px * 0.15))
    y += track.height() + gap * 1.2
    if figures.overdue:
        lower = QRectF(rect.left(), y, chart_w, rect.bottom() - y)
        _listing(scene, ws, lower, f"⚠ Overdue: {len(figures.overdue)}", figures.overdue, px * 0.8, theme.warn,
                 theme)
    side = QRectF(rect.left() + chart_w + gap * 2, rect.top(), rect.width() - chart_w - gap * 2, rect.height())
    wins = [action for action, _ in figures.quick_wins]
    heading = f"★ Quick wins to celebrate: {len(wins)}" if wins else "★ Quick wins to celebrate"
    _listing(scene, ws, side, heading, wins, px * 0.85, theme.accent, theme,
             empty="None marked yet: which small thing went well?")
    return scene


def _chart(scene: Scene, figures: ReviewFigures, rect: QRectF, px: float, theme: Theme) -> float:
    """One bar per movement (dropped only when there is any); returns the bottom of the chart."""
    shown = [m for m in MOVEMENTS if m != "dropped" or figures.counts[m]]
    label_w = max(text_width(MOVEMENT_LABELS[m], px, True) for m in shown) + px * 0.6
    count_w = text_width("000", px, True) + px * 0.5
    bar_x = rect.left() + label_w
    bar_w = max(rect.width() - label_w - count_w, px)
    bar_h = line_height(px, True) * 1.5
    y = rect.top()
    for name in shown:
        n = figures.counts[name]
        label = MOVEMENT_LABELS[name]
        scene.add(TextRun(rect.left(), y + (bar_h - line_height(px, True)) / 2, (label,), px, theme.text, True),
                  label)
        scene.add(Box(QRectF(bar_x, y, bar_w, bar_h), theme.panel, theme.muted, 1.0))
        fill = MOVEMENT_FILLS[name]
        w = bar_w * n / figures.total
        if n:
            scene.add(Box(QRectF(bar_x, y, max(w, 3.0), bar_h), fill))
        count = str(n)
        cw = text_width(count, px, True)
        inside = w >= cw + px * 0.8
        cx = bar_x + w - cw - px * 0.4 if inside else bar_x + w + px * 0.4
        scene.add(TextRun(cx, y + (bar_h - line_height(px, True)) / 2, (count,), px,
                          ink_for(fill) if inside else theme.text, True), f"{label}: {count}")
        y += bar_h + px * 0.5
    return y


def _listing(scene: Scene, ws: Workshop, rect: QRectF, heading: str, actions: list[ActionItem], px: float,
             colour: str, theme: Theme, empty: str = "") -> None:
    """A heading and one line per action (what, and its owner) as far as they fit, then "+N more"."""
    y = rect.top()
    y += scene.text(rect.left(), y, heading, px, colour, rect.width(), bold=True) + px * 0.3
    if not actions and empty:
        scene.text(rect.left(), y, empty, px * 0.85, theme.muted, rect.width(), italic=True)
        return
    lh = line_height(px)
    small = px * 0.8
    for n, action in enumerate(actions):
        owner = ws.participant(action.owner_id)
        who = owner.name if owner else action.owner
        what = action.what.splitlines()[0] if action.what else ""
        lines = wrap(what, px, rect.width())
        if len(lines) > 2:  # two lines read from the back of the room; the console has the rest
            lines = (lines[0], lines[1].rstrip() + " …")
        height = len(lines) * lh + (line_height(small) if who else 0)
        left = len(actions) - n
        if y + height + (lh if left > 1 else 0) > rect.bottom():
            label = f"+{left} more"
            scene.add(TextRun(rect.left(), y, (label,), px, theme.accent, True), label)
            scene.more += left
            return
        scene.add(TextRun(rect.left(), y, lines, px, theme.text), what)
        if who:
            scene.add(TextRun(rect.left(), y + len(lines) * lh, (who,), small, theme.muted), who)
        scene.answer_lines += len(lines)
        y += height + px * 0.45
