"""Result charts drawn with pyqtgraph: counts per option, means with their spread, a distribution.

The only module that imports pyqtgraph; views import it when they are first built, so start-up
never pays for it. Each chart is a plain ``QWidget`` with a ``set_data`` method taking figures from
``workshop_app.core.results``, so the facilitator's views and the shared screen draw the same thing.
``font_size`` scales the type (the shared screen passes a large one).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workshop_app.model.colours import answer_colours

INK = "#344054"
GRID = "#e4e7ec"
MEAN_COLOUR = "#1d4ed8"
EARLIER_COLOUR = "#98a2b3"
BAR_COLOUR = "#60a5fa"


def scale_colours(count: int) -> list[str]:
    """The colours of a scale's options: those of the shared screen (see ``model.colours``)."""
    return answer_colours(count)


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour``."""
    return "#101828" if QColor(colour).lightnessF() > 0.6 else "#ffffff"


def elide(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _plain_label(text: str = "", *, bold: bool = False, size: int = 10) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = label.font()
    font.setPointSize(size)
    font.setBold(bold)
    label.setFont(font)
    return label


class _Chart(QWidget):
    """A title, an optional legend row and a still (not pannable) plot on white."""

    def __init__(self, title: str = "", parent: QWidget | None = None, *, font_size: int = 10) -> None:
        super().__init__(parent)
        self.font_size = font_size
        self.title = _plain_label(title, bold=True, size=font_size)
        self.title.setWordWrap(True)
        self.title.setVisible(bool(title))
        self.legend = QHBoxLayout()
        self.legend.setSpacing(6)
        self._legend_entries: list[tuple[str, str]] = []
        self.plot = pg.PlotWidget(background="w")
        self.plot.setMinimumHeight(120)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.disableAutoRange()
        tick_font = QFont()
        tick_font.setPointSize(font_size)
        for name in ("left", "bottom"):
            axis = item.getAxis(name)
            axis.setTickFont(tick_font)
            axis.setPen(pg.mkPen(GRID))
            axis.setTextPen(pg.mkPen(INK))
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(6, 0, 0, 0)
        self.box.setSpacing(4)
        self.box.addWidget(self.title)
        self.box.addLayout(self.legend)
        self.box.addWidget(self.plot, 1)

    def set_title(self, title: str) -> None:
        self.title.setText(title)
        self.title.setVisible(bool(title))

    def _set_legend(self, entries: Sequence[tuple[str, str]]) -> None:
        entries = list(entries)
        if entries == self._legend_entries:
            return
        self._legend_entries = entries
        while self.legend.count():
            child = self.legend.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for name, colour in entries:
            swatch = QLabel()
            swatch.setFixedSize(self.font_size + 2, self.font_size + 2)
            swatch.setStyleSheet(f"background: {colour}; border-radius: 2px;")
            self.legend.addWidget(swatch)
            self.legend.addWidget(_plain_label(name, size=self.font_size))
            self.legend.addSpacing(8)
        self.legend.addStretch(1)

    def _text(self, text: str, x: float, y: float, colour: str, anchor: tuple[float, float]) -> None:
        item = pg.TextItem(text, color=colour, anchor=anchor)
        font = QFont()
        font.setPointSize(self.font_size)
        item.setFont(font)
        item.setPos(x, y)
        self.plot.addItem(item)

    def _rows_axis(self, labels: Sequence[str]) -> None:
        """Label the rows on the left axis, the first row at the top."""
        item = self.plot.getPlotItem()
        item.getAxis("left").setTicks([[(n, label) for n, label in enumerate(labels)]])
        item.getViewBox().invertY(True)
        item.setYRange(-0.6, max(len(labels), 1) - 0.4, padding=0)


class CountsChart(_Chart):
    """Horizontal stacked bars: how many chose each option, one bar per statement."""

    def __init__(self, title: str = "", parent: QWidget | None = None, *, font_size: int = 10) -> None:
        super().__init__(title, parent, font_size=font_size)
        self.labels: list[str] = []
        self.counts: list[list[int]] = []

    def set_data(self, labels: Sequence[str], counts: Sequence[Sequence[int]], options: Sequence[str]) -> None:
        """``counts[row][option]``; rows are labelled on the left, options in the legend."""
        self.labels = list(labels)
        self.counts = [list(row) for row in counts]
        colours = scale_colours(len(options))
        self._set_legend(list(zip(options, colours, strict=True)))
        self.plot.clear()
        widest = max((sum(row) for row in self.counts), default=0)
        for option, colour in enumerate(colours):
            lefts = [sum(row[:option]) for row in self.counts]
            widths = [row[option] for row in self.counts]
            bars = pg.BarGraphItem(x0=lefts, y=list(range(len(widths))), height=0.62, width=widths,
                                   brush=colour, pen=pg.mkPen("w", width=1))
            self.plot.addItem(bars)
            for row, (left, width) in enumerate(zip(lefts, widths, strict=True)):
                # Only write a count where it fits inside its segment.
                if width and width >= widest * 0.06:
                    self._text(str(width), left + width / 2, row, text_on(colour), (0.5, 0.5))
        self._rows_axis(self.labels)
        self.plot.getPlotItem().setXRange(0, max(widest, 1), padding=0.02)


class MeanChart(_Chart):
    """Horizontal bars of the mean on the rating scale, whiskers for the spread, an earlier run beside."""

    def __init__(self, title: str = "", parent: QWidget | None = None, *, font_size: int = 10) -> None:
        super().__init__(title, parent, font_size=font_size)
        self.means: list[float | None] = []
        self.earlier: list[float | None] | None = None

    def set_data(
        self,
        labels: Sequence[str],
        means: Sequence[float | None],
        spreads: Sequence[float | None],
        low: int,
        high: int,
        earlier: Sequence[float | None] | None = None,
        earlier_name: str = "Earlier workshop",
        whisker: str = "spread",
    ) -> None:
        """``spreads`` are drawn as whiskers either side of each mean; ``whisker`` says what they are."""
        self.means = list(means)
        self.earlier = list(earlier) if earlier is not None else None
        self.plot.clear()
        rows = list(range(len(labels)))
        legend = [(f"Mean (line: {whisker})", MEAN_COLOUR)]
        offset = 0.0
        if self.earlier is not None:
            legend.append((earlier_name, EARLIER_COLOUR))
            offset = 0.17
            shown = [(r, m) for r, m in zip(rows, self.earlier, strict=True) if m is not None]
            if shown:
                self.plot.addItem(pg.BarGraphItem(
                    x0=low, y=[r + offset for r, _ in shown], height=0.3, width=[m - low for _, m in shown],
                    brush=EARLIER_COLOUR, pen=pg.mkPen(None)))
        self._set_legend(legend)
        height = 0.3 if self.earlier is not None else 0.6
        have = [(r, m, s or 0.0) for r, m, s in zip(rows, means, spreads, strict=True) if m is not None]
        if have:
            ys = [r - offset for r, _, _ in have]
            self.plot.addItem(pg.BarGraphItem(
                x0=low, y=ys, height=height, width=[m - low for _, m, _ in have], brush=MEAN_COLOUR,
                pen=pg.mkPen(None)))
            spreads_shown = np.array([s for _, _, s in have], dtype=float)
            self.plot.addItem(pg.ErrorBarItem(
                x=np.array([m for _, m, _ in have], dtype=float), y=np.array(ys, dtype=float),
                left=spreads_shown, right=spreads_shown,
                beam=height * 0.6, pen=pg.mkPen("#101828", width=1.5)))
            for (_, m, s), y in zip(have, ys, strict=True):
                self._text(f"{m:.1f}", min(m + s, high) + (high - low) * 0.015, y, INK, (0, 0.5))
        self._rows_axis(labels)
        bottom = self.plot.getPlotItem().getAxis("bottom")
        bottom.setTicks([[(v, str(v)) for v in range(low, high + 1)]])
        # Room on the right for the figure written after the longest whisker.
        span = high - low
        self.plot.getPlotItem().setXRange(low - span * 0.03, high + span * 0.24, padding=0)


class DistributionChart(_Chart):
    """Vertical bars: how many gave each score of the scale."""

    def __init__(self, title: str = "", parent: QWidget | None = None, *, font_size: int = 10) -> None:
        super().__init__(title, parent, font_size=font_size)
        self.counts: list[int] = []
        self.caption = _plain_label(size=font_size)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.hide()
        self.box.addWidget(self.caption)

    def set_data(self, counts: Sequence[int], low: int, high: int,
                 low_label: str = "", high_label: str = "") -> None:
        self.counts = list(counts)
        self.plot.clear()
        scores = list(range(low, high + 1))
        self.plot.addItem(pg.BarGraphItem(x=scores, height=self.counts, width=0.7, brush=BAR_COLOUR,
                                          pen=pg.mkPen(None)))
        top = max(self.counts, default=0)
        for score, count in zip(scores, self.counts, strict=True):
            if count:
                self._text(str(count), score, count, INK, (0.5, 1.0))
        ends = [f"{low} = {low_label}" if low_label else "", f"{high} = {high_label}" if high_label else ""]
        self.caption.setText("   ·   ".join(e for e in ends if e))
        self.caption.setVisible(bool(low_label or high_label))
        ticks = [(score, str(score)) for score in scores]
        item = self.plot.getPlotItem()
        item.getAxis("bottom").setTicks([ticks])
        item.getAxis("left").setTicks(None)
        item.setXRange(low - 0.6, high + 0.6, padding=0)
        item.setYRange(0, max(top, 1) * 1.2, padding=0)
