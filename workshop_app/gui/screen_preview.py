"""A live thumbnail of the shared screen in the console, and the button that puts it on the projector.

The preview makes no picture of its own: it shows the shared screen's last painted picture, scaled,
whenever that window paints something new (its ``pictured`` signal). Many changes in a burst become
one repaint here, as Qt folds the updates asked for before the next paint into one; nothing runs on a
timer. While the shared screen is not shown, the preview says so and the Present button shows it:
full-screen on a second screen if there is one, else as a window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget

from workshop_app.gui.accessible import named
from workshop_app.gui.read_only import mark_safe

if TYPE_CHECKING:  # made when first presented: the console starts without it
    from workshop_app.gui.shared_screen import SharedScreen

NOT_SHOWN = "The shared screen is not shown. Present puts it on the projector."


class ScreenPreview(QWidget):
    """The thumbnail: the shape of a 16:9 screen, as wide as the panel it sits in."""

    def __init__(self) -> None:
        super().__init__()
        self.shared: SharedScreen | None = None
        self.on_click: Callable[[], None] | None = None
        sizing = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        sizing.setHeightForWidth(True)
        self.setSizePolicy(sizing)
        self.setMinimumHeight(60)
        named(self, "Preview of the shared screen", NOT_SHOWN)
        self.setToolTip("What the room sees now")

    def follow(self, shared: SharedScreen) -> None:
        """Show ``shared``'s pictures from now on."""
        if shared is self.shared:
            return
        self.shared = shared
        shared.pictured.connect(self._on_pictured)
        shared.destroyed.connect(self._forget)
        self._on_pictured()

    def _forget(self) -> None:
        self.shared = None
        self._on_pictured()

    def _on_pictured(self) -> None:
        shown = self.shared is not None and self.shared.isVisible()
        text = "What the room sees now" if shown else NOT_SHOWN
        if self.accessibleDescription() != text:
            self.setAccessibleDescription(text)
        self.update()  # folded with any others asked for before the next paint

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return max(60, width * 9 // 16)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(200, self.heightForWidth(200))

    def showing(self) -> bool:
        """True while the preview shows a picture of the shared screen (not the note that it is not shown)."""
        return self.shared is not None and self.shared.thumbnail(self._area().size(), self.devicePixelRatioF()) is not None

    def _area(self) -> QRect:
        return self.rect().adjusted(1, 1, -1, -1)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        area = self._area()
        thumb = self.shared.thumbnail(area.size(), self.devicePixelRatioF()) if self.shared is not None else None
        if thumb is None:
            painter.fillRect(area, QColor("#F2F4F7"))
            painter.setPen(QColor("#475467"))
            painter.drawText(area.adjusted(6, 4, -6, -4), int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                             NOT_SHOWN)
        else:
            painter.fillRect(area, QColor("#000000"))
            size = thumb.deviceIndependentSize().toSize()
            at = QRect(area.left() + (area.width() - size.width()) // 2, area.top() + (area.height() - size.height()) // 2,
                       size.width(), size.height())
            painter.drawPixmap(at, thumb)
        painter.setPen(QPen(QColor("#98A2B3"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self.on_click is not None:
            self.on_click()  # a double-click on the preview brings the shared screen up, like Present


class PreviewPanel(QWidget):
    """The thumbnail with its Present button beneath, for the console's left column."""

    def __init__(self) -> None:
        super().__init__()
        self.preview = ScreenPreview()
        self.present = QPushButton("Present")
        self.present.setToolTip("Show the shared screen full-screen on the projector, or close it (F5)")
        mark_safe(self.present)  # presenting changes nothing in the workshop
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.preview)
        layout.addWidget(self.present)

    def connect_to(self, toggle: Callable[[], None]) -> None:
        """Present (and a double-click on the preview) calls ``toggle``: show or hide the shared screen."""
        self.present.clicked.connect(toggle)
        self.preview.on_click = toggle

    def attach(self, shared: SharedScreen) -> None:
        """Follow ``shared``, the room's window, once it has been made."""
        self.preview.follow(shared)
        shared.pictured.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        window = self.preview.shared
        shown = window is not None and window.isVisible()
        text = "Stop presenting" if shown else "Present"
        if self.present.text() != text:
            self.present.setText(text)
        self.preview.update()
