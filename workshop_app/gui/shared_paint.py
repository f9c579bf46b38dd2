"""How the shared screen paints: themes, sizes derived from the window, and a scene of shapes to paint.

Building a screen is separate from painting it. A ``Scene`` is a flat list of boxes, wrapped text runs,
lines and discs, worked out once whenever the workshop changes or the window is resized; painting it
is then a loop with no text layout, so a board of a thousand notes stays quick and the timer can tick
without laying anything out again. The scene also records every text it shows (``texts``) and how
many answers did not fit (``more``), which is what tests and the "+N more" labels rely on.

Sizes all come from ``Sizes``, a fraction of the window's height: nothing is in fixed pixels.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QPolygonF,
    QRegion,
    QTextLayout,
    QTextOption,
)

# -- themes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    """The colours of the shared screen. Both themes keep text at the highest contrast a projector shows."""

    name: str
    background: str
    panel: str
    text: str
    muted: str
    accent: str
    neutral_card: str
    card_border: str
    lost: str
    proposal: str
    warn: str


DARK = Theme("dark", background="#000000", panel="#1C1C1C", text="#FFFFFF", muted="#DADADA", accent="#FFD23F",
             neutral_card="#F0F0F0", card_border="#000000", lost="#FF5A5A", proposal="#4BE08A", warn="#FF5A5A")
LIGHT = Theme("light", background="#FFFFFF", panel="#EDEDED", text="#000000", muted="#222222", accent="#0041A8",
              neutral_card="#E4E4E4", card_border="#000000", lost="#B00000", proposal="#00672B", warn="#B00000")
THEMES = {"dark": DARK, "light": LIGHT}



def ink_for(fill: str) -> str:
    """Black or white, whichever reads better on ``fill``."""
    c = QColor(fill)
    lum = 0.2126 * c.redF() ** 2.2 + 0.7152 * c.greenF() ** 2.2 + 0.0722 * c.blueF() ** 2.2
    return "#000000" if lum > 0.18 else "#FFFFFF"


# -- sizes -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """Font sizes and spacing for a window, all proportional to its height (or width, if it is narrow)."""

    unit: float

    @classmethod
    def for_rect(cls, rect: QRectF) -> Sizes:
        """The height of a 16:9 window; a narrower window counts by its area, so a portrait screen
        gets smaller type than its height alone would give, but not as small as its width would."""
        w, h = rect.width(), rect.height()
        return cls(max(min(h, math.sqrt(max(w * h, 1.0) * 9 / 16)), 120.0))

    @property
    def margin(self) -> float:
        return self.unit * 0.028

    @property
    def title(self) -> float:
        return self.unit / 17

    @property
    def subtitle(self) -> float:
        return self.unit / 34

    @property
    def timer(self) -> float:
        return self.unit / 12

    @property
    def chip(self) -> float:
        return self.unit / 48

    @property
    def answer(self) -> float:
        """The largest size for the room's answers."""
        return self.unit / 30

    @property
    def answer_min(self) -> float:
        """The smallest size still read from the back of a room; below it, "+N more" instead."""
        return self.unit / 50

    def answer_steps(self) -> list[float]:
        """Sizes to try for the answers, largest first."""
        n = 7
        ratio = (self.answer_min / self.answer) ** (1 / n)
        return [self.answer * ratio**k for k in range(n + 1)]


# -- text ------------------------------------------------------------------------------------------


@lru_cache(maxsize=256)
def font(px: float, bold: bool = False, italic: bool = False) -> QFont:
    f = QFont()
    f.setPixelSize(max(1, round(px)))
    f.setBold(bold)
    f.setItalic(italic)
    return f


@lru_cache(maxsize=256)
def metrics(px: float, bold: bool = False, italic: bool = False) -> QFontMetricsF:
    return QFontMetricsF(font(px, bold, italic))


_WRAP = QTextOption()
_WRAP.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)


@lru_cache(maxsize=20_000)
def wrap(text: str, px: float, width: float, bold: bool = False, italic: bool = False) -> tuple[str, ...]:
    """``text`` broken into lines no wider than ``width``: at spaces, or inside a word longer than a line."""
    lines: list[str] = []
    f = font(px, bold, italic)
    for para in text.split("\n"):
        if not para.strip():
            lines.append("")
            continue
        layout = QTextLayout(para, f)
        layout.setTextOption(_WRAP)
        layout.beginLayout()
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(max(width, 1.0))
            lines.append(para[line.textStart(): line.textStart() + line.textLength()].rstrip())
        layout.endLayout()
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    return tuple(lines) or ("",)


