"""Cards in sections: how boards, the spectrum, canvases and commitments are laid out for the room.

Each exercise is turned into ``Section``s (a prompt, a category, a field, a person) holding ``Card``s
and ``Cluster``s. The sections share the body of the screen in a grid, and the cards flow in columns
inside each section, each card going to the shortest column. Every section uses the same text size:
the largest size at which everything fits, trying the grid as one, two or three rows. When even the
smallest legible size cannot hold everything, each section says how many more it holds ("+N more
notes"), so nothing is ever dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QRectF

from workshop_app.gui.shared_paint import (
    Box,
    Scene,
    Shape,
    Sizes,
    TextRun,
    Theme,
    cells,
    grid_shapes,
    ink_for,
    line_height,
    longest_word,
    metrics,
    plural,
    text_width,
    wrap,
)


@dataclass(frozen=True)
class Card:
    """One answer as the room sees it."""

    text: str
    fill: str
    caption: str = ""  # a small line above the text (a canvas field)
    detail: str = ""  # smaller text below (a proposed change, a due date)
    footer: str = ""  # the author, when the step is not anonymous
    votes: int = 0
    show_votes: bool = False


@dataclass(frozen=True)
class Cluster:
    """A named group of cards, with the votes of the whole group."""

    name: str
    votes: int
    cards: tuple[Card, ...]
    show_votes: bool = False


@dataclass
class Section:
    """One prompt, category, field or person, with what the room put there."""

    title: str
    entries: list[Card | Cluster] = field(default_factory=list)
    noun: str = "notes"
    hidden_count: int | None = None  # answers hidden until revealed: how many are in
    empty: str = "Nothing here yet"
    heading_fill: str | None = None
    left_out: int = 0  # loose cards between the first and the last ones kept, never built: see most_cards

    @property
    def card_count(self) -> int:
        return sum(len(e.cards) if isinstance(e, Cluster) else 1 for e in self.entries) + self.left_out


class _Overflow(Exception):
    """Raised while laying out when something does not fit at the size being tried."""


def _votes_label(n: int) -> str:
    return plural(n, "votes")


@dataclass
class _Placed:
    """Shapes and texts laid out so far, and how many cards and lines of answers they hold."""

    shapes: list[Any] = field(default_factory=list)  # shapes, and cards placed lazily (_LazyCard)
    texts: list[Any] = field(default_factory=list)  # texts, and the same lazy cards
    cards: int = 0
    lines: int = 0


@dataclass(frozen=True)
class _CardPlan:
    """How a card is laid out at one width and size, wherever it goes: its wrapped parts, where the
    author and votes go, and its height. Worked out once per card, width and size (``_plan``)."""

    parts: tuple[tuple[tuple[str, ...], float, bool, bool, str], ...]  # lines, px, bold, italic, source
    ink: str
    pad: float
    small: float
    votes: str
    votes_w: float
    inline: bool
    footer_lines: tuple[str, ...]
    height: float


@lru_cache(maxsize=16_384)
def _plan(card: Card, w: float, px: float, max_h: float | None) -> _CardPlan:
    """The layout of ``card`` at width ``w`` and size ``px``. Cached: a board of a thousand notes is laid
    out again for every note added, at several sizes and grids, and a card's layout depends only on its
    own contents (the key), never on where it goes, so a cached plan can never show stale content."""
    pad = px * 0.36
    inner = w - 2 * pad
    ink = ink_for(card.fill)
    small = px * 0.7
    parts: list[tuple[tuple[str, ...], float, bool, bool, str]] = []  # lines, px, bold, italic, source
    if card.caption:
        parts.append((wrap(card.caption, small, inner, True), small, True, False, card.caption))
    text_lines = wrap(card.text, px, inner)
    parts.append((text_lines, px, False, False, card.text))
    if card.detail:
        parts.append((wrap(card.detail, px * 0.78, inner, False, True), px * 0.78, False, True, card.detail))
    votes = _votes_label(card.votes) if card.show_votes and card.votes else ""
    votes_w = text_width(votes, small, True) if votes else 0.0
    # Author and votes go at the right of the last line when they fit there, else on a line of their own.
    last_lines, last_px, last_bold, last_italic, _src = parts[-1]
    tail_w = (text_width(card.footer, small) if card.footer else 0.0) + (votes_w + pad * 0.6 if votes else 0.0)
    inline = bool(tail_w) and metrics(last_px, last_bold, last_italic).horizontalAdvance(last_lines[-1]) \
        + pad + tail_w <= inner
    footer_lines: tuple[str, ...] = ()
    footer_h = 0.0
    if not inline and (card.footer or votes):
        footer_lines = wrap(card.footer, small, inner - votes_w - (pad if votes else 0)) if card.footer else ()
        footer_h = max(len(footer_lines), 1) * line_height(small)
    height = 2 * pad + sum(len(lines) * line_height(p, b) for lines, p, b, _i, _s in parts) + footer_h
    if max_h is not None and height > max_h:
        # Too long for the space even at the smallest size: cut the main text and say so on the card.
        lh = line_height(px)
        cut = min(int((height - max_h) / lh) + 1, len(text_lines) - 2)
        if cut > 0:
            kept = (*text_lines[: len(text_lines) - cut - 1], f"… {cut + 1} more lines")
            idx = 1 if card.caption else 0
            parts[idx] = (kept, px, False, False, card.text)
            height -= cut * lh
    return _CardPlan(tuple(parts), ink, pad, small, votes, votes_w, inline, footer_lines, height)


class _LazyCard:
    """A card placed while trying a size and a grid, its shapes made only if that attempt is the one
    shown: most attempts are thrown away, and a board lays out a few hundred cards in each."""

    __slots__ = ("card", "x", "y", "w", "px", "plan", "border", "_made")

    def __init__(self, card: Card, x: float, y: float, w: float, px: float, plan: _CardPlan, border: str) -> None:
        self.card, self.x, self.y, self.w, self.px, self.plan, self.border = card, x, y, w, px, plan, border
        self._made: tuple[list[Shape], list[str]] | None = None

    def made(self) -> tuple[list[Shape], list[str]]:
        """The card's shapes and texts, in painting order."""
        if self._made is None:
            self._made = self._make()
        return self._made

    def _make(self) -> tuple[list[Shape], list[str]]:
        card, x, y, w, px, plan = self.card, self.x, self.y, self.w, self.px, self.plan
        pad, small, ink, votes, votes_w = plan.pad, plan.small, plan.ink, plan.votes, plan.votes_w
        parts, height = plan.parts, plan.height
        shapes: list[Shape] = [Box(QRectF(x, y, w, height), card.fill, self.border, max(px * 0.05, 1.0), px * 0.22)]
        texts: list[str] = []
        ty = y + pad
        for lines, p, bold, italic, source in parts:
            shapes.append(TextRun(x + pad, ty, lines, p, ink, bold, italic))
            texts.append(source)
            ty += len(lines) * line_height(p, bold)
        if plan.inline:
            # On the baseline of the last line.
            last_px, last_bold = parts[-1][1], parts[-1][2]
            base = ty - line_height(last_px, last_bold) + metrics(last_px, last_bold).ascent()
            fy = base - metrics(small).ascent()
            right = x + w - pad
            if votes:
                shapes.append(TextRun(right - votes_w, base - metrics(small, True).ascent(), (votes,), small, ink,
                                      True))
                texts.append(votes)
                right -= votes_w + pad * 0.6
            if card.footer:
                shapes.append(TextRun(right - text_width(card.footer, small), fy, (card.footer,), small, ink))
                texts.append(card.footer)
        else:
            if plan.footer_lines:
                shapes.append(TextRun(x + pad, ty, plan.footer_lines, small, ink))
                texts.append(card.footer)
            if votes:
                shapes.append(TextRun(x + w - pad - votes_w, ty, (votes,), small, ink, True))
                texts.append(votes)
        return shapes, texts


