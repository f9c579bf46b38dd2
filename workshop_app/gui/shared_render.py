"""How each step is drawn for the room: a header (title, purpose, timer, status), then the answers.

``render_step`` turns the workshop's current step into a ``Scene`` for a window of a given size. Boards,
the spectrum, canvases and commitments are sections of cards (``shared_cards``), polls and ratings are
charts (``shared_charts``), the map has its own drawing (``shared_map``), and a break gets a title slide
with a large timer. The timer's digits are not part of the scene: the window paints them into
``scene.timer_rect`` every second without laying the rest out again.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRectF

from workshop_app.core.privacy import is_anonymous, people_answered, results_shown, waiting_line
from workshop_app.core.workshop import Workshop
from workshop_app.gui.shared_cards import Section, layout_sections, most_cards
from workshop_app.gui.shared_charts import poll_scene, rating_scene
from workshop_app.gui.shared_map import map_scene
from workshop_app.gui.shared_paint import Box, Scene, Sizes, TextRun, Theme, line_height, text_width, wrap
from workshop_app.gui.shared_review import review_scene
from workshop_app.gui.shared_sections import (
    board_sections,
    canvas_sections,
    commitments_sections,
    spectrum_sections,
)
from workshop_app.model.document import Step
from workshop_app.model.registry import Parts

TIMER_SAMPLE = "−00:00"  # the widest text the timer shows, to size its box


def subtitle_for(step: Step) -> str:
    """The line under the title: the commitments' question, or what the exercise is for."""
    ex = step.exercise
    if ex is None or ex.type == "board":
        return ""
    if ex.commitments:
        return ex.commitments.prompt
    if ex.review:
        return ex.review.prompt
    return ex.purpose


def status_chips(ws: Workshop, step: Step) -> list[str]:
    """Short labels the room should know about: where we are, locked, anonymous."""
    chips = [f"Step {ws.current_index + 1} of {len(ws.steps)}"]
    if step.anonymous:
        chips.append("Anonymous")
    if step.locked and step.type == "board":
        chips.append("Locked: add only")
    if step.type == "board" and not step.votes_shown and any(i.vote_total for i in ws.items(step.id)):
        chips.append("Votes hidden until revealed")
    return chips


def render_step(ws: Workshop, rect: QRectF, theme: Theme, *, show_timer: bool = True,
                bottom_reserve: float = 0.0, highlight: int | None = None,
                phones: Callable[[str], int] | None = None) -> Scene:
    """The scene for the current step in ``rect``; ``bottom_reserve`` keeps room for the entry bar,
    ``highlight`` frames the prompt the room is adding to, and ``phones`` says how many phones answered
    a step (for counting the people on an anonymous step)."""
    sizes = Sizes.for_rect(rect)
    step = ws.current_step
    if step is None:
        return _cover(ws, rect, theme, sizes)
    if step.exercise is None:
        return _break(ws, step, rect, theme, sizes, show_timer)
    scene = Scene(background=theme.background)
    m = sizes.margin
    right = rect.right() - m
    header_bottom = rect.top() + m * 0.6
    middle = rect.top() + m * 0.6 + line_height(sizes.title, True) / 2
    if show_timer:
        pad = sizes.timer * 0.2
        tw = text_width(TIMER_SAMPLE, sizes.timer, True) + 2 * pad
        scene.timer_rect = QRectF(right - tw, rect.top() + m * 0.5, tw, line_height(sizes.timer, True))
        scene.timer_px = sizes.timer
        right = scene.timer_rect.left() - m * 0.5
        header_bottom = scene.timer_rect.bottom()
        middle = scene.timer_rect.center().y()
    beside_timer = right
    right = _chips(scene, status_chips(ws, step), right, middle, sizes, theme) - m * 0.5
    chips_bottom = middle + (line_height(sizes.chip, True) + sizes.chip * 0.45) / 2
    width = right - rect.left() - m
    y = rect.top() + m * 0.6
    y += scene.text(rect.left() + m, y, step.title, sizes.title, theme.text, width, bold=True, max_lines=2)
    subtitle = subtitle_for(step)
    if subtitle:
        y += sizes.subtitle * 0.2
        # Below the status labels the line may run on to the timer, below the timer to the edge.
        edge = rect.right() - m if y >= header_bottom else beside_timer if y >= chips_bottom else right
        y += scene.text(rect.left() + m, y, subtitle, sizes.subtitle, theme.muted, edge - rect.left() - m,
                        max_lines=3)
    top = max(y, header_bottom) + m * 0.7
    body = QRectF(rect.left() + m, top, rect.width() - 2 * m, rect.bottom() - m * 0.7 - bottom_reserve - top)
    if is_anonymous(step) and step.type != "map":
        people = people_answered(ws, step, phones(step.id) if phones else 0)
        if not results_shown(step, people):
            _kept_back(scene, step, people, body, theme, sizes)
            return scene
    _body(ws, step, body, theme, sizes, scene, highlight)
    return scene


def _kept_back(scene: Scene, step: Step, people: int, body: QRectF, theme: Theme, sizes: Sizes) -> None:
    """An anonymous step's results kept back: how many people have answered, and when the room sees more.

    People, not answers: a count of answers would tick up with each one and tell who just answered what.
    """
    big = sizes.unit / 7
    y = body.top() + body.height() * 0.12
    y += _centred(scene, body, y, str(people), big, theme.accent, bold=True)
    noun = "person has" if people == 1 else "people have"
    y += _centred(scene, body, y, f"{noun} answered", sizes.subtitle * 1.6, theme.text, bold=True)
    y += sizes.margin
    _centred(scene, body, y, waiting_line(step, people), sizes.subtitle * 1.2, theme.muted, max_lines=3)