@lru_cache(maxsize=20_000)
def longest_word(text: str, px: float, bold: bool = False) -> float:
    """The width of the widest word in ``text``: a column narrower than this would break a word."""
    fm = metrics(px, bold)
    return max((fm.horizontalAdvance(word) for word in text.split()), default=0.0)


@lru_cache(maxsize=20_000)
def text_width(text: str, px: float, bold: bool = False) -> float:
    # Cached like ``wrap``: a board's labels ("3 votes", names) are measured again at every layout.
    return metrics(px, bold).horizontalAdvance(text)


@lru_cache(maxsize=1_000)
def line_height(px: float, bold: bool = False) -> float:
    return metrics(px, bold).lineSpacing()


# -- the scene -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Box:
    """A filled and/or outlined rectangle, rounded by ``radius``."""

    rect: QRectF
    fill: str | None
    border: str | None = None
    width: float = 0.0
    radius: float = 0.0


@dataclass(frozen=True)
class TextRun:
    """Lines already wrapped; ``offsets`` shift each line for centred or right-aligned text."""

    x: float
    y: float
    lines: tuple[str, ...]
    px: float
    colour: str
    bold: bool = False
    italic: bool = False
    offsets: tuple[float, ...] = ()

    @property
    def height(self) -> float:
        return len(self.lines) * line_height(self.px, self.bold)


@dataclass(frozen=True)
class Segment:
    """A line from ``a`` to ``b``, maybe bent and with an arrowhead at ``b``."""

    a: QPointF
    b: QPointF
    colour: str
    width: float
    arrow: float = 0.0  # arrowhead length; 0 for a plain line
    curve: float = 0.0  # sideways bend of the middle, as a fraction of the length


@dataclass(frozen=True)
class Disc:
    """A round (or rounded square) badge with a short label: a marker number, a proposal letter."""

    centre: QPointF
    radius: float
    fill: str
    label: str
    px: float
    square: bool = False


Shape = Box | TextRun | Segment | Disc


@dataclass
class Scene:
    """What one screen shows: shapes to paint, the texts on it, and what did not fit."""

    shapes: list[Shape] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    more: int = 0
    answer_px: float = 0.0
    answer_lines: int = 0
    timer_rect: QRectF | None = None
    timer_px: float = 0.0
    background: str = "#000000"

    def add(self, shape: Shape, source: str | None = None) -> None:
        self.shapes.append(shape)
        if source is not None:
            self.texts.append(source)

    def text(self, x: float, y: float, text: str, px: float, colour: str, width: float, bold: bool = False,
             italic: bool = False, align: str = "left", max_lines: int = 0) -> float:
        """Wrap and place a text, returning its height. With ``max_lines``, a cut is marked, never silent."""
        lines = wrap(text, px, width, bold, italic)
        if max_lines and len(lines) > max_lines:
            lines = (*lines[: max_lines - 1], _more_lines(len(lines) - max_lines + 1))
        offsets: tuple[float, ...] = ()
        if align != "left":
            fm = metrics(px, bold, italic)
            share = 0.5 if align == "center" else 1.0
            offsets = tuple(max(width - fm.horizontalAdvance(line), 0) * share for line in lines)
        run = TextRun(x, y, lines, px, colour, bold, italic, offsets)
        self.add(run, text)
        return run.height


def _more_lines(n: int) -> str:
    return f"… {n} more line{'s' if n != 1 else ''}"


