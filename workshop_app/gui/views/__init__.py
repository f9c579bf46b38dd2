"""One facilitator view per exercise type, named after the core type (board -> BoardView)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from workshop_app.gui.session import Session

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


class StepView(Protocol):
    """What the console calls to build a step's view: a view class, or anything made like one."""

    def __call__(self, session: Session, step_id: str) -> QWidget: ...


def view_class(step_type: str) -> StepView | None:
    """The facilitator view class for an exercise type, or None (a break)."""
    spec = VIEWS.get(step_type)
    if spec is None:
        return None
    return getattr(importlib.import_module(spec[0]), spec[1])