def _card_shapes(card: Card, x: float, y: float, w: float, px: float, max_h: float | None,
                 theme: Theme) -> tuple[_Placed, float]:
    """A card at (x, y), ``w`` wide: its shapes (made when shown, see ``_shown``) and its height. With
    ``max_h`` (only at the smallest size), a text too long for it is cut and the card says how many
    lines are left out."""
    if max_h is None and longest_word(card.text, px) > w - 2 * (px * 0.36):
        raise _Overflow  # a narrower column than a word: try a smaller size or another grid
    plan = _plan(card, w, px, max_h)
    lazy = _LazyCard(card, x, y, w, px, plan, theme.card_border)
    out = _Placed([lazy], [lazy], 1, sum(len(lines) for lines, p, *_rest in plan.parts if p == px))
    return out, plan.height


def _shown(items: list[Any], shapes: bool) -> list[Any]:
    """``items`` (a scene's shapes or texts) with each card placed lazily replaced by its own."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, _LazyCard):
            out += item.made()[0 if shapes else 1]
        else:
            out.append(item)
    return out


def _flow(cards: tuple[Card, ...] | list[Card], rect: QRectF, px: float, theme: Theme, out: _Placed,
          partial: bool) -> tuple[float, int]:
    """Cards flowing in columns inside ``rect``; returns (bottom used, cards placed).

    Raises ``_Overflow`` when a card does not fit, unless ``partial``: then it stops there."""
    gap = px * 0.35
    ncols = max(1, int((rect.width() + gap) / (px * 10 + gap)))
    cw = (rect.width() - gap * (ncols - 1)) / ncols
    tops = [rect.top()] * ncols
    placed = 0
    for card in cards:
        col = min(range(ncols), key=lambda c: tops[c])
        room = rect.bottom() - tops[col]
        limit = rect.height() * 0.6 if partial else None
        sub, h = _card_shapes(card, rect.left() + col * (cw + gap), tops[col], cw, px, limit, theme)
        if h > room + 0.5:
            if not partial:
                raise _Overflow
            break
        out.shapes += sub.shapes
        out.texts += sub.texts
        out.lines += sub.lines
        out.cards += 1
        tops[col] += h + gap
        placed += 1
    used = max(tops) - gap if placed else rect.top()
    return used, placed


def _cluster(cl: Cluster, rect: QRectF, px: float, theme: Theme, out: _Placed, partial: bool) -> tuple[float, int]:
    """A cluster frame at the top of ``rect``: its name, its votes and its cards; (bottom, cards placed)."""
    pad = px * 0.35
    head_px = px * 0.85
    votes = _votes_label(cl.votes) if cl.show_votes and cl.votes else ""
    votes_w = text_width(votes, head_px, True) + pad if votes else 0.0
    name_lines = wrap(cl.name or "Group", head_px, rect.width() - 2 * pad - votes_w, True)
    head_h = len(name_lines) * line_height(head_px, True)
    inner = QRectF(rect.left() + pad, rect.top() + pad + head_h + pad * 0.5, rect.width() - 2 * pad,
                   rect.height() - head_h - 2.5 * pad)
    if inner.height() < line_height(px) * 2:
        if not partial:
            raise _Overflow
        return rect.top(), 0
    body = _Placed()
    bottom, placed = _flow(cl.cards, inner, px, theme, body, partial)
    missing = len(cl.cards) - placed
    more_h = 0.0
    if missing:
        # Make room for the count of what did not fit, then flow again.
        more_h = line_height(px * 0.8, True)
        body = _Placed()
        inner.setHeight(inner.height() - more_h)
        bottom, placed = _flow(cl.cards, inner, px, theme, body, True)
        missing = len(cl.cards) - placed
    frame_bottom = max(bottom, inner.top()) + more_h + pad
    out.shapes.append(Box(QRectF(rect.left(), rect.top(), rect.width(), frame_bottom - rect.top()), theme.panel,
                          theme.accent, max(px * 0.09, 2.0), px * 0.3))
    out.shapes.append(TextRun(rect.left() + pad, rect.top() + pad, name_lines, head_px, theme.text, True))
    out.texts.append(cl.name)
    if votes:
        out.shapes.append(TextRun(rect.right() - pad - votes_w + pad, rect.top() + pad, (votes,), head_px,
                                  theme.accent, True))
        out.texts.append(votes)
    out.shapes += body.shapes
    out.texts += body.texts
    out.lines += body.lines
    out.cards += body.cards
    if missing:
        label = f"+{plural(missing, 'more in this group')}" if missing != 1 else "+1 more in this group"
        out.shapes.append(TextRun(inner.left(), frame_bottom - pad - more_h, (label,), px * 0.8, theme.accent, True))
        out.texts.append(label)
    return frame_bottom, placed


def _entries(section: Section, rect: QRectF, px: float, theme: Theme, partial: bool) -> _Placed:
    """Clusters first, each across the section, then the loose cards flowing below."""
    out = _Placed()
    top = rect.top()
    gap = px * 0.35
    loose: list[Card] = []
    for entry in section.entries:
        if isinstance(entry, Card):
            loose.append(entry)
            continue
        area = QRectF(rect.left(), top, rect.width(), rect.bottom() - top)
        bottom, placed = _cluster(entry, area, px, theme, out, partial)
        if placed < len(entry.cards):
            return out  # partial: the frame says how many more it holds; the section counts the rest
        top = bottom + gap
    if loose:
        area = QRectF(rect.left(), top, rect.width(), rect.bottom() - top)
        if area.height() <= 0:
            if not partial:
                raise _Overflow
            return out
        _flow(loose, area, px, theme, out, partial)
    return out


def _cannot_hold(cards: int, rect: QRectF, px: float, narrowest: float) -> bool:
    """True when ``cards`` cards surely do not fit in ``rect`` at size ``px``: each takes at least one
    line and a gap in a column at least ten letters wide (or the whole of a narrower section). A quick
    test that spares laying out a board of a thousand notes at sizes where it cannot fit."""
    least = min(px * 10, narrowest) * (line_height(px) + px * 0.35)
    return cards * least > rect.width() * rect.height()


def _newest(section: Section, rect: QRectF, px: float, theme: Theme, cards: int) -> tuple[_Placed, int] | None:
    """The clusters and as many of the newest loose cards as fit in ``rect`` (the newest alone when the
    clusters take the whole section: a new note is never in one), and how many cards are left out;
    None when there are no loose cards."""
    clusters = [e for e in section.entries if isinstance(e, Cluster)]
    loose = [e for e in section.entries if isinstance(e, Card)]
    if not loose:
        return None
    # How many fit, newest first, tells where to start; the order on screen stays the board's.
    top = rect.top()
    try:
        for cl in clusters:
            bottom, _placed = _cluster(cl, QRectF(rect.left(), top, rect.width(), rect.bottom() - top), px,
                                       theme, _Placed(), False)
            top = bottom + px * 0.35
        if rect.bottom() - top < line_height(px) * 3:
            raise _Overflow  # not even room for a short note below them
    except _Overflow:
        clusters, top = [], rect.top()
    area = QRectF(rect.left(), top, rect.width(), rect.bottom() - top)
    if area.height() <= 0:
        return None
    _used, fit = _flow(list(reversed(loose)), area, px, theme, _Placed(), True)
    for k in range(fit, 0, -1):
        kept = Section(section.title, [*clusters, *loose[len(loose) - k:]], section.noun)
        try:
            placed = _entries(kept, rect, px, theme, partial=False)
        except _Overflow:
            continue
        return placed, cards - placed.cards
    return None


def _section(section: Section, rect: QRectF, px: float, theme: Theme, sizes: Sizes, scene: Scene,
             partial: bool, cards: int, newest: bool = False) -> None:
    """One section in ``rect``; ``cards`` is how many cards it holds (``section.card_count``, counted once).
    With ``newest`` (the room is typing notes in), a section too full drops its earliest loose cards
    rather than its latest, so whoever just posted sees their note."""
    head_px = max(px * 0.82, sizes.answer_min)
    pad = px * 0.3
    head_w = rect.width() - (2 * pad if section.heading_fill else 0)
    if not partial and longest_word(section.title, head_px, True) > head_w:
        raise _Overflow
    lines = wrap(section.title, head_px, head_w, True)
    head_h = len(lines) * line_height(head_px, True)
    if section.heading_fill:
        scene.add(Box(QRectF(rect.left(), rect.top(), rect.width(), head_h + 2 * pad), section.heading_fill,
                      None, 0, px * 0.2))
        scene.add(TextRun(rect.left() + pad, rect.top() + pad, lines, head_px, ink_for(section.heading_fill), True),
                  section.title)
        head_h += 2 * pad
    else:
        scene.add(TextRun(rect.left(), rect.top(), lines, head_px, theme.text, True), section.title)
        rule_y = rect.top() + head_h + pad * 0.5
        scene.add(Box(QRectF(rect.left(), rule_y, rect.width(), max(px * 0.07, 2.0)), theme.accent))
        head_h += pad
    body = QRectF(rect.left(), rect.top() + head_h + pad * 1.5, rect.width(), rect.height() - head_h - pad * 1.5)
    if body.height() < line_height(px) and (section.entries or section.hidden_count is not None):
        if not partial:
            raise _Overflow
    if section.hidden_count is not None:
        n = section.hidden_count
        msg = f"{plural(n, section.noun)} in, hidden until revealed" if n else f"No {section.noun} yet"
        scene.text(body.left(), body.top() + pad, msg, px * 1.1, theme.muted, body.width(), bold=True)
        return
    if not section.entries:
        scene.text(body.left(), body.top() + pad, section.empty, px * 0.8, theme.muted, body.width(), italic=True)
        return
    try:
        if partial and _cannot_hold(cards, body, px, body.width()):
            raise _Overflow
        placed = _entries(section, body, px, theme, partial=False)
    except _Overflow:
        if not partial:
            raise
        # The smallest size and still too much: keep a line for "+N more" and show what fits above it.
        more_px = px * 0.95
        short = QRectF(body.left(), body.top(), body.width(), body.height() - line_height(more_px, True) - pad)
        latest = _newest(section, short, px, theme, cards) if newest else None
        if latest is not None:
            placed, missing = latest
            noun = section.noun if missing != 1 else section.noun.rstrip("s")
            label = f"+{missing} earlier {noun}"
        else:
            placed = _entries(section, short, px, theme, partial=True)
            missing = cards - placed.cards
            label = f"+{missing} more {section.noun if missing != 1 else section.noun.rstrip('s')}"
        scene.add(TextRun(body.left(), body.bottom() - line_height(more_px, True), (label,), more_px,
                          theme.accent, True), label)
        scene.more += missing
    scene.shapes += placed.shapes
    scene.texts += placed.texts
    scene.answer_lines += placed.lines


def most_cards(rect: QRectF, sizes: Sizes, sections: int) -> int:
    """More loose cards than one of ``sections`` sections laid out in ``rect`` can ever show, at any size
    and in any grid: the cells are never larger, the cards never smaller (one line at the smallest size)
    nor narrower than a column of ten letters. A section keeps this many of its first and of its last
    loose cards and only counts those between: they could never be placed, neither the first that fit
    (every size) nor the newest (entry mode), so the picture is the same and a board of a thousand notes
    is not turned into a thousand cards for each note added."""
    px = sizes.answer_steps()[-1]
    gap = px * 0.35
    least = 2 * px * 0.36 + line_height(px)
    most = 0
    for cols, rows in grid_shapes(max(sections, 1)):
        w = (rect.width() - sizes.margin * (cols - 1)) / cols
        h = (rect.height() - sizes.margin * (rows - 1)) / rows
        columns = max(1, int((w + gap) / (px * 10 + gap)))
        most = max(most, columns * (int((h + 1) / (least + gap)) + 1))
    return most + 1


def layout_sections(sections: list[Section], rect: QRectF, theme: Theme, sizes: Sizes, scene: Scene,
                    highlight: int | None = None) -> None:
    """Lay ``sections`` out in ``rect`` at the largest answer size where everything fits; the section
    numbered ``highlight`` gets a frame (where the room's next note will go), and while the room types
    its notes in a full section keeps its newest notes in view."""
    if not sections:
        return
    gap = sizes.margin
    shapes = list(grid_shapes(len(sections)))
    counts = [s.card_count for s in sections]

    def attempt(px: float, partial: bool) -> Scene | None:
        best: Scene | None = None
        for cols, rows in shapes:
            trial = Scene(background=scene.background)
            try:
                for k, (section, cell) in enumerate(zip(sections, cells(rect, cols, rows, len(sections), gap),
                                                        strict=True)):
                    if k == highlight and len(sections) > 1:
                        out = gap * 0.4
                        trial.add(Box(cell.adjusted(-out, -out, out, out), None, theme.accent, max(gap * 0.15, 3.0),
                                      gap * 0.4))
                    _section(section, cell, px, theme, sizes, trial, partial, counts[k], highlight is not None)
            except _Overflow:
                continue
            if not partial:
                return trial
            if best is None or trial.more < best.more:
                best = trial
        return best

    chosen: Scene | None = None
    steps = sizes.answer_steps()
    cards = sum(counts)
    narrowest = rect.width() / len(sections)
    for px in steps:
        if _cannot_hold(cards, rect, px, narrowest):
            continue
        chosen = attempt(px, False)
        if chosen is not None:
            chosen.answer_px = px
            break
    if chosen is None:
        chosen = attempt(steps[-1], True)
        assert chosen is not None
        chosen.answer_px = steps[-1]
    scene.shapes += _shown(chosen.shapes, True)
    scene.texts += _shown(chosen.texts, False)
    scene.more += chosen.more
    scene.answer_px = chosen.answer_px
    scene.answer_lines += chosen.answer_lines