def paint_scene(painter: QPainter, scene: Scene) -> None:
    """Paint every shape of a scene, in order."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    for shape in scene.shapes:
        if isinstance(shape, TextRun):
            _paint_text(painter, shape)
        elif isinstance(shape, Box):
            _paint_box(painter, shape)
        elif isinstance(shape, Segment):
            _paint_segment(painter, shape)
        else:
            _paint_disc(painter, shape)


def _paint_text(painter: QPainter, run: TextRun) -> None:
    painter.setFont(font(run.px, run.bold, run.italic))
    painter.setPen(QColor(run.colour))
    fm = metrics(run.px, run.bold, run.italic)
    step = fm.lineSpacing()
    y = run.y + fm.ascent()
    for i, line in enumerate(run.lines):
        dx = run.offsets[i] if run.offsets else 0.0
        painter.drawText(QPointF(run.x + dx, y + i * step), line)


def _paint_box(painter: QPainter, box: Box) -> None:
    painter.setPen(QPen(QColor(box.border), box.width) if box.border and box.width else Qt.PenStyle.NoPen)
    painter.setBrush(QColor(box.fill) if box.fill else Qt.BrushStyle.NoBrush)
    if box.radius:
        painter.drawRoundedRect(box.rect, box.radius, box.radius)
    else:
        painter.drawRect(box.rect)


def _paint_segment(painter: QPainter, seg: Segment) -> None:
    pen = QPen(QColor(seg.colour), seg.width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    a, b = seg.a, seg.b
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = math.hypot(dx, dy) or 1.0
    tip_from = a
    if seg.curve:
        mid = QPointF((a.x() + b.x()) / 2 - dy * seg.curve, (a.y() + b.y()) / 2 + dx * seg.curve)
        path = QPainterPath(a)
        path.quadTo(mid, b)
        painter.drawPath(path)
        tip_from = mid
    else:
        painter.drawLine(a, b)
    if seg.arrow:
        ux, uy = b.x() - tip_from.x(), b.y() - tip_from.y()
        n = math.hypot(ux, uy) or length
        ux, uy = ux / n, uy / n
        back = QPointF(b.x() - ux * seg.arrow, b.y() - uy * seg.arrow)
        side = seg.arrow * 0.5
        head = QPolygonF([b, QPointF(back.x() - uy * side, back.y() + ux * side),
                          QPointF(back.x() + uy * side, back.y() - ux * side)])
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(seg.colour))
        painter.drawPolygon(head)


def _paint_disc(painter: QPainter, disc: Disc) -> None:
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(disc.fill))
    r = disc.radius
    rect = QRectF(disc.centre.x() - r, disc.centre.y() - r, 2 * r, 2 * r)
    if disc.square:
        painter.drawRoundedRect(rect, r * 0.3, r * 0.3)
    else:
        painter.drawEllipse(rect)
    painter.setFont(font(disc.px, True))
    painter.setPen(QColor(ink_for(disc.fill)))
    painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), disc.label)


def _key(shape: Shape) -> tuple[object, ...]:
    """A shape as a hashable value: two shapes with the same key paint the same pixels."""
    if isinstance(shape, Box):
        r = shape.rect
        return ("box", r.x(), r.y(), r.width(), r.height(), shape.fill, shape.border, shape.width, shape.radius)
    if isinstance(shape, TextRun):
        return ("text", shape.x, shape.y, shape.lines, shape.px, shape.colour, shape.bold, shape.italic, shape.offsets)
    if isinstance(shape, Segment):
        return ("segment", shape.a.x(), shape.a.y(), shape.b.x(), shape.b.y(), shape.colour, shape.width,
                shape.arrow, shape.curve)
    c = shape.centre
    return ("disc", c.x(), c.y(), shape.radius, shape.fill, shape.label, shape.px, shape.square)


def _bounds(shape: Shape) -> QRectF:
    """Where a shape may touch pixels, with a margin for antialiasing, pens and slanted letters."""
    if isinstance(shape, Box):
        m = shape.width / 2 + 2
        return shape.rect.adjusted(-m, -m, m, m)
    if isinstance(shape, TextRun):
        fm = metrics(shape.px, shape.bold, shape.italic)
        widest = max((fm.horizontalAdvance(line) + (shape.offsets[i] if shape.offsets else 0.0)
                      for i, line in enumerate(shape.lines)), default=0.0)
        m = shape.px * 0.3 + 2
        return QRectF(shape.x - m, shape.y - m, widest + 2 * m, len(shape.lines) * fm.lineSpacing() + 2 * m)
    if isinstance(shape, Segment):
        m = shape.width + shape.arrow + 2
        ends = QRectF(shape.a, shape.b).normalized()
        bend = math.hypot(shape.b.x() - shape.a.x(), shape.b.y() - shape.a.y()) * abs(shape.curve)
        return ends.adjusted(-m - bend, -m - bend, m + bend, m + bend)
    m = shape.radius + 2
    return QRectF(shape.centre.x() - m, shape.centre.y() - m, 2 * m, 2 * m)


def repaint_changes(pixmap: QPixmap, before: Scene, after: Scene, background: str) -> tuple[QPixmap, QRegion] | None:
    """``pixmap`` (the painting of ``before``) made into a painting of ``after`` by painting again only
    where the two differ, and that region: a note added to a full board changes a "+N more" label, not
    the thousand cards around it, and the window need only repaint that much. None when that would not
    be quicker or not give the very same pixels (another order of the shapes that stay, most of the
    screen changed, a fractional device pixel ratio): paint in full."""
    dpr = pixmap.devicePixelRatio()
    if dpr != round(dpr):
        return None
    old = [_key(s) for s in before.shapes]
    new = [_key(s) for s in after.shapes]
    old_set, new_set = set(old), set(new)
    if len(old_set) != len(old) or len(new_set) != len(new):
        return None  # a shape painted twice: painting it again over itself would not be the same
    if [k for k in old if k in new_set] != [k for k in new if k in old_set]:
        return None  # the shapes that stay are painted in another order: overlaps could differ
    changed = [_bounds(shape).toAlignedRect() for shape, k in zip(before.shapes, old, strict=True)
               if k not in new_set]
    changed += [_bounds(shape).toAlignedRect() for shape, k in zip(after.shapes, new, strict=True)
                if k not in old_set]
    dirty = QRegion()
    for r in changed:
        dirty += QRegion(r)
    whole = pixmap.deviceIndependentSize()
    span = dirty.boundingRect()
    if span.width() * span.height() > whole.width() * whole.height() / 2:
        return None
    out = pixmap.copy()
    out.setDevicePixelRatio(dpr)
    if not changed:
        return out, dirty
    painter = QPainter(out)
    painter.setClipRegion(dirty)
    for r in changed:
        painter.fillRect(r, QColor(background))
    span = dirty.boundingRect()
    top, bottom = span.top() - 1, span.bottom() + 1

    def near(shape: Shape) -> bool:
        # A quick look at a text's height alone spares measuring the lines of most of a board's texts.
        if not isinstance(shape, TextRun):
            return True
        m = shape.px * 0.3 + 2
        height = len(shape.lines) * metrics(shape.px, shape.bold, shape.italic).lineSpacing()
        return shape.y - m <= bottom and shape.y + height + m >= top

    shown = Scene(shapes=[s for s in after.shapes if near(s) and dirty.intersects(_bounds(s).toAlignedRect())])
    paint_scene(painter, shown)
    painter.end()
    return out, dirty


# -- shrink to fit ---------------------------------------------------------------------------------


def largest_fit(sizes: list[float], attempt: Callable[[float], Scene | None], fallback: Callable[[float], Scene]) -> Scene:
    """The scene at the largest size that fits (``attempt`` gives None when it does not); else the
    fallback at the smallest size, which shows "+N more" for what is left."""
    for px in sizes:
        scene = attempt(px)
        if scene is not None:
            return scene
    return fallback(sizes[-1])


def grid_shapes(n: int) -> Iterator[tuple[int, int]]:
    """(columns, rows) to try for ``n`` sections: one row, two rows, three rows (more for many sections)."""
    seen = set()
    for rows in range(1, max(3, math.ceil(math.sqrt(n))) + 1):
        cols = math.ceil(n / rows)
        rows_needed = math.ceil(n / cols)
        if (cols, rows_needed) not in seen:
            seen.add((cols, rows_needed))
            yield cols, rows_needed


def cells(rect: QRectF, cols: int, rows: int, count: int, gap: float) -> list[QRectF]:
    """``count`` equal cells of a grid inside ``rect``, row by row."""
    w = (rect.width() - gap * (cols - 1)) / cols
    h = (rect.height() - gap * (rows - 1)) / rows
    return [QRectF(rect.x() + (i % cols) * (w + gap), rect.y() + (i // cols) * (h + gap), w, h) for i in range(count)]


def plural(n: int, noun: str) -> str:
    """'1 note', '3 notes'; ``noun`` is given in the plural."""
    if n == 1 and noun.endswith("s"):
        noun = noun[:-1]
    return f"{n} {noun}"
