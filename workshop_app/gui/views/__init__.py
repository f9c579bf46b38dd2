"""One facilitator view per exercise type, named after the core type (board -> BoardView)."""

from __future__ import annotations

import importlib

from PySide6.QtWidgets import QWidget

# type -> (module, class). Imported on first use so start-up loads none of them (nor pyqtgraph).
VIEWS: dict[str, tuple[str, str]] = {
    "board": ("workshop_app.gui.views.board_view", "BoardView"),
    "poll": ("workshop_app.gui.views.poll_view", "PollView"),
    "rating": ("workshop_app.gui.views.rating_view", "RatingView"),
    "spectrum": ("workshop_app.gui.views.spectrum_view", "SpectrumView"),
    "canvas": ("workshop_app.gui.views.canvas_view", "CanvasView"),
    "map": ("workshop_app.gui.views.map_view", "MapView"),
    "commitments": ("workshop_app.gui.views.commitments_view", "CommitmentsView"),
}


def view_class(step_type: str) -> type[QWidget] | None:
    """The facilitator view class for an exercise type, or None (a break)."""
    spec = VIEWS.get(step_type)
    if spec is None:
        return None
    return getattr(importlib.import_module(spec[0]), spec[1])
