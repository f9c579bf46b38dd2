"""The join code on the shared screen: a side panel with a large QR code, the address and the count.

The panel takes a strip on the right of the screen and the step is laid out in what is left, so the code
never covers a note, a bar or the timer. It is wide while the step has no answers yet (people are still
joining: the code is large enough to scan from the back of the room) and narrows as soon as answers
come in, giving the room's work the space while latecomers can still scan the smaller code. The
facilitator hides and shows it with J.

The QR code is painted module by module as whole device pixels, without smoothing, on white with a
quiet zone of four modules, so phones read it off a projector as well as off paper.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPixmap

from workshop_app.core.workshop import Workshop
from workshop_app.gui.phones import JoinInfo
from workshop_app.gui.shared_paint import Scene, Sizes, Theme, line_height, paint_scene, plural, text_width

QUIET = 4  # modules of white around the code, as the QR standard asks
WIDE = 0.31  # the panel's share of the window's width while people are still joining
NARROW = 0.18  # ... once the step has answers


@lru_cache(maxsize=4)
def qr_modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code of ``url`` as rows of dark modules (without the quiet zone)."""
    from workshop_app.join.qr import qr_matrix

    return tuple(tuple(row) for row in qr_matrix(url))


def compact(ws: Workshop, info: JoinInfo) -> bool:
    """True once the current step has answers: the panel narrows to leave the room's work the space."""
    step = ws.current_step
    if step is None or step.exercise is None:
        return False
    return info.answered(step.id) > 0 or any(not i.hidden for i in ws.items(step.id))


def panel_width(width: float, narrow: bool) -> float:
    return round(width * (NARROW if narrow else WIDE))


@dataclass
class CodePanel:
    """The laid-out panel: its rect, the QR code's rect (quiet zone included) and its texts."""

    rect: QRectF
    qr_rect: QRectF
    module: int
    url: str
    scene: Scene = field(default_factory=Scene)
    dpr: float = 1.0
    # The panel painted once, with the colour it was painted on: the code's hundreds of squares are not
    # painted again at every repaint of the screen.
    picture: tuple[str, QPixmap] | None = None


def layout_panel(info: JoinInfo, window: QRectF, theme: Theme, narrow: bool, dpr: float = 1.0) -> CodePanel:
    """The panel as the strip at the right of ``window``."""
    width = panel_width(window.width(), narrow)
    rect = QRectF(window.right() - width, window.top(), width, window.height())
    sizes = Sizes.for_rect(window)
    m = sizes.margin
    inner = rect.adjusted(m, m, -m, -m)
    scene = Scene(background=theme.panel)
    heading_px = sizes.subtitle * (1.0 if narrow else 1.25)
    y = inner.top()
    heading = "Join on your phone" if not narrow else "Join"
    y += scene.text(inner.left(), y, heading, heading_px, theme.text, inner.width(), bold=True, align="center")
    y += m * 0.5
    modules = qr_modules(info.url)
    count = len(modules) + 2 * QUIET
    # The code as large as the panel allows, in whole device pixels per module: crisp edges.
    text_room = line_height(sizes.subtitle, True) * 4 + line_height(sizes.chip) * 3
    side = max(min(inner.width(), inner.bottom() - y - text_room), count)
    module = max(int(side * dpr // count), 1)
    drawn = module * count / dpr
    qr_rect = QRectF(round(inner.center().x() - drawn / 2), round(y), drawn, drawn)
    y = qr_rect.bottom() + m * 0.6
    address_px = sizes.subtitle * (0.8 if narrow else 0.95)
    y += scene.text(inner.left(), y, info.host, address_px * 1.15, theme.accent, inner.width(), bold=True,
                    align="center")
    path = info.typed[len(info.host):]
    # The token on one line, however narrow the panel: it is typed, so it must not break in two.
    fit = 0.92 * inner.width() / max(text_width(path, address_px * 0.8), 1.0)  # with room for rounding
    path_px = address_px * 0.8 * min(fit, 1.0)
    y += scene.text(inner.left(), y, path, path_px, theme.text, inner.width(), align="center")
    y += m * 0.6
    joined = f"{plural(info.summary.joined, 'phones')} joined"
    y += scene.text(inner.left(), y, joined, sizes.subtitle * (0.9 if narrow else 1.1), theme.text,
                    inner.width(), bold=True, align="center")
    if info.loopback:
        scene.text(inner.left(), y + m * 0.3, "This computer only: phones cannot open this address",
                   sizes.chip, theme.warn, inner.width(), align="center")
    return CodePanel(rect, qr_rect, module, info.url, scene, dpr)


def paint_panel(painter: QPainter, panel: CodePanel, theme: Theme) -> None:
    """Paint the panel: its background, the texts, and the QR code dark on white."""
    if panel.picture is None or panel.picture[0] != theme.panel:
        dpr = panel.dpr
        size = panel.rect.size()
        pixmap = QPixmap(QSize(max(1, math.ceil(size.width() * dpr)), max(1, math.ceil(size.height() * dpr))))
        pixmap.setDevicePixelRatio(dpr)
        inner = QPainter(pixmap)
        inner.translate(-panel.rect.left(), -panel.rect.top())
        inner.fillRect(panel.rect, QColor(theme.panel))
        paint_scene(inner, panel.scene)
        paint_qr(inner, qr_modules(panel.url), panel.qr_rect)
        inner.end()
        panel.picture = (theme.panel, pixmap)
    painter.drawPixmap(panel.rect.topLeft(), panel.picture[1])


def paint_qr(painter: QPainter, modules: tuple[tuple[bool, ...], ...], rect: QRectF) -> None:
    """The code in ``rect`` (its quiet zone included): each module a filled square, no smoothing."""
    count = len(modules) + 2 * QUIET
    unit = rect.width() / count
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.fillRect(rect, QColor("#FFFFFF"))
    dark = QColor("#000000")
    for r, row in enumerate(modules):
        c = 0
        while c < len(row):  # runs of dark modules as one rectangle: fewer, cleaner fills
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            painter.fillRect(QRectF(rect.left() + (QUIET + start) * unit, rect.top() + (QUIET + r) * unit,
                                    (c - start) * unit, unit), dark)
    painter.restore()
    painter.setPen(Qt.PenStyle.NoPen)
