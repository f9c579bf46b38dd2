"""The facilitator's window on a laptop: inside the screen's free area, title bar and status bar included.

A 1366×768 laptop leaves about 728 px under a task bar, and at 125 % scaling 1093×580 of the
program's own pixels: a window sized 1366×768 put the status bar (where "Exported…" appears) under
the task bar. ``fitted`` is the decision, a pure function of sizes; ``fit_window`` applies it.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1366, 768)  # the console's size on a screen with room to spare
# What a window manager usually adds around a window before it has said so (title bar, borders).
TYPICAL_FRAME = QMargins(1, 32, 1, 1)


def fitted(preferred: QSize, minimum: QSize, area: QRect, frame: QMargins) -> QRect:
    """The window's inner geometry: ``preferred`` shrunk so window and frame fit ``area``, centred.

    It never goes below ``minimum`` (what the window's layout needs): on a screen smaller than that
    the window's top-left corner stays on the screen, so its title bar can be reached.
    """
    room = QSize(area.width() - frame.left() - frame.right(), area.height() - frame.top() - frame.bottom())
    width = max(min(preferred.width(), room.width()), minimum.width())
    height = max(min(preferred.height(), room.height()), minimum.height())
    outer_w = width + frame.left() + frame.right()
    outer_h = height + frame.top() + frame.bottom()
    x = area.left() + max((area.width() - outer_w) // 2, 0) + frame.left()
    y = area.top() + max((area.height() - outer_h) // 2, 0) + frame.top()
    return QRect(x, y, width, height)


def frame_margins(window: QWidget) -> QMargins:
    """The frame the window manager draws around ``window``, or a typical one while it is not known."""
    outer, inner = window.frameGeometry(), window.geometry()
    margins = QMargins(inner.left() - outer.left(), inner.top() - outer.top(),
                       outer.right() - inner.right(), outer.bottom() - inner.bottom())
    return margins if margins.top() > 0 or margins.left() > 0 else TYPICAL_FRAME


def fit_window(window: QWidget, preferred: QSize = PREFERRED) -> None:
    """Size and place ``window`` inside its screen's available area (task bars and docks left free)."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    window.setGeometry(fitted(preferred, window.minimumSizeHint(), screen.availableGeometry(),
                              frame_margins(window)))