# Draws a step's answers into the body of its scene: (workshop, step, body, theme, sizes, scene, highlight).
Drawing = Callable[[Workshop, Step, QRectF, Theme, Sizes, Scene, int | None], None]


def cards(build: Callable[[Workshop, Step, Theme], list[Section]], *, highlights: bool = False) -> Drawing:
    """A type whose answers are cards in sections; with ``highlights``, the prompt being added to is framed."""
    def draw(ws: Workshop, step: Step, body: QRectF, theme: Theme, sizes: Sizes, scene: Scene,
             highlight: int | None) -> None:
        layout_sections(build(ws, step, theme), body, theme, sizes, scene, highlight if highlights else None)
    return draw


def board(ws: Workshop, step: Step, body: QRectF, theme: Theme, sizes: Sizes, scene: Scene,
          highlight: int | None) -> None:
    """A board: cards in sections, built only for the notes a section could ever show."""
    sections = board_sections(ws, step, theme, keep=lambda count: most_cards(body, sizes, count))
    layout_sections(sections, body, theme, sizes, scene, highlight)


def drawing(build: Callable[[Workshop, Step, QRectF, Theme, Sizes], Scene]) -> Drawing:
    """A type that draws its own picture of the answers (a chart, the map) into the body."""
    def draw(ws: Workshop, step: Step, body: QRectF, theme: Theme, sizes: Sizes, scene: Scene,
             highlight: int | None) -> None:
        part = build(ws, step, body, theme, sizes)
        scene.shapes += part.shapes
        scene.texts += part.texts
        scene.more += part.more
        scene.answer_px = part.answer_px
        scene.answer_lines += part.answer_lines
    return draw


# The shared-screen scene of each registered type. A new type is one line here.
SCENES: Parts[Drawing] = Parts("shared-screen scene", {
    "board": board,
    "poll": drawing(poll_scene),
    "rating": drawing(rating_scene),
    "spectrum": cards(spectrum_sections),
    "canvas": cards(canvas_sections),
    "map": drawing(map_scene),
    "commitments": cards(commitments_sections),
    "review": drawing(review_scene),
})


def _body(ws: Workshop, step: Step, body: QRectF, theme: Theme, sizes: Sizes, scene: Scene,
          highlight: int | None) -> None:
    SCENES[step.type](ws, step, body, theme, sizes, scene, highlight)


def _chips(scene: Scene, chips: list[str], right: float, middle: float, sizes: Sizes, theme: Theme) -> float:
    """Status labels in a row ending at ``right``, centred on ``middle``; returns where the row starts."""
    px = sizes.chip
    pad = px * 0.45
    h = line_height(px, True) + pad
    x = right
    for chip in reversed(chips):
        w = text_width(chip, px, True) + 2 * pad
        x -= w
        scene.add(Box(QRectF(x, middle - h / 2, w, h), None, theme.muted, 1.5, h / 2))
        scene.add(TextRun(x + pad, middle - h / 2 + pad / 2, (chip,), px, theme.text, True), chip)
        x -= pad
    return x


def _centred(scene: Scene, rect: QRectF, y: float, text: str, px: float, colour: str, bold: bool = False,
             max_lines: int = 0) -> float:
    return scene.text(rect.left(), y, text, px, colour, rect.width(), bold=bold, align="center", max_lines=max_lines)


def _break(ws: Workshop, step: Step, rect: QRectF, theme: Theme, sizes: Sizes, show_timer: bool) -> Scene:
    """A title slide: the break's name, a timer to read from the door, and what comes next."""
    scene = Scene(background=theme.background)
    m = sizes.margin * 2
    inner = QRectF(rect.left() + m, rect.top() + m, rect.width() - 2 * m, rect.height() - 2 * m)
    _centred(scene, inner, inner.top(), ws.info.title, sizes.subtitle, theme.muted, max_lines=2)
    y = inner.top() + rect.height() * 0.16
    y += _centred(scene, inner, y, step.title, sizes.unit / 9, theme.text, bold=True, max_lines=2)
    if show_timer:
        px = sizes.unit / 4.2
        w = text_width(TIMER_SAMPLE, px, True)
        scene.timer_rect = QRectF(inner.center().x() - w / 2, y + sizes.unit * 0.04, w, line_height(px, True))
        scene.timer_px = px
    nxt = ws.current_index + 1
    if nxt < len(ws.steps):
        label = f"Next: {ws.steps[nxt].title}"
        lines = wrap(label, sizes.subtitle * 1.3, inner.width())
        _centred(scene, inner, inner.bottom() - len(lines) * line_height(sizes.subtitle * 1.3), label,
                 sizes.subtitle * 1.3, theme.muted)
    return scene


def _cover(ws: Workshop, rect: QRectF, theme: Theme, sizes: Sizes) -> Scene:
    """The workshop's own title slide, for a workshop with no steps yet."""
    scene = Scene(background=theme.background)
    m = sizes.margin * 2
    inner = QRectF(rect.left() + m, rect.top() + m, rect.width() - 2 * m, rect.height() - 2 * m)
    y = inner.top() + rect.height() * 0.3
    y += _centred(scene, inner, y, ws.info.title, sizes.unit / 10, theme.text, bold=True, max_lines=3)
    details = " · ".join(p for p in (ws.info.organisation, ws.info.date.isoformat() if ws.info.date else "") if p)
    if details:
        _centred(scene, inner, y + sizes.margin, details, sizes.subtitle * 1.3, theme.muted)
    return scene
